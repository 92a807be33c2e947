package org.alertcorrelator.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.alertcorrelator.service.TestService.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** GET /api/patterns: admin only, alert types and counts only; the service raises what replay raises. */
class PatternsApiTest {

    /** Scenario 60's alerts, moved so that the last is an hour ago (the service's clock follows the wall clock when idle). */
    static String recentScenario60() throws Exception {
        String text = Files.readString(TestService.SCENARIOS.resolve("60-prevalent-at-third-tenant-raises-the-fourth/alerts.jsonl"));
        Instant last = Instant.parse("2024-05-06T15:40:00Z");
        long shift = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS).toEpochMilli() - last.toEpochMilli();
        Matcher m = Pattern.compile("2024-05-06T\\d\\d:\\d\\d:\\d\\dZ").matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) m.appendReplacement(out, Instant.ofEpochMilli(Instant.parse(m.group()).toEpochMilli() + shift).toString());
        m.appendTail(out);
        return out.toString();
    }

    @Test
    void adminsSeeTheCrossTenantPairsAndTheLowSequenceIsRaisedInEveryTenant(@TempDir Path dir) throws Exception {
        try (TestService svc = TestService.start(dir)) {
            Response posted = svc.post("/api/alerts", TestService.INGEST, "application/x-ndjson", recentScenario60());
            assertEquals(202, posted.status(), posted.toString());
            svc.settle();
            JsonNode incidents = svc.get("/api/incidents?kind=PrevalentPattern", TestService.ANALYST).json();
            assertEquals(4, incidents.path("total").asInt(), incidents.toString());
            List<String> tenants = new ArrayList<>();
            for (JsonNode i : incidents.path("items")) tenants.add(i.path("tenantId").asText());
            assertEquals(4, tenants.stream().distinct().count(), "one incident per tenant: " + tenants);

            assertEquals(403, svc.get("/api/patterns", TestService.ANALYST).status());
            assertEquals(401, svc.get("/api/patterns", "not-a-token").status());
            Response r = svc.get("/api/patterns", TestService.ADMIN);
            assertEquals(200, r.status(), r.toString());
            JsonNode items = r.json().path("items");
            assertEquals(2, items.size(), r.toString());
            List<String> names = new ArrayList<>();
            for (JsonNode p : items) {
                names.add(p.path("name").asText());
                assertTrue(p.path("tenants").asInt() >= 3, p.toString());
                assertEquals(1.0, p.path("confidence").asDouble(), p.toString());
            }
            assertEquals(List.of("LinuxMiner.CrontabChange > LinuxMiner.PoolLogin", "LinuxMiner.Download > LinuxMiner.CrontabChange"),
                    names.stream().sorted().toList());
            for (String t : tenants) assertFalse(r.body().contains(t), "no tenant id in " + r.body());
            assertFalse(r.body().contains("build-a1"), "no entity in " + r.body());
            assertEquals(400, svc.get("/api/patterns?minTenants=many", TestService.ADMIN).status());
            assertEquals(0, svc.get("/api/patterns?minTenants=9", TestService.ADMIN).json().path("items").size());
            assertEquals(0, svc.get("/api/patterns?minTenants=9", TestService.ADMIN).json().path("total").asInt());
        }
    }
}
