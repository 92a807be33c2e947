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
            assertEquals(3, items.size(), r.toString());
            List<String> names = new ArrayList<>();
            for (JsonNode p : items) {
                names.add(p.path("name").asText());
                assertTrue(p.path("tenants").asInt() >= 3, p.toString());
                assertEquals(1.0, p.path("confidence").asDouble(), p.toString());
            }
            assertEquals(List.of("LinuxMiner.CrontabChange > LinuxMiner.PoolLogin", "LinuxMiner.Download > LinuxMiner.CrontabChange",
                            "LinuxMiner.Download > LinuxMiner.PoolLogin"),
                    names.stream().sorted().toList());
            for (String t : tenants) assertFalse(r.body().contains(t), "no tenant id in " + r.body());
            assertFalse(r.body().contains("build-a1"), "no entity in " + r.body());
            assertEquals(400, svc.get("/api/patterns?minTenants=many", TestService.ADMIN).status());
            assertEquals(0, svc.get("/api/patterns?minTenants=9", TestService.ADMIN).json().path("items").size());
            assertEquals(0, svc.get("/api/patterns?minTenants=9", TestService.ADMIN).json().path("total").asInt());
        }
    }

    /**
     * Scenario 60's first three tenants six days ago, a lone alert of a fifth tenant two days later (the session's
     * replay window moves past the three), then the fourth tenant's sequence after a restart.
     */
    static String[] scenario60AcrossARestart() throws Exception {
        List<String> lines = Files.readAllLines(TestService.SCENARIOS.resolve("60-prevalent-at-third-tenant-raises-the-fourth/alerts.jsonl"));
        long day = 86_400_000L;
        long d = Instant.now().truncatedTo(ChronoUnit.DAYS).toEpochMilli() - 6 * day - Instant.parse("2024-05-06T00:00:00Z").toEpochMilli();
        StringBuilder before = new StringBuilder();
        StringBuilder after = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String shifted = shift(lines.get(i), i < 9 ? d : d + 4 * day);
            (i < 9 ? before : after).append(shifted).append('\n');
        }
        before.append(shift(lines.get(0).replace("p60-A1", "lone-1").replace("a1111111-0000-4000-8000-00000000000a",
                "e5555555-0000-4000-8000-00000000000e").replace("build-a1", "lone-host").replace("LinuxMiner.Download", "Lone.Alert"),
                d + 4 * day - 2 * 3_600_000L)).append('\n');
        return new String[] {before.toString(), after.toString()};
    }

    private static String shift(String line, long by) {
        Matcher m = Pattern.compile("2024-05-06T\\d\\d:\\d\\d:\\d\\dZ").matcher(line);
        StringBuilder out = new StringBuilder();
        while (m.find()) m.appendReplacement(out, Instant.ofEpochMilli(Instant.parse(m.group()).toEpochMilli() + by).toString());
        m.appendTail(out);
        return out.toString();
    }

    /** The counts of tenants whose alerts a restart no longer replays still raise the fourth tenant's sequence. */
    static void countsOutliveARestart(Path dir, java.util.Map<Setting, String> settings) throws Exception {
        String[] parts = scenario60AcrossARestart();
        try (TestService svc = TestService.start(dir, settings)) {
            assertEquals(202, svc.post("/api/alerts", TestService.INGEST, "application/x-ndjson", parts[0]).status());
            svc.settle();
            assertEquals(3, svc.get("/api/incidents?kind=PrevalentPattern", TestService.ANALYST).json().path("total").asInt());
            Thread.sleep(1500); // the restart point's replay watermark is refreshed at most once a second
            svc.restart();
            assertTrue(svc.service().engine().startupReplayed() < 9, "the first three tenants' alerts are not replayed: "
                    + svc.service().engine().startupReplayed());
            assertEquals(202, svc.post("/api/alerts", TestService.INGEST, "application/x-ndjson", parts[1]).status());
            svc.settle();
            JsonNode incidents = svc.get("/api/incidents?kind=PrevalentPattern", TestService.ANALYST).json();
            assertEquals(4, incidents.path("total").asInt(), "as replay of the same alerts raises: " + incidents);
            boolean fourth = false;
            for (JsonNode i : incidents.path("items")) fourth |= i.path("tenantId").asText().startsWith("d4444444");
            assertTrue(fourth, incidents.toString());
            JsonNode patterns = svc.get("/api/patterns", TestService.ADMIN).json();
            assertTrue(patterns.toString().contains("LinuxMiner.Download > LinuxMiner.CrontabChange"), patterns.toString());
        }
    }

    @Test
    void prevalenceCountsOutliveARestart(@TempDir Path dir) throws Exception {
        countsOutliveARestart(dir, java.util.Map.of());
    }

    @Test
    void prevalenceCountsOutliveARestartOnPostgres(@TempDir Path dir) throws Exception {
        String url = org.alertcorrelator.store.PostgresTestDatabase.newSchema();
        try {
            countsOutliveARestart(dir, java.util.Map.of(Setting.STORE_URL, url));
        } finally {
            org.alertcorrelator.store.PostgresTestDatabase.dropSchema(url);
        }
    }

    @Test
    void replayOfTheSameAlertsRaisesTheFourthTenantToo() throws Exception {
        String[] parts = scenario60AcrossARestart();
        List<org.alertcorrelator.model.Alert> alerts = new ArrayList<>();
        Path f = Files.createTempFile("scenario60", ".jsonl");
        try {
            Files.writeString(f, parts[0] + parts[1]);
            new org.alertcorrelator.ingest.AlertReader().stream(f, false, false, rec -> alerts.add(rec.alert()));
        } finally {
            Files.deleteIfExists(f);
        }
        alerts.sort(org.alertcorrelator.model.Alert::byEventTimeThenId);
        long prevalent = org.alertcorrelator.engine.Replay.correlate(org.alertcorrelator.ruleset.RuleSet.load(Path.of("rules")), alerts)
                .stream().filter(i -> i.kind().equals("PrevalentPattern")).count();
        assertEquals(4, prevalent);
    }
}
