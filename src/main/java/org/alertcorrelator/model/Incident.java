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
        String raisedBy) {
}
