package org.alertcorrelator.sigma;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the Sigma rules of one YAML file (one rule per YAML document, {@code ---} between them), checking
 * what can be checked without the other files: the keys, the correlation type, the timespan, the condition's
 * operators, the modifiers. Every problem names the file, the YAML line and the key.
 */
final class SigmaReader {
    static final Set<String> TYPES = Set.of("event_count", "value_count", "temporal", "temporal_ordered", "value_sum",
            "value_avg", "value_percentile", "value_median");
    static final Set<String> OPERATORS = Set.of("gt", "gte", "lt", "lte", "eq", "neq");
    static final Set<String> LEVELS = Set.of("informational", "low", "medium", "high", "critical");
    private static final Set<String> CORRELATION_KEYS = Set.of("type", "rules", "group-by", "timespan", "condition",
            "aliases", "generate");
    private static final long MAX_FILE_BYTES = 1_000_000;

    private final Path file;
    private final List<SigmaError> errors;

    SigmaReader(Path file, List<SigmaError> errors) {
        this.file = file;
        this.errors = errors;
    }

    List<SigmaRule> read() {
        List<SigmaRule> rules = new ArrayList<>();
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                error(0, "", "file larger than " + MAX_FILE_BYTES + " bytes");
                return rules;
            }
        } catch (IOException e) {
            error(0, "", "cannot read: " + e.getMessage());
            return rules;
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(30);
        org.yaml.snakeyaml.Yaml yaml = new org.yaml.snakeyaml.Yaml(new SafeConstructor(options));
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (Node doc : yaml.composeAll(in)) {
                if (doc == null || Yaml.isNull(doc)) continue;
                if (!(doc instanceof MappingNode m)) {
                    error(Yaml.line(doc), "", "a Sigma rule is a map of keys (title, detection or correlation, ...)");
                    continue;
                }
                SigmaRule r = rule(m);
                if (r != null) rules.add(r);
            }
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            error(line, "", "not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            error(0, "", "not valid YAML: " + e.getMessage());
        } catch (IOException e) {
            error(0, "", "cannot read: " + e.getMessage());
        }
        return rules;
    }

    private SigmaRule rule(MappingNode m) {
        String title = text(m, "title");
        String id = text(m, "id");
        String name = text(m, "name");
        String level = text(m, "level");
        if (level != null && !LEVELS.contains(level)) {
            error(Yaml.line(Yaml.get(m, "level")), "level", "\"" + level + "\" is not a Sigma level (" + String.join(", ", sorted(LEVELS)) + ")");
        }
        if (title == null) error(Yaml.line(m), "title", "missing (every Sigma rule has a title)");
        Node detection = Yaml.get(m, "detection");
        Node correlation = Yaml.get(m, "correlation");
        if (detection != null && correlation != null) {
            error(Yaml.line(correlation), "correlation", "a rule has either detection or correlation, not both");
            return null;
        }
        if (detection instanceof MappingNode d) return detection(m, d, title, id, name, level);
        if (correlation instanceof MappingNode c) return correlation(m, c, title, id, name, level);
        if (detection != null || correlation != null) {
            Node n = detection != null ? detection : correlation;
            error(Yaml.line(n), detection != null ? "detection" : "correlation", "must be a map");
        } else {
            error(Yaml.line(m), "detection", "missing (a Sigma rule has a detection or a correlation section)");
        }
        return null;
    }

    private SigmaRule.Detection detection(MappingNode rule, MappingNode d, String title, String id, String name, String level) {
        Map<String, SigmaRule.Selection> selections = new LinkedHashMap<>();
        List<String> conditions = new ArrayList<>();
        int conditionLine = Yaml.line(d);
        boolean hasCondition = false;
        int selectionKeys = 0;
        for (NodeTuple t : d.getValue()) {
            String key = Yaml.keyOf(t);
            Node v = t.getValueNode();
            if (key == null) {
                error(Yaml.line(t.getKeyNode()), "detection", "keys must be plain names");
                continue;
            }
            switch (key) {
                case "condition" -> {
                    hasCondition = true;
                    conditionLine = Yaml.line(v);
                    for (Node c : Yaml.scalarOrList(v)) {
                        String text = Yaml.scalar(c);
                        if (text == null) error(Yaml.line(c), "detection.condition", "must be a text or a list of texts");
                        else conditions.add(text);
                    }
                }
                case "timeframe" -> error(Yaml.line(t.getKeyNode()), "detection.timeframe",
                        "unsupported (Sigma v1 aggregation): write a correlation rule with a timespan");
                default -> {
                    selectionKeys++;
                    SigmaRule.Selection s = selection(key, v);
                    if (s != null) selections.put(key, s);
                }
            }
        }
        if (!hasCondition) error(Yaml.line(d), "detection.condition", "missing");
        if (selectionKeys == 0) error(Yaml.line(d), "detection", "no selection");
        return new SigmaRule.Detection(file, Yaml.line(rule), title, id, name, level, selections, conditions, conditionLine);
    }

    private SigmaRule.Selection selection(String name, Node v) {
        String key = "detection." + name;
        if (v instanceof MappingNode map) {
            List<SigmaRule.FieldTest> tests = fieldTests(key, map);
            return tests == null ? null : new SigmaRule.Selection(name, Yaml.line(v), List.of(tests), null);
        }
        if (v instanceof SequenceNode seq) {
            if (seq.getValue().stream().allMatch(n -> n instanceof ScalarNode)) {
                List<String> words = new ArrayList<>();
                for (Node n : seq.getValue()) if (Yaml.scalar(n) != null) words.add(Yaml.scalar(n));
                return new SigmaRule.Selection(name, Yaml.line(v), null, words);
            }
            List<List<SigmaRule.FieldTest>> alternatives = new ArrayList<>();
            for (Node n : seq.getValue()) {
                if (!(n instanceof MappingNode map)) {
                    error(Yaml.line(n), key, "a list of selections holds maps only (or keywords only)");
                    return null;
                }
                List<SigmaRule.FieldTest> tests = fieldTests(key, map);
                if (tests == null) return null;
                alternatives.add(tests);
            }
            return new SigmaRule.Selection(name, Yaml.line(v), alternatives, null);
        }
        if (v instanceof ScalarNode s && !Yaml.isNull(s)) {
            return new SigmaRule.Selection(name, Yaml.line(v), null, List.of(s.getValue()));
        }
        error(Yaml.line(v), key, "a selection is a map of fields, a list of maps, or a list of keywords");
        return null;
    }

    private List<SigmaRule.FieldTest> fieldTests(String key, MappingNode map) {
        List<SigmaRule.FieldTest> tests = new ArrayList<>();
        boolean ok = true;
        for (NodeTuple t : map.getValue()) {
            String fieldKey = Yaml.keyOf(t);
            int line = Yaml.line(t.getKeyNode());
            if (fieldKey == null) {
                error(line, key, "field names must be plain text");
                ok = false;
                continue;
            }
            List<String> values = new ArrayList<>();
            boolean valuesOk = true;
            for (Node n : Yaml.scalarOrList(t.getValueNode())) {
                if (n instanceof ScalarNode s) {
                    values.add(Yaml.isNull(s) ? null : s.getValue());
                } else {
                    error(Yaml.line(n), key + "." + fieldKey, "values are texts or numbers, not maps or nested lists");
                    valuesOk = false;
                }
            }
            if (!valuesOk) {
                ok = false;
                continue;
            }
            try {
                org.alertcorrelator.correlation.SigmaMatch.validate(fieldKey, values.toArray(new String[0]));
            } catch (IllegalArgumentException e) {
                error(line, key + "." + fieldKey, e.getMessage());
                ok = false;
                continue;
            }
            tests.add(new SigmaRule.FieldTest(fieldKey, values, line));
        }
        return ok ? tests : null;
    }

    private SigmaRule.Correlation correlation(MappingNode rule, MappingNode c, String title, String id, String name, String level) {
        for (NodeTuple t : c.getValue()) {
            String k = Yaml.keyOf(t);
            if (k == null || !CORRELATION_KEYS.contains(k)) {
                error(Yaml.line(t.getKeyNode()), "correlation." + k, "unknown key (known: " + String.join(", ", sorted(CORRELATION_KEYS)) + ")");
            }
        }
        Node typeNode = Yaml.get(c, "type");
        String type = Yaml.scalar(typeNode);
        boolean ok = true;
        if (type == null) {
            error(Yaml.line(c), "correlation.type", "missing");
            ok = false;
        } else if (!TYPES.contains(type)) {
            error(Yaml.line(typeNode), "correlation.type", "unknown type \"" + type + "\" (known: " + String.join(", ", sorted(TYPES)) + ")");
            ok = false;
        }
        Node rulesNode = Yaml.get(c, "rules");
        List<SigmaRule.Reference> refs = new ArrayList<>();
        for (Node n : Yaml.scalarOrList(rulesNode)) {
            String r = Yaml.scalar(n);
            if (r == null) {
                error(Yaml.line(n), "correlation.rules", "each rule is referred to by its id or name");
                ok = false;
            } else {
                refs.add(new SigmaRule.Reference(r, Yaml.line(n)));
            }
        }
        if (refs.isEmpty()) {
            error(Yaml.line(rulesNode == null ? c : rulesNode), "correlation.rules", "missing: the rules this correlation correlates");
            ok = false;
        }
        Node groupNode = Yaml.get(c, "group-by");
        List<String> groupBy = new ArrayList<>();
        for (Node n : Yaml.scalarOrList(groupNode)) {
            String g = Yaml.scalar(n);
            if (g == null) {
                error(Yaml.line(n), "correlation.group-by", "each entry is a field name");
                ok = false;
            } else {
                groupBy.add(g);
            }
        }
        Node spanNode = Yaml.get(c, "timespan");
        String timespan = Yaml.scalar(spanNode);
        if (timespan == null) {
            error(Yaml.line(c), "correlation.timespan", "missing");
            ok = false;
        } else {
            try {
                org.alertcorrelator.correlation.Blocks.timespanMillis(timespan);
            } catch (IllegalArgumentException e) {
                error(Yaml.line(spanNode), "correlation.timespan", e.getMessage());
                ok = false;
            }
        }
        Node condNode = Yaml.get(c, "condition");
        List<SigmaRule.Limit> limits = new ArrayList<>();
        String field = null;
        NodeTuple condTuple = Yaml.tuple(c, "condition");
        int conditionLine = condTuple == null ? Yaml.line(c) : Yaml.line(condTuple.getKeyNode());
        if (condNode instanceof MappingNode cm) {
            for (NodeTuple t : cm.getValue()) {
                String k = Yaml.keyOf(t);
                int line = Yaml.line(t.getKeyNode());
                if ("field".equals(k)) {
                    if (t.getValueNode() instanceof SequenceNode seq && seq.getValue().size() == 1) {
                        field = Yaml.scalar(seq.getValue().get(0));
                    } else if (t.getValueNode() instanceof SequenceNode) {
                        error(line, "correlation.condition.field", "several fields (linked by AND) are not supported: use one field");
                        ok = false;
                    } else {
                        field = Yaml.scalar(t.getValueNode());
                    }
                    if (field != null && !org.alertcorrelator.correlation.AlertFields.isKnown(field)) {
                        error(line, "correlation.condition.field", "unknown alert field \"" + field + "\" (known: "
                                + String.join(", ", org.alertcorrelator.correlation.AlertFields.NAMES) + ")");
                        ok = false;
                    }
                } else if (k != null && OPERATORS.contains(k)) {
                    String number = Yaml.scalar(t.getValueNode());
                    if (number == null || !number.matches("-?\\d{1,15}(\\.\\d{1,9})?")) {
                        error(line, "correlation.condition." + k, "\"" + number + "\" is not a number");
                        ok = false;
                    } else {
                        limits.add(new SigmaRule.Limit(k, number, line));
                    }
                } else {
                    error(line, "correlation.condition." + k, "unknown operator (known: gt, gte, lt, lte, eq, neq, and field)");
                    ok = false;
                }
            }
        } else if (condNode != null) {
            error(conditionLine, "correlation.condition", "must be a map such as {gte: 10}");
            ok = false;
        }
        Map<String, Map<String, String>> aliases = new LinkedHashMap<>();
        Node aliasNode = Yaml.get(c, "aliases");
        if (aliasNode instanceof MappingNode am) {
            for (NodeTuple t : am.getValue()) {
                String alias = Yaml.keyOf(t);
                Map<String, String> byRule = new LinkedHashMap<>();
                if (t.getValueNode() instanceof MappingNode rm) {
                    for (NodeTuple rt : rm.getValue()) {
                        String ruleName = Yaml.keyOf(rt);
                        String f = Yaml.scalar(rt.getValueNode());
                        if (f == null || !org.alertcorrelator.correlation.AlertFields.isKnown(f)) {
                            error(Yaml.line(rt.getValueNode()), "correlation.aliases." + alias + "." + ruleName,
                                    "unknown alert field \"" + f + "\"");
                            ok = false;
                        } else {
                            byRule.put(ruleName, f);
                        }
                    }
                } else {
                    error(Yaml.line(t.getValueNode()), "correlation.aliases." + alias, "must map rule names to fields");
                    ok = false;
                }
                aliases.put(alias, byRule);
            }
        } else if (aliasNode != null) {
            error(Yaml.line(aliasNode), "correlation.aliases", "must be a map");
            ok = false;
        }
        Node gen = Yaml.get(c, "generate");
        boolean generate = "true".equalsIgnoreCase(Yaml.scalar(gen));
        if (gen != null && !generate && !"false".equalsIgnoreCase(Yaml.scalar(gen))) {
            error(Yaml.line(gen), "correlation.generate", "must be true or false");
        }
        if (!ok) return null;
        return new SigmaRule.Correlation(file, Yaml.line(rule), title, id, name, level, type, Yaml.line(typeNode), refs,
                groupBy, Yaml.line(groupNode == null ? c : groupNode), timespan, Yaml.line(spanNode), limits, field,
                conditionLine, aliases, Yaml.line(aliasNode == null ? c : aliasNode), generate);
    }

    private String text(MappingNode m, String key) {
        Node n = Yaml.get(m, key);
        if (n == null || Yaml.isNull(n)) return null;
        String s = Yaml.scalar(n);
        if (s == null) error(Yaml.line(n), key, "must be a text");
        return s;
    }

    private void error(int line, String key, String message) {
        errors.add(new SigmaError(file, line, key, message));
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }
}
