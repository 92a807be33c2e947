package org.alertcorrelator.service.auth;

import java.util.Locale;

/** What a token may do. */
public enum Role {
    /** Post alerts. */
    INGEST,
    /** Read alerts and incidents, change incidents' analyst state, read the rules. */
    ANALYST,
    /** Everything, including reloading the rules. */
    ADMIN;

    public static Role parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + text + "\" is no role (ingest, analyst or admin)");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
