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
        ingest = new AlertIngest(store, engine.sink(), storedSeq, wallClock);
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

    /** Graceful stop: no new requests, in-flight ones finish, stored alerts reach the engine, the restart point is saved. */
    @Override
    public synchronized void close() {
        if (stopped) return;
        stopped = true;
        long t0 = System.nanoTime();
        try {
            if (rules != null) rules.stopWatching();
            if (http != null) http.stop(config.shutdownTimeout().toMillis());
            if (ingest != null) ingest.stop(Duration.ofSeconds(30));
            if (engine != null) engine.stop(Duration.ofSeconds(60));
            if (webhooks != null) webhooks.stop();
            if (scheduler != null) scheduler.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (store != null) store.close();
        }
        LOG.info("stopped in {} ms", (System.nanoTime() - t0) / 1_000_000);
    }
}
