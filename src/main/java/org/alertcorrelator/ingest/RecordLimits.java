package org.alertcorrelator.ingest;

import java.util.List;

import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.Entity;

/**
 * What one alert record may hold, checked while it is read (replay and the service alike): a record over a limit
 * is rejected on its own, naming the field, before anything reaches the store, so it can neither fail a database
 * write nor cost the engine more than its share. Entities over {@link #maxEntities} are not an error: the first
 * ones are kept and a warning says how many were left out (one alert with 100,000 entities would otherwise cost
 * the engine minutes).
 *
 * <p>The limits are documented in the README ("Limits per record"); readers of other formats call
 * {@link #check} and {@link #capEntities} too.
 */
public record RecordLimits(int maxEntities) {
    /** Longest SystemAlertId (characters): the store keys alerts by it. */
    public static final int MAX_ID = 512;
    /** Longest tenant id. */
    public static final int MAX_TENANT = 256;
    /** Longest display name, alert type, product name, compromised entity. */
    public static final int MAX_NAME = 1024;
    /** Longest resource id. */
    public static final int MAX_RESOURCE_ID = 4096;
    /** Longest description. */
    public static final int MAX_DESCRIPTION = 65_536;
    /** Most tactics and techniques. */
    public static final int MAX_LIST = 256;
    /** Longest entity value (a host name, an address, a command line...). */
    public static final int MAX_ENTITY_VALUE = 8192;
    /** Default of {@code max-entities-per-alert}. */
    public static final int DEFAULT_MAX_ENTITIES = 500;

    public static final RecordLimits DEFAULT = new RecordLimits(DEFAULT_MAX_ENTITIES);

    public RecordLimits {
        if (maxEntities < 1) throw new IllegalArgumentException("max-entities-per-alert must be at least 1");
    }

    /** @throws RecordProblem naming the first field over its limit */
    void check(Alert a) throws RecordProblem {
        length("SystemAlertId", a.getId(), MAX_ID);
        length("TenantId", a.getTenant(), MAX_TENANT);
        length("AlertDisplayName", a.getDisplayName(), MAX_NAME);
        length("AlertType", a.getAlertType(), MAX_NAME);
        length("ProductName", a.getProduct(), MAX_NAME);
        length("CompromisedEntity", a.getCompromisedEntity(), MAX_NAME);
        length("ResourceId", a.getResourceId(), MAX_RESOURCE_ID);
        length("Description", a.getDescription(), MAX_DESCRIPTION);
        if (a.getTactics().size() > MAX_LIST) throw new RecordProblem("Tactics", "more than " + MAX_LIST + " tactics");
        if (a.getTechniques().size() > MAX_LIST) throw new RecordProblem("Techniques", "more than " + MAX_LIST + " techniques");
    }

    /** The first {@link #maxEntities} entities; a warning for those left out and for values over their limit (dropped). */
    List<Entity> capEntities(List<Entity> entities, List<RecordProblem> warnings) {
        List<Entity> kept = entities;
        if (entities.size() > maxEntities) {
            kept = entities.subList(0, maxEntities);
            warnings.add(new RecordProblem("Entities", entities.size() + " entities: the first " + maxEntities
                    + " kept, " + (entities.size() - maxEntities) + " left out (max-entities-per-alert)"));
        }
        int tooLong = 0;
        for (Entity e : kept) if (e.key() != null && e.key().length() > MAX_ENTITY_VALUE) tooLong++;
        if (tooLong == 0) return kept;
        warnings.add(new RecordProblem("Entities", tooLong + " entity value(s) over " + MAX_ENTITY_VALUE + " characters left out"));
        return kept.stream().filter(e -> e.key() == null || e.key().length() <= MAX_ENTITY_VALUE).toList();
    }

    private static void length(String field, String value, int max) throws RecordProblem {
        if (value != null && value.length() > max) {
            throw new RecordProblem(field, value.length() + " characters, over the limit of " + max);
        }
    }
}
