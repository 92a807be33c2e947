package org.alertcorrelator.ruleset;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads the small tables in rules/ (CSV with a header row, or one value per line), skipping blank lines and
 * {@code #} comments, and keeping each row's line number for error messages.
 */
final class TableFile {

    record Row(int line, List<String> cells) {
        String cell(int i) {
            return i < cells.size() ? cells.get(i).trim() : "";
        }
    }

    private TableFile() {
    }

    /** Data lines of a plain list file, trimmed, with their line numbers. */
    static List<Row> readList(Path file, String displayName, List<BuildProblem> problems) {
        List<Row> rows = new ArrayList<>();
        List<String> lines = lines(file, displayName, problems);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) continue;
            rows.add(new Row(i + 1, List.of(line)));
        }
        return rows;
    }

    /**
     * Rows of a CSV table after its header; checks the header names the expected columns (in that order,
     * case-insensitive) and reports rows it cannot split.
     */
    static List<Row> readCsv(Path file, String displayName, List<String> expectedHeader, List<BuildProblem> problems) {
        List<Row> rows = new ArrayList<>();
        List<String> lines = lines(file, displayName, problems);
        boolean headerSeen = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.trim().startsWith("#")) continue;
            List<String> cells;
            try {
                List<CSVRecord> parsed = CSVFormat.DEFAULT.parse(new StringReader(line)).getRecords();
                cells = parsed.isEmpty() ? List.of() : parsed.get(0).toList();
            } catch (IOException | RuntimeException e) {
                problems.add(BuildProblem.error(displayName, i + 1, "cannot read this row: " + e.getMessage()));
                continue;
            }
            if (!headerSeen) {
                headerSeen = true;
                List<String> got = cells.stream().map(c -> c.trim().toLowerCase(Locale.ROOT)).toList();
                List<String> want = expectedHeader.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
                if (got.size() < want.size() || !got.subList(0, want.size()).equals(want)) {
                    problems.add(BuildProblem.error(displayName, i + 1, "expected the header " + String.join(",", expectedHeader)));
                    return rows;
                }
                continue;
            }
            rows.add(new Row(i + 1, cells));
        }
        return rows;
    }

    private static List<String> lines(Path file, String displayName, List<BuildProblem> problems) {
        if (!Files.exists(file)) return List.of();
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(BuildProblem.error(displayName, 0, "cannot read: " + e.getMessage()));
            return List.of();
        }
    }
}
