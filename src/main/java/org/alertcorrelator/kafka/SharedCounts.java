package org.alertcorrelator.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.alertcorrelator.engine.PrevalenceLedger;
import org.alertcorrelator.model.PrevalenceCount;
import org.alertcorrelator.store.JdbcStore;

/**
 * The cross-tenant prevalence counts the partitions of a consumer group share through the store (docs/prevalence.md,
 * docs/scale-out.md). Every partition of the topic is a source: its session files its closed intervals under its
 * own name, in the fenced transaction that stores its incidents and restart point, with how far it has filed
 * ({@code filed_until}). A session crosses sweep boundary b only once every source has filed through b (the
 * barrier), and takes the other sources' intervals before b into its counts then: so at every boundary each
 * session sees the counts of every tenant's alerts before it, as replay's sessions do, however the partitions are
 * spread over members and however fast each member runs.
 */
final class SharedCounts {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SharedCounts.class);
    private final JdbcStore store;
    private final List<String> sources;

    /** How far every source has filed, as last read: the lowest, and the highest (for idle sources to follow). */
    record Filed(long lowest, long highest) {
        static final Filed NONE = new Filed(Long.MIN_VALUE, Long.MIN_VALUE);
    }

    /** @param sources the source name of every partition of the topic */
    SharedCounts(JdbcStore store, List<String> sources) {
        this.store = store;
        this.sources = List.copyOf(sources);
    }

    /** Reads how far each source has filed; a source that never filed holds the lowest at its start. */
    Filed read() {
        Map<String, Long> filed = store.prevalenceFiledUntil(sources);
        long lowest = filed.size() < sources.size() ? Long.MIN_VALUE : Long.MAX_VALUE;
        long highest = Long.MIN_VALUE;
        for (long f : filed.values()) {
            lowest = Math.min(lowest, f);
            highest = Math.max(highest, f);
        }
        return new Filed(lowest, highest);
    }

    /**
     * Adds to the ledger of source {@code own} every other source's intervals in [from, to): all of them complete,
     * when every source has filed through {@code to}.
     */
    void load(PrevalenceLedger ledger, String own, long from, long to) {
        if (to <= from) return;
        List<String> others = new ArrayList<>(sources);
        others.remove(own);
        List<PrevalenceCount> counts = store.prevalenceCounts(others, from, to);
        int refused = ledger.addForeign(counts);
        // Not reached behind the barrier; possible for a session rebuilt from a restart point saved before its group
        // shared counts (prevalence turned on for a running group): those counts are left out, and said so.
        if (refused > 0) LOG.warn("{}: {} count(s) of other partitions' intervals this session had already crossed left out", own, refused);
    }
}
