package org.alertcorrelator.model;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * A step pair the rules judged prevalent (rules/55-prevalence.drl): seen linked in many tenants, far more often
 * than chance. Inserted when its {@link StepPair} first qualifies, it follows the pair's counts in place
 * ({@link #follow}) and is deleted when the pair no longer qualifies. A group keeps a copy of what it was named with.
 *
 * <p>Its lift and confidence are held to two significant digits ({@link #shown}), as an incident shows them: the
 * pair's exact figures move at every sweep boundary (every alert of the horizon is in the lift's denominator), and a
 * pattern that followed them exactly changed every hour, so every incident naming it was named again (a new incident
 * version each hour in {@code serve}, and every group matched against it again). Which pairs qualify is judged on
 * the {@link StepPair}'s exact figures.
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
        this.lift = shown(lift);
        this.confidence = shown(confidence);
    }

    /** The pattern as judged from a step pair. */
    public static PrevalentPattern of(StepPair p) {
        return new PrevalentPattern(p.getFirst(), p.getThen(), p.getTenants(), p.getLift(), p.getConfidence());
    }

    /** Whether it already has the step pair's counts (lift and confidence to two significant digits). */
    public boolean hasCountsOf(StepPair p) {
        return tenants == p.getTenants() && Double.compare(lift, shown(p.getLift())) == 0
                && Double.compare(confidence, shown(p.getConfidence())) == 0;
    }

    /** Takes the step pair's counts (in a rule's {@code modify}). */
    public void follow(StepPair p) {
        tenants = p.getTenants();
        lift = shown(p.getLift());
        confidence = shown(p.getConfidence());
    }

    /** A figure to two significant digits, as patterns show it: 3436.9 is 3400, 6.54 is 6.5, 0.333 is 0.33. */
    public static double shown(double v) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) return v;
        int digitsBeforePoint = (int) Math.floor(Math.log10(Math.abs(v))) + 1;
        int decimals = 2 - digitsBeforePoint; // two significant digits
        if (decimals > 15 || decimals < -15) return new BigDecimal(v).round(new MathContext(2, RoundingMode.HALF_UP)).doubleValue();
        // Scaled by an exact power of ten, rounded to a whole number, scaled back: the double nearest the decimal.
        double scale = Math.pow(10, Math.abs(decimals));
        return decimals >= 0 ? Math.round(v * scale) / scale : Math.round(v / scale) * scale;
    }

    /** Whether an incident shows the two alike: same steps, tenants and lift (its confidence is not shown). */
    public boolean showsAs(PrevalentPattern p) {
        return p.first.equals(first) && p.then.equals(then) && p.tenants == tenants && Double.compare(p.lift, lift) == 0;
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

    /** How an incident names it: {@code "A > B (seen in 4 tenants, lift 13)"}, the lift to two significant digits. */
    public String describe() {
        return first + " > " + then + " (seen in " + tenants + " tenants, lift " + plain(lift) + ")";
    }

    private static String plain(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return String.valueOf(v);
        return new BigDecimal(v).round(new MathContext(2, RoundingMode.HALF_UP)).stripTrailingZeros().toPlainString();
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
