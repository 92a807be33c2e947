package org.alertcorrelator.store;

/**
 * One incident as stored: what the engine published (body: the incident as JSON, see
 * {@link org.alertcorrelator.export.IncidentJson}, and the columns filters use) and what analysts set.
 *
 * @param engineId     the id the engine gives the incident; differs from {@code id} only for an incident the
 *                     service opened after the engine's one was closed (reopen-closed = new)
 * @param state        {@link #LIVE}, {@link #FINAL}, {@link #MERGED} or {@link #WITHDRAWN}
 * @param mergedInto   for a merged incident, the incident it went into
 * @param followedBy   for a closed incident that an alert came to (reopen-closed = new), the incident opened then
 * @param reopenedFrom the closed incident this one follows, or null
 * @param status       analyst status: New, Active or Closed
 * @param version      counts changes, engine's and analysts' alike (the ETag)
 */
public record IncidentRow(String id, String engineId, String tenant, String state, String mergedInto,
                          String followedBy, String reopenedFrom, String status, String classification, String owner,
                          String kind, String severity, long firstActivity, long lastActivity, int alertCount,
                          long createdAt, long updatedAt, int version, String body, String entityKeys) {
    public static final String LIVE = "live";
    public static final String FINAL = "final";
    public static final String MERGED = "merged";
    public static final String WITHDRAWN = "withdrawn";

    /** True for an incident an analyst should see in lists: it stands as it is (not merged nor withdrawn). */
    public boolean isCurrent() {
        return LIVE.equals(state) || FINAL.equals(state);
    }

    public IncidentRow withAnalyst(String status, String classification, String owner, long now) {
        return new IncidentRow(id, engineId, tenant, state, mergedInto, followedBy, reopenedFrom, status, classification,
                owner, kind, severity, firstActivity, lastActivity, alertCount, createdAt, now, version + 1, body, entityKeys);
    }

    public IncidentRow withState(String state, String mergedInto, long now) {
        return new IncidentRow(id, engineId, tenant, state, mergedInto, followedBy, reopenedFrom, status, classification,
                owner, kind, severity, firstActivity, lastActivity, alertCount, createdAt, now, version + 1, body, entityKeys);
    }

    public IncidentRow withFollowedBy(String followedBy, long now) {
        return new IncidentRow(id, engineId, tenant, state, mergedInto, followedBy, reopenedFrom, status, classification,
                owner, kind, severity, firstActivity, lastActivity, alertCount, createdAt, now, version + 1, body, entityKeys);
    }

    /** The engine's view replaced (body and the columns taken from it); analyst state kept. */
    public IncidentRow withEngineView(String state, String kind, String severity, long firstActivity, long lastActivity,
                                      int alertCount, String body, String entityKeys, long now) {
        return new IncidentRow(id, engineId, tenant, state, null, followedBy, reopenedFrom, status, classification,
                owner, kind, severity, firstActivity, lastActivity, alertCount, createdAt, now, version + 1, body, entityKeys);
    }
}
