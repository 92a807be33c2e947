package org.alertcorrelator.model;

import java.time.Instant;
import java.util.List;

/**
 * One alert as an incident lists it, so the incident explains itself without a look-up.
 *
 * @param tacticsFromTable true when the alert's tactics came from rules/alert-tactics.csv, not from its record
 */
public record IncidentAlert(String id, String displayName, Instant time, Severity severity, List<Tactic> tactics,
                            boolean tacticsFromTable) {
    public static IncidentAlert of(Alert a) {
        return new IncidentAlert(a.getId(), a.getDisplayName(), a.getStartTime(), a.getSeverity(), a.getTactics(),
                a.isTacticsFromTable());
    }
}
