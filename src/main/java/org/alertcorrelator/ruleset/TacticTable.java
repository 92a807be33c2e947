package org.alertcorrelator.ruleset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.Tactic;

/**
 * Tactics by alert type and by display name, from {@code rules/alert-tactics.csv} (seeded from Microsoft's
 * Defender for Cloud alert reference). The rules use it for alerts that arrive without tactics.
 *
 * <p>Its {@code source} column says where a row's tactics come from: {@code reference} (Microsoft's reference, the
 * default when the column is empty or absent) or {@code inferred from description} (filled in where the alert's name
 * makes its intent plain). {@link #lookup(Alert)} gives the reference's only: correlating on inferred tactics turned
 * generated noise into kill chains (GeneratorTest at the default shape: 37 noise-only incidents instead of 0), so the
 * inferred ones are offered apart, by {@link #inferred(Alert)}, for showing.
 */
public final class TacticTable {
    static final String FILE = "alert-tactics.csv";

    static final String INFERRED = "inferred from description";

    private final Map<String, List<Tactic>> byType;
    private final Map<String, List<Tactic>> byName;
    private final Map<String, List<Tactic>> inferredByType;
    private final Map<String, List<Tactic>> inferredByName;

    TacticTable(Map<String, List<Tactic>> byType, Map<String, List<Tactic>> byName) {
        this(byType, byName, Map.of(), Map.of());
    }

    TacticTable(Map<String, List<Tactic>> byType, Map<String, List<Tactic>> byName,
                Map<String, List<Tactic>> inferredByType, Map<String, List<Tactic>> inferredByName) {
        this.byType = byType;
        this.byName = byName;
        this.inferredByType = inferredByType;
        this.inferredByName = inferredByName;
    }

    public static TacticTable empty() {
        return new TacticTable(Map.of(), Map.of());
    }

    static TacticTable load(Path file, String displayName, List<BuildProblem> problems) {
        Map<String, Set<Tactic>> refByType = new HashMap<>();
        Map<String, Set<Tactic>> refByName = new HashMap<>();
        Map<String, Set<Tactic>> infByType = new HashMap<>();
        Map<String, Set<Tactic>> infByName = new HashMap<>();
        List<String> header = List.of("alert_type", "alert_name", "tactics");
        for (TableFile.Row row : TableFile.readCsv(file, displayName, header, problems)) {
            List<Tactic> tactics = new ArrayList<>();
            for (String t : row.cell(2).split(";")) {
                String name = t.trim();
                // "?..." marks a value the reference gives that is no tactic (kept for the record, never used).
                if (name.isEmpty() || name.startsWith("?")) continue;
                Tactic tactic = Tactic.parse(name);
                if (tactic == null) {
                    problems.add(BuildProblem.error(displayName, row.line(), "\"" + name + "\" is not a MITRE ATT&CK tactic"));
                } else {
                    tactics.add(tactic);
                }
            }
            if (tactics.isEmpty()) continue;
            String source = row.cell(5);
            if (!source.isEmpty() && !source.equals("reference") && !source.equals(INFERRED)) {
                problems.add(BuildProblem.error(displayName, row.line(), "source \"" + source + "\" is neither reference nor " + INFERRED));
            }
            boolean inferred = source.equals(INFERRED);
            Map<String, Set<Tactic>> byType = inferred ? infByType : refByType;
            Map<String, Set<Tactic>> byName = inferred ? infByName : refByName;
            for (String type : row.cell(0).split(";")) {
                if (!type.isBlank()) byType.computeIfAbsent(key(type), k -> new LinkedHashSet<>()).addAll(tactics);
            }
            if (!row.cell(1).isEmpty()) byName.computeIfAbsent(key(row.cell(1)), k -> new LinkedHashSet<>()).addAll(tactics);
        }
        return new TacticTable(freeze(refByType), freeze(refByName), freeze(infByType), freeze(infByName));
    }

    private static Map<String, List<Tactic>> freeze(Map<String, Set<Tactic>> m) {
        Map<String, List<Tactic>> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return out;
    }

    private static String key(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        // The reference writes some names with a trailing full stop and some without.
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }

    /**
     * The tactics the table gives the alert's type, else its display name (all rows with that name together);
     * an empty list when neither is listed.
     */
    public List<Tactic> tacticsFor(Alert alert) {
        return lookup(alert).tactics();
    }

    /** {@link #tacticsFor(Alert)} as one value, for rules ({@code KnownTactics( !isEmpty() ) from tacticTable.lookup( $a )}). */
    public KnownTactics lookup(Alert alert) {
        List<Tactic> t = byType.get(key(alert.getAlertType()));
        if (t == null) t = byName.get(key(alert.getDisplayName()));
        return new KnownTactics(t == null ? List.of() : t);
    }

    /**
     * The tactics the table infers for an alert type (else name) that Microsoft's reference lists without any
     * ({@code source} "inferred from description"); empty when there are none or the reference has some.
     */
    public List<Tactic> inferred(Alert alert) {
        if (!lookup(alert).tactics().isEmpty()) return List.of();
        List<Tactic> t = inferredByType.get(key(alert.getAlertType()));
        if (t == null) t = inferredByName.get(key(alert.getDisplayName()));
        return t == null ? List.of() : t;
    }

    public int size() {
        return byType.size() + byName.size();
    }
}
