package org.alertcorrelator.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No tenant moves the others' clock: an alert dated ahead of the wall clock (within max-clock-skew, so accepted)
 * is held until its time and releases nothing of another tenant. Before, it moved the release point 50 minutes
 * ahead, and every alert of the other tenant that came after it was late (correlated at once, in arrival order).
 */
class TenantLatenessTest {
    @Test
    void anAlertDatedAheadOfTheWallClockMakesNoOtherTenantsAlertsLate(@TempDir Path dir) throws Exception {
        try (TestService svc = TestService.start(dir, Map.of(Setting.FLUSH_AFTER_IDLE, "1h"))) {
            long now = System.currentTimeMillis();
            post(svc, HardeningApiTest.alert("ahead-1", "t-ahead", at(now + 50 * 60_000), "ahead"));
            // Another tenant's real-time alerts, out of order within the lateness (5 minutes).
            post(svc, HardeningApiTest.alert("b-3", "t-b", at(now - 60_000), "b"));
            post(svc, HardeningApiTest.alert("b-1", "t-b", at(now - 180_000), "b"));
            post(svc, HardeningApiTest.alert("b-2", "t-b", at(now - 120_000), "b"));
            barrier(svc);
            assertEquals(0, QuarantineTest.metric(svc, "alertcorrelator_alerts_late_total"), "no alert is late");
            assertEquals(0, QuarantineTest.metric(svc, "alertcorrelator_alerts_correlated_total"), "none released early");
            assertEquals(4, svc.service().engine().buffered(), "all held: the ahead one until its time, the others for the lateness");
        }
    }

    private static String at(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    private static void post(TestService svc, String line) throws Exception {
        assertEquals(202, svc.post("/api/alerts", TestService.INGEST, "application/x-ndjson", line + "\n").status());
    }

    private static void barrier(TestService svc) throws Exception {
        svc.service().engine().barrier().get(60, TimeUnit.SECONDS);
    }
}
