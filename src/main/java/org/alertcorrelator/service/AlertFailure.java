package org.alertcorrelator.service;

import org.alertcorrelator.engine.RuleFailure;
import org.alertcorrelator.model.Alert;

/** Correlating this alert failed: the live engine sets it aside (see {@link LiveEngine}). */
final class AlertFailure extends RuntimeException {
    private static final int MAX_REASON = 500;
    private final transient Alert alert;

    AlertFailure(Alert alert, RuntimeException cause) {
        super("correlating alert " + alert.getId() + " failed", cause);
        this.alert = alert;
    }

    Alert alert() {
        return alert;
    }

    /**
     * What is stored and shown: the rule whose consequence threw, never an exception's class, message or stack
     * (those go to the log, see {@link #detail()}).
     */
    String reason() {
        if (getCause() instanceof RuleFailure f && f.rule() != null) {
            String rule = f.rule().length() <= MAX_REASON ? f.rule() : f.rule().substring(0, MAX_REASON) + "...";
            return "rule \"" + rule + "\" failed on this alert";
        }
        return "the engine failed on this alert";
    }

    /** One line for the log: the rule and what went wrong. */
    String detail() {
        Throwable c = getCause();
        String r = c instanceof RuleFailure ? c.getMessage() : c.toString();
        return r == null ? "" : r.replaceAll("\\s+", " ").trim();
    }
}
