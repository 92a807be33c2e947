package org.alertcorrelator.engine;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.alertcorrelator.model.Alert;

/**
 * The hosts each tenant had alerts on within the window, the global {@code activeHosts}: for rules that judge an
 * entity by the share of a tenant's estate it spreads to (relative infrastructure), whatever the estate's size.
 */
public final class ActiveHosts {
    private final long windowMillis;
    // Per tenant, host -> last seen, in last-seen order (oldest first), so the quiet ones are cut from the head.
    // Access order: putting a host seen before moves it to the tail in place (nothing but put and the values'
    // iterator touches these maps, so no read reorders them).
    private final Map<String, LinkedHashMap<String, Long>> byTenant = new HashMap<>();

    ActiveHosts(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    void saw(Alert a) {
        List<String> hosts = a.getHostKeys();
        if (hosts.isEmpty()) return;
        LinkedHashMap<String, Long> seen = byTenant.computeIfAbsent(a.getTenant(), t -> new LinkedHashMap<>(16, 0.75f, true));
        Long at = a.getEventTime();
        for (int i = 0; i < hosts.size(); i++) seen.put(hosts.get(i), at);
        cut(seen, a.getEventTime() - windowMillis);
    }

    /** Distinct hosts of the alert's tenant that had an alert within the window before the alert (its own included). */
    public int count(Alert a) {
        LinkedHashMap<String, Long> seen = byTenant.get(a.getTenant());
        if (seen == null) return 0;
        cut(seen, a.getEventTime() - windowMillis);
        return seen.size();
    }

    /** The share of the tenant's active hosts (see {@link #count}) that the entity was seen on within the window. */
    public double shareOf(EntityTrack track, Alert a) {
        int active = count(a);
        return active == 0 ? 0 : (double) track.hostsSeenWithin(windowMillis, a) / active;
    }

    private static void cut(LinkedHashMap<String, Long> seen, long from) {
        for (Iterator<Long> it = seen.values().iterator(); it.hasNext(); ) {
            if (it.next() < from) it.remove();
            else break;
        }
    }
}
