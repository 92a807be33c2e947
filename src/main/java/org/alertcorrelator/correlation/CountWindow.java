package org.alertcorrelator.correlation;

import java.util.List;

/**
 * Counts the alerts (Sigma {@code event_count}) of one group-by key within the timespan:
 * {@code CountWindow( name == "failed-sign-ins", count >= 10 )}.
 */
public final class CountWindow extends Window {
    CountWindow(Block<?> block, String tenant, List<String> key) {
        super(block, tenant, key);
    }

    /** Alerts (or, for a block fed by another, that block's firings) within the timespan. */
    public int getCount() {
        return entries.size();
    }

    @Override
    void added(Entry e) {
        // the deque's size is the count
    }

    @Override
    void removed(Entry e) {
    }

    @Override
    double statistic(String name) {
        return switch (name) {
            case "count" -> getCount();
            default -> super.statistic(name);
        };
    }

    @Override
    List<String> statisticNames() {
        return List.of("count", "entryCount");
    }
}
