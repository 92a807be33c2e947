package org.alertcorrelator.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.alertcorrelator.model.IncidentIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar as an operator runs it: help, token create, serve on the embedded default store, SIGTERM, restart. */
class ServeJarIT {

    @Test
    void serveHelpListsTheSettings(@TempDir Path dir) throws Exception {
        ServiceProcess.Run r = ServiceProcess.run(dir, "help", "serve", "--help");
        assertEquals(0, r.exit(), r.err());
        for (Setting s : Setting.values()) assertTrue(r.out().contains(s.env()), s.env() + " in " + r.out());
    }

    @Test
    void createsATokenServesAndStopsGracefullyOnSigterm(@TempDir Path dir) throws Exception {
        ServiceProcess.Run created = ServiceProcess.run(dir, "token", "token", "create", "--config", "service.properties", "--role", "admin");
        assertEquals(0, created.exit(), created.err());
        List<String> lines = created.out().lines().toList();
        String token = lines.get(lines.size() - 1);
        assertTrue(token.startsWith("acr_"), created.out());

        HttpClient http = HttpClient.newHttpClient();
        Path rules = Path.of("rules").toAbsolutePath();
        String kc = IncidentIds.derive(TestService.CONTOSO, "kc-1");
        // no --data: the embedded default store under ./data
        try (ServiceProcess p = ServiceProcess.start(dir, "serve", "serve", "--port", "0", "--config", "service.properties",
                "--rules", rules.toString())) {
            URI base = p.awaitReady(token);
            assertTrue(Files.exists(dir.resolve("data").resolve("alert-correlator.db")));
            HttpResponse<String> posted = http.send(HttpRequest.newBuilder(base.resolve("/api/alerts"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofFile(TestService.SCENARIOS.resolve("01-host-kill-chain/alerts.json").toAbsolutePath()))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(202, posted.statusCode(), posted.body());
            p.process.destroy(); // SIGTERM
            assertTrue(p.process.waitFor(60, TimeUnit.SECONDS), "stopped within a minute");
            String err = p.stderr();
            assertTrue(err.contains("stopping"), err);
            assertTrue(err.contains("stopped in"), err);
            assertFalse(err.contains("Exception"), err);
        }
        try (ServiceProcess p = ServiceProcess.start(dir, "serve2", "serve", "--port", "0", "--config", "service.properties",
                "--rules", rules.toString())) {
            URI base = p.awaitReady(token);
            HttpResponse<String> alert = http.send(HttpRequest.newBuilder(base.resolve("/api/alerts/kc-5"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, alert.statusCode(), alert.body());
            // the alerts held in the reorder buffer at the stop are correlated after the idle flush
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            int status;
            do {
                Thread.sleep(200);
                status = http.send(HttpRequest.newBuilder(base.resolve("/api/incidents/" + kc)).header("Authorization", "Bearer " + token)
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            } while (status != 200 && System.nanoTime() < end);
            assertEquals(200, status);
        }
    }

    /** token create makes an existing config 0600; serve refuses one that others may read (exit 2, clear message). */
    @Test
    void theTokenConfigIsTheOwnersOnly(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("shared.properties");
        Files.writeString(config, "lateness = 5m\n");
        Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        ServiceProcess.Run refused = ServiceProcess.run(dir, "open", "serve", "--config", "shared.properties", "--port", "0",
                "--data", dir.resolve("data").toString(), "--rules", Path.of("rules").toAbsolutePath().toString());
        assertEquals(2, refused.exit(), refused.err());
        assertTrue(refused.err().contains("error: shared.properties: readable or writable by others (rw-r--r--)"), refused.err());
        assertFalse(refused.err().contains("\tat "), refused.err());
        ServiceProcess.Run created = ServiceProcess.run(dir, "token", "token", "create", "--config", "shared.properties", "--role", "admin");
        assertEquals(0, created.exit(), created.err());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
    }

    @Test
    void aBadSettingIsAClearErrorNotAStackTrace(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bad.properties"), "lateness = soon\n");
        Files.setPosixFilePermissions(dir.resolve("bad.properties"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        ServiceProcess.Run r = ServiceProcess.run(dir, "bad", "serve", "--config", "bad.properties");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("error: bad.properties: lateness: \"soon\" is not a duration"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());

        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            ServiceProcess.Run busy = ServiceProcess.run(dir, "busy", "serve", "--port", Integer.toString(taken.getLocalPort()),
                    "--data", dir.resolve("data").toString(), "--rules", Path.of("rules").toAbsolutePath().toString());
            assertEquals(2, busy.exit(), busy.err());
            assertTrue(busy.err().contains("error: cannot start"), busy.err());
            assertFalse(busy.err().contains("\tat "), busy.err());
        }
    }
}
