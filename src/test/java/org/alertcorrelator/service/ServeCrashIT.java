package org.alertcorrelator.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.alertcorrelator.service.auth.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Nothing acknowledged is lost: post alerts in a loop to a service process, kill -9 it mid-stream, start it again
 * on the same data, and find every alert that got a 202.
 */
class ServeCrashIT {
    static final String TOKEN = "crash-test-admin";

    static String alertLine(int batch, int i) {
        String id = "crash-" + batch + "-" + i;
        long t = 1_709_539_200_000L + batch * 60_000L + i * 1000L;
        String time = java.time.Instant.ofEpochMilli(t).toString();
        return "{\"TenantId\":\"crash-tenant\",\"SystemAlertId\":\"" + id + "\",\"AlertName\":\"Crash test\",\"AlertSeverity\":\"Medium\","
                + "\"StartTime\":\"" + time + "\",\"EndTime\":\"" + time + "\",\"Status\":\"New\",\"Tactics\":\"Execution\","
                + "\"Entities\":\"[{\\\"$id\\\":\\\"1\\\",\\\"HostName\\\":\\\"host-" + (batch % 7) + "\\\",\\\"Type\\\":\\\"host\\\"}]\"}";
    }

    @Test
    void everyAlertThatGot202SurvivesKillDashNine(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("service.properties");
        Files.writeString(config, "token.crash.role = admin\ntoken.crash.sha256 = " + Tokens.sha256Hex(TOKEN) + "\n");
        String[] serve = {"serve", "--port", "0", "--config", config.toString(), "--data", dir.resolve("data").toString(),
                "--rules", Path.of("rules").toAbsolutePath().toString()};
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try (ServiceProcess p = ServiceProcess.start(dir, "first", serve)) {
            URI base = p.awaitReady(TOKEN);
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService posters = Executors.newFixedThreadPool(4);
            for (int w = 0; w < 4; w++) {
                int worker = w;
                posters.submit(() -> {
                    for (int batch = worker; !stop.get() && batch < 100_000; batch += 4) {
                        StringBuilder body = new StringBuilder();
                        List<String> ids = new java.util.ArrayList<>();
                        for (int i = 0; i < 20; i++) {
                            body.append(alertLine(batch, i)).append('\n');
                            ids.add("crash-" + batch + "-" + i);
                        }
                        try {
                            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/alerts"))
                                    .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + TOKEN)
                                    .header("Content-Type", "application/x-ndjson")
                                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 202) acknowledged.addAll(ids);
                        } catch (Exception e) {
                            if (!p.process.isAlive()) return null; // killed: the loop ends
                        }
                    }
                    return null;
                });
            }
            // let it take a good number of alerts, then kill it in the middle of the stream
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (acknowledged.size() < 2000 && System.nanoTime() < end) Thread.sleep(20);
            p.process.destroyForcibly();
            p.process.waitFor(30, TimeUnit.SECONDS);
            stop.set(true);
            posters.shutdown();
            posters.awaitTermination(30, TimeUnit.SECONDS);
        }
        assertTrue(acknowledged.size() >= 100, "alerts were acknowledged before the kill: " + acknowledged.size());

        try (ServiceProcess p = ServiceProcess.start(dir, "second", serve)) {
            URI base = p.awaitReady(TOKEN);
            HttpResponse<String> csv = http.send(HttpRequest.newBuilder(base.resolve("/api/alerts.csv?tenant=crash-tenant"))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, csv.statusCode(), csv.body());
            Set<String> stored = new HashSet<>();
            csv.body().lines().skip(1).forEach(l -> stored.add(l.substring(0, l.indexOf(','))));
            Set<String> lost = new HashSet<>(acknowledged);
            lost.removeAll(stored);
            assertTrue(lost.isEmpty(), lost.size() + " of " + acknowledged.size() + " acknowledged alerts lost, e.g. "
                    + lost.stream().limit(5).toList());
            // and the restarted service works: it takes more and correlates
            HttpResponse<String> more = http.send(HttpRequest.newBuilder(base.resolve("/api/alerts"))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString(alertLine(999_999, 1))).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(202, more.statusCode(), more.body());
            HttpResponse<String> incidents = http.send(HttpRequest.newBuilder(base.resolve("/api/incidents?tenant=crash-tenant"))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode n = Json.parse(incidents.body());
            assertEquals(200, incidents.statusCode());
            assertTrue(n.path("total").asInt() >= 0, incidents.body());
        }
    }
}
