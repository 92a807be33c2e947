package org.alertcorrelator.model;

import java.time.Instant;
import java.util.List;

/**
 * An incident as written out: one page of a raised alert group (a group holds at most the configured number
 * of alerts per incident; beyond that, continuation incidents reference the first).
 *
 * @param kind                any name a rule gave (see {@link IncidentKind}): KillChain, SharedContext, ...
 * @param continuesIncidentId for a continuation page, the id of the group's first incident; else null
 * @param mergedIncidentIds   incidents that were merged into this one
 * @param raisedBy            the rule that raised the incident under its current kind
 * @param severityReasons     every change of the severity: the rule that made it and why, oldest first
 * @param inferredTactics     tactics of the incident that only alerts with tactics from rules/alert-tactics.csv carry
 * @param alerts              the alerts, by event time then id (id, display name, time, severity, tactics)
 * @param vendorIncidentIds   the vendors' own incidents (Defender XDR, Sentinel) that grouped alerts of this one
 * @param patterns            the prevalent patterns it holds, e.g. {@code "A > B (seen in 4 tenants, lift 12.5)"}
 */
public record Incident(
        String id,
        String tenantId,
        String title,
        String description,
        String kind,
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
        List<SeverityReason> severityReasons,
        List<Tactic> inferredTactics,
        List<IncidentAlert> alerts,
        List<String> vendorIncidentIds,
        List<String> patterns) {

    public Incident {
        vendorIncidentIds = vendorIncidentIds == null ? List.of() : List.copyOf(vendorIncidentIds);
        patterns = patterns == null ? List.of() : List.copyOf(patterns);
    }

    /** An incident without severity reasons, inferred tactics, alert list, vendor incidents or patterns (code written before they existed). */
    public Incident(String id, String tenantId, String title, String description, String kind, Severity severity,
                    String status, List<Tactic> tactics, List<String> alertIds, List<Entity> entities,
                    Instant firstActivityTime, Instant lastActivityTime, List<LinkReason> reasons,
                    List<String> mergedIncidentIds, String continuesIncidentId, String raisedBy) {
        this(id, tenantId, title, description, kind, severity, status, tactics, alertIds, entities, firstActivityTime,
                lastActivityTime, reasons, mergedIncidentIds, continuesIncidentId, raisedBy, List.of(), List.of(), List.of(), List.of(), List.of());
    }
}
