package org.alertcorrelator.correlation;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.Severity;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Risk score per alert, from {@code rules/risk-scores.csv}: rows {@code alert_type,<type>,<score>} and
 * {@code severity,<severity>,<score>}. An alert's score is the one a rule set on it, else its alert type's,
 * else its severity's; severities not in the table score {@link #DEFAULTS} (Informational 5, Low 20, Medium 50,
 * High 80).
 */
public final class RiskTable {
    public static final String FILE = "risk-scores.csv";
    public static final Map<Severity, Integer> DEFAULTS = Map.of(Severity.INFORMATIONAL, 5, Severity.LOW, 20,
            Severity.MEDIUM, 50, Severity.HIGH, 80);

    private final Map<String, Integer> byAlertType;
    private final Map<Severity, Integer> bySeverity;

    /** A problem in the table: its line and what is wrong. */
    public record Problem(int line, String message) {
    }

    private RiskTable(Map<String, Integer> byAlertType, Map<Severity, Integer> bySeverity) {
        this.byAlertType = byAlertType;
        this.bySeverity = bySeverity;
    }

    public static RiskTable defaults() {
        return new RiskTable(Map.of(), new EnumMap<>(DEFAULTS));
    }

    /** Reads the table (a missing file gives the defaults); each bad row is a problem, the rest is read. */
    public static RiskTable load(Path file, List<Problem> problems) {
        Map<String, Integer> byType = new HashMap<>();
        Map<Severity, Integer> bySeverity = new EnumMap<>(DEFAULTS);
        if (!Files.exists(file)) return new RiskTable(byType, bySeverity);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(new Problem(0, "cannot read: " + e.getMessage()));
            return new RiskTable(byType, bySeverity);
        }
        boolean header = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.trim().startsWith("#")) continue;
            List<String> cells;
            try {
                List<CSVRecord> recs = CSVFormat.DEFAULT.parse(new StringReader(line)).getRecords();
                cells = recs.isEmpty() ? List.of() : recs.get(0).toList().stream().map(String::trim).toList();
            } catch (IOException | RuntimeException e) {
                problems.add(new Problem(i + 1, "cannot read this row: " + e.getMessage()));
                continue;
            }
            if (!header) {
                header = true;
                if (!cells.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList().equals(List.of("match", "value", "score"))) {
                    problems.add(new Problem(i + 1, "expected the header match,value,score"));
                    return new RiskTable(byType, bySeverity);
                }
                continue;
            }
            if (cells.size() != 3) {
                problems.add(new Problem(i + 1, "expected 3 columns (match,value,score), got " + cells.size()));
                continue;
            }
            int score;
            try {
                score = Integer.parseInt(cells.get(2));
                if (score < 0 || score > 1_000_000) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                problems.add(new Problem(i + 1, "score: \"" + cells.get(2) + "\" is not a whole number from 0 to 1000000"));
                continue;
            }
            switch (cells.get(0).toLowerCase(Locale.ROOT)) {
                case "alert_type" -> byType.put(cells.get(1), score);
                case "severity" -> {
                    Severity s = Severity.parse(cells.get(1));
                    if (s == null) problems.add(new Problem(i + 1, "value: \"" + cells.get(1) + "\" is not a severity"));
                    else bySeverity.put(s, score);
                }
                default -> problems.add(new Problem(i + 1, "match: \"" + cells.get(0) + "\" is neither alert_type nor severity"));
            }
        }
        return new RiskTable(Map.copyOf(byType), bySeverity);
    }

    /** The alert's risk score: set by a rule, else by its alert type, else by its severity. */
    public int scoreOf(Alert a) {
        if (a.hasRiskScore()) return a.getRiskScoreOr(0);
        Integer t = byAlertType.get(a.getAlertType());
        if (t != null) return t;
        return bySeverity.getOrDefault(a.getSeverity(), 0);
    }

    /** Rows of the table, for {@code check}: how many alert types are listed. */
    public int alertTypeCount() {
        return byAlertType.size();
    }

    /** Severity scores in use, for documentation and tests. */
    public Map<Severity, Integer> severityScores() {
        return new EnumMap<>(bySeverity);
    }

}
