package org.alertcorrelator.model;

/** Why an incident was raised. */
public enum IncidentKind {
    /** Alerts whose tactics move forward through the kill chain over time. */
    KillChain,
    /** Two or more linked alerts, at least one Medium or High. */
    SharedContext,
    /** Linked alerts that hold a step pair prevalent across tenants (rules/55-prevalence.drl), at any severity. */
    PrevalentPattern
}
