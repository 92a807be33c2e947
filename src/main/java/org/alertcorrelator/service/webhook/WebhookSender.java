package org.alertcorrelator.service.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.alertcorrelator.service.Metrics;
import org.alertcorrelator.store.OutboxItem;
import org.alertcorrelator.store.Store;
import org.alertcorrelator.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the webhook outbox: each row is POSTed to its URL until the receiver answers 2xx, then deleted.
 * Each URL is one queue, delivered oldest first: a failure stops the queue, which is tried again after an
 * exponential back-off (1 s, 2 s, 4 s ... up to the configured maximum, with some jitter), and the rows stay in
 * the store meanwhile, so a receiver that is down, or a restart, loses nothing: delivery is at least once, in
 * order per URL, so per incident (receivers de-duplicate on the delivery id header).
 */
public final class WebhookSender {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
    private static final long POLL_MS = 250;

    private final Store store;
    private final Metrics metrics;
    private final String secret;
    private final long maxBackoffMs;
    private final LongSupplier wallClock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Thread thread;
    private volatile boolean stopping;

    public WebhookSender(Store store, Metrics metrics, String secret, Duration maxBackoff, LongSupplier wallClock) {
        this.store = store;
        this.metrics = metrics;
        this.secret = secret == null || secret.isEmpty() ? null : secret;
        this.maxBackoffMs = maxBackoff.toMillis();
        this.wallClock = wallClock;
        this.thread = new Thread(this::loop, "webhook-sender");
        thread.setDaemon(true);
        metrics.gauge("alertcorrelator_webhook_pending", "Webhook deliveries waiting in the outbox.", store::pendingWebhooks);
    }

    public void start() {
        thread.start();
    }

    public void stop() throws InterruptedException {
        stop(java.time.Duration.ofSeconds(10));
    }

    /** Stops, waiting at most {@code timeout} for a delivery under way (it is tried again after the next start). */
    public void stop(java.time.Duration timeout) throws InterruptedException {
        stopping = true;
        thread.interrupt();
        thread.join(Math.max(1, timeout.toMillis()));
    }

    private void loop() {
        while (!stopping) {
            int sent = 0;
            try {
                sent = deliverDue();
            } catch (StoreException e) {
                LOG.warn("webhook outbox unreadable: {}", e.getMessage());
            }
            if (sent == 0) {
                try {
                    Thread.sleep(POLL_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Where one URL's queue stands: how many tries in a row failed, and when the next may be made. */
    private static final class UrlState {
        int failures;
        long nextTry;
    }

    private final Map<String, UrlState> urls = new HashMap<>();

    /**
     * One pass: each URL's queue is delivered strictly oldest first; the first failure stops that URL's queue
     * until its back-off ends (one timer per URL, not per delivery), so no delivery overtakes an older one, and
     * the versions of an incident arrive in order.
     */
    int deliverDue() {
        int delivered = 0;
        long now = wallClock.getAsLong();
        for (String url : store.webhookUrls()) {
            UrlState state = urls.computeIfAbsent(url, u -> new UrlState());
            if (state.nextTry > now) continue;
            for (OutboxItem item : store.webhookQueue(url, 100)) {
                if (stopping) return delivered;
                String error = send(item);
                if (error == null) {
                    store.webhookDelivered(item.id());
                    metrics.webhookDeliveries.increment();
                    state.failures = 0;
                    delivered++;
                    continue;
                }
                state.failures++;
                long backoff = Math.min(maxBackoffMs, 1000L << Math.min(20, state.failures - 1));
                backoff += ThreadLocalRandom.current().nextLong(backoff / 5 + 1);
                state.nextTry = wallClock.getAsLong() + backoff;
                store.webhookFailed(item.id(), item.attempts() + 1, state.nextTry, error);
                metrics.webhookFailures.increment();
                LOG.warn("webhook {} failed ({} tries in a row): {}; its queue waits {} ms", url, state.failures, error, backoff);
                break;
            }
        }
        return delivered;
    }

    /** @return null when delivered, else why not */
    private String send(OutboxItem item) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(item.url()))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "alert-correlator")
                    .header("X-AlertCorrelator-Event", item.event())
                    .header("X-AlertCorrelator-Delivery", Long.toString(item.id()))
                    .POST(HttpRequest.BodyPublishers.ofString(item.payload(), StandardCharsets.UTF_8));
            if (secret != null) b.header("X-AlertCorrelator-Signature", "sha256=" + hmac(item.payload()));
            HttpResponse<Void> r = http.send(b.build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() / 100 == 2 ? null : "HTTP " + r.statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
    }

    private String hmac(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
