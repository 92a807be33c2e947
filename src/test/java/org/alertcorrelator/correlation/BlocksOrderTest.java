package org.alertcorrelator.correlation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.alertcorrelator.engine.Replay;
import org.alertcorrelator.export.IncidentJson;
import org.alertcorrelator.ruleset.RuleSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blocks depend on event time only: the alerts of the Sigma scenarios (counts, sequences, correlations of
 * correlations), shuffled and split over two files, give the same bytes as in order.
 */
class BlocksOrderTest {
    @TempDir
    Path tmp;

    @Test
    void shuffledInputGivesIdenticalIncidents() throws IOException {
        Path rules = tmp.resolve("rules");
        Files.createDirectories(rules);
        for (Path dir : List.of(Path.of("rules"), 
                Path.of("fixtures/scenarios/48-sigma-failed-logins-then-success/rules"),
                Path.of("fixtures/scenarios/42-sigma-temporal/rules"))) {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path f : s.toList()) Files.copy(f, rules.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        RuleSet set = RuleSet.load(rules);
        List<String> lines = new ArrayList<>();
        for (String sc : List.of("42-sigma-temporal", "48-sigma-failed-logins-then-success")) {
            lines.addAll(Files.readAllLines(Path.of("fixtures/scenarios", sc, "alerts.jsonl")));
        }
        Path ordered = tmp.resolve("ordered.jsonl");
        Files.write(ordered, lines);
        byte[] reference = replay(set, List.of(ordered));
        String text = new String(reference, StandardCharsets.UTF_8);
        assertTrue(text.contains("\"kind\" : \"CorrelationMultipleFailedLoginsF\"") || text.contains("\"kind\":\"CorrelationMultipleFailedLoginsF\""), text.substring(0, Math.min(500, text.length())));
        for (long seed : new long[] {1, 2, 3}) {
            List<String> shuffled = new ArrayList<>(lines);
            Collections.shuffle(shuffled, new Random(seed));
            Path a = tmp.resolve("a-" + seed + ".jsonl");
            Path b = tmp.resolve("b-" + seed + ".jsonl");
            Files.write(a, shuffled.subList(0, shuffled.size() / 2));
            Files.write(b, shuffled.subList(shuffled.size() / 2, shuffled.size()));
            assertArrayEquals(reference, replay(set, List.of(b, a)), "seed " + seed);
        }
    }

    private static byte[] replay(RuleSet rules, List<Path> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IncidentJson.writeArray(Replay.run(rules, files, true).incidents(), out);
        return out.toByteArray();
    }
}
