package org.alertcorrelator.model;

import java.util.regex.Pattern;

/**
 * Incident kinds are open: a kind is any name a rule gives when it raises an incident ({@code KillChain},
 * {@code SharedContext}, {@code AccountSpread}, ...), a plain {@code String} everywhere (facts, output, store, API).
 * This class holds the names the default rules use and the one check every kind passes: a letter, then letters,
 * digits, '_', '-' or '.', at most {@link #MAX_LENGTH} characters (the store keeps kinds in a column of that size).
 */
public final class IncidentKind {
    /** Alerts whose tactics move forward through the kill chain over time. */
    public static final String KillChain = "KillChain";
    /** Two or more linked alerts, at least one Medium or High. */
    public static final String SharedContext = "SharedContext";
    /** Linked alerts that hold a step pair prevalent across tenants (rules/55-prevalence.drl), at any severity. */
    public static final String PrevalentPattern = "PrevalentPattern";

    public static final int MAX_LENGTH = 32;
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0," + (MAX_LENGTH - 1) + "}");

    private IncidentKind() {
    }

    /** True when {@code name} can name a kind. */
    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /**
     * @return {@code name}
     * @throws IllegalArgumentException naming what is wrong with it
     */
    public static String check(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("incident kind " + (name == null ? "null" : "\"" + name + "\"")
                    + " is not a valid kind name (a letter, then letters, digits, _ - or ., at most " + MAX_LENGTH + " characters)");
        }
        return name;
    }
}
