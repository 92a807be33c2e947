package org.alertcorrelator.store;

import org.alertcorrelator.model.Alert;

/**
 * The order the engine processes alerts in: event time, then SystemAlertId, then tenant (an alert is its tenant
 * and its id: two tenants may send the same id at the same time, and neither may hide the other). The service
 * remembers the key of the last alert it handed to the rule session (its release mark): every stored alert at or
 * below the mark has been processed, every one above it is still in the reorder buffer.
 */
public record AlertKey(long eventTime, String id, String tenant) implements Comparable<AlertKey> {
    /** Above every tenant name: a mark restored without its tenant covers every tenant's alert of that time and id. */
    static final String EVERY_TENANT = "\uffff";

    /** Below every key. */
    public static final AlertKey MIN = new AlertKey(Long.MIN_VALUE, "", "");

    public AlertKey {
        if (id == null) throw new IllegalArgumentException("id");
        if (tenant == null) throw new IllegalArgumentException("tenant");
    }

    /** A key of that time and id at or above that alert of every tenant (as {@link #stored} reads a mark). */
    public AlertKey(long eventTime, String id) {
        this(eventTime, id, id == null || id.isEmpty() ? "" : EVERY_TENANT);
    }

    public static AlertKey of(Alert a) {
        return new AlertKey(a.getEventTime(), a.getId(), a.getTenant());
    }

    /** Below every alert of that event time: everything earlier is at or below it. */
    public static AlertKey before(long eventTime) {
        return new AlertKey(eventTime, "", "");
    }

    /**
     * A mark as the store keeps it (event time and id): at or above that alert of every tenant. Reading it so is
     * safe: an alert of another tenant with the same time and id came next in order, and the rebuild replays it.
     */
    public static AlertKey stored(long eventTime, String id) {
        return new AlertKey(eventTime, id);
    }

    @Override
    public int compareTo(AlertKey o) {
        int c = Long.compare(eventTime, o.eventTime);
        if (c != 0) return c;
        c = id.compareTo(o.id);
        return c != 0 ? c : tenant.compareTo(o.tenant);
    }

    public static AlertKey max(AlertKey a, AlertKey b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
