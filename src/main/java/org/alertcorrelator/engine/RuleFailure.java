package org.alertcorrelator.engine;

import org.kie.api.runtime.rule.ConsequenceException;

/**
 * A rule's consequence threw. The message is one line: the rule, the alert being processed, what went wrong
 * (the exception's own message); the Drools exception is the cause, for --debug.
 */
public final class RuleFailure extends RuntimeException {
    private final String rule;
    private final String alertId;

    RuleFailure(ConsequenceException e, String alertId) {
        super(message(e, alertId), e);
        this.rule = e.getMatch() == null ? null : e.getMatch().getRule().getName();
        this.alertId = alertId;
    }

    private static String message(ConsequenceException e, String alertId) {
        String rule = e.getMatch() == null ? "?" : e.getMatch().getRule().getName();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String what = root == e ? "failed" : root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        return "rule \"" + rule + "\" failed " + (alertId == null ? "while event time moved on" : "on alert " + alertId) + ": "
                + what.replaceAll("\\s+", " ").trim();
    }

    /** The rule whose consequence threw. */
    public String rule() {
        return rule;
    }

    /** The alert being processed, or null when housekeeping was running. */
    public String alertId() {
        return alertId;
    }
}
