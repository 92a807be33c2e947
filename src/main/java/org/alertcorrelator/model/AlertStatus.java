package org.alertcorrelator.model;

import java.util.Locale;

/** An alert's own status as its product reports it. Dismissed alerts take no part in correlation. */
public enum AlertStatus {
    NEW("New"),
    ACTIVE("Active"),
    IN_PROGRESS("InProgress"),
    RESOLVED("Resolved"),
    DISMISSED("Dismissed");

    private final String label;

    AlertStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** @return null when the text is no status we know */
    public static AlertStatus parse(String text) {
        if (text == null) return null;
        return switch (text.trim().toLowerCase(Locale.ROOT).replace(" ", "").replace("_", "")) {
            case "new" -> NEW;
            case "active", "open" -> ACTIVE;
            case "inprogress" -> IN_PROGRESS;
            case "resolved", "closed" -> RESOLVED;
            case "dismissed" -> DISMISSED;
            default -> null;
        };
    }

    @Override
    public String toString() {
        return label;
    }
}
