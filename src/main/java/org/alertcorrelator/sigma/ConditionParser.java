package org.alertcorrelator.sigma;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a Sigma detection condition ({@code selection and not (filter_a or 1 of filter_*)}) into a Java boolean
 * expression over the selections' DRL text: and, or, not, parentheses, {@code 1 of}, {@code any of},
 * {@code all of}, {@code them}, wildcards in selection names. The old aggregation pipe ({@code | count() > 5})
 * is rejected: a correlation rule says that now.
 */
final class ConditionParser {
    private static final Pattern TOKEN = Pattern.compile("\\s*(\\(|\\)|[A-Za-z0-9_*.\\-]+|\\||\\S)");

    private final Map<String, SigmaRule.Selection> selections;
    private final Function<SigmaRule.Selection, String> render;
    private List<String> tokens;
    private int pos;

    ConditionParser(Map<String, SigmaRule.Selection> selections, Function<SigmaRule.Selection, String> render) {
        this.selections = selections;
        this.render = render;
    }

    /** @throws IllegalArgumentException saying what is wrong with the condition */
    String toJava(String condition) {
        tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(condition);
        int at = 0;
        while (at < condition.length() && m.find(at) && m.start() == at) {
            tokens.add(m.group(1));
            at = m.end();
        }
        if (condition.substring(at).isBlank() == false) throw new IllegalArgumentException("cannot read \"" + condition.substring(at) + "\"");
        if (tokens.contains("|")) {
            throw new IllegalArgumentException("aggregations after | (Sigma v1: count, near) are not supported: write a correlation rule");
        }
        pos = 0;
        if (tokens.isEmpty()) throw new IllegalArgumentException("empty condition");
        String out = or();
        if (pos < tokens.size()) throw new IllegalArgumentException("unexpected \"" + tokens.get(pos) + "\"");
        return out;
    }

    private String or() {
        String left = and();
        while (is("or")) {
            pos++;
            left = left + " || " + and();
        }
        return left;
    }

    private String and() {
        String left = not();
        while (is("and")) {
            pos++;
            left = left + " && " + not();
        }
        return left;
    }

    private String not() {
        if (is("not")) {
            pos++;
            return "!" + not();
        }
        return primary();
    }

    private String primary() {
        if (pos >= tokens.size()) throw new IllegalArgumentException("the condition ends too early");
        String t = tokens.get(pos++);
        if (t.equals("(")) {
            String inner = or();
            if (!is(")")) throw new IllegalArgumentException("a ( is not closed");
            pos++;
            return "( " + inner + " )";
        }
        if ((t.equals("1") || t.equals("any") || t.equals("all")) && is("of")) {
            pos++;
            if (pos >= tokens.size()) throw new IllegalArgumentException(t + " of what?");
            String pattern = tokens.get(pos++);
            List<String> parts = new ArrayList<>();
            Pattern names = Pattern.compile(pattern.equals("them") ? ".*"
                    : Pattern.quote(pattern).replace("*", "\\E.*\\Q"));
            for (SigmaRule.Selection s : selections.values()) {
                if (pattern.equals("them") && s.name().startsWith("_")) continue;
                if (names.matcher(s.name()).matches()) parts.add(render.apply(s));
            }
            if (parts.isEmpty()) throw new IllegalArgumentException("no selection matches \"" + pattern + "\"");
            return "( " + String.join(t.equals("all") ? " && " : " || ", parts) + " )";
        }
        if (Set.of("and", "or", "not", ")", "of").contains(t)) throw new IllegalArgumentException("unexpected \"" + t + "\"");
        SigmaRule.Selection s = selections.get(t);
        if (s == null) throw new IllegalArgumentException("no selection named \"" + t + "\"");
        return render.apply(s);
    }

    private boolean is(String word) {
        return pos < tokens.size() && tokens.get(pos).equalsIgnoreCase(word);
    }
}
