package org.alertcorrelator.store;

import java.util.List;
import java.util.Set;

/**
 * Filters for listing incidents; null or empty means "any". Times are epoch ms.
 *
 * @param tenants        the tenants a caller may see (null: all) — always applied
 * @param tenant         one tenant asked for
 * @param since          incidents active at or after (their last activity)
 * @param until          incidents active at or before (their first activity)
 * @param updatedSince   incidents changed at or after this wall-clock time
 * @param entity         an entity key the incident names; entityType narrows it to one type
 * @param states         lifecycle states (default: live and final)
 */
public record IncidentQuery(Set<String> tenants, String tenant, List<String> statuses, List<String> severities,
                            List<String> kinds, Long since, Long until, Long updatedSince, String entity,
                            String entityType, List<String> states, int limit, int offset) {
}
