package org.alertcorrelator.ruleset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code rules/patterns.csv}: step pairs learned from a history of alerts (the {@code patterns} command writes
 * it), which seed the cross-tenant counts of every session: a team ships what it learned from last quarter's
 * alerts. Seeded counts do not age out of the horizon. Only step names and counts, no tenant.
 */
public final class PatternSeed {
    public static final String FILE = "patterns.csv";
    public static final List<String> HEADER = List.of("first", "then", "tenants", "linked", "reverse", "firstCount",
            "thenCount", "alerts", "confidence", "lift", "firstSeen", "lastSeen");

    /** One learned pair (confidence and lift are derived again from the counts, and not kept). */
    public record Row(String first, String then, int tenants, long linked, long reverse, long firstCount, long thenCount,
                      long alerts, long firstSeen, long lastSeen) {
    }

    private PatternSeed() {
    }

    /** The rows of the file, or none when there is no such file; bad rows become problems naming the line. */
    public static List<Row> load(Path file, String displayName, List<BuildProblem> problems) {
        if (!Files.exists(file)) return List.of();
        List<Row> rows = new ArrayList<>();
        for (TableFile.Row r : TableFile.readCsv(file, displayName, HEADER, problems)) {
            try {
                String first = r.cell(0);
                String then = r.cell(1);
                if (first.isEmpty() || then.isEmpty()) throw new IllegalArgumentException("first and then must name a step");
                rows.add(new Row(first, then, (int) count(r.cell(2), "tenants"), count(r.cell(3), "linked"),
                        count(r.cell(4), "reverse"), count(r.cell(5), "firstCount"), count(r.cell(6), "thenCount"),
                        count(r.cell(7), "alerts"), time(r.cell(10), "firstSeen"), time(r.cell(11), "lastSeen")));
            } catch (IllegalArgumentException e) {
                problems.add(BuildProblem.error(displayName, r.line(), e.getMessage()));
            }
        }
        return rows;
    }

    private static long count(String text, String column) {
        try {
            long n = Long.parseLong(text);
            if (n < 0 || n > 1_000_000_000_000L) throw new NumberFormatException();
            if (column.equals("tenants") && n > 1_000_000) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(column + ": \"" + text + "\" is not a count");
        }
    }

    private static long time(String text, String column) {
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException(column + ": \"" + text + "\" is not an ISO-8601 UTC time");
        }
    }
}
