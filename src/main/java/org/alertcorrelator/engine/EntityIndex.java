package org.alertcorrelator.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.Entity;
import org.alertcorrelator.ruleset.Settings;

/**
 * The session's memory of strong entities: one {@link EntityTrack} per tenant and entity key. Rules look
 * tracks up with {@code from entities.track($a, $e)}, which is a hash lookup, so an alert's cost does not
 * grow with the number of alerts in the window. Tracks of entities not seen for a whole window are forgotten
 * by the housekeeping rule.
 */
public final class EntityIndex {
    private final Settings settings;
    private final Map<String, TrackTable> byTenant = new HashMap<>();
    private EntityTrack oldestSeen;
    private EntityTrack newestSeen;
    private final java.util.Set<EntityTrack> lingering = new java.util.LinkedHashSet<>();
    // Tracks that noted links (for withdrawal): trimmed at every sweep, so that they let go of alerts that
    // left their groups, whether or not the entity links again.
    private final java.util.Set<EntityTrack> withLinks = new java.util.LinkedHashSet<>();
    private int size;
    private Alert lastRemembered;

    public EntityIndex(Settings settings) {
        this.settings = settings;
    }

    /** The track of the alert's tenant for this entity, or null when the entity was not seen yet. */
    public EntityTrack track(Alert alert, Entity entity) {
        TrackTable tracks = byTenant.get(alert.getTenant());
        return tracks == null ? null : tracks.get(entity);
    }

    /**
     * The tracks of the alert's strong entities, one per entity, opening a track (with no history yet) for an
     * entity seen for the first time. Looking them up once per alert is cheaper than once per rule.
     *
     * @param toJudge receives the tracks that could link for the first time (an entity seen before and not
     *                judged yet), for the evidence rules: an entity seen once links nothing, and most are
     */
    public List<EntityTrack> tracksOf(Alert alert, List<EntityTrack> toJudge) {
        List<EntityTrack> result = null;
        TrackTable tracks = null;
        for (Entity e : alert.getEntities()) {
            if (!settings.isStrong(e.type())) continue;
            if (tracks == null) tracks = byTenant.computeIfAbsent(alert.getTenant(), t -> new TrackTable());
            EntityTrack t = tracks.get(e);
            if (t == null) {
                t = new EntityTrack(alert.getTenant(), e, alert.getEventTime());
                tracks.add(t);
                size++;
                append(t);
            } else if (!t.isJudged()) {
                t.judged();
                toJudge.add(t);
            }
            if (result == null) result = new ArrayList<>(4);
            result.add(t);
        }
        return result == null ? List.of() : result;
    }

    /** Remembers the alert on the tracks of its strong entities (once the rules are done with it). */
    public void remember(Alert alert, List<?> tracks) {
        lastRemembered = alert;
        long window = settings.getWindowMillis();
        List<String> hosts = alert.getHostKeys(); // derived, not kept on the alert: found once for all its tracks
        for (Object o : tracks) {
            EntityTrack t = (EntityTrack) o;
            if (t.lingering) {
                lingering.remove(t);
                t.lingering = false;
            }
            unlink(t);
            t.saw(alert, hosts, window);
            append(t);
            if (t.hasLinks()) withLinks.add(t);
        }
    }

    /**
     * Forgets every entity last seen before {@code cutoff} whose activity also ended before it: no new alert
     * can link through it any more. An entity whose links still hold a live group together is kept until that
     * group is final, so that, should the entity turn out to be infrastructure, those links can be withdrawn.
     * Every track also lets go of the links it noted whose alert is in no live group any more.
     */
    public int forgetQuietSince(long cutoff) {
        withLinks.removeIf(t -> !t.trimLinks());
        int forgotten = 0;
        // Tracks quiet but not yet forgettable, from earlier sweeps: out of last-seen order, so looked at each time.
        for (java.util.Iterator<EntityTrack> it = lingering.iterator(); it.hasNext(); ) {
            EntityTrack t = it.next();
            if (forgettable(t, cutoff)) {
                it.remove();
                t.lingering = false;
                remove(t);
                forgotten++;
            }
        }
        while (oldestSeen != null && oldestSeen.getLastSeen() < cutoff) {
            EntityTrack t = oldestSeen;
            unlink(t);
            if (forgettable(t, cutoff)) {
                remove(t);
                forgotten++;
            } else {
                t.lingering = true;
                lingering.add(t);
            }
        }
        return forgotten;
    }

    private static boolean forgettable(EntityTrack t, long cutoff) {
        return t.getLastActivityEnd() < cutoff && !t.holdsLiveLinks();
    }

    private void remove(EntityTrack t) {
        withLinks.remove(t);
        TrackTable tracks = byTenant.get(t.getTenant());
        tracks.remove(t.getEntity());
        if (tracks.size() == 0) byTenant.remove(t.getTenant());
        size--;
    }

    /** The alert last remembered: it took part (the session counts the alerts whose Arrival went without). */
    Alert lastRemembered() {
        return lastRemembered;
    }

    /** Number of entity tracks held. */
    public int size() {
        return size;
    }

    private void unlink(EntityTrack t) {
        if (t.olderSeen != null) t.olderSeen.newerSeen = t.newerSeen;
        else if (oldestSeen == t) oldestSeen = t.newerSeen;
        if (t.newerSeen != null) t.newerSeen.olderSeen = t.olderSeen;
        else if (newestSeen == t) newestSeen = t.olderSeen;
        t.olderSeen = null;
        t.newerSeen = null;
    }

    private void append(EntityTrack t) {
        t.olderSeen = newestSeen;
        t.newerSeen = null;
        if (newestSeen != null) newestSeen.newerSeen = t;
        newestSeen = t;
        if (oldestSeen == null) oldestSeen = t;
    }
}
