package org.alertcorrelator.kafka;

import java.util.Map;
import java.util.Optional;

import org.alertcorrelator.ruleset.RuleSet;
import org.alertcorrelator.service.ConfigException;
import org.alertcorrelator.service.Json;
import org.alertcorrelator.service.Metrics;
import org.alertcorrelator.service.ServiceConfig;
import org.alertcorrelator.service.auth.Principal;
import org.alertcorrelator.service.auth.TokenStore;
import org.alertcorrelator.service.webhook.WebhookSender;
import org.alertcorrelator.store.JdbcStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.javalin.Javalin;
import io.javalin.http.Context;

/**
 * {@code serve} on Kafka: one member of a consumer group of services that share one PostgreSQL store. It runs
 * the {@link KafkaCorrelator} (and, for topics not keyed by tenant, the {@link TenantRekeyer}), the webhook
 * sender on the shared outbox, and an HTTP server for {@code /health}, {@code /ready} and {@code /metrics}.
 */
public final class KafkaService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaService.class);

    private final ServiceConfig config;
    private final KafkaSettings kafka;
    private final Metrics metrics = new Metrics();
    private final KafkaStatus status = new KafkaStatus();
    private JdbcStore store;
    private RuleSet rules;
    private TenantRekeyer rekeyer;
    private KafkaCorrelator correlator;
    private WebhookSender webhooks;
    private Javalin http;
    private boolean stopped;

    private KafkaService(ServiceConfig config, KafkaSettings kafka) {
        this.config = config;
        this.kafka = kafka;
    }

    public static KafkaService start(ServiceConfig config, KafkaSettings kafka) {
        KafkaService s = new KafkaService(config, kafka);
        try {
            s.startAll();
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private void startAll() {
        String url = config.storeUrl();
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new ConfigException("store.url: serve on Kafka needs the PostgreSQL store its group shares (jdbc:postgresql://HOST:PORT/DB)");
        }
        store = JdbcStore.openShared(url, config.storeUser(), config.storePassword());
        LOG.info("store: {} (shared, schema version {})", store.describe(), store.schemaVersion());
        rules = RuleSet.load(config.rulesDir());
        LOG.info("rules: {} version {}", config.rulesDir().toAbsolutePath(), rules.version());
        if (kafka.rekeys()) {
            rekeyer = new TenantRekeyer(kafka);
            rekeyer.start();
        }
        correlator = new KafkaCorrelator(kafka, store, rules, metrics, status, config.lateness(), config.flushAfterIdle(),
                config.limits().maxClockSkew(), config.reopenClosed(), config.webhookUrls(), System::currentTimeMillis);
        correlator.start();
        if (!config.webhookUrls().isEmpty()) {
            webhooks = new WebhookSender(store, metrics, config.webhookSecret(), config.webhookMaxBackoff(), System::currentTimeMillis);
            webhooks.start();
        }
        TokenStore tokens = new TokenStore(config.tokens());
        http = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.routes.get("/health", ctx -> json(ctx, 200, Json.object().put("status", "ok")));
            c.routes.get("/ready", ctx -> {
                if (authorised(ctx, tokens)) ready(ctx);
            });
            c.routes.get("/metrics", ctx -> {
                if (!authorised(ctx, tokens)) return;
                ctx.contentType("text/plain; version=0.0.4; charset=utf-8");
                ctx.result(metrics.render() + status.render());
            });
        });
        http.start(config.bind(), config.port());
        LOG.info("consuming {} as group {}; listening on http://{}:{}", kafka.correlatedTopic(), kafka.groupId(), config.bind(), http.port());
    }

    private static boolean authorised(Context ctx, TokenStore tokens) {
        String h = ctx.header("Authorization");
        Optional<Principal> p = h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)
                ? tokens.authenticate(h.substring(7).trim()) : Optional.empty();
        if (p.isPresent()) return true;
        ctx.header("WWW-Authenticate", "Bearer");
        json(ctx, 401, Json.object().put("error", "missing or invalid bearer token"));
        return false;
    }

    /** Ready when subscribed and every owned partition is rebuilt; lists the partitions and their rebuild. */
    private void ready(Context ctx) {
        ObjectNode o = Json.object();
        boolean ok = store.isOpen() && status.ready();
        o.put("ready", ok);
        o.put("store", store.describe());
        o.put("rulesVersion", rules.version());
        o.put("topic", kafka.correlatedTopic());
        o.put("groupId", kafka.groupId());
        o.put("rebalances", status.rebalances());
        var parts = o.putArray("partitions");
        for (Map.Entry<Integer, KafkaStatus.PartitionState> e : status.owned().entrySet()) {
            KafkaStatus.PartitionState p = e.getValue();
            ObjectNode n = parts.addObject();
            n.put("partition", e.getKey());
            n.put("state", p.ready() ? "correlating" : "rebuilding");
            n.put("tenants", p.tenants());
            n.put("rebuildMillis", p.rebuildMillis());
            n.put("replayedAlerts", p.replayed());
            n.put("bufferedAlerts", p.buffered());
            n.put("correlatedAlerts", p.correlated());
            if (p.lag() >= 0) n.put("lag", p.lag());
        }
        if (!ok) {
            o.put("error", status.failure() != null ? "the Kafka consumer stopped: " + status.failure()
                    : !status.subscribed ? "not yet subscribed to " + kafka.correlatedTopic() : "rebuilding partitions from the store");
        }
        json(ctx, ok ? 200 : 503, o);
    }

    private static void json(Context ctx, int code, ObjectNode body) {
        ctx.status(code);
        ctx.contentType("application/json");
        ctx.result(body.toString());
    }

    public int port() {
        return http.port();
    }

    public JdbcStore store() {
        return store;
    }

    public KafkaStatus status() {
        return status;
    }

    public Metrics metrics() {
        return metrics;
    }

    @Override
    public synchronized void close() {
        if (stopped) return;
        stopped = true;
        try {
            if (http != null) http.stop();
            if (rekeyer != null) rekeyer.close();
            if (correlator != null) correlator.close();
            if (webhooks != null) webhooks.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (store != null) store.close();
        }
    }
}
