package org.alertcorrelator.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.alertcorrelator.service.auth.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM always finishes within {@code shutdown-timeout}, whatever is under way: the jar process under ingest load
 * (4 clients posting 200-alert batches), with 100,000-entity alerts being posted and one more whose upload stalls
 * half-way (in flight when the signal comes). The process must be gone within the timeout, and after a restart
 * every alert that got 202 is there.
 */
class ShutdownIT {
    static final String TOKEN = "shutdown-test-admin";
    static final long SHUTDOWN_TIMEOUT_MS = 15_000;

    @Test
    void sigtermFinishesWithinTheShutdownTimeoutUnderLoad(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("service.properties");
        Files.writeString(config, "shutdown-timeout = " + SHUTDOWN_TIMEOUT_MS / 1000 + "s\n"
                + "token.t.role = admin\ntoken.t.sha256 = " + Tokens.sha256Hex(TOKEN) + "\n");
        Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        String[] serve = {"serve", "--port", "0", "--config", config.toString(), "--data", dir.resolve("data").toString(),
                "--rules", Path.of("rules").toAbsolutePath().toString()};
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger bigAcknowledged = new AtomicInteger();
        long stopMillis;
        String stderr;
        try (ServiceProcess p = ServiceProcess.start(dir, "serve", serve)) {
            URI base = p.awaitReady(TOKEN);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger nextBatch = new AtomicInteger();
            ExecutorService clients = Executors.newFixedThreadPool(5);
            for (int w = 0; w < 4; w++) {
                clients.submit(() -> {
                    while (!stop.get()) {
                        int batch = nextBatch.getAndIncrement();
                        StringBuilder body = new StringBuilder();
                        List<String> ids = new ArrayList<>();
                        for (int i = 0; i < ServeCrashIT.BATCH; i++) {
                            body.append(ServeCrashIT.alertLine(batch, i)).append('\n');
                            ids.add("crash-" + batch + "-" + i);
                        }
                        if (post(http, base, body.toString()) == 202) acknowledged.addAll(ids);
                    }
                    return null;
                });
            }
            String big = BigAlertTest.bigAlert("big-0", "t-big", "2024-03-04T08:00:00Z");
            clients.submit(() -> {
                for (int n = 1; !stop.get(); n++) {
                    if (post(http, base, big.replace("big-0", "big-" + n)) == 202) bigAcknowledged.incrementAndGet();
                }
                return null;
            });
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while ((acknowledged.size() < 20 * ServeCrashIT.BATCH || bigAcknowledged.get() < 1) && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertTrue(bigAcknowledged.get() >= 1 && acknowledged.size() >= 20 * ServeCrashIT.BATCH,
                    "load under way: " + acknowledged.size() + " alerts, " + bigAcknowledged.get() + " big ones acknowledged");
            // one more large alert, half sent: in flight when SIGTERM comes, and never finished by its client
            byte[] body = big.replace("big-0", "big-stalled").getBytes(StandardCharsets.UTF_8);
            try (Socket stalled = new Socket("127.0.0.1", base.getPort())) {
                OutputStream out = stalled.getOutputStream();
                out.write(("POST /api/alerts HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TOKEN
                        + "\r\nContent-Type: application/x-ndjson\r\nContent-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body, 0, body.length / 2);
                out.flush();
                Thread.sleep(300);
                long t0 = System.nanoTime();
                p.process.destroy(); // SIGTERM
                // when the stop began and ended as the log shows it: the rest is the JVM starting and ending
                long began = -1;
                long ended = -1;
                while (p.process.isAlive() && System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(SHUTDOWN_TIMEOUT_MS + 60_000)) {
                    String log = p.stderr();
                    long now = (System.nanoTime() - t0) / 1_000_000;
                    if (began < 0 && log.contains("alert-correlator: stopping")) began = now;
                    if (ended < 0 && (log.contains("stopped in") || log.contains("longer than shutdown-timeout"))) ended = now;
                    Thread.sleep(10);
                }
                boolean exited = p.process.waitFor(1, TimeUnit.SECONDS);
                stopMillis = (System.nanoTime() - t0) / 1_000_000;
                System.out.printf("ShutdownIT: stop logged as begun after %d ms, ended after %d ms, process gone after %d ms%n",
                        began, ended, stopMillis);
                assertTrue(exited, "the process did not exit at all");
            }
            stop.set(true);
            clients.shutdown();
            assertTrue(clients.awaitTermination(60, TimeUnit.SECONDS));
            stderr = p.stderr();
        }
        System.out.printf("ShutdownIT: SIGTERM under load (%d alerts and %d 100,000-entity alerts acknowledged, one upload in "
                + "flight): process gone in %d ms (shutdown-timeout %d ms)%n", acknowledged.size(), bigAcknowledged.get(),
                stopMillis, SHUTDOWN_TIMEOUT_MS);
        String stopLog = stderr.substring(Math.max(0, stderr.lastIndexOf("alert-correlator: stopping")));
        System.out.println("ShutdownIT: the service's log of the stop:\n" + stopLog);
        assertTrue(stderr.contains("stopping"), stderr);
        assertTrue(stopMillis <= SHUTDOWN_TIMEOUT_MS, "SIGTERM took " + stopMillis + " ms, over shutdown-timeout " + SHUTDOWN_TIMEOUT_MS);

        try (ServiceProcess p = ServiceProcess.start(dir, "restart", serve)) {
            URI base = p.awaitReady(TOKEN);
            HttpResponse<String> csv = http.send(HttpRequest.newBuilder(base.resolve("/api/alerts.csv?tenant=crash-tenant"))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, csv.statusCode(), csv.body());
            Set<String> missing = new HashSet<>(acknowledged);
            csv.body().lines().skip(1).forEach(l -> missing.remove(l.substring(0, l.indexOf(','))));
            assertTrue(missing.isEmpty(), missing.size() + " acknowledged alerts missing after the stop, e.g. "
                    + missing.stream().limit(5).toList());
            HttpResponse<String> big = http.send(HttpRequest.newBuilder(base.resolve("/api/alerts/big-1?tenant=t-big"))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, big.statusCode(), big.body());
        }
    }

    private static int post(HttpClient http, URI base, String body) {
        try {
            return http.send(HttpRequest.newBuilder(base.resolve("/api/alerts")).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1; // refused or cut off while stopping
        }
    }
}
