package org.alertcorrelator.model;

import java.util.Locale;

/** Alert and incident severity, in Defender's order: Informational &lt; Low &lt; Medium &lt; High. */
public enum Severity {
    INFORMATIONAL("Informational"),
    LOW("Low"),
    MEDIUM("Medium"),
    HIGH("High");

    private final String label;

    Severity(String label) {
        this.label = label;
    }

    /** The spelling Defender and Sentinel use ("High"). */
    public String label() {
        return label;
    }

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }

    public boolean isBelow(Severity other) {
        return other != null && compareTo(other) < 0;
    }

    public static Severity max(Severity a, Severity b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.compareTo(b) >= 0 ? a : b;
    }

    /**
     * Parses the spellings seen in Defender, Sentinel and other SIEM exports.
     *
     * @return null when the text names no severity we know
     */
    public static Severity parse(String text) {
        if (text == null) return null;
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "informational", "information", "info", "0" -> INFORMATIONAL;
            case "low", "1" -> LOW;
            case "medium", "moderate", "2" -> MEDIUM;
            case "high", "critical", "3" -> HIGH;
            default -> null;
        };
    }

    @Override
    public String toString() {
        return label;
    }
}
