package org.alertcorrelator.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.alertcorrelator.engine.Replay;
import org.alertcorrelator.model.IncidentIds;
import org.alertcorrelator.ruleset.RuleSet;
import org.alertcorrelator.service.TestService.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** GET /api/rules and POST /api/rules/reload: broken rules keep the running ones; good ones replace them atomically. */
class RulesApiTest {

    static Path copyRules(Path dir) throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        try (Stream<Path> s = Files.list(Path.of("rules"))) {
            for (Path f : s.filter(Files::isRegularFile).toList()) Files.copy(f, rules.resolve(f.getFileName()));
        }
        return rules;
    }

    /** The rules file without one rule (from its "rule" line to the next "end" line). */
    static void removeRule(Path file, String name) throws Exception {
        List<String> out = new ArrayList<>();
        boolean skipping = false;
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("rule \"" + name)) skipping = true;
            if (!skipping) out.add(line);
            if (skipping && line.equals("end")) skipping = false;
        }
        Files.write(file, out);
    }

    @Test
    void aBrokenRuleIsReportedWithFileAndLineAndTheRunningRulesStay(@TempDir Path dir) throws Exception {
        Path rules = copyRules(dir);
        try (TestService svc = TestService.start(dir, Map.of(Setting.RULES, rules.toString()))) {
            JsonNode before = svc.get("/api/rules", TestService.ANALYST).json();
            String version = before.path("version").asText();
            assertEquals(RuleSet.load(rules).version(), version);
            assertTrue(before.path("lastBuild").path("ok").asBoolean());
            assertTrue(before.path("files").toString().contains("50-incidents.drl"));

            Files.writeString(rules.resolve("70-new.drl"), "package alertcorrelator\n\nrule \"unfinished\"\nwhen\n    Alert( id == )\nthen\nend\n");
            Response r = svc.post("/api/rules/reload", TestService.ADMIN, "application/json", "");
            assertEquals(422, r.status(), r.toString());
            assertFalse(r.json().path("reloaded").asBoolean());
            assertEquals(version, r.json().path("version").asText());
            assertTrue(r.json().path("error").asText().contains("70-new.drl:5:"), r.toString());
            assertTrue(r.json().path("problems").get(0).asText().contains("70-new.drl:5:"), r.toString());

            JsonNode after = svc.get("/api/rules", TestService.ANALYST).json();
            assertEquals(version, after.path("version").asText(), "the running rules stay");
            assertFalse(after.path("lastBuild").path("ok").asBoolean());
            assertTrue(after.path("lastBuild").path("problems").get(0).asText().contains("70-new.drl:5:"), after.toString());
            assertEquals(1, after.path("reloadFailures").asInt());

            svc.postFile(TestService.SCENARIOS.resolve("01-host-kill-chain/alerts.json"), TestService.INGEST);
            svc.settle();
            assertEquals(200, svc.get("/api/incidents/" + IncidentApiTest.KC, TestService.ANALYST).status(), "still correlating");
        }
    }

    @Test
    void newRulesReDeriveLiveIncidentsAndKeepAnalystStateById(@TempDir Path dir) throws Exception {
        Path rules = copyRules(dir);
        try (TestService svc = TestService.start(dir, Map.of(Setting.RULES, rules.toString()))) {
            svc.postFile(TestService.SCENARIOS.resolve("01-host-kill-chain/alerts.json"), TestService.INGEST);
            svc.postFile(TestService.SCENARIOS.resolve("03-shared-external-ip-across-hosts/export.jsonl"), TestService.INGEST);
            svc.settle();
            String shared = IncidentIds.derive(TestService.CONTOSO, "ip-1");
            assertEquals("SharedContext", svc.get("/api/incidents/" + shared, TestService.ANALYST).json().path("kind").asText());
            svc.patch("/api/incidents/" + IncidentApiTest.KC, TestService.ANALYST, "{\"status\":\"Active\",\"owner\":\"carol\"}");

            removeRule(rules.resolve("50-incidents.drl"), "Shared context");
            Response r = svc.post("/api/rules/reload", TestService.ADMIN, "application/json", "");
            assertEquals(200, r.status(), r.toString());
            assertTrue(r.json().path("reloaded").asBoolean());
            assertNotEquals(r.json().path("previousVersion").asText(), r.json().path("version").asText());
            assertTrue(r.json().path("replayedAlerts").asInt() >= 9, r.toString());

            JsonNode kc = svc.get("/api/incidents/" + IncidentApiTest.KC, TestService.ANALYST).json();
            assertEquals("live", kc.path("state").asText());
            assertEquals("Active", kc.path("status").asText());
            assertEquals("carol", kc.path("owner").asText());
            JsonNode gone = svc.get("/api/incidents/" + shared, TestService.ANALYST).json();
            assertEquals("withdrawn", gone.path("state").asText(), "no rule raises it any more");
            assertEquals(1, svc.get("/api/incidents", TestService.ANALYST).json().path("total").asInt());
            JsonNode shown = svc.get("/api/rules", TestService.ANALYST).json();
            assertEquals(r.json().path("version").asText(), shown.path("version").asText());
            assertEquals(1, shown.path("reloads").asInt());
        }
    }

    @Test
    void withWatchRulesAChangeOnDiskReloadsByItself(@TempDir Path dir) throws Exception {
        Path rules = copyRules(dir);
        try (TestService svc = TestService.start(dir, Map.of(Setting.RULES, rules.toString(), Setting.WATCH_RULES, "true"))) {
            String version = svc.get("/api/rules", TestService.ANALYST).json().path("version").asText();
            Files.writeString(rules.resolve("70-new.drl"), "package alertcorrelator\n\nrule \"unfinished\"\nwhen\n    Alert( id == )\nthen\nend\n");
            JsonNode broken = awaitRules(svc, r -> !r.path("lastBuild").path("ok").asBoolean());
            assertEquals(version, broken.path("version").asText(), "the running rules stay");
            assertTrue(broken.path("lastBuild").path("problems").get(0).asText().contains("70-new.drl:5:"), broken.toString());
            Files.delete(rules.resolve("70-new.drl"));
            Files.writeString(rules.resolve("90-housekeeping.drl"), "\n// changed\n", java.nio.file.StandardOpenOption.APPEND);
            JsonNode fixed = awaitRules(svc, r -> r.path("lastBuild").path("ok").asBoolean() && !r.path("version").asText().equals(version));
            assertEquals(RuleSet.load(rules).version(), fixed.path("version").asText());
        }
    }

    static JsonNode awaitRules(TestService svc, java.util.function.Predicate<JsonNode> condition) throws Exception {
        long end = System.nanoTime() + 60_000_000_000L;
        while (true) {
            JsonNode r = svc.get("/api/rules", TestService.ANALYST).json();
            if (condition.test(r)) return r;
            if (System.nanoTime() > end) throw new AssertionError("the rules watcher did not act: " + r);
            Thread.sleep(100);
        }
    }

    /**
     * Alerts keep coming while the rules are reloaded, twice: none is lost or processed twice, and the incidents
     * are those a replay of every alert gives.
     */
    @Test
    void noAlertIsLostOrProcessedTwiceAcrossReloads(@TempDir Path dir) throws Exception {
        Path rules = copyRules(dir);
        List<String> lines = new ArrayList<>();
        List<Path> files = ReplayEquivalenceTest.scenarioFiles();
        var reader = new org.alertcorrelator.ingest.AlertReader();
        List<org.alertcorrelator.model.Alert> base = new ArrayList<>();
        for (Path f : files) for (var rec : reader.read(f, true).records()) base.add(rec.alert());
        List<org.alertcorrelator.model.Alert> stream = new ArrayList<>();
        for (int copy = 0; copy < 8; copy++) {
            long shift = copy * 2L * 86_400_000L;
            for (var a : base) {
                stream.add(a.toBuilder().id(a.getId() + "-r" + copy).startTime(a.getStartTime().plusMillis(shift))
                        .endTime(a.getEndTime().plusMillis(shift))
                        .timeGenerated(a.getTimeGenerated() == null ? null : a.getTimeGenerated().plusMillis(shift)).build());
            }
        }
        stream.sort(org.alertcorrelator.model.Alert::byEventTimeThenId);
        for (var a : stream) lines.add(ReplayEquivalenceTest.sentinelJson(a));
        Path file = dir.resolve("stream.jsonl");
        Files.write(file, lines);

        try (TestService svc = TestService.start(dir, Map.of(Setting.RULES, rules.toString(), Setting.LATENESS, "5m",
                Setting.FLUSH_AFTER_IDLE, "2s"))) {
            AtomicReference<Throwable> failed = new AtomicReference<>();
            Thread poster = new Thread(() -> {
                try {
                    for (int from = 0; from < lines.size(); from += 25) {
                        String body = String.join("\n", lines.subList(from, Math.min(lines.size(), from + 25)));
                        Response r = svc.post("/api/alerts", TestService.INGEST, "application/x-ndjson", body);
                        if (r.status() != 202) throw new AssertionError(r.toString());
                    }
                } catch (Throwable t) {
                    failed.set(t);
                }
            });
            poster.start();
            for (int i = 0; i < 2; i++) {
                Thread.sleep(300);
                // a new version of the same rules: a comment changes the digest
                Files.writeString(rules.resolve("90-housekeeping.drl"), "\n// reload " + i + "\n",
                        java.nio.file.StandardOpenOption.APPEND);
                Response r = svc.post("/api/rules/reload", TestService.ADMIN, "application/json", "");
                assertEquals(200, r.status(), r.toString());
                assertTrue(r.json().path("reloaded").asBoolean(), r.toString());
            }
            poster.join();
            if (failed.get() != null) throw new AssertionError(failed.get());
            svc.settle();
            assertEquals(lines.size(), svc.service().store().alertCount());
            assertEquals(lines.size(), svc.service().metrics().alertsCorrelated.sum(), "each alert correlated once by the live sessions");
            Map<String, String> expected = ReplayEquivalenceTest.fromReplay(
                    Replay.run(RuleSet.load(rules), List.of(file), true).incidents());
            ReplayEquivalenceTest.assertSame(expected, ReplayEquivalenceTest.fromService(svc));
            assertEquals(2, svc.service().metrics().ruleReloads.sum());
        }
    }
}
