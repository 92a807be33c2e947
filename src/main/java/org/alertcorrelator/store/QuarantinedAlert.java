package org.alertcorrelator.store;

/**
 * An alert the engine set aside: correlating it failed under {@code ruleVersion} (a rule's consequence threw, or
 * the engine did), so a session of that rule version skips it instead of failing again. A session of another rule
 * version (after a reload) tries it again. The alert itself stays stored and readable.
 *
 * @param reason one line: the rule and what went wrong, never a stack trace
 */
public record QuarantinedAlert(String tenant, String id, String ruleVersion, long quarantinedAt, String reason) {
}
