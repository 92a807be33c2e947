package org.alertcorrelator.model;

/**
 * One strong entity of an alert as the session judged it (the engine's {@code EntityTrack}): the entity, and
 * whether it is still evidence (no rule ruled it out as infrastructure, a generic account, an allow-listed value).
 */
public interface JudgedEntity {
    Entity getEntity();

    boolean isEvidence();

    /**
     * Distinct hosts the entity was seen on within the window that ends at the alert's time, counting the alert's
     * own hosts (none once it is ruled out).
     */
    int hostsSeenWithin(long windowMillis, Alert alert);

    /**
     * True when an earlier alert was active with the entity and the alert's activity starts within
     * {@code windowMillis} of the end of that activity.
     */
    boolean isActiveWithin(long windowMillis, Alert alert);
}
