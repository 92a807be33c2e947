package org.alertcorrelator.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.alertcorrelator.service.TestService.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /health, /ready, /metrics (Prometheus text) and /openapi.yaml. */
class MetricsApiTest {

    static long value(String metrics, String sample) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\d+)").matcher(metrics);
        if (!m.find()) throw new AssertionError("no sample " + sample + " in:\n" + metrics);
        return Long.parseLong(m.group(1));
    }

    @Test
    void countsWhatHappened(@TempDir Path dir) throws Exception {
        try (TestService svc = TestService.start(dir)) {
            Response ready = svc.get("/ready", TestService.ADMIN);
            assertEquals(200, ready.status(), ready.toString());
            assertTrue(ready.json().path("ready").asBoolean());
            assertTrue(ready.json().path("store").asText().startsWith("SQLite "));

            svc.postFile(TestService.SCENARIOS.resolve("01-host-kill-chain/alerts.json"), TestService.INGEST);
            svc.postFile(TestService.SCENARIOS.resolve("05-merge-by-later-alert/sql01.json"), TestService.INGEST);
            svc.postFile(TestService.SCENARIOS.resolve("05-merge-by-later-alert/sql02.json"), TestService.INGEST);
            svc.settle();
            svc.postFile(TestService.SCENARIOS.resolve("05-merge-by-later-alert/backup01.json"), TestService.INGEST);
            svc.post("/api/alerts", TestService.INGEST, "application/x-ndjson", "{\"SystemAlertId\": \"x\"}\n");
            svc.settle();
            svc.patch("/api/incidents/" + IncidentApiTest.KC, TestService.ANALYST, "{\"status\":\"Active\"}");
            svc.post("/api/rules/reload", TestService.ADMIN, "application/json", "");

            // global counts are for admin tokens only, not for ingest, analyst or tenant-limited ones
            assertEquals(403, svc.get("/metrics", TestService.ANALYST).status());
            assertEquals(403, svc.get("/metrics", TestService.CONTOSO_INGEST).status());
            Response r = svc.get("/metrics", TestService.ADMIN);
            assertEquals(200, r.status());
            assertTrue(r.headers().first("Content-Type").orElse("").startsWith("text/plain"), r.headers().first("Content-Type").toString());
            String m = r.body();
            MetricsTest.assertDocumented(m); // every documented family with its type, read as a scraper reads it
            assertEquals(11, value(m, "alertcorrelator_alerts_received_total"));
            assertEquals(10, value(m, "alertcorrelator_alerts_accepted_total"));
            assertEquals(1, value(m, "alertcorrelator_alerts_rejected_total"));
            assertEquals(10, value(m, "alertcorrelator_alerts_correlated_total"));
            assertEquals(3, value(m, "alertcorrelator_incidents_opened_total"));
            assertEquals(1, value(m, "alertcorrelator_incidents_merged_total"));
            assertTrue(value(m, "alertcorrelator_incidents_updated_total") >= 1);
            assertTrue(value(m, "alertcorrelator_rule_firings_total{rule=\"Kill-chain progression: alerts that move forward through the kill chain are an incident\"}") >= 1, m);
            assertTrue(value(m, "alertcorrelator_rule_firings_total{rule=\"A link between two groups merges the younger into the older\"}") >= 1, m);
            assertTrue(value(m, "alertcorrelator_working_memory_facts") > 0);
            assertEquals(0, value(m, "alertcorrelator_reorder_buffer_alerts"));
            assertEquals(0, value(m, "alertcorrelator_rules_reloads_total"), "same rules: nothing to swap");
            assertEquals(0, value(m, "alertcorrelator_rules_reload_failures_total"));
            assertEquals(5, value(m, "alertcorrelator_ingest_seconds_count"));
            assertEquals(5, value(m, "alertcorrelator_ingest_seconds_bucket{le=\"+Inf\"}"));
            assertTrue(m.contains("# TYPE alertcorrelator_ingest_seconds histogram"));
            assertTrue(m.contains("# TYPE alertcorrelator_alerts_received_total counter"));
            assertEquals(0, value(m, "alertcorrelator_webhook_pending"));

            Response api = svc.get("/openapi.yaml", TestService.INGEST);
            assertEquals(200, api.status());
            assertTrue(api.body().startsWith("openapi: 3"), api.body().substring(0, 40));
            for (String path : new String[] {"/api/alerts:", "/api/incidents:", "/api/incidents/{id}:", "/api/incidents/{id}/alerts:",
                    "/api/alerts/{id}:", "/api/incidents.csv:", "/api/alerts.csv:", "/api/rules:", "/api/rules/reload:", "/health:",
                    "/ready:", "/metrics:"}) {
                assertTrue(api.body().contains("\n  " + path), "openapi.yaml describes " + path);
            }
        }
    }
}
