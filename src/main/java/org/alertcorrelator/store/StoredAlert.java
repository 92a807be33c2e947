package org.alertcorrelator.store;

/**
 * One accepted alert as stored: the record as it came (original), the normalised alert (alertJson, see
 * {@link AlertCodec}) and the columns the service filters on.
 *
 * @param seq        order of acceptance (the store's commit order); the engine has taken every alert up to the
 *                   highest seq it has seen
 * @param receivedAt wall-clock time it was stored (epoch ms); retention counts from here
 * @param entityKeys the alert's entities as {@link EntityKeys} text, for filtering by entity
 * @param incidentId the incident the alert belongs to now, or null
 */
public record StoredAlert(long seq, String id, String tenant, long eventTime, long receivedAt, String severity,
                          String displayName, String origin, String original, String alertJson, String entityKeys,
                          String incidentId) {

    /** What identifies an alert: its tenant and its id (the same id in two tenants is two alerts). */
    public static String identity(String tenant, String id) {
        return tenant + '\u0000' + id;
    }

    public String identity() {
        return identity(tenant, id);
    }

    public AlertKey key() {
        return new AlertKey(eventTime, id, tenant);
    }
}
