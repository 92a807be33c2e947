package org.alertcorrelator.model;

/**
 * One count of cross-tenant prevalence as it is kept between runs: within one sweep interval of event time
 * ({@code bucket}, its start in epoch ms), how often a tenant (by its hash only) saw an item. What crosses tenants
 * and nothing more: step names, public entity values, counts.
 *
 * @param kind   {@link #PAIR} (item1 the earlier step, item2 the later), {@link #STEP} (item1 the step),
 *               {@link #ALERTS} (alerts taking part; no item) or {@link #ENTITY} (item1 its type, item2 its key)
 * @param count  how many times (for {@link #ENTITY}, 1: a tenant saw the value in the interval)
 */
public record PrevalenceCount(long bucket, String kind, String item1, String item2, String tenantHash, long count) {
    public static final String PAIR = "pair";
    public static final String STEP = "step";
    public static final String ALERTS = "alerts";
    public static final String ENTITY = "entity";

    /** When a step pair was first and last seen linked (event time, epoch ms). */
    public record Seen(String first, String then, long firstSeen, long lastSeen) {
    }
}
