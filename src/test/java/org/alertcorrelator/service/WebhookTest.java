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
        // Deliveries retry each on its own back-off, so after the restart their order depends on how often each
        // was refused before it: find the "opened" one rather than expect it first.
        Delivery opened = received.stream().filter(d -> d.event().equals("opened")).findFirst().orElse(received.get(0));
        assertEquals("opened", opened.event());
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

    static void waitUntil(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting: " + what);
            Thread.sleep(50);
        }
    }
}
