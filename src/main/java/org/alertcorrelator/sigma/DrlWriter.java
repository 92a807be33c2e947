package org.alertcorrelator.sigma;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the DRL of Sigma rules, one text per file. What each Sigma rule becomes:
 * <ul>
 * <li>a detection rule: a rule on each arriving alert ({@code Arrival}) whose condition is the Sigma condition
 * over {@code SigmaMatch.test} calls, one per field of each selection; it feeds every correlation that refers
 * to it, and raises an incident of the alert when no correlation refers to it (or one says {@code generate});</li>
 * <li>a correlation rule: a block ({@code blocks.count/distinct/numbers/temporal/sequence}, named by the
 * correlation's id or name) and a rule on the block's windows whose constraint is the Sigma condition; it feeds
 * the correlations that refer to it and, when none does, raises an incident of the window's alerts, with the
 * Sigma level as severity, the name (else id) as kind and the title as title.</li>
 * </ul>
 */
final class DrlWriter {
    static final int DETECTION_SALIENCE = 150;
    static final int CORRELATION_SALIENCE = 140;

    private final List<SigmaRule> rules;
    private final Map<SigmaRule.Correlation, List<SigmaRule>> resolved;
    private final List<SigmaError> errors;
    /** For each rule, the correlations that refer to it. */
    private final Map<SigmaRule, List<SigmaRule.Correlation>> referredBy = new LinkedHashMap<>();

    DrlWriter(List<SigmaRule> rules, Map<SigmaRule.Correlation, List<SigmaRule>> resolved, List<SigmaError> errors) {
        this.rules = rules;
        this.resolved = resolved;
        this.errors = errors;
        resolved.forEach((c, refs) -> refs.forEach(r -> referredBy.computeIfAbsent(r, k -> new ArrayList<>()).add(c)));
    }

    Map<Path, String> write(List<Path> files) {
        Map<Path, String> out = new LinkedHashMap<>();
        for (Path f : files) {
            StringBuilder b = new StringBuilder();
            b.append("package alertcorrelator\n\n")
                    .append("// Generated from the Sigma rules of ").append(f.getFileName())
                    .append(" when the rules are built: edit the Sigma file, not this.\n\n")
                    .append("import org.alertcorrelator.model.Alert\n")
                    .append("import org.alertcorrelator.model.Arrival\n")
                    .append("import org.alertcorrelator.model.Raise\n")
                    .append("import org.alertcorrelator.model.Severity\n")
                    .append("import org.alertcorrelator.correlation.CountWindow\n")
                    .append("import org.alertcorrelator.correlation.DistinctWindow\n")
                    .append("import org.alertcorrelator.correlation.NumberWindow\n")
                    .append("import org.alertcorrelator.correlation.SequenceWindow\n")
                    .append("import org.alertcorrelator.correlation.SigmaMatch\n")
                    .append("import org.alertcorrelator.correlation.Blocks\n")
                    .append("import org.alertcorrelator.correlation.RiskTable\n\n")
                    .append("global Blocks blocks\n")
                    .append("global RiskTable risk\n");
            for (SigmaRule r : rules) {
                if (!r.file().equals(f)) continue;
                if (r instanceof SigmaRule.Detection d) detection(b, d);
                else correlation(b, (SigmaRule.Correlation) r);
            }
            out.put(f, b.toString());
        }
        return out;
    }

    private void detection(StringBuilder b, SigmaRule.Detection d) {
        List<String> parts = new ArrayList<>();
        ConditionParser parser = new ConditionParser(d.selections(), DrlWriter::selection);
        for (String c : d.conditions()) {
            try {
                parts.add(parser.toJava(c));
            } catch (IllegalArgumentException e) {
                errors.add(new SigmaError(d.file(), d.conditionLine(), "detection.condition", e.getMessage()));
                return;
            }
        }
        String condition = parts.size() == 1 ? parts.get(0) : "( " + String.join(" ) || ( ", parts) + " )";
        b.append("\n// ").append(oneLine(d.title())).append(" (").append(d.file().getFileName()).append(':').append(d.line()).append(")\n")
                .append("rule ").append(q("Sigma detection " + d.key() + ": " + d.title())).append('\n')
                .append("    salience ").append(DETECTION_SALIENCE).append('\n')
                .append("when\n")
                .append("    Arrival( $a : alert, ").append(condition).append(" )\n")
                .append("then\n");
        List<SigmaRule.Correlation> users = referredBy.getOrDefault(d, List.of());
        for (SigmaRule.Correlation c : users) b.append("    ").append(feed(c, d, "$a")).append('\n');
        if (users.isEmpty() || users.stream().anyMatch(SigmaRule.Correlation::generate)) {
            b.append("    insert( new Raise( ").append(q(kind(d))).append(", ").append(SigmaCompiler.severity(d.level()))
                    .append(", ").append(q(d.title())).append(", $a ) );\n");
        }
        b.append("end\n");
    }

    private void correlation(StringBuilder b, SigmaRule.Correlation c) {
        String window = switch (c.type()) {
            case "event_count" -> "CountWindow";
            case "value_count" -> "DistinctWindow";
            case "temporal", "temporal_ordered" -> "SequenceWindow";
            case "value_percentile" -> numeric(c) ? "NumberWindow" : "DistinctWindow";
            default -> "NumberWindow";
        };
        List<String> constraints = new ArrayList<>();
        constraints.add("name == " + q(c.key()));
        // The condition is the block's (holdsWhen, in the feeds): windows wake the rule only when it changes or holds.
        String declared = declaredCondition(c);
        if (declared != null) constraints.add("conditionMet");
        else constraints.addAll(comparisons(c));
        b.append("\n// ").append(oneLine(c.title())).append(" (").append(c.file().getFileName()).append(':').append(c.line())
                .append("): ").append(c.type()).append(" of ").append(String.join(", ", c.rules().stream().map(SigmaRule.Reference::text).toList()))
                .append(" within ").append(c.timespan()).append(c.groupBy().isEmpty() ? "" : " by " + String.join(", ", c.groupBy())).append('\n')
                .append("rule ").append(q("Sigma correlation " + c.key() + ": " + c.title())).append('\n')
                .append("    salience ").append(CORRELATION_SALIENCE).append('\n')
                .append("when\n")
                .append("    $w : ").append(window).append("( ").append(String.join(", ", constraints)).append(" )\n")
                .append("then\n");
        List<SigmaRule.Correlation> users = referredBy.getOrDefault(c, List.of());
        for (SigmaRule.Correlation user : users) b.append("    ").append(feed(user, c, "$w")).append('\n');
        if (users.isEmpty() || c.generate()) {
            b.append("    insert( new Raise( ").append(q(kind(c))).append(", ").append(SigmaCompiler.severity(c.level()))
                    .append(", ").append(q(c.title() + " (")).append(" + ")
                    .append(q(c.groupBy().isEmpty() ? "all" : String.join(", ", c.groupBy()) + " ")).append(" + $w.getKey() + \")\", $w.takeNewAlerts( drools ) ) );\n");
        }
        b.append("end\n");
    }

    /** The Sigma condition as comparisons of the window's statistic: {@code count >= 10}. */
    private List<String> comparisons(SigmaRule.Correlation c) {
        String stat = statistic(c);
        List<String> out = new ArrayList<>();
        if (c.limits().isEmpty()) out.add(stat + " >= " + resolved.get(c).size()); // temporal: all the rules
        for (SigmaRule.Limit l : c.limits()) {
            String op = switch (l.op()) {
                case "gt" -> ">";
                case "gte" -> ">=";
                case "lt" -> "<";
                case "lte" -> "<=";
                case "eq" -> "==";
                default -> "!=";
            };
            out.add(stat + " " + op + " " + l.number());
        }
        return out;
    }

    /** The condition the block declares ({@code holdsWhen}), or null when a number is not plain (then the rule compares). */
    private String declaredCondition(SigmaRule.Correlation c) {
        for (SigmaRule.Limit l : c.limits()) if (!l.number().matches("-?\\d+(\\.\\d+)?")) return null;
        return String.join(" and ", comparisons(c));
    }

    private static String statistic(SigmaRule.Correlation c) {
        return switch (c.type()) {
            case "event_count" -> "count";
            case "value_count" -> "distinctCount";
            case "temporal" -> "stepsSeen";
            case "temporal_ordered" -> "stepsInOrder";
            case "value_sum" -> "sum";
            case "value_avg" -> "avg";
            case "value_median" -> "median";
            default -> numeric(c) ? "lastValueRank" : "lastValueShare";
        };
    }

    private static boolean numeric(SigmaRule.Correlation c) {
        return c.field() != null && c.field().equalsIgnoreCase("RiskScore");
    }

    /** The call that feeds correlation {@code c} with rule {@code r}'s alert or window ({@code what}). */
    private String feed(SigmaRule.Correlation c, SigmaRule r, String what) {
        List<SigmaRule> refs = resolved.get(c);
        String block = switch (c.type()) {
            case "event_count" -> "count( " + q(c.key()) + ", " + q(String.join(",", c.groupBy())) + ", " + q(c.timespan()) + " )";
            case "value_count" -> "distinct( " + q(c.key()) + ", " + q(String.join(",", c.groupBy())) + ", " + q(c.timespan()) + ", " + q(c.field()) + " )";
            case "value_percentile" -> (numeric(c) ? "numbers( " : "distinct( ") + q(c.key()) + ", " + q(String.join(",", c.groupBy())) + ", " + q(c.timespan()) + ", " + q(c.field()) + " )";
            case "value_sum", "value_avg", "value_median" -> "numbers( " + q(c.key()) + ", " + q(String.join(",", c.groupBy())) + ", " + q(c.timespan()) + ", " + q(c.field()) + " )";
            default -> (c.type().equals("temporal") ? "temporal( " : "sequence( ") + q(c.key()) + ", "
                    + q(String.join(",", c.groupBy())) + ", " + q(c.timespan()) + ", "
                    + String.join(", ", refs.stream().map(x -> q(stepName(c, x))).toList()) + " )";
        };
        String step = c.type().startsWith("temporal") ? q(stepName(c, r)) : "null";
        List<String> fields = new ArrayList<>();
        for (String g : c.groupBy()) {
            Map<String, String> alias = c.aliases().get(g);
            fields.add(q(alias == null ? g : alias.get(r.name())));
        }
        String declared = declaredCondition(c);
        if (declared != null) block += ".holdsWhen( " + q(declared) + " )";
        return "blocks." + block + ".add( drools, " + what + ", " + step + ", java.util.List.of( " + String.join(", ", fields) + " ) );";
    }

    /** A referenced rule's step name in a temporal correlation: the reference as the correlation writes it. */
    private String stepName(SigmaRule.Correlation c, SigmaRule r) {
        List<SigmaRule> refs = resolved.get(c);
        return c.rules().get(refs.indexOf(r)).text();
    }

    /**
     * The incident kind: the rule's name, else its title in CamelCase ("Many failed logins": ManyFailedLogins),
     * else its id; made a valid kind name (a letter first, letters, digits, _ . -, at most 32 characters).
     */
    static String kind(SigmaRule r) {
        String base;
        if (r.name() != null) {
            base = r.name();
        } else if (r.title() != null && r.title().matches(".*[A-Za-z].*")) {
            StringBuilder b = new StringBuilder();
            for (String w : r.title().split("[^A-Za-z0-9]+")) {
                if (!w.isEmpty()) b.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
            }
            base = b.toString();
        } else {
            base = r.key();
        }
        String k = base.replaceAll("[^A-Za-z0-9_.-]", "_");
        if (k.isEmpty() || !Character.isLetter(k.charAt(0))) k = "Sigma-" + k;
        return k.length() > 32 ? k.substring(0, 32) : k;
    }

    private static String selection(SigmaRule.Selection s) {
        if (s.keywords() != null) {
            return "SigmaMatch.keywords( alert" + s.keywords().stream().map(w -> ", " + q(w)).reduce("", String::concat) + " )";
        }
        List<String> alternatives = new ArrayList<>();
        for (List<SigmaRule.FieldTest> tests : s.alternatives()) {
            List<String> calls = new ArrayList<>();
            for (SigmaRule.FieldTest t : tests) {
                boolean risk = t.key().split("\\|")[0].equalsIgnoreCase("RiskScore");
                StringBuilder call = new StringBuilder("SigmaMatch.test( alert, ").append(risk ? "risk, " : "").append(q(t.key()));
                if (t.values().isEmpty()) call.append(", new String[0]");
                for (String v : t.values()) call.append(", ").append(v == null ? "(String) null" : q(v));
                calls.add(call.append(" )").toString());
            }
            alternatives.add(calls.isEmpty() ? "true" : calls.size() == 1 ? calls.get(0) : "( " + String.join(" && ", calls) + " )");
        }
        return alternatives.size() == 1 ? alternatives.get(0) : "( " + String.join(" || ", alternatives) + " )";
    }

    /** A Java string literal. */
    static String q(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\r\\n]+", " ");
    }
}
