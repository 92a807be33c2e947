package org.alertcorrelator.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

/** Every new or changed incident reaches the webhook receiver, at least once, even if it is down for a while. */
class WebhookTest {
    record Delivery(String event, String deliveryId, String signature, String body) {
    }

    @Test
    void deliversWithRetriesAndKeepsDeliveriesAcrossARestart(@TempDir Path dir) throws Exception {
        List<Delivery> received = new CopyOnWriteArrayList<>();
        AtomicBoolean up = new AtomicBoolean(false);
        AtomicInteger refused = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            if (up.get()) {
                received.add(new Delivery(ex.getRequestHeaders().getFirst("X-AlertCorrelator-Event"),
                        ex.getRequestHeaders().getFirst("X-AlertCorrelator-Delivery"),
                        ex.getRequestHeaders().getFirst("X-AlertCorrelator-Signature"), new String(body, StandardCharsets.UTF_8)));
                ex.sendResponseHeaders(204, -1);
            } else {
                refused.incrementAndGet();
                ex.sendResponseHeaders(503, -1);
            }
            ex.close();
        });
        receiver.start();
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        try (TestService svc = TestService.start(dir, Map.of(Setting.WEBHOOK_URLS, url, Setting.WEBHOOK_SECRET, "s3cret",
                Setting.WEBHOOK_MAX_BACKOFF, "1s"))) {
            svc.postFile(IncidentApiTest.KILL_CHAIN, TestService.INGEST);
            svc.settle();
            svc.patch("/api/incidents/" + IncidentApiTest.KC, TestService.ANALYST, "{\"status\":\"Active\"}");
            waitUntil(() -> refused.get() >= 2, "the receiver was tried and refused");
            assertTrue(svc.service().store().pendingWebhooks() >= 2, "kept in the outbox while the receiver is down");

            svc.restart(); // the outbox survives a restart
            up.set(true);
            waitUntil(() -> svc.service().store().pendingWebhooks() == 0, "the outbox drained");
        } finally {
            receiver.stop(0);
        }
        assertTrue(received.size() >= 2, received.toString());
        // Deliveries are at least once, each with its own back-off: after the restart, an event enqueued then (the
        // re-derived incident's "updated") may go out before the older "opened" whose next try is still ahead.
        Delivery opened = received.stream().filter(d -> "opened".equals(d.event())).findFirst().orElseThrow(
                () -> new AssertionError("no opened event among " + received));
        JsonNode payload = Json.parse(opened.body());
        assertEquals("opened", payload.path("event").asText());
        assertEquals(IncidentApiTest.KC, payload.path("incident").path("id").asText());
        assertTrue(payload.path("incident").path("alertIds").size() >= 1);
        assertTrue(received.stream().anyMatch(d -> d.event().equals("analyst-update")
                && Json.parse(d.body()).path("incident").path("status").asText().equals("Active")), received.toString());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        for (Delivery d : received) {
            assertEquals("sha256=" + HexFormat.of().formatHex(mac.doFinal(d.body().getBytes(StandardCharsets.UTF_8))), d.signature());
            assertTrue(Long.parseLong(d.deliveryId()) > 0);
        }
    }

    /**
     * Deliveries of one incident never overtake each other: the receiver fails while the incident changes several
     * times and the service restarts; once it answers, every version arrives, in order, each once at most per
     * delivery id. A failing URL is retried as one queue: a handful of tries, not one per waiting delivery.
     */
    @Test
    void deliveriesOfAnIncidentArriveInOrderAfterAnOutageAndARestart(@TempDir Path dir) throws Exception {
        List<Delivery> received = new CopyOnWriteArrayList<>();
        AtomicBoolean up = new AtomicBoolean(false);
        AtomicInteger refused = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            if (up.get()) {
                received.add(new Delivery(ex.getRequestHeaders().getFirst("X-AlertCorrelator-Event"),
                        ex.getRequestHeaders().getFirst("X-AlertCorrelator-Delivery"), null, new String(body, StandardCharsets.UTF_8)));
                ex.sendResponseHeaders(204, -1);
            } else {
                refused.incrementAndGet();
                ex.sendResponseHeaders(500, -1);
            }
            ex.close();
        });
        receiver.start();
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        int changes = 8;
        try (TestService svc = TestService.start(dir, Map.of(Setting.WEBHOOK_URLS, url, Setting.WEBHOOK_MAX_BACKOFF, "1s"))) {
            svc.postFile(IncidentApiTest.KILL_CHAIN, TestService.INGEST);
            svc.settle();
            for (int i = 0; i < changes; i++) {
                svc.patch("/api/incidents/" + IncidentApiTest.KC, TestService.ANALYST,
                        "{\"status\":\"" + (i % 2 == 0 ? "Active" : "New") + "\"}");
                Thread.sleep(300); // spread over the outage: each change waits behind the failing ones
            }
            waitUntil(() -> refused.get() >= 2, "the receiver was tried and refused");
            int refusedBefore = refused.get();
            Thread.sleep(3000);
            int triesIn3s = refused.get() - refusedBefore;
            assertTrue(triesIn3s <= 4, "one queue per URL backs off as a whole: " + triesIn3s + " tries in 3 s");
            svc.restart();
            Thread.sleep(1500);
            up.set(true);
            waitUntil(() -> svc.service().store().pendingWebhooks() == 0, "the outbox drained");
        } finally {
            receiver.stop(0);
        }
        List<Integer> versions = new java.util.ArrayList<>();
        long lastDelivery = 0;
        for (Delivery d : received) {
            JsonNode incident = Json.parse(d.body()).path("incident");
            if (!incident.path("id").asText().equals(IncidentApiTest.KC)) continue;
            versions.add(incident.path("version").asInt());
            long id = Long.parseLong(d.deliveryId());
            assertTrue(id > lastDelivery, "delivery ids in order: " + received);
            lastDelivery = id;
        }
        assertTrue(versions.size() >= changes + 1, "every version arrived: " + versions);
        assertEquals(versions.stream().sorted().toList(), versions, "versions of the incident in order");
        System.out.println("WebhookTest order: " + versions.size() + " deliveries of one incident, versions " + versions
                + ", receiver refused " + refused.get() + " tries");
    }

    static void waitUntil(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting: " + what);
            Thread.sleep(50);
        }
    }
}
