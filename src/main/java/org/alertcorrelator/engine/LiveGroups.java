package org.alertcorrelator.engine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.AlertGroup;

/**
 * The alert groups now in working memory (kept by {@link IncidentCollector} as the rules insert and delete
 * them), in the order they were opened. Rules reach it as the global {@code groups}.
 */
public final class LiveGroups {
    private final Set<AlertGroup> live = new LinkedHashSet<>();
    private final long windowMillis;

    public LiveGroups(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    void added(AlertGroup g) {
        live.add(g);
    }

    void removed(AlertGroup g) {
        live.remove(g);
    }

    public int size() {
        return live.size();
    }

    /** The first activity (epoch ms) of the oldest live group, or Long.MAX_VALUE when there is none. */
    public long earliestFirstActivity() {
        long min = Long.MAX_VALUE;
        for (AlertGroup g : live) if (g.getSize() > 0) min = Math.min(min, g.getFirstActivity());
        return min;
    }

    /**
     * Withdraws every link made through the track's entity from the groups still within the window of
     * {@code now}: each such group splits along the links that remain. Groups already out of reach of new
     * alerts are left as they are, so the result does not depend on when housekeeping last ran.
     */
    public Regrouping withdrawLinksThrough(EntityTrack track, long now) {
        List<AlertGroup> changed = new ArrayList<>();
        List<AlertGroup> opened = new ArrayList<>();
        // Every group holding a link through the entity holds that link's later alert, which the track noted.
        Set<AlertGroup> candidates = new LinkedHashSet<>();
        for (Alert a : track.linkedAlerts()) if (a.getGroup() != null) candidates.add(a.getGroup());
        for (AlertGroup g : candidates) {
            if (!live.contains(g) || g.getLastActivity() < now - windowMillis) continue;
            if (!g.linksThrough(track.getEntity())) continue;
            opened.addAll(g.withdrawLinksThrough(track.getEntity()));
            changed.add(g);
        }
        track.clearLinks();
        return new Regrouping(changed, opened);
    }

}
