package org.alertcorrelator.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.alertcorrelator.engine.Correlator;
import org.alertcorrelator.engine.PrevalenceLedger;
import org.alertcorrelator.model.PrevalenceCount;
import org.alertcorrelator.ruleset.RuleSet;
import org.alertcorrelator.store.PrevalenceTables;
import org.alertcorrelator.store.Store;
import org.alertcorrelator.store.StoreException;
import org.alertcorrelator.store.StoreTx;

/**
 * Keeps the live session's cross-tenant prevalence counts in the store, so that a restart (or a rule reload, or a
 * recovery) counts exactly what the running service had counted, and so gives the incidents a replay of the same
 * alerts gives. Each interval of event time is stored once it is closed, in the transaction that stores the
 * engine's restart point; a rebuilt session starts from the stored intervals, and the alerts it replays count
 * only towards intervals not stored yet. Used by the engine thread only.
 */
final class PrevalenceKeeper {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PrevalenceKeeper.class);
    /** The source name of the service's one engine in the store's prevalence tables. */
    static final String SOURCE = "serve";

    private final Store store;
    private final List<PrevalenceCount> counts = new ArrayList<>();
    private final Map<String, PrevalenceCount.Seen> seen = new LinkedHashMap<>();
    private long filedUntil = Long.MIN_VALUE;
    private long savedUntil = Long.MIN_VALUE;
    private long keepMillis;

    PrevalenceKeeper(Store store) {
        this.store = store;
    }

    /** A ledger for a fresh session of these rules, holding what the store kept (after storing what is pending). */
    PrevalenceLedger ledgerFor(RuleSet rules) {
        PrevalenceLedger ledger = Correlator.newLedger(rules, 1);
        if (!rules.settings().getPrevalence().enabled()) return ledger;
        if (hasPending()) {
            try {
                store.writeDerived(tx -> {
                    writeIn(tx);
                    return null;
                });
                committed();
            } catch (StoreException e) {
                // Not lost: what is pending closed since the last stored restart point, and the new session replays
                // those alerts (from a window before the oldest live group) and counts them again.
                LOG.warn("cannot store the prevalence counts before rebuilding the session ({}); the replay counts them again",
                        e.getMessage());
                counts.clear();
                seen.clear();
                filedUntil = savedUntil;
            }
        }
        keepMillis = rules.settings().getPrevalence().horizonMillis() + rules.settings().getSweepInterval().toMillis();
        PrevalenceTables.Stored s = store.prevalence(SOURCE, Long.MIN_VALUE);
        ledger.restore(s.counts(), s.seen(), s.filedUntil());
        ledger.keepClosedIntervals();
        savedUntil = Math.max(savedUntil, s.filedUntil());
        return ledger;
    }

    /** Takes what closed in the session's ledger since the last call, to be written with the next restart point. */
    void collect(Correlator session) {
        PrevalenceLedger.Closed c = session.prevalenceLedger().drainClosed();
        counts.addAll(c.counts());
        for (PrevalenceCount.Seen s : c.seen()) seen.put(s.first() + '\u001f' + s.then(), s);
        filedUntil = Math.max(filedUntil, c.filedUntil());
    }

    boolean hasPending() {
        return !counts.isEmpty() || !seen.isEmpty() || filedUntil > savedUntil;
    }

    /** Writes what is pending in the transaction (which may run again if it fails). */
    void writeIn(StoreTx tx) {
        if (!hasPending()) return;
        long keepFrom = filedUntil == Long.MIN_VALUE ? Long.MIN_VALUE : filedUntil - keepMillis;
        tx.savePrevalence(SOURCE, counts, new ArrayList<>(seen.values()), Math.max(filedUntil, savedUntil), keepFrom);
    }

    /** The transaction that wrote it committed. */
    void committed() {
        counts.clear();
        seen.clear();
        savedUntil = Math.max(savedUntil, filedUntil);
    }
}
