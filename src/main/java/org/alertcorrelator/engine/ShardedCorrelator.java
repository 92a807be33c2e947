package org.alertcorrelator.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import org.alertcorrelator.ingest.InputException;
import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.Incident;
import org.alertcorrelator.ruleset.RuleSet;

/**
 * Correlates several tenants at once, one rule session per worker thread. Tenants never mix (no link crosses
 * tenants, incident ids carry the tenant), so giving each tenant to one session and merging the incidents gives
 * what one session would. Each tenant's alerts still go through its session in event-time order.
 *
 * <p>A replay of many tenants then uses every core; one tenant still runs on one.
 *
 * <p>Cross-tenant prevalence is the one thing sessions share: a {@link PrevalenceLedger}. Every session is told
 * of every sweep boundary the stream crosses (a tick, sent to all before any alert past it), and crosses it only
 * once all have filed what they saw before it, so what each sees of the others does not depend on scheduling.
 */
final class ShardedCorrelator implements AutoCloseable {
    private static final List<Object> END = List.of();
    private static final int BATCH = 256;

    private final List<Worker> workers = new ArrayList<>();
    private final Map<String, Worker> byTenant = new HashMap<>();
    private final long[] assigned;
    private final PrevalenceLedger ledger;
    private final long interval;
    private long lastTick = Long.MIN_VALUE;

    ShardedCorrelator(RuleSet rules, int sessions) {
        assigned = new long[sessions];
        ledger = Correlator.newLedger(rules, sessions);
        interval = rules.settings().getSweepInterval().toMillis();
        for (int i = 0; i < sessions; i++) workers.add(new Worker(rules, i, ledger));
        workers.forEach(Worker::start);
    }

    /**
     * How many sessions a replay should use on this machine: one per core up to four, or the system property
     * {@code alertcorrelator.sessions}.
     */
    static int defaultSessions() {
        int cores = Math.min(4, Runtime.getRuntime().availableProcessors());
        return Math.max(1, Integer.getInteger("alertcorrelator.sessions", cores));
    }

    /** Hands the alert to its tenant's session (a tenant seen first goes to the session with the fewest alerts). */
    void process(Alert alert) {
        long boundary = Math.floorDiv(alert.getEventTime(), interval) * interval;
        if (boundary > lastTick) {
            // Every session crosses the boundary, those without alerts past it too, or the others would wait.
            lastTick = boundary;
            for (Worker each : workers) each.tick(boundary);
        }
        Worker w = byTenant.get(alert.getTenant());
        if (w == null) {
            int least = 0;
            for (int i = 1; i < assigned.length; i++) if (assigned[i] < assigned[least]) least = i;
            w = workers.get(least);
            byTenant.put(alert.getTenant(), w);
        }
        assigned[w.index]++;
        w.add(alert);
    }

    /**
     * After {@link #finish()}: every step pair seen linked in two or more tenants, with its counts over the
     * horizon that ends one sweep interval after the last alert.
     */
    List<org.alertcorrelator.model.StepPair> finalPairs() {
        ledger.asOf(lastTick == Long.MIN_VALUE ? 0 : lastTick + interval);
        return ledger.latestPairs();
    }

    /** Waits for every session to finish and returns all incidents, sorted by first activity, then id. */
    List<Incident> finish() {
        for (Worker w : workers) w.flush(true);
        List<Incident> all = new ArrayList<>();
        for (Worker w : workers) {
            w.join();
            all.addAll(w.incidents);
        }
        all.sort(Correlator.BY_FIRST_ACTIVITY_THEN_ID);
        return all;
    }

    /** How many tenants it saw. */
    int tenants() {
        return byTenant.size();
    }

    long alertsIn() {
        long n = 0;
        for (Worker w : workers) n += w.alertsIn;
        return n;
    }

    int alertsRuledOut() {
        int n = 0;
        for (Worker w : workers) n += w.ruledOut;
        return n;
    }

    @Override
    public void close() {
        for (Worker w : workers) w.stop();
    }

    /** One session on its own thread, fed batches of alerts through a bounded queue. */
    private static final class Worker {
        final int index;
        private final RuleSet rules;
        private final PrevalenceLedger ledger;
        private final BlockingQueue<List<Object>> queue = new ArrayBlockingQueue<>(64);
        private List<Object> batch = new ArrayList<>(BATCH);
        private Thread thread;
        private volatile RuntimeException failure;
        private volatile boolean stopped;
        List<Incident> incidents = List.of();
        long alertsIn;
        int ruledOut;

        Worker(RuleSet rules, int index, PrevalenceLedger ledger) {
            this.rules = rules;
            this.ledger = ledger;
            this.index = index;
        }

        void start() {
            thread = new Thread(this::run, "correlate " + index);
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            try (Correlator c = new Correlator(rules, false, ledger, index)) {
                while (true) {
                    List<Object> next = queue.take();
                    if (next == END) break;
                    for (Object o : next) {
                        if (o instanceof Alert a) c.process(a);
                        else c.advanceTo((Long) o);
                    }
                }
                c.fileObservations();
                c.leaveLedger();
                incidents = c.incidents();
                alertsIn = c.alertsIn();
                ruledOut = c.collector().alertsRuledOut();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ledger.abort();
            } catch (RuntimeException e) {
                failure = e;
                ledger.abort();
            } finally {
                ledger.leave(index);
            }
        }

        /** A sweep boundary of the stream: sent at once, so that no session waits for it behind a batch. */
        void tick(long boundary) {
            batch.add(boundary);
            flush(false);
        }

        void add(Alert a) {
            batch.add(a);
            if (batch.size() >= BATCH) flush(false);
        }

        void flush(boolean last) {
            try {
                if (!batch.isEmpty()) put(batch);
                batch = new ArrayList<>(BATCH);
                if (last) put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InputException("interrupted while correlating");
            }
        }

        private void put(List<Object> alerts) throws InterruptedException {
            while (!queue.offer(alerts, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (failure != null) throw failure;
                if (!thread.isAlive()) throw new IllegalStateException("correlation session " + index + " stopped");
            }
        }

        void join() {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failure != null) throw failure;
        }

        void stop() {
            if (stopped) return;
            stopped = true;
            thread.interrupt();
        }
    }
}
