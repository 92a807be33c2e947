package org.alertcorrelator.service;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.alertcorrelator.service.auth.Tokens;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A real service on a free loopback port, with a config file of known tokens, for tests that talk HTTP to it.
 * Restartable on the same data (and config) to test recovery.
 */
public final class TestService implements AutoCloseable {
    public static final String ADMIN = "test-admin-token";
    public static final String ANALYST = "test-analyst-token";
    public static final String INGEST = "test-ingest-token";
    /** Analyst limited to the tenant of most fixtures. */
    public static final String CONTOSO_ANALYST = "test-contoso-analyst-token";
    /** Ingest limited to the tenant of most fixtures. */
    public static final String CONTOSO_INGEST = "test-contoso-ingest-token";
    /** Admin limited to the tenant of most fixtures. */
    public static final String CONTOSO_ADMIN = "test-contoso-admin-token";
    public static final String CONTOSO = "3f2b8c1e-5d4a-4e6b-9c7d-1a2b3c4d5e01";
    public static final Path SCENARIOS = Path.of("fixtures", "scenarios");

    public record Response(int status, String body, HttpHeaders headers) {
        public JsonNode json() {
            return Json.parse(body);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /** Response headers (the JDK's type, shortened). */
    public interface HttpHeaders {
        java.util.Optional<String> first(String name);
    }

    public final Path dir;
    public final Path config;
    private final Map<Setting, String> settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private CorrelatorService service;
    private URI base;

    private TestService(Path dir, Map<Setting, String> settings) throws IOException {
        this.dir = dir;
        this.settings = settings;
        this.config = dir.resolve("service.properties");
        StringBuilder c = new StringBuilder();
        token(c, "admin", "admin", ADMIN, null);
        token(c, "analyst", "analyst", ANALYST, null);
        token(c, "ingest", "ingest", INGEST, null);
        token(c, "contoso-analyst", "analyst", CONTOSO_ANALYST, CONTOSO);
        token(c, "contoso-ingest", "ingest", CONTOSO_INGEST, CONTOSO);
        token(c, "contoso-admin", "admin", CONTOSO_ADMIN, CONTOSO);
        Files.writeString(config, c.toString());
    }

    private static void token(StringBuilder c, String name, String role, String token, String tenants) {
        c.append("token.").append(name).append(".role = ").append(role).append('\n');
        c.append("token.").append(name).append(".sha256 = ").append(Tokens.sha256Hex(token)).append('\n');
        if (tenants != null) c.append("token.").append(name).append(".tenants = ").append(tenants).append('\n');
    }

    /** Default test settings: a free port, data in dir, quick idle flush. Overrides win. */
    public static TestService start(Path dir, Map<Setting, String> overrides) throws Exception {
        Map<Setting, String> s = new EnumMap<>(Setting.class);
        s.put(Setting.PORT, "0");
        s.put(Setting.DATA, dir.resolve("data").toString());
        s.put(Setting.RULES, "rules");
        s.put(Setting.FLUSH_AFTER_IDLE, "300ms");
        s.put(Setting.SHUTDOWN_TIMEOUT, "5s");
        s.put(Setting.WARM_UP, "0"); // seconds per start; WarmUpTest runs it
        s.putAll(overrides);
        TestService t = new TestService(dir, s);
        t.start();
        return t;
    }

    public static TestService start(Path dir) throws Exception {
        return start(dir, Map.of());
    }

    public void start() throws Exception {
        ServiceConfig cfg = ServiceConfig.load(config, Map.of(), settings);
        service = CorrelatorService.start(cfg);
        base = URI.create("http://127.0.0.1:" + service.port());
        assertTrue(service.awaitReady(Duration.ofMinutes(2)), "the engine got ready: " + service.engine().failure());
    }

    public void restart() throws Exception {
        service.close();
        start();
    }

    public CorrelatorService service() {
        return service;
    }

    public URI base() {
        return base;
    }

    /** Waits until every alert posted so far is correlated and its incidents are stored. */
    public void settle() throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            int held = service.engine().barrier().get(60, TimeUnit.SECONDS);
            if (held == 0) {
                service.engine().barrier().get(60, TimeUnit.SECONDS);
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the reorder buffer did not empty");
    }

    public Response get(String path, String token) throws Exception {
        return send(request(path, token).GET());
    }

    public Response post(String path, String token, String contentType, String body) throws Exception {
        return send(request(path, token).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response postBytes(String path, String token, String contentType, byte[] body) throws Exception {
        return send(request(path, token).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public Response patch(String path, String token, String json) throws Exception {
        return send(request(path, token).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response send(HttpRequest.Builder b) throws Exception {
        HttpRequest request = b.build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        // every answer any service test meets is one openapi.yaml documents
        String undocumented = OpenApiStatuses.problem(request.method(), request.uri().getRawPath(), r.statusCode());
        if (undocumented != null) throw new AssertionError(undocumented + ": " + r.body());
        java.net.http.HttpHeaders h = r.headers();
        return new Response(r.statusCode(), r.body(), h::firstValue);
    }

    public HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(2));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return b;
    }

    /** Posts a file as it is, with a content type from its name; expects 202. */
    public Response postFile(Path file, String token) throws Exception {
        String name = file.getFileName().toString();
        String type = name.endsWith(".csv") ? "text/csv" : name.endsWith(".jsonl") ? "application/x-ndjson" : "application/json";
        Response r = postBytes("/api/alerts", token, type, Files.readAllBytes(file));
        if (r.status() != 202) throw new AssertionError(file + ": " + r);
        return r;
    }

    /** The alert files of a scenario folder, sorted. */
    public static List<Path> alertFiles(Path scenario) throws IOException {
        try (Stream<Path> s = Files.list(scenario)) {
            return s.filter(org.alertcorrelator.engine.Replay::isAlertFile).sorted().toList();
        }
    }

    @Override
    public void close() {
        if (service != null) service.close();
    }
}
