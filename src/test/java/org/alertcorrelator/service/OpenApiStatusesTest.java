package org.alertcorrelator.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.alertcorrelator.service.TestService.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * openapi.yaml and the service agree: every documented operation is served, and the statuses the service answers
 * are documented (TestService checks every answer of every service test; here the rarer ones are provoked).
 */
class OpenApiStatusesTest {

    @Test
    void theCheckRefusesAnUndocumentedStatus() {
        assertNotNull(OpenApiStatuses.problem("GET", "/api/alerts/kc-1", 418));
        assertNotNull(OpenApiStatuses.problem("GET", "/api/alerts/kc-1", 412));
        assertNotNull(OpenApiStatuses.problem("DELETE", "/api/incidents/x", 200), "no such operation");
        assertNull(OpenApiStatuses.problem("PATCH", "/api/incidents/x", 412));
        assertNull(OpenApiStatuses.problem("POST", "/api/alerts", 429));
        assertNull(OpenApiStatuses.problem("GET", "/api/incidents/x/alerts", 303));
    }

    @Test
    void everyDocumentedOperationIsServedAndTheRareStatusesAreDocumented(@TempDir Path dir) throws Exception {
        try (TestService svc = TestService.start(dir, Map.of(Setting.MAX_REQUEST_SIZE, "64KB"))) {
            svc.postFile(IncidentApiTest.KILL_CHAIN, TestService.ADMIN);
            svc.settle();
            List<String> unserved = new ArrayList<>();
            for (String op : OpenApiStatuses.operations()) {
                String method = op.substring(0, op.indexOf(' '));
                String path = op.substring(op.indexOf(' ') + 1).replace("{id}", "no-such-id");
                Response r = svc.send(svc.request(path, TestService.ADMIN).header("Content-Type", "application/json")
                        .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(method.equals("GET") ? "" : "{}")));
                if (r.status() == 405 || r.body().startsWith("{\"error\":\"no such endpoint")) unserved.add(op + ": " + r);
            }
            assertTrue(unserved.isEmpty(), "documented but not served: " + unserved);

            // each of these is checked against openapi.yaml by TestService.send; the status is asserted here
            String kc = IncidentApiTest.KC;
            int version = svc.get("/api/incidents/" + kc, TestService.ANALYST).json().path("version").asInt();
            assertEquals(412, svc.send(svc.request("/api/incidents/" + kc, TestService.ANALYST).header("If-Match", "\"" + (version + 7) + "\"")
                    .header("Content-Type", "application/json")
                    .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"comment\":\"stale\"}"))).status());
            assertEquals(413, svc.post("/api/alerts", TestService.INGEST, "application/x-ndjson", "x".repeat(100_000)).status());
            assertEquals(400, svc.get("/api/incidents?since=99999-01-01", TestService.ANALYST).status());
            assertEquals(400, svc.get("/api/alerts?limit=0", TestService.ANALYST).status());
            assertEquals(400, svc.get("/api/patterns?minTenants=x", TestService.ADMIN).status());
            assertEquals(403, svc.get("/metrics", TestService.ANALYST).status());
            assertEquals(401, svc.get("/openapi.yaml", null).status());
            assertEquals(404, svc.get("/api/incidents/no-such-id/view", TestService.ANALYST).status());
            assertEquals(404, svc.get("/api/no-such-endpoint", TestService.ANALYST).status());
        }
    }
}
