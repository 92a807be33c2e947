package org.alertcorrelator.store;

/** A webhook delivery waiting in the store until the receiver accepts it. */
public record OutboxItem(long id, String url, String incidentId, String event, String payload, long createdAt,
                         int attempts, long nextAttemptAt, String lastError) {
}
