package org.alertcorrelator.correlation;

import java.util.ArrayList;
import java.util.List;

/**
 * A block's declared condition, as a rule file writes it: comparisons of the window's statistics with numbers or
 * with each other, joined by {@code and}: {@code "count >= 50"}, {@code "distinctCount >= 5 and distinctCount < 20"},
 * {@code "stepsSeen == stepCount"}. Operators {@code > >= < <= == !=}. Statistics are those of the window's
 * kind ({@code count}, {@code distinctCount}, {@code sum}, {@code avg}, {@code min}, {@code max}, {@code median},
 * {@code lastValueShare}, {@code lastValueRank}, {@code stepsSeen}, {@code stepsInOrder}, {@code stepCount},
 * {@code entryCount}). The window answers it ({@code conditionMet}); the rule that matches it decides.
 */
final class Condition {
    private record Comparison(String left, String op, String rightStat, double rightNumber) {
        boolean test(Window w) {
            double l = w.statistic(left);
            double r = rightStat != null ? w.statistic(rightStat) : rightNumber;
            return switch (op) {
                case ">" -> l > r;
                case ">=" -> l >= r;
                case "<" -> l < r;
                case "<=" -> l <= r;
                case "==" -> l == r;
                default -> l != r;
            };
        }
    }

    private final String text;
    private final List<Comparison> comparisons;

    private Condition(String text, List<Comparison> comparisons) {
        this.text = text;
        this.comparisons = comparisons;
    }

    String text() {
        return text;
    }

    boolean test(Window w) {
        for (Comparison c : comparisons) if (!c.test(w)) return false;
        return true;
    }

    /**
     * Reads a condition for a window of {@code sample}'s kind.
     *
     * @throws IllegalArgumentException naming the block and the part not understood
     */
    static Condition parse(String block, String text, Window sample) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("block \"" + block + "\": empty condition");
        List<Comparison> out = new ArrayList<>();
        for (String part : text.trim().split("\\s+(?:and|&&)\\s+")) {
            java.util.regex.Matcher m = COMPARISON.matcher(part.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("block \"" + block + "\": condition \"" + text + "\": expected STATISTIC OP NUMBER "
                        + "(e.g. count >= 10; OP one of > >= < <= == !=), joined by and; got \"" + part.trim() + "\"");
            }
            String left = known(block, text, m.group(1), sample);
            String right = m.group(3);
            if (Character.isLetter(right.charAt(0))) {
                out.add(new Comparison(left, m.group(2), known(block, text, right, sample), 0));
            } else {
                out.add(new Comparison(left, m.group(2), null, Double.parseDouble(right)));
            }
        }
        return new Condition(text.trim(), List.copyOf(out));
    }

    private static final java.util.regex.Pattern COMPARISON =
            java.util.regex.Pattern.compile("([A-Za-z]\\w*)\\s*(>=|<=|==|!=|>|<)\\s*([A-Za-z]\\w*|-?\\d+(?:\\.\\d+)?)");

    private static String known(String block, String text, String name, Window sample) {
        if (Double.isNaN(sample.statistic(name))) {
            throw new IllegalArgumentException("block \"" + block + "\": condition \"" + text + "\": \"" + name + "\" is no statistic of "
                    + sample.getClass().getSimpleName() + " (" + String.join(", ", sample.statisticNames()) + ")");
        }
        return name;
    }

    @Override
    public String toString() {
        return text;
    }
}
