package org.alertcorrelator.kafka;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code java -jar target/alert-correlator.jar serve --config FILE} as its own process, as an operator runs it. */
final class ServeProcess implements AutoCloseable {
    static final Path JAR = Path.of("target", "alert-correlator.jar").toAbsolutePath();
    private static final Pattern SERVING = Pattern.compile("serving on http://([^\\s:]+):(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final Process process;
    final Path err;
    private URI base;

    private ServeProcess(String name, Process p, Path err) {
        this.name = name;
        this.process = p;
        this.err = err;
    }

    static ServeProcess start(Path dir, String name, Path config) throws IOException {
        Path err = dir.resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-XX:+UseSerialGC", "-jar", JAR.toString(), "serve", "--config", config.toString(), "--port", "0")
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".out").toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("ALERTCORRELATOR_"));
        return new ServeProcess(name, pb.start(), err);
    }

    /** Waits for "serving on ..." and /ready 200. */
    void awaitReady(String token) throws Exception {
        long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (base == null) {
            if (!process.isAlive()) throw new AssertionError(name + " exited: " + stderr());
            Matcher m = SERVING.matcher(stderr());
            if (m.find()) base = URI.create("http://127.0.0.1:" + m.group(2));
            else if (System.nanoTime() > end) throw new AssertionError(name + " did not start: " + stderr());
            else Thread.sleep(100);
        }
        while (ready(token) == null) {
            if (System.nanoTime() > end) throw new AssertionError(name + " did not get ready: " + stderr());
            Thread.sleep(100);
        }
    }

    /** /ready's body when 200, else null. */
    JsonNode ready(String token) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base.resolve("/ready")).timeout(Duration.ofSeconds(5))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The partitions this member owns and has rebuilt. */
    List<Integer> correlating(String token) {
        JsonNode r = ready(token);
        if (r == null) return List.of();
        java.util.ArrayList<Integer> out = new java.util.ArrayList<>();
        for (JsonNode p : r.path("partitions")) if (p.path("state").asText().equals("correlating")) out.add(p.path("partition").asInt());
        return out;
    }

    String metrics(String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve("/metrics")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    String stderr() throws IOException {
        return Files.exists(err) ? Files.readString(err, StandardCharsets.UTF_8) : "";
    }

    /** kill -9. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGSTOP: the process stops where it is, mid-batch maybe, as in a long pause (a frozen VM, a GC pause). */
    void freeze() throws Exception {
        signal("STOP");
    }

    /** SIGCONT: it goes on where it stopped, not knowing that the group moved on without it. */
    void thaw() throws Exception {
        signal("CONT");
    }

    private void signal(String name) throws Exception {
        Process k = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (k.waitFor() != 0) throw new AssertionError("kill -" + name + " " + process.pid() + " failed");
    }

    /** The value of one metric without labels, or -1. */
    long metric(String token, String name) {
        try {
            for (String line : metrics(token).split("\n")) {
                if (line.startsWith(name + " ")) return (long) Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }

    /** SIGTERM, and wait for it to store, commit and leave the group. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
    }

    @Override
    public void close() {
        if (process.isAlive()) process.destroyForcibly();
    }
}
