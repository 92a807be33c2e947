package org.alertcorrelator.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.alertcorrelator.ingest.AlertRecord;
import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.AlertStatus;
import org.alertcorrelator.model.Severity;
import org.alertcorrelator.model.Tactic;
import org.alertcorrelator.store.JdbcStore;
import org.alertcorrelator.store.Store;
import org.alertcorrelator.store.StoreException;
import org.alertcorrelator.store.StoredAlert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The group commit on the embedded store: requests that wait while one is stored are stored together, in one
 * transaction; each is answered only once its alerts are committed; one that cannot be stored fails alone.
 */
class AlertIngestTest {
    @TempDir
    Path dir;

    private Store store;
    private AlertIngest ingest;
    private final ConcurrentLinkedQueue<Long> handed = new ConcurrentLinkedQueue<>();
    /** A new value on every read: the alerts of one transaction share their received-at, so it counts transactions. */
    private final AtomicLong clock = new AtomicLong(1_000_000);

    @BeforeEach
    void start() {
        store = JdbcStore.open(JdbcStore.embeddedUrl(dir.resolve("data")), "", "");
        ingest = new AlertIngest(store, (seq, alert, replacement) -> handed.add(seq), 0, clock::incrementAndGet);
    }

    @AfterEach
    void stop() throws InterruptedException {
        ingest.stop(Duration.ofSeconds(10));
        store.close();
    }

    @Test
    void concurrentRequestsAreEachAnsweredOnlyOnceTheirAlertsAreCommitted() throws Exception {
        int posters = 8, requestsEach = 25, alertsEach = 40;
        ExecutorService pool = Executors.newFixedThreadPool(posters);
        List<CompletableFuture<Boolean>> checked = new ArrayList<>();
        List<java.util.concurrent.Future<?>> submitted = new ArrayList<>();
        for (int p = 0; p < posters; p++) {
            int poster = p;
            submitted.add(pool.submit(() -> {
                for (int r = 0; r < requestsEach; r++) {
                    List<AlertRecord> records = records("p" + poster + "-r" + r, alertsEach);
                    List<String> ids = records.stream().map(x -> x.alert().getId()).toList();
                    // Checked when the answer comes: every alert of the request is already in the store.
                    CompletableFuture<Boolean> c = ingest.submit(records).thenApply(o ->
                            o.accepted() == alertsEach && store.alerts(ids).size() == alertsEach);
                    synchronized (checked) {
                        checked.add(c);
                    }
                }
            }));
        }
        for (var f : submitted) f.get(60, TimeUnit.SECONDS);
        pool.shutdown();
        for (CompletableFuture<Boolean> c : checked) assertTrue(c.get(60, TimeUnit.SECONDS), "answered before its alerts were stored");
        int total = posters * requestsEach * alertsEach;
        assertEquals(total, store.alertCount());
        // Handed to the engine once each, in commit order, without a gap.
        List<Long> seqs = new ArrayList<>(handed);
        assertEquals(total, seqs.size());
        for (int i = 0; i < total; i++) assertEquals(i + 1, seqs.get(i));
    }

    @Test
    void requestsThatWaitWhileTheStoreIsBusyAreStoredTogetherInOneTransaction() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = hold(holding, release);
        List<CompletableFuture<AlertIngest.Outcome>> answers = new ArrayList<>();
        // The first is taken by the writer (which then waits for the store); the rest queue up behind it.
        answers.add(ingest.submit(records("first", 3)));
        Thread.sleep(200);
        for (int r = 0; r < 10; r++) answers.add(ingest.submit(records("queued" + r, 3)));
        release.countDown();
        holder.join();
        for (var a : answers) assertEquals(3, a.get(30, TimeUnit.SECONDS).accepted());
        Set<Long> transactions = new HashSet<>();
        for (StoredAlert a : allAlerts()) transactions.add(a.receivedAt());
        assertEquals(33, allAlerts().size());
        assertTrue(transactions.size() <= 3, "11 requests stored in " + transactions.size() + " transactions");
    }

    @Test
    void aRequestThatCannotBeStoredFailsAloneAndTheOthersOfItsGroupAreStored() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = hold(holding, release);
        CompletableFuture<AlertIngest.Outcome> first = ingest.submit(records("first", 2));
        Thread.sleep(200);
        CompletableFuture<AlertIngest.Outcome> before = ingest.submit(records("before", 2));
        // A record without its original text breaks a NOT NULL column: the store refuses the transaction it is in.
        List<AlertRecord> broken = new ArrayList<>(records("broken", 2));
        broken.set(1, new AlertRecord(broken.get(1).alert(), null, "test"));
        CompletableFuture<AlertIngest.Outcome> bad = ingest.submit(broken);
        CompletableFuture<AlertIngest.Outcome> after = ingest.submit(records("after", 2));
        release.countDown();
        holder.join();
        assertEquals(2, first.get(30, TimeUnit.SECONDS).accepted());
        assertEquals(2, before.get(30, TimeUnit.SECONDS).accepted());
        assertEquals(2, after.get(30, TimeUnit.SECONDS).accepted());
        ExecutionException e = assertThrows(ExecutionException.class, () -> bad.get(30, TimeUnit.SECONDS));
        assertInstanceOf(StoreException.class, e.getCause());
        Set<String> ids = new HashSet<>();
        for (StoredAlert a : allAlerts()) ids.add(a.id());
        assertEquals(Set.of("first-0", "first-1", "before-0", "before-1", "after-0", "after-1"), ids);
        // The engine is handed what was stored, nothing of the failed request.
        assertEquals(6, handed.size());
    }

    /** Holds the store's writer in a transaction of its own until {@code release}. */
    private Thread hold(CountDownLatch holding, CountDownLatch release) throws InterruptedException {
        Thread t = new Thread(() -> store.write(tx -> {
            holding.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        t.start();
        holding.await();
        return t;
    }

    private List<StoredAlert> allAlerts() {
        List<StoredAlert> all = new ArrayList<>();
        store.forEachAlertAbove(org.alertcorrelator.store.AlertKey.MIN, Long.MAX_VALUE, all::add);
        return all;
    }

    private static List<AlertRecord> records(String prefix, int n) {
        List<AlertRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Alert a = Alert.builder().id(prefix + "-" + i).tenant("t1").displayName("Alert " + prefix).alertType("T")
                    .severity(Severity.MEDIUM).startTime(Instant.ofEpochMilli(1_700_000_000_000L + i))
                    .status(AlertStatus.ACTIVE).tactic(Tactic.EXECUTION).techniques(List.of("T1059")).build();
            out.add(new AlertRecord(a, "{\"id\":\"" + a.getId() + "\"}", "test#" + i));
        }
        return out;
    }
}
