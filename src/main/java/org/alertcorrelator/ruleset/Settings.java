package org.alertcorrelator.ruleset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The correlation parameters from {@code rules/settings.properties}. Rules read them through the global
 * {@code settings}, so changing a value needs no rebuild of the program, only of the rules.
 */
public final class Settings {
    public static final String FILE = "settings.properties";

    private final Duration window;
    private final int maxHostsPerEntity;
    private final int maxAlertsPerIncident;
    private final Set<String> strongEntityTypes;
    private final String[] strongTypes;
    private final int highSeverityStageCount;
    private final Duration sweepInterval;
    /** Cross-tenant prevalence and relative infrastructure; set once, by load. */
    private PrevalenceSettings prevalence = PrevalenceSettings.defaults();

    public Settings(Duration window, int maxHostsPerEntity, int maxAlertsPerIncident, Set<String> strongEntityTypes,
                    int highSeverityStageCount, Duration sweepInterval) {
        this.window = window;
        this.maxHostsPerEntity = maxHostsPerEntity;
        this.maxAlertsPerIncident = maxAlertsPerIncident;
        this.strongEntityTypes = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(strongEntityTypes));
        this.strongTypes = this.strongEntityTypes.stream().map(String::intern).toArray(String[]::new);
        this.highSeverityStageCount = highSeverityStageCount;
        this.sweepInterval = sweepInterval;
    }

    public static Settings defaults() {
        return new Settings(Duration.ofHours(24), 20, 150,
                new LinkedHashSet<>(List.of("host", "account", "ip", "filehash", "azure-resource", "mailbox", "url")),
                3, Duration.ofHours(1));
    }

    /**
     * Reads the settings file; unknown keys and bad values become problems naming the file and line.
     * Keys left out keep their defaults.
     */
    public static Settings load(Path file, String displayName, List<BuildProblem> problems) {
        Settings d = defaults();
        if (!Files.exists(file)) return d;
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Integer> lineOf = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(BuildProblem.error(displayName, 0, "cannot read: " + e.getMessage()));
            return d;
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) continue;
            int eq = indexOfSeparator(line);
            if (eq < 0) {
                problems.add(BuildProblem.error(displayName, i + 1, "expected key = value"));
                continue;
            }
            values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            lineOf.put(line.substring(0, eq).trim(), i + 1);
        }
        Duration window = d.window;
        int maxHosts = d.maxHostsPerEntity;
        int maxAlerts = d.maxAlertsPerIncident;
        Set<String> strong = d.strongEntityTypes;
        int stages = d.highSeverityStageCount;
        Duration sweep = d.sweepInterval;
        PrevalenceSettings prevalence = d.prevalence;
        for (Map.Entry<String, String> e : values.entrySet()) {
            int line = lineOf.get(e.getKey());
            try {
                if (PrevalenceSettings.KEYS.contains(e.getKey())) {
                    prevalence = prevalence.with(e.getKey(), e.getValue());
                    continue;
                }
                switch (e.getKey()) {
                    case "window" -> window = positive(Durations.parse(e.getValue()));
                    case "maxHostsPerEntity" -> maxHosts = positiveInt(e.getValue());
                    case "maxAlertsPerIncident" -> maxAlerts = positiveInt(e.getValue());
                    case "strongEntityTypes" -> strong = typeList(e.getValue());
                    case "highSeverityStageCount" -> stages = positiveInt(e.getValue());
                    case "sweepInterval" -> sweep = positive(Durations.parse(e.getValue()));
                    default -> problems.add(BuildProblem.error(displayName, line, "unknown setting \"" + e.getKey()
                            + "\" (known: window, maxHostsPerEntity, maxAlertsPerIncident, strongEntityTypes, highSeverityStageCount, sweepInterval, "
                            + String.join(", ", PrevalenceSettings.KEYS) + ")"));
                }
            } catch (IllegalArgumentException ex) {
                problems.add(BuildProblem.error(displayName, line, e.getKey() + ": " + ex.getMessage()));
            }
        }
        Settings loaded = new Settings(window, maxHosts, maxAlerts, strong, stages, sweep);
        loaded.prevalence = prevalence;
        return loaded;
    }

    private static int indexOfSeparator(String line) {
        int eq = line.indexOf('=');
        int colon = line.indexOf(':');
        if (eq < 0) return colon;
        if (colon < 0) return eq;
        return Math.min(eq, colon);
    }

    private static Duration positive(Duration d) {
        if (d.isZero() || d.isNegative()) throw new IllegalArgumentException("must be more than zero");
        return d;
    }

    private static int positiveInt(String text) {
        try {
            int n = Integer.parseInt(text.trim());
            if (n < 1) throw new IllegalArgumentException("must be 1 or more");
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a whole number");
        }
    }

    private static Set<String> typeList(String text) {
        Set<String> types = new LinkedHashSet<>();
        for (String part : text.split(",")) {
            String t = part.trim().toLowerCase(Locale.ROOT);
            if (!t.isEmpty()) types.add(t);
        }
        if (types.isEmpty()) throw new IllegalArgumentException("name at least one entity type");
        return types;
    }

    /** The correlation window W. */
    public Duration getWindow() {
        return window;
    }

    public long getWindowMillis() {
        return window.toMillis();
    }

    /** An entity seen on more distinct hosts than this within the window is infrastructure. */
    public int getMaxHostsPerEntity() {
        return maxHostsPerEntity;
    }

    /** An incident holds at most this many alerts; more go to a continuation incident. */
    public int getMaxAlertsPerIncident() {
        return maxAlertsPerIncident;
    }

    /** Entity types whose shared keys link alerts. */
    public Set<String> getStrongEntityTypes() {
        return strongEntityTypes;
    }

    public boolean isStrong(String entityType) {
        // Called for every entity of every alert: a short array of (interned) names beats a hash lookup.
        for (String t : strongTypes) if (t.equals(entityType)) return true;
        return false;
    }

    /** An incident with this many distinct kill-chain stages or more is High. */
    public int getHighSeverityStageCount() {
        return highSeverityStageCount;
    }

    /** Cross-tenant prevalence and relative infrastructure settings. */
    public PrevalenceSettings getPrevalence() {
        return prevalence;
    }

    /** How often, in event time, final incidents and forgotten entities are swept out of memory. */
    public Duration getSweepInterval() {
        return sweepInterval;
    }

    /** The settings as key = value lines (for `check` and the service's rule listing). */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        out.add("window = " + Durations.format(window));
        out.add("maxHostsPerEntity = " + maxHostsPerEntity);
        out.add("maxAlertsPerIncident = " + maxAlertsPerIncident);
        out.add("strongEntityTypes = " + String.join(", ", strongEntityTypes));
        out.add("highSeverityStageCount = " + highSeverityStageCount);
        out.add("sweepInterval = " + Durations.format(sweepInterval));
        out.addAll(prevalence.describe());
        return out;
    }
}
