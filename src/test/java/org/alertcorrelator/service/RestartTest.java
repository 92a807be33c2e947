package org.alertcorrelator.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** Stop, start: the same incidents with the same ids, analyst edits kept, nothing twice, nothing lost. */
class RestartTest {

    /**
     * Runs the recovery checks on a service with these settings (the embedded store, or PostgreSQL). The files
     * come in any order, so the lateness holds them all until the idle flush, which correlates them in event-time
     * order, as the rebuild after the restart does. (An alert later than the lateness is correlated at once, out of
     * order; a rebuild puts it in its place, so its incident can differ after a restart: see docs/service.md.)
     */
    static void restartKeepsEverything(Path dir, Map<Setting, String> extra) throws Exception {
        Map<Setting, String> settings = new java.util.EnumMap<>(Setting.class);
        settings.put(Setting.LATENESS, "3650d");
        settings.putAll(extra);
        try (TestService svc = TestService.start(dir, settings)) {
            for (String s : List.of("03-shared-external-ip-across-hosts", "05-merge-by-later-alert", "06-two-tenants-same-host-names",
                    "11-incident-cap-150", "16-low-alerts-join-as-context")) {
                for (Path f : TestService.alertFiles(TestService.SCENARIOS.resolve(s))) svc.postFile(f, TestService.INGEST);
            }
            svc.post("/api/alerts", TestService.INGEST, "application/json", IncidentApiTest.pick(IncidentApiTest.KILL_CHAIN, 0, 1, 2, 3));
            svc.settle();
            svc.patch("/api/incidents/" + IncidentApiTest.KC, TestService.ANALYST,
                    "{\"status\":\"Active\",\"classification\":\"TruePositive\",\"owner\":\"dave\",\"comment\":\"escalated\"}");
            Map<String, String> before = ReplayEquivalenceTest.fromService(svc);
            JsonNode kcBefore = svc.get("/api/incidents/" + IncidentApiTest.KC, TestService.ANALYST).json();
            long alerts = svc.service().store().alertCount();

            svc.restart();
            ReplayEquivalenceTest.assertSame(before, ReplayEquivalenceTest.fromService(svc));
            JsonNode kc = svc.get("/api/incidents/" + IncidentApiTest.KC, TestService.ANALYST).json();
            assertEquals("Active", kc.path("status").asText());
            assertEquals("TruePositive", kc.path("classification").asText());
            assertEquals("dave", kc.path("owner").asText());
            assertEquals(kcBefore.path("history"), kc.path("history"), "history kept, nothing added twice");
            assertEquals(alerts, svc.service().store().alertCount());
            assertTrue(svc.get("/ready", TestService.ADMIN).json().path("startupReplayedAlerts").asInt() > 0);

            // the live session goes on where it was: the last alert of the kill chain joins the same incident
            svc.post("/api/alerts", TestService.INGEST, "application/json", IncidentApiTest.pick(IncidentApiTest.KILL_CHAIN, 4));
            svc.settle();
            JsonNode grown = svc.get("/api/incidents/" + IncidentApiTest.KC, TestService.ANALYST).json();
            assertEquals(5, grown.path("alertCount").asInt());
            assertEquals("Active", grown.path("status").asText());
            assertEquals(before.size(), ReplayEquivalenceTest.fromService(svc).size());
        }
    }

    @Test
    void restartKeepsIncidentsIdsAndAnalystEdits(@TempDir Path dir) throws Exception {
        restartKeepsEverything(dir, Map.of());
    }

    @Test
    void alertsStillInTheReorderBufferAtShutdownAreCorrelatedAfterRestart(@TempDir Path dir) throws Exception {
        try (TestService svc = TestService.start(dir, Map.of(Setting.LATENESS, "3650d", Setting.FLUSH_AFTER_IDLE, "1h"))) {
            svc.postFile(IncidentApiTest.KILL_CHAIN, TestService.INGEST);
            svc.service().engine().barrier().get();
            assertEquals(5, svc.service().engine().buffered());
            assertEquals(0, svc.get("/api/incidents", TestService.ANALYST).json().path("total").asInt());
        }
        try (TestService svc = TestService.start(dir, Map.of(Setting.LATENESS, "3650d", Setting.FLUSH_AFTER_IDLE, "200ms"))) {
            svc.settle();
            JsonNode kc = svc.get("/api/incidents/" + IncidentApiTest.KC, TestService.ANALYST).json();
            assertEquals(5, kc.path("alertCount").asInt(), kc.toString());
            assertEquals(5, svc.service().metrics().alertsCorrelated.sum());
        }
    }
}
