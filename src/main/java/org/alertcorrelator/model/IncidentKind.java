package org.alertcorrelator.model;

/** Why an incident was raised. */
public enum IncidentKind {
    /** Alerts whose tactics move forward through the kill chain over time. */
    KillChain,
    /** Two or more linked alerts, at least one Medium or High. */
    SharedContext
}
