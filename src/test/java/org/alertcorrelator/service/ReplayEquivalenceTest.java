package org.alertcorrelator.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.alertcorrelator.engine.Replay;
import org.alertcorrelator.ingest.AlertReader;
import org.alertcorrelator.ingest.AlertRecord;
import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.Incident;
import org.alertcorrelator.model.Tactic;
import org.alertcorrelator.ruleset.RuleSet;
import org.alertcorrelator.service.TestService.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The same alerts give the same incidents, with the same ids, whether replayed or posted to the service.
 */
class ReplayEquivalenceTest {

    /** Incidents as comparable text: id, kind, severity, tactics, alerts. */
    static Map<String, String> fromReplay(List<Incident> incidents) {
        Map<String, String> out = new TreeMap<>();
        for (Incident i : incidents) {
            List<String> alerts = new ArrayList<>(i.alertIds());
            Collections.sort(alerts);
            out.put(i.id(), i.kind() + " " + i.severity().label() + " " + i.tactics().stream().map(Tactic::label).toList() + " " + alerts
                    + " merged " + i.mergedIncidentIds());
        }
        return out;
    }

    static Map<String, String> fromService(TestService svc) throws Exception {
        Map<String, String> out = new TreeMap<>();
        int offset = 0;
        while (true) {
            Response r = svc.get("/api/incidents?limit=1000&offset=" + offset, TestService.ADMIN);
            assertEquals(200, r.status(), r.toString());
            JsonNode items = r.json().path("items");
            for (JsonNode i : items) {
                List<String> alerts = new ArrayList<>();
                i.path("alertIds").forEach(a -> alerts.add(a.asText()));
                Collections.sort(alerts);
                List<String> tactics = new ArrayList<>();
                i.path("tactics").forEach(t -> tactics.add(t.asText()));
                List<String> merged = new ArrayList<>();
                i.path("mergedIncidentIds").forEach(m -> merged.add(m.asText()));
                out.put(i.path("id").asText(), i.path("kind").asText() + " " + i.path("severity").asText() + " " + tactics + " "
                        + alerts + " merged " + merged);
            }
            if (items.size() < 1000) break;
            offset += 1000;
        }
        return out;
    }

    static List<Path> scenarioFiles() throws Exception {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(TestService.SCENARIOS)) {
            for (Path d : dirs.sorted().toList()) {
                if (Files.isDirectory(d.resolve("rules"))) continue; // its own rules: not the service's
                files.addAll(TestService.alertFiles(d));
            }
        }
        return files;
    }

    @Test
    void everyScenarioPostedFileByFileGivesTheIncidentsOfReplay(@TempDir Path dir) throws Exception {
        List<Path> files = scenarioFiles();
        Replay.Result replay = Replay.run(RuleSet.load(Path.of("rules")), files, false);
        // Files come in any order, hours apart in event time: a lateness longer than the whole set holds them
        // until the idle flush, as a buffer must to get replay's order.
        try (TestService svc = TestService.start(dir, Map.of(Setting.LATENESS, "3650d", Setting.FLUSH_AFTER_IDLE, "2s"))) {
            List<Path> shuffled = new ArrayList<>(files);
            Collections.shuffle(shuffled, new Random(7));
            for (Path f : shuffled) svc.postFile(f, TestService.INGEST);
            svc.settle();
            Map<String, String> expected = fromReplay(replay.incidents());
            assertFalse(expected.isEmpty());
            assertSame(expected, fromService(svc));

            // and the same again after a restart (the session rebuilt from the store)
            svc.restart();
            assertSame(expected, fromService(svc));
        }
    }

    /**
     * With the warm-up on (generated alerts through a session of their own before the first real one), the service
     * still gives replay's incidents, and stores exactly the alerts posted: none of the warm-up's. After a restart
     * it runs only what the rebuild from the store did not replay.
     */
    @Test
    void theWarmUpLeavesNoTraceInIncidentsOrStore(@TempDir Path dir) throws Exception {
        List<Path> files = scenarioFiles();
        Replay.Result replay = Replay.run(RuleSet.load(Path.of("rules")), files, false);
        try (TestService svc = TestService.start(dir, Map.of(Setting.LATENESS, "3650d", Setting.FLUSH_AFTER_IDLE, "2s",
                Setting.WARM_UP, "3000"))) {
            assertEquals(3000, svc.service().engine().warmedUpAlerts(), "the warm-up ran before the engine was ready");
            int posted = 0;
            for (Path f : files) {
                Response r = svc.postFile(f, TestService.INGEST);
                posted += r.json().path("accepted").asInt();
            }
            svc.settle();
            assertSame(fromReplay(replay.incidents()), fromService(svc));
            Response alerts = svc.get("/api/alerts?limit=1", TestService.ADMIN);
            assertEquals(posted, alerts.json().path("total").asInt(), alerts.toString());
            assertTrue(posted > 100, "posted " + posted);

            // A restart warms up only on what its rebuild from the store did not replay.
            svc.restart();
            long replayed = svc.service().engine().startupReplayed();
            assertTrue(replayed > 0, "the restart replayed the window's alerts");
            assertEquals(Math.max(0, 3000 - replayed), svc.service().engine().warmedUpAlerts());
            assertSame(fromReplay(replay.incidents()), fromService(svc));
        }
    }

    /**
     * A stream made of the fixtures, many times over (tenants and ids renamed, times shifted), posted in batches
     * whose order is shuffled within the lateness: the reorder buffer puts it back in replay's order.
     */
    @Test
    void aShuffledStreamWithinTheLatenessGivesTheIncidentsOfReplay(@TempDir Path dir) throws Exception {
        List<AlertRecord> base = new ArrayList<>();
        AlertReader reader = new AlertReader();
        for (Path f : scenarioFiles()) base.addAll(reader.read(f, true).records());
        List<Alert> stream = new ArrayList<>();
        long day = 86_400_000L;
        for (int copy = 0; copy < 6; copy++) {
            for (AlertRecord r : base) {
                Alert a = r.alert();
                long shift = copy * 3L * day;
                stream.add(a.toBuilder().id(a.getId() + "-c" + copy).tenant(copy % 2 == 0 ? a.getTenant() : a.getTenant() + "-x")
                        .startTime(a.getStartTime().plusMillis(shift)).endTime(a.getEndTime().plusMillis(shift))
                        .timeGenerated(a.getTimeGenerated() == null ? null : a.getTimeGenerated().plusMillis(shift)).build());
            }
        }
        stream.sort(Alert::byEventTimeThenId);
        // Shuffle within blocks of two minutes of event time; post in batches of up to 20.
        Random rnd = new Random(11);
        List<Alert> posted = new ArrayList<>();
        int i = 0;
        while (i < stream.size()) {
            int j = i;
            long start = stream.get(i).getEventTime();
            while (j < stream.size() && stream.get(j).getEventTime() < start + 120_000) j++;
            List<Alert> block = new ArrayList<>(stream.subList(i, j));
            Collections.shuffle(block, rnd);
            posted.addAll(block);
            i = j;
        }
        List<String> lines = new ArrayList<>();
        for (Alert a : posted) lines.add(sentinelJson(a));
        // Replay reads the very lines the service is sent.
        Path file = dir.resolve("stream.jsonl");
        Files.write(file, lines);
        List<Incident> expected = Replay.run(RuleSet.load(Path.of("rules")), List.of(file), true).incidents();
        try (TestService svc = TestService.start(dir, Map.of(Setting.LATENESS, "5m", Setting.FLUSH_AFTER_IDLE, "2s"))) {
            for (int from = 0; from < lines.size(); from += 20) {
                StringBuilder body = new StringBuilder();
                for (String line : lines.subList(from, Math.min(lines.size(), from + 20))) body.append(line).append('\n');
                Response r = svc.post("/api/alerts", TestService.INGEST, "application/x-ndjson", body.toString());
                assertEquals(202, r.status(), r.toString());
                assertEquals(0, r.json().path("rejected").asInt(), r.toString());
            }
            svc.settle();
            assertEquals(0, svc.service().metrics().alertsLate.sum(), "no alert came later than the lateness");
            assertSame(fromReplay(expected), fromService(svc));
        }
    }

    /** Equal maps, or a failure that lists only the differences. */
    static void assertSame(Map<String, String> expected, Map<String, String> actual) {
        List<String> diff = new ArrayList<>();
        for (var e : expected.entrySet()) {
            String got = actual.get(e.getKey());
            if (!e.getValue().equals(got)) diff.add("replay  " + e.getKey() + " = " + e.getValue() + "\nservice " + e.getKey() + " = " + got);
        }
        for (var e : actual.entrySet()) if (!expected.containsKey(e.getKey())) diff.add("service only " + e.getKey() + " = " + e.getValue());
        if (!diff.isEmpty()) throw new AssertionError(diff.size() + " differences of " + expected.size() + " incidents:\n" + String.join("\n", diff));
    }

    /** An alert as a Sentinel SecurityAlert row (JSON), the way a SIEM forwards it. */
    static String sentinelJson(Alert a) {
        var o = Json.object();
        o.put("TenantId", a.getTenant());
        o.put("SystemAlertId", a.getId());
        o.put("AlertName", a.getDisplayName());
        o.put("DisplayName", a.getDisplayName());
        o.put("AlertType", a.getAlertType());
        o.put("AlertSeverity", a.getSeverity().label());
        o.put("Description", a.getDescription());
        o.put("ProviderName", a.getProduct());
        o.put("StartTime", a.getStartTime().toString());
        o.put("EndTime", a.getEndTime().toString());
        if (a.getTimeGenerated() != null) o.put("TimeGenerated", a.getTimeGenerated().toString());
        o.put("Status", a.getStatus().label());
        o.put("CompromisedEntity", a.getCompromisedEntity());
        o.put("ResourceId", a.getResourceId());
        o.put("Tactics", String.join(",", a.getTactics().stream().map(Tactic::label).toList()));
        o.put("Techniques", Json.write(a.getTechniques()));
        var entities = Json.MAPPER.createArrayNode();
        int n = 1;
        for (var e : a.getEntities()) {
            var en = entities.addObject();
            en.put("$id", Integer.toString(n++));
            en.put("Type", e.type());
            en.put("Key", e.key());
        }
        o.put("Entities", entities.toString());
        return o.toString();
    }
}
