package org.alertcorrelator.ruleset;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.AlertGroup;
import org.alertcorrelator.model.IncidentAlert;

/**
 * What the Drools build accepts but a rule author did not mean, found in the DRL text: a string given as salience,
 * an enum property compared with a string (never true), a pattern on a type that nothing inserts (never matches),
 * and better lines for build errors Drools reports on the rule (or on no line) rather than where the mistake is.
 */
public final class RuleLint {
    private RuleLint() {
    }

    /** Properties of the facts whose type is an enum (e.g. severity: Severity), by name, from the classes themselves. */
    static Map<String, Class<?>> enumProperties() {
        Map<String, Class<?>> out = new LinkedHashMap<>();
        for (Class<?> c : List.of(Alert.class, AlertGroup.class, IncidentAlert.class)) {
            for (Method m : c.getMethods()) {
                if (m.getParameterCount() != 0 || !m.getReturnType().isEnum()) continue;
                String n = m.getName();
                String prop = n.startsWith("get") ? n.substring(3) : n.startsWith("is") ? n.substring(2) : n;
                if (prop.isEmpty()) continue;
                out.put(Character.toLowerCase(prop.charAt(0)) + prop.substring(1), m.getReturnType());
            }
        }
        return out;
    }

    /** Types the engine inserts, or the default rules do (they are always there to be matched). */
    static final Set<String> INSERTED_BY_ENGINE = Set.of("Arrival", "Clock", "EntityTrack", "StepPair", "Alert", "AlertGroup", "Link", "Raise");

    private static final Pattern SALIENCE_STRING = Pattern.compile("^\\s*salience\\s+\"");
    private static final Pattern ENUM_VS_STRING = Pattern.compile("\\b(\\w+)\\s*(==|!=)\\s*\"([^\"]*)\"");
    private static final Pattern RULE = Pattern.compile("^\\s*rule\\s+(\"[^\"]*\"|'[^']*'|\\S+)");
    private static final Pattern PATTERN = Pattern.compile("^\\s*(?:\\$\\w+\\s*:\\s*)?(?:not\\s+|exists\\s+)?\\(?\\s*([A-Z]\\w*)\\s*\\(");

    /**
     * The window each feeding method of the {@code blocks} global makes: a consequence that feeds a block inserts
     * its windows (Blocks inserts them when their condition holds), so patterns on them can match.
     */
    private static final Map<String, String> WINDOW_OF_FEED = Map.of("blocks.count(", "CountWindow", "blocks.distinct(", "DistinctWindow",
            "blocks.numbers(", "NumberWindow", "blocks.temporal(", "SequenceWindow", "blocks.sequence(", "SequenceWindow");

    /** Problems found in the DRL files of {@code dir}: salience strings are errors, the rest warnings. */
    public static List<BuildProblem> check(List<Path> drlFiles) {
        return check(drlFiles, List.of());
    }

    /**
     * The same, where {@code otherDrl} (the DRL generated from Sigma files) is not checked but what its
     * consequences insert counts as inserted.
     */
    public static List<BuildProblem> check(List<Path> drlFiles, java.util.Collection<String> otherDrl) {
        List<BuildProblem> out = new ArrayList<>();
        Map<Path, String[]> lines = new LinkedHashMap<>();
        for (Path f : drlFiles) {
            try {
                lines.put(f, Files.readString(f, StandardCharsets.UTF_8).split("\n", -1));
            } catch (IOException e) {
                // the build reports unreadable files
            }
        }
        Map<String, Class<?>> enums = enumProperties();
        // What the consequences mention: a type named there may be inserted there (insert( new Raise( ... ) )).
        StringBuilder consequences = new StringBuilder();
        Set<String> declared = new HashSet<>();
        List<String[]> allLines = new ArrayList<>(lines.values());
        for (String other : otherDrl) allLines.add(other.split("\n", -1));
        for (String[] ls : allLines) {
            boolean inThen = false;
            for (String l : ls) {
                String t = stripComment(l).trim();
                if (t.startsWith("declare ")) declared.add(t.substring(8).trim().replaceAll("\\s.*", "").replaceAll(".*\\.", ""));
                if (t.equals("then")) inThen = true;
                else if (t.equals("end")) inThen = false;
                else if (inThen) consequences.append(t).append('\n');
            }
        }
        String compact = consequences.toString().replace(" ", "");
        for (Map.Entry<String, String> w : WINDOW_OF_FEED.entrySet()) {
            if (compact.contains(w.getKey())) consequences.append(w.getValue()).append('\n');
        }
        for (Map.Entry<Path, String[]> e : lines.entrySet()) {
            String file = e.getKey().toString();
            String[] ls = e.getValue();
            boolean inWhen = false;
            for (int i = 0; i < ls.length; i++) {
                String l = stripComment(ls[i]);
                String t = l.trim();
                if (SALIENCE_STRING.matcher(l).find()) {
                    out.add(BuildProblem.error(file, i + 1, "salience must be a number (or an expression of the rule's bound variables), not a string: "
                            + t));
                }
                if (RULE.matcher(l).find()) inWhen = false;
                if (t.equals("when")) {
                    inWhen = true;
                    continue;
                }
                if (t.equals("then")) inWhen = false;
                if (!inWhen) continue;
                Matcher m = ENUM_VS_STRING.matcher(l);
                while (m.find()) {
                    Class<?> type = enums.get(m.group(1));
                    if (type == null) continue;
                    out.add(BuildProblem.warning(file, i + 1, m.group(1) + " is a " + type.getSimpleName() + " (an enum), compared with the string \""
                            + m.group(3) + "\": such a comparison is never true as meant; compare with " + type.getSimpleName() + "."
                            + ((Enum<?>) type.getEnumConstants()[0]).name() + " and the like"));
                }
                Matcher p = PATTERN.matcher(l);
                if (p.find() && !l.contains(" from ") && !ls[Math.min(i + 1, ls.length - 1)].trim().startsWith("from")) {
                    String type = p.group(1);
                    if (!INSERTED_BY_ENGINE.contains(type) && !declared.contains(type) && !isKeyword(type)
                            && !Pattern.compile("\\b" + type + "\\b").matcher(consequences).find()
                            && !l.contains("entry-point")) {
                        out.add(BuildProblem.warning(file, i + 1, "a pattern on " + type + ", which neither the engine nor any rule inserts"
                                + " (the engine inserts Arrival, Clock, EntityTrack, StepPair; the rules Alert, AlertGroup, Link, and what consequences make):"
                                + " this rule can never fire"));
                    }
                }
            }
        }
        return out;
    }

    private static boolean isKeyword(String w) {
        return List.of("Number", "List", "Set", "Collection", "Map", "Object", "String").contains(w);
    }

    private static String stripComment(String l) {
        int c = l.indexOf("//");
        return c >= 0 && !l.substring(0, c).contains("\"") ? l.substring(0, c) : l;
    }

    private static final Pattern ANALYSE = Pattern.compile("Unable to Analyse Expression (.+?):");
    private static final Pattern METHOD = Pattern.compile("The method (\\w+)\\(");
    private static final Pattern UNRESOLVED = Pattern.compile("(\\w+) cannot be resolved");

    /**
     * A better line for a build error: where the expression, the method call or the name the message quotes is,
     * at or after the line Drools gave (often the rule's first line, or none).
     */
    public static BuildProblem refineLine(BuildProblem p, Map<Path, String> sources) {
        String source = null;
        for (Map.Entry<Path, String> e : sources.entrySet()) if (e.getKey().toString().equals(p.file())) source = e.getValue();
        if (source == null) return p;
        String[] ls = source.split("\n", -1);
        Pattern wanted = null;
        Matcher m;
        if ((m = ANALYSE.matcher(p.message())).find()) {
            wanted = Pattern.compile(Pattern.quote(m.group(1).trim()).replace(" ", "\\E\\s*\\Q"));
        } else if ((m = METHOD.matcher(p.message())).find()) {
            wanted = Pattern.compile("\\b" + m.group(1) + "\\s*\\(");
        } else if ((m = UNRESOLVED.matcher(p.message())).find()) {
            wanted = Pattern.compile("\\b" + m.group(1) + "\\b");
        }
        if (wanted == null) return p;
        int from = Math.max(0, p.line() - 1);
        for (int i = from; i < ls.length; i++) {
            if (wanted.matcher(ls[i]).find()) return new BuildProblem(p.file(), i + 1, p.level(), p.message());
            if (i > from && RULE.matcher(ls[i]).find() && p.line() > 0) break;
        }
        return p;
    }
}
