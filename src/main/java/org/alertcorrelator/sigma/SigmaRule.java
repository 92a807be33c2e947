package org.alertcorrelator.sigma;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One Sigma rule read from a YAML document: a detection rule (selects alerts) or a correlation rule (correlates
 * the alerts of other rules over time). Lines are YAML lines, for error messages.
 */
sealed interface SigmaRule permits SigmaRule.Detection, SigmaRule.Correlation {
    Path file();

    int line();

    String title();

    String id();

    String name();

    String level();

    /** How rules refer to it: its id, else its name (unique across the rules folder). */
    default String key() {
        return id() != null ? id() : name() != null ? name() : file().getFileName() + ":" + line();
    }

    /** The part of a detection: a selection's alternatives, or a keyword list. */
    record Selection(String name, int line, List<List<FieldTest>> alternatives, List<String> keywords) {
    }

    /** {@code Field|modifiers: values} (a null value: the field has none). */
    record FieldTest(String key, List<String> values, int line) {
    }

    record Detection(Path file, int line, String title, String id, String name, String level,
                     Map<String, Selection> selections, List<String> conditions, int conditionLine) implements SigmaRule {
    }

    /** A condition limit: gt, gte, lt, lte, eq or neq, and its number as written. */
    record Limit(String op, String number, int line) {
    }

    record Reference(String text, int line) {
    }

    record Correlation(Path file, int line, String title, String id, String name, String level, String type, int typeLine,
                       List<Reference> rules, List<String> groupBy, int groupByLine, String timespan, int timespanLine,
                       List<Limit> limits, String field, int conditionLine, Map<String, Map<String, String>> aliases,
                       int aliasesLine, boolean generate) implements SigmaRule {
    }
}
