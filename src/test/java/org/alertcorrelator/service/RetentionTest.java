package org.alertcorrelator.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.Severity;
import org.alertcorrelator.store.AlertCodec;
import org.alertcorrelator.store.AlertKey;
import org.alertcorrelator.store.EngineState;
import org.alertcorrelator.store.EntityKeys;
import org.alertcorrelator.store.JdbcStore;
import org.alertcorrelator.store.PurgeResult;
import org.alertcorrelator.store.Store;
import org.alertcorrelator.store.StoredAlert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention: what is older than the retention goes, but never an alert a session rebuild still needs. */
class RetentionTest {
    static final long DAY = 86_400_000L;

    static StoredAlert stored(long seq, String id, long eventTime, long receivedAt) {
        Alert a = Alert.builder().id(id).tenant("t").severity(Severity.LOW).startTime(Instant.ofEpochMilli(eventTime)).build();
        return new StoredAlert(seq, id, "t", eventTime, receivedAt, "Low", id, "x", "{}", AlertCodec.toJson(a), EntityKeys.of(List.of()), null);
    }

    @Test
    void purgesOldAlertsThatNoRebuildNeeds(@TempDir Path dir) {
        long now = 1000 * DAY;
        try (Store store = JdbcStore.open(JdbcStore.embeddedUrl(dir), "", "")) {
            store.write(tx -> {
                tx.insertAlerts(List.of(stored(1, "old", now - 200 * DAY, now - 200 * DAY),
                        stored(2, "old-but-still-needed", now - 2 * DAY, now - 200 * DAY),
                        stored(3, "recent", now - 200 * DAY, now - DAY)));
                tx.saveEngineState(new EngineState(now - DAY, new AlertKey(now, "z"), now, "v"));
                return null;
            });
            Metrics metrics = new Metrics();
            PurgeResult r = new Retention(store, metrics, Duration.ofDays(90), DAY, () -> now).purge();
            assertEquals(1, r.alerts());
            assertFalse(store.alert("old").isPresent());
            assertTrue(store.alert("old-but-still-needed").isPresent());
            assertTrue(store.alert("recent").isPresent());
            assertEquals(1, metrics.alertsPurged.sum());
        }
    }

    @Test
    void withoutARestartPointNothingIsPurged(@TempDir Path dir) {
        try (Store store = JdbcStore.open(JdbcStore.embeddedUrl(dir), "", "")) {
            store.write(tx -> {
                tx.insertAlerts(List.of(stored(1, "old", 0, 0)));
                return null;
            });
            assertEquals(0, new Retention(store, new Metrics(), Duration.ofDays(1), DAY, () -> 1000 * DAY).purge().alerts());
        }
    }
}
