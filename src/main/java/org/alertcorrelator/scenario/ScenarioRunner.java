package org.alertcorrelator.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.alertcorrelator.engine.Replay;
import org.alertcorrelator.ingest.InputException;
import org.alertcorrelator.model.Incident;
import org.alertcorrelator.model.Tactic;
import org.alertcorrelator.ruleset.RuleSet;
import org.alertcorrelator.ruleset.RuleSetException;

/**
 * Runs scenario folders against a rule set: replays each folder's alerts and compares the incidents with
 * {@code expected.json}. Incidents are matched by their set of alert ids; every expected incident must be
 * raised, with the tactics, severity and kind it names, and no other incident may be.
 */
public final class ScenarioRunner {
    private final Path rulesDir;
    private final List<Path> overlays;
    private RuleSet defaultRules;

    public ScenarioRunner(Path rulesDir) {
        this(rulesDir, List.of());
    }

    /**
     * @param overlays folders whose files are laid over the rule set for every scenario, in order (a pack of
     *                 example rules); a scenario's own rules/ folder comes last
     */
    public ScenarioRunner(Path rulesDir, List<Path> overlays) {
        this.rulesDir = rulesDir;
        this.overlays = List.copyOf(overlays);
    }

    /** The scenario folders directly under {@code dir} (those with an expected.json), sorted by name. */
    public static List<Path> scenariosIn(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p.resolve(Scenario.EXPECTED))).sorted().toList();
        } catch (IOException e) {
            throw new InputException(dir + ": cannot list scenarios: " + e.getMessage());
        }
    }

    public ScenarioResult run(Path dir) {
        long start = System.nanoTime();
        Scenario scenario;
        try {
            scenario = Scenario.load(dir);
        } catch (InputException e) {
            return new ScenarioResult(new Scenario(dir, "", List.of()), false, List.of(), 0, e.getMessage());
        }
        try {
            RuleSet rules = rulesFor(scenario);
            Replay.Result result = Replay.run(rules, List.of(dir), true);
            List<String> diff = compare(scenario.expected(), result.incidents());
            return new ScenarioResult(scenario, diff.isEmpty(), diff, (System.nanoTime() - start) / 1_000_000, null);
        } catch (InputException | RuleSetException | org.alertcorrelator.engine.RuleFailure e) {
            return new ScenarioResult(scenario, false, List.of(), (System.nanoTime() - start) / 1_000_000, e.getMessage());
        }
    }

    /** The rules a scenario runs with, and what they raise from its alerts. */
    public record Raised(RuleSet rules, Replay.Result result) {
    }

    /** Replays a scenario again (for a report of what it raised); fails as {@link #run} would report. */
    public Raised raise(Scenario scenario) {
        RuleSet rules = rulesFor(scenario);
        return new Raised(rules, Replay.run(rules, List.of(scenario.dir()), true));
    }

    private RuleSet rulesFor(Scenario scenario) {
        boolean own = Files.isDirectory(scenario.rulesOverride());
        if (!own && defaultRules != null) return defaultRules;
        if (!own && overlays.isEmpty()) {
            if (!Files.isDirectory(rulesDir)) throw new InputException(rulesDir + ": rules directory not found");
            defaultRules = RuleSet.load(rulesDir);
            return defaultRules;
        }
        List<Path> layers = new ArrayList<>(overlays);
        if (own) layers.add(scenario.rulesOverride());
        RuleSet rules = layered(layers);
        if (!own) defaultRules = rules;
        return rules;
    }

    /** The rule set with each layer's files laid over it; problems name the files where they are, not the copies. */
    private RuleSet layered(List<Path> layers) {
        if (!Files.isDirectory(rulesDir)) throw new InputException(rulesDir + ": rules directory not found");
        try {
            Path tmp = Files.createTempDirectory("scenario-rules-");
            Map<String, Path> origin = new HashMap<>();
            try (Stream<Path> s = Files.list(rulesDir)) {
                for (Path f : s.filter(Files::isRegularFile).toList()) {
                    Files.copy(f, tmp.resolve(f.getFileName()));
                    origin.put(f.getFileName().toString(), f);
                }
            }
            for (Path layer : layers) {
                if (!Files.isDirectory(layer)) throw new InputException(layer + ": rules folder not found");
                try (Stream<Path> s = Files.list(layer)) {
                    for (Path f : s.filter(Files::isRegularFile).toList()) {
                        Files.copy(f, tmp.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                        origin.put(f.getFileName().toString(), f);
                    }
                }
            }
            try {
                return RuleSet.load(tmp);
            } catch (RuleSetException e) {
                List<org.alertcorrelator.ruleset.BuildProblem> mapped = new ArrayList<>();
                for (org.alertcorrelator.ruleset.BuildProblem p : e.problems()) {
                    String file = p.file();
                    if (file.startsWith(tmp.toString())) {
                        String rest = file.substring(tmp.toString().length()).replaceFirst("^[/\\\\]", "");
                        Path o = origin.get(rest);
                        file = o != null ? o.toString() : rulesDir.resolve(rest).toString();
                    }
                    mapped.add(new org.alertcorrelator.ruleset.BuildProblem(file, p.line(), p.level(),
                            p.message().replace(tmp.toString(), rulesDir.toString())));
                }
                throw new RuleSetException(mapped);
            } finally {
                try (Stream<Path> s = Files.list(tmp)) {
                    for (Path f : s.toList()) Files.deleteIfExists(f);
                }
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Readable differences between what was expected and what was raised; empty when they agree. */
    public static List<String> compare(List<ExpectedIncident> expected, List<Incident> actual) {
        List<String> diff = new ArrayList<>();
        Map<Set<String>, Incident> byAlerts = new HashMap<>();
        for (Incident i : actual) byAlerts.put(new HashSet<>(i.alertIds()), i);
        Set<Set<String>> matched = new HashSet<>();
        for (ExpectedIncident e : expected) {
            Set<String> want = new HashSet<>(e.alertIds());
            Incident got = byAlerts.get(want);
            if (got == null) {
                diff.add("missing: incident with alerts " + sorted(want) + closest(want, actual));
                continue;
            }
            matched.add(want);
            if (e.tactics() != null) {
                List<String> gotTactics = got.tactics().stream().map(Tactic::label).toList();
                List<String> wantTactics = e.tactics().stream().map(t -> {
                    Tactic parsed = Tactic.parse(t);
                    return parsed == null ? t : parsed.label();
                }).toList();
                if (!gotTactics.equals(wantTactics)) {
                    diff.add("incident " + sorted(want) + ": tactics expected " + wantTactics + " but were " + gotTactics);
                }
            }
            if (e.severity() != null && !e.severity().equalsIgnoreCase(got.severity().label())) {
                diff.add("incident " + sorted(want) + ": severity expected " + e.severity() + " but was " + got.severity().label());
            }
            if (e.kind() != null && !e.kind().equalsIgnoreCase(got.kind())) {
                diff.add("incident " + sorted(want) + ": kind expected " + e.kind() + " but was " + got.kind());
            }
        }
        List<Incident> extra = new ArrayList<>();
        for (Incident i : actual) if (!matched.contains(new HashSet<>(i.alertIds()))) extra.add(i);
        extra.sort(Comparator.comparing(Incident::firstActivityTime));
        for (Incident i : extra) {
            diff.add("unexpected: " + i.kind() + " " + i.severity().label() + " incident with alerts "
                    + sorted(new HashSet<>(i.alertIds())) + " (\"" + i.title() + "\")");
        }
        return diff;
    }

    /** For a missing incident, what was raised instead with the most alerts in common. */
    private static String closest(Set<String> want, List<Incident> actual) {
        Incident best = null;
        int bestCommon = 0;
        for (Incident i : actual) {
            int common = 0;
            for (String id : i.alertIds()) if (want.contains(id)) common++;
            if (common > bestCommon) {
                best = i;
                bestCommon = common;
            }
        }
        if (best == null) return "; no incident holds any of them";
        Set<String> got = new HashSet<>(best.alertIds());
        Set<String> lacking = new TreeSet<>(want);
        lacking.removeAll(got);
        Set<String> surplus = new TreeSet<>(got);
        surplus.removeAll(want);
        return "; closest raised: " + sorted(got) + (lacking.isEmpty() ? "" : ", lacking " + lacking)
                + (surplus.isEmpty() ? "" : ", with extra " + surplus);
    }

    private static String sorted(Set<String> ids) {
        return new TreeSet<>(ids).toString();
    }
}
