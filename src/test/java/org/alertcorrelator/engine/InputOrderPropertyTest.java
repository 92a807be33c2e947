package org.alertcorrelator.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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

import org.alertcorrelator.export.IncidentJson;
import org.alertcorrelator.model.Incident;
import org.alertcorrelator.ruleset.RuleSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property: whatever the order of the input files and of the records inside them, replay writes the same
 * bytes. Each seed shuffles every JSONL and CSV file's records and the list of files.
 */
class InputOrderPropertyTest {
    private static final RuleSet RULES = RuleSet.load(Path.of("rules"));

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89})
    void shuffledInputGivesIdenticalIncidents(long seed) throws IOException {
        List<Path> inputs = new ArrayList<>();
        try (Stream<Path> s = Files.walk(Path.of("fixtures"))) {
            s.filter(Files::isRegularFile).filter(Replay::isAlertFile)
                    .filter(p -> p.getFileName().toString().matches(".*\\.(json|jsonl|csv)")) // not LICENSE, NOTICE
                    .filter(p -> !p.toString().contains("/rules/"))
                    .filter(p -> !p.toString().contains("13-allow-listed"))
                    .sorted().forEach(inputs::add);
        }
        byte[] reference = replay(inputs);
        assertFalse(new String(reference, StandardCharsets.UTF_8).equals("[ ]\n"), "the fixtures raise incidents");

        Random random = new Random(seed);
        List<Path> shuffled = new ArrayList<>();
        int n = 0;
        for (Path in : inputs) shuffled.add(shuffledCopy(in, tmp.resolve((n++) + "-" + in.getFileName()), random));
        Collections.shuffle(shuffled, random);
        assertArrayEquals(reference, replay(shuffled), "seed " + seed);
    }

    private static byte[] replay(List<Path> files) throws IOException {
        List<Incident> incidents = Replay.run(RULES, files, true).incidents();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IncidentJson.writeArray(incidents, out);
        return out.toByteArray();
    }

    /** Shuffles the records of line-based files (JSONL: every line; CSV: every row after the header). */
    private static Path shuffledCopy(Path in, Path out, Random random) throws IOException {
        String name = in.getFileName().toString();
        List<String> lines = Files.readAllLines(in, StandardCharsets.UTF_8);
        boolean multiLineCsvCells = name.endsWith(".csv") && lines.stream().anyMatch(l -> l.chars().filter(c -> c == '"').count() % 2 == 1);
        if (name.endsWith(".jsonl")) {
            Collections.shuffle(lines, random);
        } else if (name.endsWith(".csv") && !multiLineCsvCells && lines.size() > 2) {
            List<String> rows = new ArrayList<>(lines.subList(1, lines.size()));
            Collections.shuffle(rows, random);
            rows.add(0, lines.get(0));
            lines = rows;
        }
        Files.write(out, lines, StandardCharsets.UTF_8);
        return out;
    }
}
