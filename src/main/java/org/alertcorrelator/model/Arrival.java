package org.alertcorrelator.model;

import java.util.List;

/**
 * An alert that has just arrived and that the rules have not finished with. The engine inserts the alert
 * itself into the stream of alerts (where it stays until it expires) and an Arrival beside it; the rules about
 * one alert match the Arrival, and the last of them deletes it.
 *
 * <p>Why a separate fact: retiring the alert from the per-alert rules by modifying or deleting the Alert event
 * would leak {@code from} results (modify) or cancel its expiry job, which Drools' pseudo clock does in linear
 * time (delete). Deleting a plain fact costs neither.
 */
public final class Arrival {
    private final Alert alert;
    private final List<? extends JudgedEntity> tracks;

    /** @param tracks what the session remembers of each of the alert's strong entities (one per entity) */
    public Arrival(Alert alert, List<? extends JudgedEntity> tracks) {
        this.alert = alert;
        this.tracks = tracks;
    }

    public Alert getAlert() {
        return alert;
    }

    /**
     * The tracks ({@code org.alertcorrelator.engine.EntityTrack}) of the alert's strong entities, looked up
     * once when the alert arrives, so that rules iterate them with {@code from $arrival.tracks} instead of
     * looking each entity up again.
     */
    public List<? extends JudgedEntity> getTracks() {
        return tracks;
    }

    /**
     * Whether every one of the alert's strong entities of {@code entityType} ({@code EntityType.ACCOUNT}, ...) is
     * evidence as of this call (true when the alert has none). The default rules judge the entities after the
     * Arrival is inserted (salience 800 to 790): ask in a consequence of a later rule, where it is up to date,
     * not as a constraint of the Arrival pattern, which Drools evaluates when the Arrival is inserted. The same
     * as {@code not EntityTrack( !evidence, entity.type == T ) from $tracks} without making a fact handle per
     * entity and alert.
     */
    public boolean allEvidence(String entityType) {
        for (int i = 0; i < tracks.size(); i++) {
            JudgedEntity t = tracks.get(i);
            if (!t.isEvidence() && t.getEntity().type().equals(entityType)) return false;
        }
        return true;
    }

    /**
     * The tracks (in the order of {@link #getTracks()}) of the entities an earlier alert was active with within
     * the window ({@code isActiveWithin( window, alert )}): the ones the alert may link through,
     * {@code from $arrival.tracksActiveWithin( settings.windowMillis )}. An entity seen for the first time (most
     * of an alert's addresses and hashes) is none of them.
     */
    public List<? extends JudgedEntity> tracksActiveWithin(long windowMillis) {
        return tracksWhere(activeWithin(windowMillis));
    }

    /**
     * The tracks (in the order of {@link #getTracks()}) of the entities seen on at least {@code hosts} distinct
     * hosts within the window that ends at the alert, its own hosts counted: for rules about entities spread over
     * many hosts (infrastructure), {@code from $arrival.tracksOnAtLeastHosts( settings.windowMillis, N )}. Nearly
     * every entity is on one or two hosts, and a rule that iterates only these makes no fact handle for the
     * others. Asked where {@code from} is, it sees what a constraint on {@code from $arrival.tracks} would see.
     */
    public List<? extends JudgedEntity> tracksOnAtLeastHosts(long windowMillis, int hosts) {
        return tracksWhere(onAtLeastHosts(windowMillis, hosts));
    }

    /** As {@link #tracksOnAtLeastHosts}, for more than {@code hosts} hosts. */
    public List<? extends JudgedEntity> tracksOnMoreHostsThan(long windowMillis, int hosts) {
        return hosts == Integer.MAX_VALUE ? List.of() : tracksOnAtLeastHosts(windowMillis, hosts + 1);
    }

    /**
     * The tracks (in the order of {@link #getTracks()}) of the entities of these types ({@code EntityType.IP}, ...):
     * {@code from $arrival.tracksOfTypes( settings.prevalence.crossTenantEntityTypes )}.
     */
    public List<? extends JudgedEntity> tracksOfTypes(java.util.Set<String> entityTypes) {
        return tracksWhere(ofTypes(entityTypes));
    }

    // ---- gates: whether a list above would keep any ----

    /** Whether {@link #tracksActiveWithin} would keep any (the same for the whole of the alert's rules). */
    public boolean anyTrackActiveWithin(long windowMillis) {
        return anyTrack(activeWithin(windowMillis));
    }

    /**
     * Whether any track is on at least {@code hosts} hosts ({@link #tracksOnAtLeastHosts} would keep one): a
     * constraint on the Arrival, so that a rule evaluates its {@code from} only for the few alerts where it can
     * match. {@code from} costs an MVEL evaluation (a variable factory, reflective calls) each time; a constraint
     * is compiled. Drools evaluates a constraint on the Arrival when it is inserted, before the rules about this
     * alert ran: an entity a rule rules out later in between is still counted here, never the other way round
     * (ruling out only lowers a count), so the gate lets through all that the {@code from} can keep.
     */
    public boolean anyTrackOnAtLeastHosts(long windowMillis, int hosts) {
        return anyTrack(onAtLeastHosts(windowMillis, hosts));
    }

    /** As {@link #anyTrackOnAtLeastHosts}, for more than {@code hosts} hosts. */
    public boolean anyTrackOnMoreHostsThan(long windowMillis, int hosts) {
        return hosts != Integer.MAX_VALUE && anyTrackOnAtLeastHosts(windowMillis, hosts + 1);
    }

    /** Whether {@link #tracksOfTypes} would keep any. */
    public boolean anyTrackOfTypes(java.util.Set<String> entityTypes) {
        return anyTrack(ofTypes(entityTypes));
    }

    // ---- one question per list, asked by the list and by its gate alike ----

    private java.util.function.Predicate<JudgedEntity> activeWithin(long windowMillis) {
        return t -> t.isActiveWithin(windowMillis, alert);
    }

    private java.util.function.Predicate<JudgedEntity> onAtLeastHosts(long windowMillis, int hosts) {
        return t -> t.hostsSeenWithin(windowMillis, alert) >= hosts;
    }

    private static java.util.function.Predicate<JudgedEntity> ofTypes(java.util.Set<String> entityTypes) {
        return t -> entityTypes.contains(t.getEntity().type());
    }

    // In the order of the tracks (it decides the order of from's matches, and so incident ids); no list is made
    // when none is kept, as for most alerts.
    private List<? extends JudgedEntity> tracksWhere(java.util.function.Predicate<JudgedEntity> kept) {
        List<JudgedEntity> found = null;
        for (int i = 0; i < tracks.size(); i++) {
            JudgedEntity t = tracks.get(i);
            if (!kept.test(t)) continue;
            if (found == null) found = new java.util.ArrayList<>(2);
            found.add(t);
        }
        return found == null ? List.of() : found;
    }

    private boolean anyTrack(java.util.function.Predicate<JudgedEntity> kept) {
        for (int i = 0; i < tracks.size(); i++) if (kept.test(tracks.get(i))) return true;
        return false;
    }

    @Override
    public String toString() {
        return "Arrival[" + alert.getId() + "]";
    }
}
