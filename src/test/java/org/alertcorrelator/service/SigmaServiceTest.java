package org.alertcorrelator.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.alertcorrelator.engine.Replay;
import org.alertcorrelator.ruleset.RuleSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Correlation blocks and Sigma rules in the service give the incidents of replay, with the same ids. */
class SigmaServiceTest {
    @Test
    void sigmaCorrelationsInTheServiceGiveTheIncidentsOfReplay(@TempDir Path dir) throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        for (Path from : List.of(Path.of("rules"), Path.of("fixtures/scenarios/42-sigma-temporal/rules"),
                Path.of("fixtures/scenarios/48-sigma-failed-logins-then-success/rules"))) {
            try (Stream<Path> s = Files.list(from)) {
                for (Path f : s.toList()) Files.copy(f, rules.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        List<Path> files = List.of(Path.of("fixtures/scenarios/48-sigma-failed-logins-then-success/alerts.jsonl"),
                Path.of("fixtures/scenarios/42-sigma-temporal/alerts.jsonl"));
        Map<String, String> expected = ReplayEquivalenceTest.fromReplay(Replay.run(RuleSet.load(rules), files, false).incidents());
        assertFalse(expected.isEmpty());
        assertTrue(expected.values().stream().anyMatch(v -> v.startsWith("CorrelationMultipleFailedLoginsF High")), expected.toString());
        try (TestService svc = TestService.start(dir, Map.of(Setting.RULES, rules.toString(), Setting.LATENESS, "3650d",
                Setting.FLUSH_AFTER_IDLE, "2s"))) {
            for (Path f : files) svc.postFile(f, TestService.INGEST);
            svc.settle();
            ReplayEquivalenceTest.assertSame(expected, ReplayEquivalenceTest.fromService(svc));
        }
    }
}
