package org.alertcorrelator.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.alertcorrelator.ingest.AlertRecord;
import org.alertcorrelator.ingest.VendorIncident;
import org.alertcorrelator.model.Alert;
import org.alertcorrelator.store.AlertCodec;
import org.alertcorrelator.store.Store;
import org.alertcorrelator.store.StoredAlert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores accepted alerts, durably, before anyone is told they were accepted. One writer thread takes every
 * request waiting and stores them all in one transaction (a group commit: one disk sync for many requests),
 * then answers each and hands the new alerts, in commit order, to the engine.
 *
 * <p>Idempotent: an alert already stored is not stored again. An alert is its tenant, id, alert type and product,
 * as in replay's de-duplication ({@link StoredVersions}): a later version (time generated, end time, status)
 * replaces the stored one; another alert with the same id is kept beside it, under the id replay gives it.
 */
public final class AlertIngest {
    private static final Logger LOG = LoggerFactory.getLogger(AlertIngest.class);
    private static final int MAX_GROUP_RECORDS = 20_000;

    /** What happened to one request's records. */
    /** @param warnings alerts of an id the request brought that are kept under another id (as replay warns) */
    public record Outcome(int accepted, int duplicates, int updated, List<String> warnings) {
        public Outcome(int accepted, int duplicates, int updated) {
            this(accepted, duplicates, updated, List.of());
        }
    }

    /** @param encoded each record's alert as stored ({@link AlertCodec#toJson}), by identity */
    private record Request(List<AlertRecord> records, Map<Alert, String> encoded, List<VendorIncident> vendorIncidents,
                           CompletableFuture<Outcome> done) {
    }

    private record Handed(long seq, Alert alert, boolean replacement) {
    }

    private final Store store;
    private final AlertSink sink;
    private final LongSupplier wallClock;
    private final VendorHints vendorHints;
    private final Moves moves;

    /** The engine's side of alerts that moved to another id: see {@link LiveEngine#movedAway}. */
    public interface Moves {
        /** Before their new rows are handed over: these (tenant, id) no longer hold the alert they held. */
        void movedAway(List<String[]> tenantAndIds);

        /** After: take the session again from the store if it had taken one of them. */
        void resyncIfMoved();
    }
    private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean stopping;
    private long nextSeq;

    public AlertIngest(Store store, AlertSink sink, long storedSeq, LongSupplier wallClock) {
        this(store, sink, storedSeq, wallClock, new VendorHints(null), null);
    }

    /**
     * @param vendorHints keeps vendor incidents' member lists and names them in the incidents holding those alerts
     * @param moves       told of alerts stored before that moved to another id (the engine may hold them under the
     *                    old one), or null
     */
    public AlertIngest(Store store, AlertSink sink, long storedSeq, LongSupplier wallClock, VendorHints vendorHints,
                       Moves moves) {
        this.store = store;
        this.sink = sink;
        this.vendorHints = vendorHints;
        this.moves = moves;
        this.wallClock = wallClock;
        this.nextSeq = storedSeq + 1;
        this.thread = new Thread(this::loop, "alert-ingest");
        thread.start();
    }

    /** Stores the records; completes once they are committed to disk (or fails with the store's error). */
    public CompletableFuture<Outcome> submit(List<AlertRecord> records) {
        return submit(records, List.of());
    }

    /**
     * Stores the records and keeps the vendor incidents' member lists (each of a tenant the caller checked);
     * completes once they are committed to disk (or fails with the store's error).
     */
    public CompletableFuture<Outcome> submit(List<AlertRecord> records, List<VendorIncident> vendorIncidents) {
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        if (stopping) {
            done.completeExceptionally(new IllegalStateException("the service is stopping"));
            return done;
        }
        if (records.isEmpty() && vendorIncidents.isEmpty()) {
            done.complete(new Outcome(0, 0, 0));
            return done;
        }
        // Encoded here, on the caller's thread: requests encode side by side, the one writer thread only stores.
        Map<Alert, String> encoded = new IdentityHashMap<>(records.size() * 2);
        try {
            for (AlertRecord r : records) encoded.put(r.alert(), AlertCodec.toJson(r.alert()));
        } catch (RuntimeException e) {
            done.completeExceptionally(e); // as the store's own refusal: this request fails, no other
            return done;
        }
        queue.add(new Request(records, encoded, List.copyOf(vendorIncidents), done));
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
        Map<Alert, String> encoded = new IdentityHashMap<>();
        for (Request q : group) encoded.putAll(q.encoded());
        try {
            long firstSeq = nextSeq;
            Result r = store.write(tx -> {
                // Everything here is computed afresh on each try: the store may run the transaction again.
                List<String> ids = new ArrayList<>();
                for (Request q : group) for (AlertRecord rec : q.records()) ids.add(rec.alert().getId());
                // An alert is its tenant, its id, its type and its product, as replay's de-duplication has it.
                StoredVersions versions = new StoredVersions(tx, ids, receivedAt, encoded);
                List<StoredVersions.Counts> counts = new ArrayList<>();
                for (Request q : group) counts.add(versions.take(q.records()));
                StoredVersions.Writes w = versions.write(firstSeq);
                List<Outcome> outcomes = new ArrayList<>();
                for (int i = 0; i < group.size(); i++) {
                    StoredVersions.Counts c = counts.get(i);
                    List<String> warned = new ArrayList<>();
                    for (var e : w.warnings().getOrDefault(i, List.of())) warned.add(e.message());
                    outcomes.add(new Outcome(c.accepted(), c.duplicates(), c.updated(), warned));
                }
                for (StoredAlert a : w.deletes()) tx.deleteAlert(a.tenant(), a.id());
                for (StoredAlert a : w.replaces()) tx.replaceAlert(a);
                tx.insertAlerts(w.inserts());
                List<Handed> handed = new ArrayList<>();
                for (StoredVersions.Handed h : w.handed()) handed.add(new Handed(h.seq(), h.alert(), h.replacement()));
                // Vendor incidents: kept as hints, and named at once in the incidents that hold their alerts.
                for (Request q : group) for (VendorIncident v : q.vendorIncidents()) vendorHints.record(tx, v, receivedAt);
                return new Result(outcomes, handed, w.nextSeq(), w.movedFrom());
            });
            nextSeq = r.nextSeq();
            // To the engine first, then the answers: whoever was told "accepted" finds the alerts on their way.
            // An alert stored before that moved to another id: the engine may hold it under the old one.
            boolean moved = moves != null && !r.movedFrom().isEmpty();
            if (moved) moves.movedAway(r.movedFrom());
            for (Handed h : r.handed()) sink.stored(h.seq(), h.alert(), h.replacement());
            if (moved) moves.resyncIfMoved();
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

    private record Result(List<Outcome> outcomes, List<Handed> handed, long nextSeq, List<String[]> movedFrom) {
    }
}
