package org.alertcorrelator.correlation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts the distinct values of a field (Sigma {@code value_count}) among the alerts of one group-by key within
 * the timespan: {@code DistinctWindow( name == "spray", distinctCount >= 20 )}. A per-value tally is kept, so
 * each alert in or out costs O(1).
 */
public final class DistinctWindow extends Window {
    // Most windows see one or two values before they leave: a small table to start with.
    private final Map<String, Integer> tally = new HashMap<>(4);
    private String lastValue;

    DistinctWindow(Block<?> block, String tenant, List<String> key) {
        super(block, tenant, key);
    }

    /** Distinct values of the field within the timespan. */
    public int getDistinctCount() {
        return tally.size();
    }

    /** Alerts within the timespan. */
    public int getCount() {
        return entries.size();
    }

    /** How many alerts within the timespan have {@code value}. */
    public int countOf(String value) {
        return tally.getOrDefault(value, 0);
    }

    /**
     * The share, in percent (0-100), of the window's alerts that carry the newest alert's value: how rare that
     * value is here (Sigma {@code value_percentile} on a text field).
     */
    public double getLastValueShare() {
        if (lastValue == null || entries.isEmpty()) return 0;
        return 100.0 * tally.getOrDefault(lastValue, 0) / entries.size();
    }

    @Override
    @SuppressWarnings("unchecked")
    void added(Entry e) {
        List<String> values = (List<String>) e.value();
        for (String v : values) tally.merge(v, 1, Integer::sum);
        lastValue = values.isEmpty() ? null : values.get(0);
    }

    @Override
    @SuppressWarnings("unchecked")
    void removed(Entry e) {
        for (String v : (List<String>) e.value()) tally.computeIfPresent(v, (k, n) -> n == 1 ? null : n - 1);
    }

    @Override
    double statistic(String name) {
        return switch (name) {
            case "count" -> getCount();
            case "distinctCount" -> getDistinctCount();
            case "lastValueShare" -> getLastValueShare();
            default -> super.statistic(name);
        };
    }

    @Override
    List<String> statisticNames() {
        return List.of("count", "distinctCount", "lastValueShare", "entryCount");
    }
}
