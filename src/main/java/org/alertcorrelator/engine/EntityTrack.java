package org.alertcorrelator.engine;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.Entity;
import org.alertcorrelator.model.JudgedEntity;

/**
 * What the session remembers about one strong entity of one tenant: the alert last active with it, the
 * hosts it was seen on, and whether it still counts as evidence. The engine's entity index keeps one track
 * per entity key, so an alert meets the few tracks of its own entities and never scans other alerts.
 */
public final class EntityTrack implements JudgedEntity {
    private final String tenant;
    private final Entity entity;
    // Its activity end is the entity's latest (not kept apart: one track per entity of the window's alerts).
    private Alert lastAlert;
    private long lastSeen = Long.MIN_VALUE;
    // The hosts this entity was seen on, with the event time last seen, while it is evidence. Most entities
    // are seen on one host: that one is kept in two fields, and a map (oldest first) is made only for a second.
    private String onlyHost;
    private long onlyHostSeen;
    private LinkedHashMap<String, Long> hosts;
    private String ruledOutBy;
    // The later alert of every link made through this entity whose group may still be live, so that the links
    // can be withdrawn without searching every group. Trimmed of alerts in no live group as it grows.
    private java.util.ArrayList<Alert> linkedAlerts;
    private int trimAt = 16;
    private boolean judged;
    // The entity index keeps tracks in the order last seen (a list through the tracks themselves, so that
    // remembering an alert allocates nothing).
    EntityTrack olderSeen;
    EntityTrack newerSeen;
    // True while the index keeps this track aside: quiet, but not yet forgettable.
    boolean lingering;

    /** @param firstSeen event time of the alert that names the entity first */
    public EntityTrack(String tenant, Entity entity, long firstSeen) {
        this.tenant = tenant;
        this.entity = entity;
        this.lastSeen = firstSeen;
    }

    public String getTenant() {
        return tenant;
    }

    public Entity getEntity() {
        return entity;
    }

    /** The alert whose activity with this entity ends latest. */
    public Alert getLastAlert() {
        return lastAlert;
    }

    /** True unless a rule ruled the entity out as evidence. */
    public boolean isEvidence() {
        return ruledOutBy == null;
    }

    /** The rule that ruled the entity out, or null. */
    public String getRuledOutBy() {
        return ruledOutBy;
    }

    /** Rules the entity out as evidence for as long as the session remembers it. */
    public void ruleOut(String rule) {
        if (ruledOutBy == null) ruledOutBy = rule;
        hosts = null;
        onlyHost = null;
    }

    /** Forgets the links noted (once they are withdrawn). */
    void clearLinks() {
        linkedAlerts = null;
    }

    /**
     * True when the alert last active with this entity is in a final incident, which can gain no alert. Only a
     * late alert (serve correlates one at once, at its own event time) can reach such an alert within the window.
     */
    public boolean isLastAlertFinal() {
        return lastAlert != null && lastAlert.getGroup() != null && lastAlert.getGroup().isFinalised();
    }

    /**
     * True when the alert's activity starts within {@code windowMillis} of the end of the last activity seen
     * with this entity. Alerts arrive in event-time order, so the last activity is the nearest one.
     */
    public boolean isActiveWithin(long windowMillis, Alert alert) {
        return lastAlert != null && alert.getEventTime() - lastAlert.getActivityEnd() <= windowMillis;
    }

    /**
     * Distinct hosts this entity was seen on within the window that ends at the alert's time, counting the
     * alert's own hosts.
     */
    public int hostsSeenWithin(long windowMillis, Alert alert) {
        // The alert's hosts are asked of the alert (hostCount, happenedOn), not listed: this runs for every entity
        // of every alert, in several rules.
        long from = alert.getEventTime() - windowMillis;
        if (hosts == null) {
            boolean another = onlyHost != null && onlyHostSeen >= from && !alert.happenedOn(onlyHost);
            return alert.hostCount() + (another ? 1 : 0);
        }
        int n = 0;
        for (Map.Entry<String, Long> e : hosts.entrySet()) {
            if (e.getValue() >= from && !alert.happenedOn(e.getKey())) n++;
        }
        return n + alert.hostCount();
    }

    /**
     * Remembers the alert (engine bookkeeping, once the rules are done with it).
     *
     * @param alertHosts the alert's {@link Alert#getHostKeys() host keys}
     */
    public void saw(Alert alert, List<String> alertHosts, long windowMillis) {
        if (lastAlert == null || alert.getActivityEnd() >= lastAlert.getActivityEnd()) lastAlert = alert;
        lastSeen = Math.max(lastSeen, alert.getEventTime());
        if (ruledOutBy != null) return;
        if (alertHosts.isEmpty()) return;
        long from = alert.getEventTime() - windowMillis;
        if (hosts == null) {
            if (alertHosts.size() == 1 && (onlyHost == null || onlyHost.equals(alertHosts.get(0)) || onlyHostSeen < from)) {
                onlyHost = alertHosts.get(0);
                onlyHostSeen = alert.getEventTime();
                return;
            }
            hosts = new LinkedHashMap<>(4);
            if (onlyHost != null && onlyHostSeen >= from) hosts.put(onlyHost, onlyHostSeen);
            onlyHost = null;
        }
        for (String h : alertHosts) {
            hosts.remove(h);
            hosts.put(h, alert.getEventTime());
        }
        for (Iterator<Map.Entry<String, Long>> it = hosts.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue() < from) it.remove();
            else break;
        }
    }

    /** Latest activity end seen with this entity (epoch ms). */
    public long getLastActivityEnd() {
        return lastAlert == null ? Long.MIN_VALUE : lastAlert.getActivityEnd();
    }

    /** Notes a link made through this entity (its later alert). */
    public void linked(Alert later) {
        if (ruledOutBy != null) return;
        if (linkedAlerts == null) linkedAlerts = new java.util.ArrayList<>(4);
        linkedAlerts.add(later);
        if (linkedAlerts.size() >= trimAt) trimLinks();
    }

    /** True when a link through this entity still holds a group that is not final. */
    boolean holdsLiveLinks() {
        return trimLinks();
    }

    /**
     * Lets go of the noted links whose alert is in no group any more, or in a final one: no withdrawal can
     * reach them. Without this a busy entity would hold on to alerts long gone from working memory.
     *
     * @return true if any link is still noted
     */
    boolean trimLinks() {
        if (linkedAlerts == null) return false;
        linkedAlerts.removeIf(a -> a.getGroup() == null || a.getGroup().isFinalised());
        if (linkedAlerts.isEmpty()) {
            linkedAlerts = null;
            trimAt = 16;
            return false;
        }
        trimAt = Math.max(16, linkedAlerts.size() * 2);
        return true;
    }

    /** True if a link through this entity is noted (it may still be withdrawn). */
    boolean hasLinks() {
        return linkedAlerts != null;
    }

    /** The later alerts of the links made through this entity (see {@link #linked(Alert)}). */
    public List<Alert> linkedAlerts() {
        return linkedAlerts == null ? List.of() : linkedAlerts;
    }

    /** True once the evidence rules have seen this entity (the first time it could link). */
    public boolean isJudged() {
        return judged;
    }

    void judged() {
        judged = true;
    }

    /** True for a track opened for an alert still being processed: no alert is remembered on it yet. */
    public boolean isFirstSighting() {
        return lastAlert == null;
    }

    /** Event time (epoch ms) this entity was last seen. */
    public long getLastSeen() {
        return lastSeen;
    }

    @Override
    public String toString() {
        return "EntityTrack[" + tenant + " " + entity + (ruledOutBy == null ? "" : " ruled out by " + ruledOutBy) + "]";
    }
}
