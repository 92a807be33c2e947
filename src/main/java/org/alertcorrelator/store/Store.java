package org.alertcorrelator.store;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where the service keeps what it must not lose: accepted alerts, incidents with their analyst state and
 * history, rule versions, the engine's restart point and the webhook outbox. Writes go through
 * {@link #write(Work)}: one transaction, committed durably before it returns. Reads see committed data.
 *
 * <p>One implementation, {@link JdbcStore}, on an embedded SQLite file (the default), an H2 file or PostgreSQL.
 */
public interface Store extends AutoCloseable {

    /** Work done in one transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(StoreTx tx);
    }

    /** Runs the work in one transaction and commits it durably (on disk, not just in a cache); rolls back on failure. */
    <T> T write(Work<T> work);

    /**
     * Like {@link #write}, for what the service can derive again from what {@link #write} stored (the incidents
     * the engine publishes, its restart point, webhook bookkeeping): committed (a killed process loses nothing),
     * but not forced to the disk one transaction at a time; the next durable write forces it with its own.
     */
    <T> T writeDerived(Work<T> work);

    /** For example "SQLite /srv/data/alert-correlator.db" or "PostgreSQL db.example:5432/alerts". */
    String describe();

    boolean isOpen();

    int schemaVersion();

    // ---- alerts ----

    Optional<StoredAlert> alert(String id);

    /** Every alert with this id, one per tenant that has it. */
    List<StoredAlert> alertsWithId(String id);

    /** The alerts with these ids that exist, in no particular order. */
    List<StoredAlert> alerts(Collection<String> ids);

    Page<StoredAlert> alerts(AlertQuery query);

    /** Every alert the query matches, ordered by event time then id, read in pages (for exports). */
    void forEachAlert(AlertQuery query, Consumer<StoredAlert> action);

    /**
     * Alerts to rebuild a session from: event time at or after {@code fromEventTime}, key at or below {@code mark},
     * seq at or below {@code maxSeq}; in key order.
     */
    void forEachAlertToReplay(long fromEventTime, AlertKey mark, long maxSeq, Consumer<StoredAlert> action);

    /** Alerts above the mark (still to be released), seq at or below {@code maxSeq}; in key order. */
    void forEachAlertAbove(AlertKey mark, long maxSeq, Consumer<StoredAlert> action);

    long maxAlertSeq();

    /** Whether any vendor incident's member list is stored (see {@link StoreTx#addVendorIncidentMembers}). */
    boolean hasVendorIncidentMembers();

    long alertCount();

    // ---- incidents ----

    Optional<IncidentRow> incident(String id);

    Page<IncidentRow> incidents(IncidentQuery query);

    /** Every incident the query matches (limit and offset apply when limit &gt; 0), in list order. */
    void forEachIncident(IncidentQuery query, Consumer<IncidentRow> action);

    /** Incidents whose engine state is live: the ones a rebuilt session must produce again. */
    List<IncidentRow> liveIncidents();

    List<HistoryEntry> history(String incidentId);

    // ---- engine, rules ----

    Optional<EngineState> engineState();

    /** The alerts set aside because correlating them failed, oldest first. */
    java.util.List<QuarantinedAlert> quarantinedAlerts();

    /** The cross-tenant prevalence counts {@code source} kept, intervals from {@code fromBucket} on. */
    PrevalenceTables.Stored prevalence(String source, long fromBucket);

    // ---- webhook outbox ----

    List<OutboxItem> dueWebhooks(long now, int limit);

    /** The URLs that have deliveries waiting. */
    List<String> webhookUrls();

    /** The oldest deliveries waiting for one URL, oldest first (whatever their next try time): its queue's head. */
    List<OutboxItem> webhookQueue(String url, int limit);

    long pendingWebhooks();

    void webhookDelivered(long id);

    void webhookFailed(long id, int attempts, long nextAttemptAt, String error);

    // ---- retention ----

    /**
     * Deletes alerts received before {@code receivedBefore} whose event time is before {@code eventTimeBefore}
     * (older than any replay needs), and incidents no longer live that last changed before
     * {@code incidentsChangedBefore}, with their history.
     */
    PurgeResult purge(long receivedBefore, long eventTimeBefore, long incidentsChangedBefore);

    @Override
    void close();
}
