package org.alertcorrelator.service;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.alertcorrelator.service.auth.TokenStore;
import org.alertcorrelator.service.http.HttpApi;
import org.alertcorrelator.service.webhook.WebhookSender;
import org.alertcorrelator.store.JdbcStore;
import org.alertcorrelator.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: store, rules, engine, ingest, webhooks, retention and the HTTP API, started in that
 * order and stopped in the reverse: stop taking requests and wait for those in flight, store what was
 * submitted, let the engine take it in and save its restart point, close the store.
 */
public final class CorrelatorService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CorrelatorService.class);

    private final ServiceConfig config;
    private final LongSupplier wallClock = System::currentTimeMillis;
    private final Metrics metrics = new Metrics();
    private Store store;
    private LiveEngine engine;
    private RuleManager rules;
    private AlertIngest ingest;
    private WebhookSender webhooks;
    private ScheduledExecutorService scheduler;
    private HttpApi http;
    private boolean stopped;
    /** The step a stop is at (named in the log if the stop runs out of time). */
    private volatile String stopStep = "starting";

    private CorrelatorService(ServiceConfig config) {
        this.config = config;
    }

    /** Starts everything; the HTTP port is open when this returns (the engine may still be rebuilding: see /ready). */
    public static CorrelatorService start(ServiceConfig config) {
        CorrelatorService s = new CorrelatorService(config);
        try {
            s.startAll();
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private void startAll() {
        store = JdbcStore.open(config.effectiveStoreUrl(), config.storeUser(), config.storePassword());
        LOG.info("store: {} (schema version {})", store.describe(), store.schemaVersion());
        IncidentWriter writer = new IncidentWriter(config.reopenClosed(), config.webhookUrls());
        engine = new LiveEngine(store, metrics, writer, config.lateness(), config.flushAfterIdle(), wallClock);
        rules = new RuleManager(config.rulesDir(), engine, metrics);
        LOG.info("rules: {} version {}", config.rulesDir().toAbsolutePath(), rules.running().version());
        // Alerts stored from here on reach the engine through its inbox; those before, it reads from the store.
        long storedSeq = store.maxAlertSeq();
        VendorHints vendorHints = new VendorHints(writer);
        vendorHints.storeHasHints(store.hasVendorIncidentMembers());
        writer.useVendorHints(vendorHints);
        LiveEngine live = engine;
        ingest = new AlertIngest(store, engine.sink(), storedSeq, wallClock, vendorHints, new AlertIngest.Moves() {
            @Override
            public void movedAway(java.util.List<String[]> tenantAndIds) {
                live.movedAway(tenantAndIds);
            }

            @Override
            public void resyncIfMoved() {
                live.resyncIfMoved();
            }
        });
        engine.warmUpWith(config.warmUpAlerts());
        engine.start(rules.running(), storedSeq);
        webhooks = new WebhookSender(store, metrics, config.webhookSecret(), config.webhookMaxBackoff(), wallClock);
        webhooks.start();
        Retention retention = new Retention(store, metrics, config.retention(),
                rules.running().settings().getWindowMillis(), wallClock);
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "retention");
            t.setDaemon(true);
            return t;
        });
        long every = config.purgeInterval().toMillis();
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                if (engine.isReady()) retention.purge();
            } catch (RuntimeException e) {
                LOG.warn("retention purge failed: {}", e.getMessage());
            }
        }, Math.min(every, 60_000), every, TimeUnit.MILLISECONDS);
        TokenStore tokens = new TokenStore(config.tokens());
        if (tokens.size() == 0) LOG.warn("no API tokens configured: every endpoint but /health answers 401 (see `token create`)");
        http = new HttpApi(new Services(config, store, ingest, engine, rules, writer, metrics, tokens, wallClock)).start();
        if (config.watchRules()) {
            try {
                rules.watch();
            } catch (IOException e) {
                LOG.warn("cannot watch {} for changes: {}", config.rulesDir(), e.getMessage());
            }
        }
        LOG.info("listening on http://{}:{}", config.bind(), http.port());
    }

    public int port() {
        return http.port();
    }

    public Store store() {
        return store;
    }

    public LiveEngine engine() {
        return engine;
    }

    public Metrics metrics() {
        return metrics;
    }

    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return engine.awaitReady(timeout);
    }

    /**
     * Graceful stop, bounded by {@code shutdown-timeout} as a whole: no new requests, in-flight ones finish, stored
     * alerts reach the engine, the restart point is saved, the store is closed. Each step gets what is left of the
     * budget; what does not fit is left undone, as after a {@code kill -9}: every acknowledged alert is already
     * committed, and the next start correlates from the store whatever the engine had not taken in
     * ({@code ServeCrashIT} shows that such a start loses nothing and derives the same incidents).
     */
    @Override
    public void close() {
        synchronized (this) {
            if (stopped) return;
            stopped = true;
        }
        long t0 = System.nanoTime();
        // A third of the budget is kept for the process to exit once the stop returns: on a loaded machine the
        // JVM took 3.8 s from the end of the stop to being gone (ShutdownIT, load average 48 on 2 cores).
        long timeout = config.shutdownTimeout().toMillis();
        long budget = timeout - timeout / 3;
        Thread stopper = new Thread(() -> stopAll(t0, budget), "stopper");
        stopper.setDaemon(true); // never keeps the process alive past the budget
        stopper.start();
        try {
            stopper.join(Math.max(1, budget));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long took = (System.nanoTime() - t0) / 1_000_000;
        if (stopper.isAlive()) {
            LOG.warn("stopping took longer than shutdown-timeout ({} ms, at: {}): stopped without the rest; every acknowledged "
                    + "alert is stored, the next start correlates what the engine had not taken in", timeout, stopStep);
        } else {
            LOG.info("stopped in {} ms", took);
        }
    }

    /** The steps of a stop, each within its share of the budget (requests in flight get the largest). */
    private void stopAll(long t0, long budgetMillis) {
        long requestsUntil = t0 + share(budgetMillis, 0.5);
        long ingestUntil = t0 + share(budgetMillis, 0.65);
        long engineUntil = t0 + share(budgetMillis, 0.85);
        long webhooksUntil = t0 + share(budgetMillis, 0.9);
        try {
            if (rules != null) rules.stopWatching();
            stopStep = "requests in flight";
            if (http != null) http.stop(left(requestsUntil).toMillis());
            stopStep = "storing what was submitted";
            if (ingest != null) ingest.stop(left(ingestUntil));
            stopStep = "the engine's inbox and restart point";
            if (engine != null) engine.stop(left(engineUntil));
            stopStep = "webhook deliveries";
            if (webhooks != null) webhooks.stop(left(webhooksUntil));
            if (scheduler != null) scheduler.shutdownNow();
            stopStep = "closing the store";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("stopping: {}", e.getMessage());
        } finally {
            if (store != null) store.close();
        }
    }

    private static long share(long budgetMillis, double fraction) {
        return TimeUnit.MILLISECONDS.toNanos((long) (budgetMillis * fraction));
    }

    private static Duration left(long untilNanos) {
        return Duration.ofNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(1), untilNanos - System.nanoTime()));
    }
}
