package org.alertcorrelator.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.alertcorrelator.engine.Replay;
import org.alertcorrelator.ruleset.RuleSet;
import org.alertcorrelator.service.TestService.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One alert with 100,000 IP entities (5.8 MB, under the 10 MB body limit) keeps at most max-entities-per-alert
 * entities, with a warning naming the record, in replay and in the service alike; the service goes on
 * correlating. Prints the times (figures, not a timed assertion).
 */
class BigAlertTest {
    static final int ENTITIES = 100_000;

    static String bigAlert(String id, String tenant, String time) {
        StringBuilder entities = new StringBuilder("[");
        for (int i = 0; i < ENTITIES; i++) {
            if (i > 0) entities.append(',');
            entities.append("{\\\"$id\\\":\\\"").append(i + 1).append("\\\",\\\"Address\\\":\\\"10.")
                    .append((i >> 16) & 255).append('.').append((i >> 8) & 255).append('.').append(i & 255)
                    .append("\\\",\\\"Type\\\":\\\"ip\\\"}");
        }
        entities.append(']');
        return "{\"TenantId\":\"" + tenant + "\",\"SystemAlertId\":\"" + id + "\",\"AlertName\":\"Mass scan\","
                + "\"AlertSeverity\":\"Medium\",\"StartTime\":\"" + time + "\",\"EndTime\":\"" + time + "\",\"Status\":\"New\","
                + "\"Tactics\":\"Discovery\",\"Entities\":\"" + entities + "\"}";
    }

    @Test
    void replayKeepsTheFirstEntitiesAndSaysSo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.jsonl");
        Files.writeString(file, bigAlert("big-1", "t-big", "2024-03-04T08:00:00Z") + "\n");
        RuleSet rules = RuleSet.load(Path.of("rules"));
        long t0 = System.nanoTime();
        Replay.Result r = Replay.run(rules, List.of(file), false);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(1, r.summary().recordsRead(), r.summary().toString());
        System.out.printf("BigAlertTest: replay of one alert with %,d entities (%,d bytes): %d ms%n", ENTITIES, Files.size(file), ms);
        // read and correlate on this thread, warm, with the CPU time it took (wall time depends on the machine's load)
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int run = 1; run <= 3; run++) {
            long c0 = mx.getCurrentThreadCpuTime(), w0 = System.nanoTime();
            var read = new org.alertcorrelator.ingest.AlertReader().read(file, false);
            long c1 = mx.getCurrentThreadCpuTime(), w1 = System.nanoTime();
            Replay.correlate(rules, List.of(read.records().get(0).alert()));
            long c2 = mx.getCurrentThreadCpuTime(), w2 = System.nanoTime();
            assertEquals(500, read.records().get(0).alert().getEntities().size());
            assertTrue(read.warnings().get(0).message().contains("max-entities-per-alert"), read.warnings().toString());
            System.out.printf("BigAlertTest: run %d: read %d ms (cpu %d ms), correlate %d ms (cpu %d ms)%n", run,
                    (w1 - w0) / 1_000_000, (c1 - c0) / 1_000_000, (w2 - w1) / 1_000_000, (c2 - c1) / 1_000_000);
        }
    }

    @Test
    void theServiceTakesItKeepsMaxEntitiesAndGoesOnCorrelating(@TempDir Path dir) throws Exception {
        try (TestService svc = TestService.start(dir)) {
            String body = bigAlert("big-1", TestService.CONTOSO, "2024-03-04T08:00:00Z");
            long t0 = System.nanoTime();
            Response r = svc.post("/api/alerts", TestService.ADMIN, "application/x-ndjson", body);
            long postMs = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(202, r.status(), r.toString().substring(0, Math.min(500, r.toString().length())));
            JsonNode w = r.json().path("warnings").get(0);
            assertEquals("Entities", w.path("field").asText(), r.toString());
            assertTrue(w.path("reason").asText().contains("max-entities-per-alert"), w.toString());
            svc.settle();
            long correlatedMs = (System.nanoTime() - t0) / 1_000_000;
            JsonNode stored = svc.get("/api/alerts/big-1", TestService.ADMIN).json();
            assertEquals(500, stored.path("alert").path("entities").size(), "entities kept");
            // and the engine is free: a kill chain posted after it is correlated
            svc.postFile(IncidentApiTest.KILL_CHAIN, TestService.INGEST);
            svc.settle();
            assertEquals(200, svc.get("/api/incidents/" + IncidentApiTest.KC, TestService.ANALYST).status());
            System.out.printf("BigAlertTest: service took one alert with %,d entities (%,d bytes): stored in %d ms, correlated in %d ms%n",
                    ENTITIES, body.length(), postMs, correlatedMs);
        }
    }
}
