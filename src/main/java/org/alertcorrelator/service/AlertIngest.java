package org.alertcorrelator.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.alertcorrelator.ingest.AlertRecord;
import org.alertcorrelator.ingest.Deduplicator;
import org.alertcorrelator.model.Alert;
import org.alertcorrelator.store.AlertCodec;
import org.alertcorrelator.store.EntityKeys;
import org.alertcorrelator.store.Store;
import org.alertcorrelator.store.StoredAlert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores accepted alerts, durably, before anyone is told they were accepted. One writer thread takes every
 * request waiting and stores them all in one transaction (a group commit: one disk sync for many requests),
 * then answers each and hands the new alerts, in commit order, to the engine.
 *
 * <p>Idempotent by tenant and SystemAlertId: an alert already stored is not stored again. When the new record is a later
 * version of it (by the same rule as replay's de-duplication: time generated, end time, status), it replaces the
 * stored one.
 */
public final class AlertIngest {
    private static final Logger LOG = LoggerFactory.getLogger(AlertIngest.class);
    private static final int MAX_GROUP_RECORDS = 20_000;

    /** What happened to one request's records. */
    public record Outcome(int accepted, int duplicates, int updated) {
    }

    private record Request(List<AlertRecord> records, CompletableFuture<Outcome> done) {
    }

    private record Handed(long seq, Alert alert, boolean replacement) {
    }

    private final Store store;
    private final AlertSink sink;
    private final LongSupplier wallClock;
    private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean stopping;
    private long nextSeq;

    public AlertIngest(Store store, AlertSink sink, long storedSeq, LongSupplier wallClock) {
        this.store = store;
        this.sink = sink;
        this.wallClock = wallClock;
        this.nextSeq = storedSeq + 1;
        this.thread = new Thread(this::loop, "alert-ingest");
        thread.start();
    }

    /** Stores the records; completes once they are committed to disk (or fails with the store's error). */
    public CompletableFuture<Outcome> submit(List<AlertRecord> records) {
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        if (stopping) {
            done.completeExceptionally(new IllegalStateException("the service is stopping"));
            return done;
        }
        if (records.isEmpty()) {
            done.complete(new Outcome(0, 0, 0));
            return done;
        }
        queue.add(new Request(records, done));
        return done;
    }

    /** Stores what was submitted before, then stops. */
    public void stop(Duration timeout) throws InterruptedException {
        stopping = true;
        thread.join(timeout.toMillis());
    }

    private void loop() {
        List<Request> group = new ArrayList<>();
        while (!(stopping && queue.isEmpty())) {
            Request first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (first == null) continue;
            group.add(first);
            int n = first.records().size();
            Request next;
            while (n < MAX_GROUP_RECORDS && (next = queue.poll()) != null) {
                group.add(next);
                n += next.records().size();
            }
            storeGroup(group);
            group.clear();
        }
    }

    private void storeGroup(List<Request> group) {
        long receivedAt = wallClock.getAsLong();
        try {
            long firstSeq = nextSeq;
            Result r = store.write(tx -> {
                // Everything here is computed afresh on each try: the store may run the transaction again.
                long seq = firstSeq;
                List<String> ids = new ArrayList<>();
                for (Request q : group) for (AlertRecord rec : q.records()) ids.add(rec.alert().getId());
                // An alert is its tenant and its id: another tenant's alert with the same id is another alert.
                Map<String, StoredAlert> stored = tx.findAlertsByIdentity(ids);
                Map<String, StoredAlert> inserts = new LinkedHashMap<>();
                Map<String, StoredAlert> replaces = new LinkedHashMap<>();
                List<Handed> handed = new ArrayList<>();
                List<Outcome> outcomes = new ArrayList<>();
                for (Request q : group) {
                    int accepted = 0, duplicates = 0, updated = 0;
                    for (AlertRecord rec : q.records()) {
                        String id = StoredAlert.identity(rec.alert().getTenant(), rec.alert().getId());
                        StoredAlert existing = inserts.containsKey(id) ? inserts.get(id)
                                : replaces.containsKey(id) ? replaces.get(id) : stored.get(id);
                        if (existing == null) {
                            StoredAlert a = toStored(seq++, rec, receivedAt);
                            inserts.put(id, a);
                            handed.add(new Handed(a.seq(), rec.alert(), false));
                            accepted++;
                            continue;
                        }
                        String json = AlertCodec.toJson(rec.alert());
                        AlertRecord old = new AlertRecord(AlertCodec.fromJson(existing.alertJson()), existing.original(), existing.origin());
                        boolean later = !json.equals(existing.alertJson())
                                && Deduplicator.latestById(List.of(old, rec)).get(0) == rec;
                        if (!later) {
                            duplicates++;
                            continue;
                        }
                        StoredAlert replacement = new StoredAlert(existing.seq(), existing.id(), existing.tenant(),
                                rec.alert().getEventTime(), existing.receivedAt(), rec.alert().getSeverity().label(),
                                rec.alert().getDisplayName(), rec.origin(), rec.original(), json,
                                EntityKeys.of(rec.alert().getEntities()), existing.incidentId());
                        if (inserts.containsKey(id)) inserts.put(id, replacement);
                        else replaces.put(id, replacement);
                        handed.add(new Handed(existing.seq(), rec.alert(), true));
                        updated++;
                    }
                    outcomes.add(new Outcome(accepted, duplicates, updated));
                }
                tx.insertAlerts(new ArrayList<>(inserts.values()));
                for (StoredAlert a : replaces.values()) tx.replaceAlert(a);
                return new Result(outcomes, handed, seq);
            });
            nextSeq = r.nextSeq();
            // To the engine first, then the answers: whoever was told "accepted" finds the alerts on their way.
            for (Handed h : r.handed()) sink.stored(h.seq(), h.alert(), h.replacement());
            for (int i = 0; i < group.size(); i++) group.get(i).done().complete(r.outcomes().get(i));
        } catch (RuntimeException e) {
            if (group.size() > 1) {
                // One request's records must not fail the others': store each request on its own.
                LOG.warn("cannot store {} alert requests together ({}): storing each on its own", group.size(), e.getMessage());
                for (Request q : group) storeGroup(List.of(q));
                return;
            }
            LOG.error("cannot store an alert request: {}", e.getMessage());
            for (Request q : group) q.done().completeExceptionally(e);
        }
    }

    private record Result(List<Outcome> outcomes, List<Handed> handed, long nextSeq) {
    }

    private static StoredAlert toStored(long seq, AlertRecord rec, long receivedAt) {
        Alert a = rec.alert();
        return new StoredAlert(seq, a.getId(), a.getTenant(), a.getEventTime(), receivedAt, a.getSeverity().label(),
                a.getDisplayName(), rec.origin(), rec.original(), AlertCodec.toJson(a), EntityKeys.of(a.getEntities()), null);
    }
}
