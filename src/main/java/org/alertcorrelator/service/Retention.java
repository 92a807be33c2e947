package org.alertcorrelator.service;

import java.time.Duration;
import java.util.function.LongSupplier;

import org.alertcorrelator.store.EngineState;
import org.alertcorrelator.store.PurgeResult;
import org.alertcorrelator.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purges what is older than the retention: alerts by the time they were received (but never one a session
 * rebuild still needs: its event time must also be before the replay watermark less a window), and incidents no
 * longer live by the time they last changed.
 */
public final class Retention {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    private final Store store;
    private final Metrics metrics;
    private final Duration retention;
    private final long windowMillis;
    private final LongSupplier wallClock;

    public Retention(Store store, Metrics metrics, Duration retention, long windowMillis, LongSupplier wallClock) {
        this.store = store;
        this.metrics = metrics;
        this.retention = retention;
        this.windowMillis = windowMillis;
        this.wallClock = wallClock;
    }

    public PurgeResult purge() {
        long cutoff = wallClock.getAsLong() - retention.toMillis();
        long needed = store.engineState().map(EngineState::replayWatermark).orElse(Long.MIN_VALUE);
        long eventTimeBefore = needed == Long.MIN_VALUE ? Long.MIN_VALUE : needed - 2 * windowMillis;
        PurgeResult r = store.purge(cutoff, eventTimeBefore, cutoff);
        metrics.alertsPurged.add(r.alerts());
        metrics.incidentsPurged.add(r.incidents());
        if (r.alerts() + r.incidents() > 0) LOG.info("retention: purged {} alerts and {} incidents", r.alerts(), r.incidents());
        return r;
    }
}
