package org.alertcorrelator.model;

import java.util.Locale;
import java.util.Objects;

/**
 * A step pair the rules judged prevalent (rules/55-prevalence.drl): seen linked in many tenants, far more often
 * than chance. Inserted when its {@link StepPair} first qualifies, it follows the pair's counts in place
 * ({@link #follow}) and is deleted when the pair no longer qualifies. A group keeps a copy of what it was named with.
 */
public final class PrevalentPattern {
    private final String first;
    private final String then;
    private int tenants;
    private double lift;
    private double confidence;

    public PrevalentPattern(String first, String then, int tenants, double lift, double confidence) {
        this.first = first;
        this.then = then;
        this.tenants = tenants;
        this.lift = lift;
        this.confidence = confidence;
    }

    /** The pattern as judged from a step pair. */
    public static PrevalentPattern of(StepPair p) {
        return new PrevalentPattern(p.getFirst(), p.getThen(), p.getTenants(), p.getLift(), p.getConfidence());
    }

    /** Whether it already has the step pair's counts. */
    public boolean hasCountsOf(StepPair p) {
        return tenants == p.getTenants() && Double.compare(lift, p.getLift()) == 0
                && Double.compare(confidence, p.getConfidence()) == 0;
    }

    /** Takes the step pair's counts (in a rule's {@code modify}). */
    public void follow(StepPair p) {
        tenants = p.getTenants();
        lift = p.getLift();
        confidence = p.getConfidence();
    }

    /** A copy with the counts as they are now. */
    public PrevalentPattern copy() {
        return new PrevalentPattern(first, then, tenants, lift, confidence);
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

    public double getLift() {
        return lift;
    }

    public double getConfidence() {
        return confidence;
    }

    /** How an incident names it: {@code "A > B (seen in 4 tenants, lift 12.5)"}. */
    public String describe() {
        return first + " > " + then + " (seen in " + tenants + " tenants, lift " + String.format(Locale.ROOT, "%.1f", lift) + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PrevalentPattern p && p.first.equals(first) && p.then.equals(then) && p.tenants == tenants
                && Double.compare(p.lift, lift) == 0 && Double.compare(p.confidence, confidence) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(first, then);
    }

    @Override
    public String toString() {
        return "PrevalentPattern[" + describe() + "]";
    }
}
