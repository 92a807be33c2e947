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
    private final List<?> tracks;

    /** @param tracks what the session remembers of each of the alert's strong entities (one per entity) */
    public Arrival(Alert alert, List<?> tracks) {
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
    public List<?> getTracks() {
        return tracks;
    }

    @Override
    public String toString() {
        return "Arrival[" + alert.getId() + "]";
    }
}
