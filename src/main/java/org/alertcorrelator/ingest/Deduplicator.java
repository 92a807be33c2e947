package org.alertcorrelator.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.AlertStatus;

/**
 * One record per SystemAlertId: products send an alert again as it changes (status, end time), and the same
 * alert may sit in several exported files. Which copy is "later" is decided by content, never by the order
 * records were read, so a replay gives the same alerts whatever the order of its files and lines.
 */
public final class Deduplicator {
    /** Later wins: time generated, then end time, then status progress, then the original text, then the origin. */
    static final Comparator<AlertRecord> LATER = Comparator
            .comparing((AlertRecord r) -> r.alert().getTimeGenerated(), Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
            .thenComparing(r -> r.alert().getEndTime())
            .thenComparingInt(r -> progress(r.alert().getStatus()))
            .thenComparing(AlertRecord::original, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
            .thenComparing(AlertRecord::origin);

    private Deduplicator() {
    }

    /** The latest record of each SystemAlertId, ordered by alert event time, then id. */
    public static List<AlertRecord> latestById(List<AlertRecord> records) {
        Map<String, AlertRecord> latest = new HashMap<>(Math.max(16, records.size() * 4 / 3 + 1));
        for (AlertRecord r : records) {
            latest.merge(r.alert().getId(), r, (a, b) -> LATER.compare(a, b) >= 0 ? a : b);
        }
        List<AlertRecord> result = new ArrayList<>(latest.values());
        result.sort((a, b) -> Alert.byEventTimeThenId(a.alert(), b.alert()));
        return result;
    }

    private static int progress(AlertStatus status) {
        return switch (status) {
            case NEW -> 0;
            case ACTIVE -> 1;
            case IN_PROGRESS -> 2;
            case RESOLVED, DISMISSED -> 3;
        };
    }
}
