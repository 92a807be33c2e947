package org.alertcorrelator.sigma;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.alertcorrelator.correlation.AlertFields;

/**
 * Compiles the Sigma rules of a rules folder (every {@code *.yml}) to DRL, one DRL text per file: detection rules
 * become rules on each arriving alert that feed the correlation blocks referring to them; correlation rules
 * become rules on their block's windows that raise an incident (or feed the correlations referring to them).
 * References by id or name work across the files of the folder. Every error names FILE:LINE and the key.
 */
public final class SigmaCompiler {
    /** The DRL of each file and the errors; no DRL is given for a folder with errors. */
    public record Result(Map<Path, String> drl, List<SigmaError> errors) {
    }

    private SigmaCompiler() {
    }

    public static Result compile(List<Path> ymlFiles) {
        List<SigmaError> errors = new ArrayList<>();
        List<SigmaRule> rules = new ArrayList<>();
        for (Path f : ymlFiles) rules.addAll(new SigmaReader(f, errors).read());
        Map<String, SigmaRule> byRef = index(rules, errors);
        Map<SigmaRule.Correlation, List<SigmaRule>> resolved = resolve(rules, byRef, errors);
        checkCycles(resolved, errors);
        if (!errors.isEmpty()) return new Result(Map.of(), errors);
        Map<Path, String> drl = new DrlWriter(rules, resolved, errors).write(ymlFiles);
        return new Result(errors.isEmpty() ? drl : Map.of(), errors);
    }

    private static Map<String, SigmaRule> index(List<SigmaRule> rules, List<SigmaError> errors) {
        Map<String, SigmaRule> byRef = new HashMap<>();
        for (SigmaRule r : rules) {
            for (String ref : new LinkedHashSet<>(java.util.Arrays.asList(r.id(), r.name()))) {
                if (ref == null) continue;
                SigmaRule other = byRef.putIfAbsent(ref, r);
                if (other != null && other != r) {
                    errors.add(new SigmaError(r.file(), r.line(), r.id() != null && r.id().equals(ref) ? "id" : "name",
                            "\"" + ref + "\" is already used by the rule at " + other.file() + ":" + other.line()));
                }
            }
        }
        return byRef;
    }

    private static Map<SigmaRule.Correlation, List<SigmaRule>> resolve(List<SigmaRule> rules, Map<String, SigmaRule> byRef,
                                                                      List<SigmaError> errors) {
        Map<SigmaRule.Correlation, List<SigmaRule>> out = new LinkedHashMap<>();
        for (SigmaRule r : rules) {
            if (!(r instanceof SigmaRule.Correlation c)) continue;
            List<SigmaRule> refs = new ArrayList<>();
            Set<SigmaRule> seen = new java.util.HashSet<>();
            for (SigmaRule.Reference ref : c.rules()) {
                SigmaRule target = byRef.get(ref.text());
                if (target == null) {
                    errors.add(new SigmaError(c.file(), ref.line(), "correlation.rules",
                            "unknown rule \"" + ref.text() + "\": no rule in the rules folder has this id or name"));
                } else if (target == c) {
                    errors.add(new SigmaError(c.file(), ref.line(), "correlation.rules", "a correlation cannot refer to itself"));
                } else if (!seen.add(target)) {
                    errors.add(new SigmaError(c.file(), ref.line(), "correlation.rules", "\"" + ref.text() + "\" is referred to twice"));
                } else {
                    refs.add(target);
                }
            }
            checkFields(c, refs, errors);
            out.put(c, refs);
        }
        return out;
    }

    /** Group-by fields and aliases must name alert fields; value types need a field. */
    private static void checkFields(SigmaRule.Correlation c, List<SigmaRule> refs, List<SigmaError> errors) {
        boolean needsField = c.type().startsWith("value_");
        if (needsField && c.field() == null) {
            errors.add(new SigmaError(c.file(), c.conditionLine(), "correlation.condition.field", "missing: " + c.type() + " needs the field it counts or measures"));
        }
        if (!needsField && c.field() != null) {
            errors.add(new SigmaError(c.file(), c.conditionLine(), "correlation.condition.field", c.type() + " takes no field"));
        }
        boolean needsLimit = !c.type().startsWith("temporal");
        if (needsLimit && c.limits().isEmpty()) {
            errors.add(new SigmaError(c.file(), c.conditionLine(), "correlation.condition", "missing: " + c.type() + " needs a condition such as gte: 10"));
        }
        if (Set.of("value_sum", "value_avg", "value_median").contains(c.type()) && c.field() != null
                && !c.field().equalsIgnoreCase("RiskScore")) {
            errors.add(new SigmaError(c.file(), c.conditionLine(), "correlation.condition.field",
                    c.type() + " needs a number field; of the alert fields, RiskScore is one (\"" + c.field() + "\" is text)"));
        }
        for (String g : c.groupBy()) {
            Map<String, String> alias = c.aliases().get(g);
            if (alias == null) {
                if (!AlertFields.isKnown(g)) {
                    errors.add(new SigmaError(c.file(), c.groupByLine(), "correlation.group-by",
                            "unknown alert field or alias \"" + g + "\" (fields: " + String.join(", ", AlertFields.NAMES) + ")"));
                }
                continue;
            }
            for (SigmaRule r : refs) {
                if (r.name() == null || !alias.containsKey(r.name())) {
                    errors.add(new SigmaError(c.file(), c.aliasesLine(), "correlation.aliases." + g,
                            "no field for the rule " + (r.name() != null ? "\"" + r.name() + "\"" : r.key() + " (aliases need rules with a name)")));
                }
            }
        }
        for (String alias : c.aliases().keySet()) {
            if (!c.groupBy().contains(alias)) {
                errors.add(new SigmaError(c.file(), c.aliasesLine(), "correlation.aliases." + alias, "not used in group-by"));
            }
        }
    }

    private static void checkCycles(Map<SigmaRule.Correlation, List<SigmaRule>> resolved, List<SigmaError> errors) {
        for (SigmaRule.Correlation c : resolved.keySet()) {
            if (reaches(c, c, resolved, new java.util.HashSet<>())) {
                errors.add(new SigmaError(c.file(), c.line(), "correlation.rules", "correlations refer to each other in a cycle"));
            }
        }
    }

    private static boolean reaches(SigmaRule from, SigmaRule.Correlation target, Map<SigmaRule.Correlation, List<SigmaRule>> g,
                                   Set<SigmaRule> seen) {
        if (!(from instanceof SigmaRule.Correlation c) || !seen.add(from)) return false;
        for (SigmaRule r : g.getOrDefault(c, List.of())) {
            if (r == target || reaches(r, target, g, seen)) return true;
        }
        return false;
    }

    /** A Sigma level as the incident's severity (critical is High, the highest there is). */
    static String severity(String level) {
        if (level == null) return "null";
        return switch (level.toLowerCase(Locale.ROOT)) {
            case "informational" -> "Severity.INFORMATIONAL";
            case "low" -> "Severity.LOW";
            case "medium" -> "Severity.MEDIUM";
            default -> "Severity.HIGH";
        };
    }
}
