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
 */
final class ShardedCorrelator implements AutoCloseable {
    private static final List<Alert> END = List.of();
    private static final int BATCH = 256;

    private final List<Worker> workers = new ArrayList<>();
    private final Map<String, Worker> byTenant = new HashMap<>();
    private final long[] assigned;

    ShardedCorrelator(RuleSet rules, int sessions) {
        assigned = new long[sessions];
        for (int i = 0; i < sessions; i++) workers.add(new Worker(rules, i));
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
        private final BlockingQueue<List<Alert>> queue = new ArrayBlockingQueue<>(64);
        private List<Alert> batch = new ArrayList<>(BATCH);
        private Thread thread;
        private volatile RuntimeException failure;
        private volatile boolean stopped;
        List<Incident> incidents = List.of();
        long alertsIn;
        int ruledOut;

        Worker(RuleSet rules, int index) {
            this.rules = rules;
            this.index = index;
        }

        void start() {
            thread = new Thread(this::run, "correlate " + index);
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            try (Correlator c = new Correlator(rules)) {
                while (true) {
                    List<Alert> next = queue.take();
                    if (next == END) break;
                    for (Alert a : next) c.process(a);
                }
                incidents = c.incidents();
                alertsIn = c.alertsIn();
                ruledOut = c.collector().alertsRuledOut();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure = e;
            }
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

        private void put(List<Alert> alerts) throws InterruptedException {
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
