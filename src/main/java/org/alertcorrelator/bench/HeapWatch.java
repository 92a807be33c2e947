package org.alertcorrelator.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * Heap figures without a profiler: the peak of heap in use (the most the heap held just before any garbage
 * collection, or now, since the last {@link #reset()}: with a fixed heap, mostly the young generation's size),
 * the peak right after collections (the most live data, give or take old garbage), and the heap in use after
 * full collections.
 */
final class HeapWatch {
    private final AtomicLong peak = new AtomicLong();
    private final AtomicLong peakAfterGc = new AtomicLong();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    HeapWatch() {
        NotificationListener listener = (n, handback) -> {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) return;
            GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
            long used = 0;
            for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageBeforeGc().entrySet()) {
                if (isHeapPool(e.getKey())) used += e.getValue().getUsed();
            }
            long after = 0;
            for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                if (isHeapPool(e.getKey())) after += e.getValue().getUsed();
            }
            peak.accumulateAndGet(used, Math::max);
            peakAfterGc.accumulateAndGet(after, Math::max);
        };
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) emitter.addNotificationListener(listener, null, null);
        }
    }

    private static boolean isHeapPool(String pool) {
        String p = pool.toLowerCase(java.util.Locale.ROOT);
        return p.contains("eden") || p.contains("survivor") || p.contains("old") || p.contains("tenured");
    }

    void reset() {
        peak.set(used());
        peakAfterGc.set(0);
    }

    /** The most the heap held right after a collection since {@link #reset()}: the peak of live data (bytes). */
    long peakAfterGc() {
        return peakAfterGc.get();
    }

    /** The highest heap use seen since {@link #reset()} (bytes). */
    long peak() {
        return Math.max(peak.get(), used());
    }

    long used() {
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** Heap in use after full collections until it stops shrinking (bytes). */
    long usedAfterGc() {
        long now = used();
        for (int i = 0; i < 8; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long after = used();
            boolean settled = i > 0 && after > now - (1 << 20);
            now = after;
            if (settled) break;
        }
        return now;
    }
}
