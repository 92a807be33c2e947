package org.alertcorrelator.model;

import java.util.Objects;

/**
 * What all tenants together have seen of one ordered pair of steps (alert types, else display names): step
 * {@code first}, then step {@code then}, linked through a strong entity within the window. A fact in every rule
 * session, refreshed every sweep interval of event time from what every session recorded before that time, over
 * the prevalence horizon (see docs/prevalence.md). Only types and counts: no tenant, entity or alert of anyone.
 * The rules in 55-prevalence.drl decide which pairs are prevalent patterns.
 *
 * @see org.alertcorrelator.engine.PrevalenceLedger
 */
public final class StepPair {
    private final String first;
    private final String then;
    private final int tenants;
    private final long linked;
    private final long reverse;
    private final long alerts;
    private final long firstCount;
    private final long thenCount;
    private final double confidence;
    private final double lift;
    private final long firstSeen;
    private final long lastSeen;

    /**
     * @param tenants    distinct tenants where the pair was seen linked
     * @param linked     how many times it was seen linked, in those tenants
     * @param reverse    how many times {@code then} was seen linked to a later {@code first}, in those tenants
     * @param alerts     alerts of any step in those tenants
     * @param firstCount alerts of step {@code first} in those tenants
     * @param thenCount  alerts of step {@code then} in those tenants
     * @param confidence linked / the smaller of firstCount and thenCount (at most 1)
     * @param lift       linked x alerts / (firstCount x thenCount), all in those tenants: how many times more often
     *                   the pair is linked than two alerts of those types would follow each other by chance
     */
    public StepPair(String first, String then, int tenants, long linked, long reverse, long firstCount, long thenCount,
                    long alerts, double confidence, double lift, long firstSeen, long lastSeen) {
        this.reverse = reverse;
        this.alerts = alerts;
        this.first = first;
        this.then = then;
        this.tenants = tenants;
        this.linked = linked;
        this.firstCount = firstCount;
        this.thenCount = thenCount;
        this.confidence = confidence;
        this.lift = lift;
        this.firstSeen = firstSeen;
        this.lastSeen = lastSeen;
    }

    public String getFirst() {
        return first;
    }

    public String getThen() {
        return then;
    }

    public int getTenants() {
        return tenants;
    }

    public long getLinked() {
        return linked;
    }

    /** Times seen linked the other way round (then, later first), in the same tenants. */
    public long getReverse() {
        return reverse;
    }

    /** Share of the pair's links that go this way: 1 for a sequence, about 0.5 for two types in no order. */
    public double getDirection() {
        return linked + reverse == 0 ? 0 : (double) linked / (linked + reverse);
    }

    public long getAlerts() {
        return alerts;
    }

    public long getFirstCount() {
        return firstCount;
    }

    public long getThenCount() {
        return thenCount;
    }

    public double getConfidence() {
        return confidence;
    }

    public double getLift() {
        return lift;
    }

    /** Event time (epoch ms) the pair was first seen linked, within the horizon (or as seeded). */
    public long getFirstSeen() {
        return firstSeen;
    }

    public long getLastSeen() {
        return lastSeen;
    }

    /** "first > then", how incidents and the API name the pair. */
    public String getName() {
        return first + " > " + then;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StepPair p && p.first.equals(first) && p.then.equals(then) && p.tenants == tenants
                && p.linked == linked && p.reverse == reverse && p.alerts == alerts && p.firstCount == firstCount && p.thenCount == thenCount
                && p.firstSeen == firstSeen && p.lastSeen == lastSeen;
    }

    @Override
    public int hashCode() {
        return Objects.hash(first, then, tenants, linked);
    }

    @Override
    public String toString() {
        return "StepPair[" + getName() + " tenants=" + tenants + " linked=" + linked + " confidence="
                + String.format(java.util.Locale.ROOT, "%.2f", confidence) + " lift=" + String.format(java.util.Locale.ROOT, "%.1f", lift) + "]";
    }
}
