package org.alertcorrelator.correlation;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sum, average, median and percentiles of a numeric field (e.g. RiskScore; Sigma {@code value_sum},
 * {@code value_avg}, {@code value_percentile}, pySigma's {@code value_median}) over the alerts of one group-by
 * key within the timespan: {@code NumberWindow( name == "risk-24h", sum > 100 )}. The sum is kept as alerts
 * come and go (O(1)); median and percentiles read a sorted tally of the values (O(log n) per alert to keep once first
 * read, O(distinct values) to read).
 */
public final class NumberWindow extends Window {
    /**
     * The values in order with their counts, made the first time an order statistic (min, max, median, a
     * percentile) is asked for and kept up to date from then on: a window only summed never pays for it.
     */
    private TreeMap<Double, Integer> sorted;
    private double sum;
    private Double lastValue;

    NumberWindow(Block<?> block, String tenant, List<String> key) {
        super(block, tenant, key);
    }

    /** Alerts within the timespan that have a value. */
    public int getCount() {
        return entries.size();
    }

    public double getSum() {
        return sum;
    }

    public double getAvg() {
        return entries.isEmpty() ? 0 : sum / entries.size();
    }

    public double getMin() {
        return entries.isEmpty() ? 0 : sorted().firstKey();
    }

    public double getMax() {
        return entries.isEmpty() ? 0 : sorted().lastKey();
    }

    public double getMedian() {
        return percentile(50);
    }

    /**
     * The p-th percentile (0-100) of the values, by the nearest-rank method: the smallest value with at least p%
     * of the values at or below it (p = 0: the smallest value).
     */
    public double percentile(double p) {
        int n = entries.size();
        if (n == 0) return 0;
        long rank = Math.max(1, (long) Math.ceil(Math.min(100, Math.max(0, p)) / 100.0 * n));
        long seen = 0;
        for (Map.Entry<Double, Integer> e : sorted().entrySet()) {
            seen += e.getValue();
            if (seen >= rank) return e.getKey();
        }
        return sorted().lastKey();
    }

    private TreeMap<Double, Integer> sorted() {
        if (sorted == null) {
            sorted = new TreeMap<>();
            for (Entry e : entries) sorted.merge((Double) e.value(), 1, Integer::sum);
        }
        return sorted;
    }

    /**
     * The percentile rank of the newest alert's value: the share, in percent, of the window's values at or below
     * it (Sigma {@code value_percentile} on a number field: {@code lte: 1} means among the lowest 1%).
     */
    public double getLastValueRank() {
        if (lastValue == null || entries.isEmpty()) return 0;
        long atOrBelow = 0;
        for (int c : sorted().headMap(lastValue, true).values()) atOrBelow += c;
        return 100.0 * atOrBelow / entries.size();
    }

    @Override
    void added(Entry e) {
        double v = (Double) e.value();
        sum += v;
        if (sorted != null) sorted.merge(v, 1, Integer::sum);
        lastValue = v;
    }

    @Override
    void removed(Entry e) {
        double v = (Double) e.value();
        if (sorted != null) sorted.computeIfPresent(v, (k, n) -> n == 1 ? null : n - 1);
        // Recomputed from scratch when the window empties, so rounding never piles up across windows.
        sum = entries.isEmpty() ? 0 : sum - v;
    }

    @Override
    double statistic(String name) {
        return switch (name) {
            case "count" -> getCount();
            case "sum" -> getSum();
            case "avg" -> getAvg();
            case "min" -> getMin();
            case "max" -> getMax();
            case "median" -> getMedian();
            case "lastValueRank" -> getLastValueRank();
            default -> super.statistic(name);
        };
    }

    @Override
    List<String> statisticNames() {
        return List.of("count", "sum", "avg", "min", "max", "median", "lastValueRank", "entryCount");
    }
}
