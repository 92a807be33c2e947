package org.alertcorrelator.store;

import java.util.List;
import java.util.Set;

/**
 * Filters for listing alerts; null or empty means "any". Times are epoch ms of event time.
 *
 * @param tenants  the tenants a caller may see (null: all) — always applied
 * @param incident alerts of this incident
 */
public record AlertQuery(Set<String> tenants, String tenant, List<String> severities, Long since, Long until,
                         String entity, String entityType, String incident, int limit, int offset) {
}
