package org.alertcorrelator.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.alertcorrelator.ruleset.BuildProblem;
import org.alertcorrelator.ruleset.EvidenceLists;
import org.alertcorrelator.ruleset.RuleSet;
import org.alertcorrelator.ruleset.Settings;
import org.alertcorrelator.ruleset.TacticTable;
import org.alertcorrelator.model.KillChain;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Global;

/**
 * What a rule set that builds can still get wrong when it runs, checked by running it: globals the engine does not
 * provide (or provides with another type), and failures when a session starts.
 */
public final class SessionCheck {
    /** The globals the engine sets, with their types. */
    static final Map<String, Class<?>> GLOBAL_TYPES = Map.ofEntries(Map.entry("settings", Settings.class),
            Map.entry("killChain", KillChain.class), Map.entry("tacticTable", TacticTable.class),
            Map.entry("lists", EvidenceLists.class), Map.entry("entities", EntityIndex.class), Map.entry("groups", LiveGroups.class),
            Map.entry("blocks", org.alertcorrelator.correlation.Blocks.class),
            Map.entry("risk", org.alertcorrelator.correlation.RiskTable.class),
            Map.entry("prevalence", PrevalenceRecorder.class), Map.entry("activeHosts", ActiveHosts.class),
            Map.entry("stream", AlertStream.class));

    private SessionCheck() {
    }

    public static List<BuildProblem> check(RuleSet rules) {
        List<BuildProblem> out = new ArrayList<>();
        for (KiePackage p : rules.kieBase().getKiePackages()) {
            for (Global g : p.getGlobalVariables()) {
                Class<?> given = GLOBAL_TYPES.get(g.getName());
                Location at = find(rules, "global\\s+[\\w.$<>,\\s]+?\\s+" + Pattern.quote(g.getName()) + "\\b");
                if (given == null) {
                    out.add(BuildProblem.error(at.file, at.line, "global " + g.getName() + ": the engine provides no such global (it provides "
                            + String.join(", ", new java.util.TreeSet<>(GLOBAL_TYPES.keySet())) + "); it would be null when a rule uses it"));
                    continue;
                }
                String declared = g.getType();
                if (!assignable(declared, given)) {
                    out.add(BuildProblem.error(at.file, at.line, "global " + g.getName() + " is declared as " + declared + " but the engine gives a "
                            + given.getName()));
                }
            }
        }
        if (!out.isEmpty()) return out;
        try (Correlator c = new Correlator(rules)) {
            c.advanceTo(0);
        } catch (RuntimeException e) {
            out.add(BuildProblem.error(rules.directory().toString(), 0, "the rules fail when a session starts: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replaceAll("\\s+", " "))));
        }
        return out;
    }

    private static boolean assignable(String declared, Class<?> given) {
        for (Class<?> c = given; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(declared) || c.getSimpleName().equals(declared)) return true;
            for (Class<?> i : c.getInterfaces()) if (i.getName().equals(declared) || i.getSimpleName().equals(declared)) return true;
        }
        return declared.equals("Object") || declared.equals("java.lang.Object");
    }

    private record Location(String file, int line) {
    }

    private static Location find(RuleSet rules, String regex) {
        Pattern p = Pattern.compile(regex);
        for (Path f : rules.files()) {
            if (!f.getFileName().toString().endsWith(".drl")) continue;
            try {
                String[] lines = Files.readString(f, StandardCharsets.UTF_8).split("\n", -1);
                for (int i = 0; i < lines.length; i++) if (p.matcher(lines[i]).find()) return new Location(f.toString(), i + 1);
            } catch (IOException e) {
                // unreadable: the build said so
            }
        }
        return new Location(rules.directory().toString(), 0);
    }
}
