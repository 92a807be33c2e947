package org.alertcorrelator.model;

import java.time.Instant;
import java.util.List;

/**
 * An incident as written out: one page of a raised alert group (a group holds at most the configured number
 * of alerts per incident; beyond that, continuation incidents reference the first).
 *
 * @param continuesIncidentId for a continuation page, the id of the group's first incident; else null
 * @param mergedIncidentIds   incidents that were merged into this one
 * @param patterns            the prevalent patterns it holds, e.g. {@code "A > B (seen in 4 tenants, lift 12.5)"}
 */
public record Incident(
        String id,
        String tenantId,
        String title,
        String description,
        IncidentKind kind,
        Severity severity,
        String status,
        List<Tactic> tactics,
        List<String> alertIds,
        List<Entity> entities,
        Instant firstActivityTime,
        Instant lastActivityTime,
        List<LinkReason> reasons,
        List<String> mergedIncidentIds,
        String continuesIncidentId,
        String raisedBy,
        List<String> patterns) {

    /** An incident that names no prevalent pattern. */
    public Incident(String id, String tenantId, String title, String description, IncidentKind kind, Severity severity,
                    String status, List<Tactic> tactics, List<String> alertIds, List<Entity> entities,
                    Instant firstActivityTime, Instant lastActivityTime, List<LinkReason> reasons,
                    List<String> mergedIncidentIds, String continuesIncidentId, String raisedBy) {
        this(id, tenantId, title, description, kind, severity, status, tactics, alertIds, entities, firstActivityTime,
                lastActivityTime, reasons, mergedIncidentIds, continuesIncidentId, raisedBy, List.of());
    }
}
