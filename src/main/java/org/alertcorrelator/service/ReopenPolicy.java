package org.alertcorrelator.service;

import java.util.Locale;

/** What an alert that joins a Closed incident does (as Sentinel's grouping setting "re-open closed incidents"). */
public enum ReopenPolicy {
    /** The incident becomes Active again; its history says which alerts reopened it. */
    REOPEN,
    /** The closed incident stays as it was closed; a new incident follows it and takes the group from then on. */
    NEW;

    public static ReopenPolicy parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "reopen" -> REOPEN;
            case "new" -> NEW;
            default -> throw new IllegalArgumentException("\"" + text + "\" is neither reopen nor new");
        };
    }
}
