package org.alertcorrelator.store;

import org.alertcorrelator.model.Alert;

/**
 * The order the engine processes alerts in: event time, then SystemAlertId. The service remembers the key of
 * the last alert it handed to the rule session (its release mark): every stored alert at or below the mark has
 * been processed, every one above it is still in the reorder buffer.
 */
public record AlertKey(long eventTime, String id) implements Comparable<AlertKey> {
    /** Below every key. */
    public static final AlertKey MIN = new AlertKey(Long.MIN_VALUE, "");

    public AlertKey {
        if (id == null) throw new IllegalArgumentException("id");
    }

    public static AlertKey of(Alert a) {
        return new AlertKey(a.getEventTime(), a.getId());
    }

    /** Below every alert of that event time: everything earlier is at or below it. */
    public static AlertKey before(long eventTime) {
        return new AlertKey(eventTime, "");
    }

    @Override
    public int compareTo(AlertKey o) {
        int c = Long.compare(eventTime, o.eventTime);
        return c != 0 ? c : id.compareTo(o.id);
    }

    public static AlertKey max(AlertKey a, AlertKey b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
