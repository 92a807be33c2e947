package org.alertcorrelator.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.alertcorrelator.model.Alert;
import org.alertcorrelator.store.AlertKey;

/**
 * Accepted alerts waiting to be correlated, in event-time order (then id, then tenant). The rules must see alerts in that
 * order for the service to give the same incidents as a replay, but alerts reach the service somewhat out of
 * order; holding each one until it is {@code lateness} older than the newest alert seen puts them back in order.
 * Not thread-safe: the engine thread owns it.
 */
public final class ReorderBuffer {
    private final TreeMap<AlertKey, Alert> byKey = new TreeMap<>();
    private final Map<String, AlertKey> keyOfId = new HashMap<>();

    /** Adds an alert; a later version of an alert already held replaces it. */
    public void add(Alert a) {
        AlertKey old = keyOfId.put(identity(a.getTenant(), a.getId()), AlertKey.of(a));
        if (old != null) byKey.remove(old);
        byKey.put(AlertKey.of(a), a);
    }

    /** Takes out the alert of this tenant with this id, if held. */
    public void remove(String tenant, String id) {
        AlertKey key = keyOfId.remove(identity(tenant, id));
        if (key != null) byKey.remove(key);
    }

    public boolean contains(String tenant, String id) {
        return keyOfId.containsKey(identity(tenant, id));
    }

    /** An alert is its tenant and its id. */
    private static String identity(String tenant, String id) {
        return tenant + '\u0000' + id;
    }

    /** Takes out, in order, every alert with an event time before {@code eventTime}. */
    public List<Alert> releaseBefore(long eventTime) {
        List<Alert> out = new ArrayList<>();
        Iterator<Map.Entry<AlertKey, Alert>> it = byKey.headMap(AlertKey.before(eventTime), false).entrySet().iterator();
        while (it.hasNext()) {
            Alert a = it.next().getValue();
            out.add(a);
            keyOfId.remove(identity(a.getTenant(), a.getId()));
            it.remove();
        }
        return out;
    }

    /** Takes out every alert, in order. */
    public List<Alert> releaseAll() {
        List<Alert> out = new ArrayList<>(byKey.values());
        byKey.clear();
        keyOfId.clear();
        return out;
    }

    public int size() {
        return byKey.size();
    }

    public boolean isEmpty() {
        return byKey.isEmpty();
    }
}
