package org.alertcorrelator.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.alertcorrelator.cli.Main;
import org.alertcorrelator.engine.Replay;
import org.alertcorrelator.ruleset.RuleSet;
import org.alertcorrelator.service.TestService.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A realistic stream from {@code generate} (noise, infrastructure, scanner waves, campaigns over days), posted
 * in batches as a SIEM forwards it: the service gives replay's incidents, with the same ids, and again after a
 * restart.
 */
class GeneratedStreamTest {
    @Test
    void theServiceGivesReplaysIncidentsForAGeneratedStream(@TempDir Path dir) throws Exception {
        Path alerts = dir.resolve("alerts.jsonl");
        int exit = Main.execute("generate", "--alerts", "6000", "--days", "3", "--tenants", "3", "--seed", "5",
                "--catalog", "rules/alert-tactics.csv", "--out", alerts.toString(), "--truth", dir.resolve("truth.csv").toString());
        assertEquals(0, exit);
        List<String> lines = Files.readAllLines(alerts);
        Map<String, String> expected = ReplayEquivalenceTest.fromReplay(
                Replay.run(RuleSet.load(Path.of("rules")), List.of(alerts), true).incidents());
        assertTrue(expected.size() >= 3, "the stream raises incidents: " + expected.size());
        try (TestService svc = TestService.start(dir, Map.of(Setting.FLUSH_AFTER_IDLE, "1s"))) {
            for (int from = 0; from < lines.size(); from += 200) {
                Response r = svc.post("/api/alerts", TestService.INGEST, "application/x-ndjson",
                        String.join("\n", lines.subList(from, Math.min(lines.size(), from + 200))));
                assertEquals(202, r.status(), r.toString());
            }
            svc.settle();
            ReplayEquivalenceTest.assertSame(expected, ReplayEquivalenceTest.fromService(svc));
            svc.restart();
            ReplayEquivalenceTest.assertSame(expected, ReplayEquivalenceTest.fromService(svc));
        }
    }
}
