package org.alertcorrelator.model;

/**
 * One change of an incident's severity: to what, from what (null when the incident was raised), the rule that
 * made it and why.
 */
public record SeverityReason(Severity severity, Severity previous, String rule, String reason) {
}
