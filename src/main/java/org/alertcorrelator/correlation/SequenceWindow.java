package org.alertcorrelator.correlation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.alertcorrelator.model.Alert;

/**
 * Which of a list of selections (steps) were seen for one group-by key within the timespan: in any order
 * (Sigma {@code temporal}: {@code SequenceWindow( name == "recon", stepsSeen == stepCount )}) or in the given
 * order (Sigma {@code temporal_ordered}: {@code stepsInOrder == stepCount}), where an alert of step 2 counts
 * only after one of step 1 for the same key, and the whole chain lies within the timespan.
 *
 * <p>Ordered steps are followed as chains: for each step, the chain through it that started latest (and so
 * stays valid longest), and the one before it. Each alert costs O(1) per step it matches.
 */
public final class SequenceWindow extends Window {
    /** A chain of entries, one per step, through step {@code step}; {@code start} is the time of its first. */
    private record Chain(Entry entry, Chain previous, long start) {
        void addAlertsTo(Set<Alert> out) {
            for (Chain c = this; c != null; c = c.previous) c.entry.addAlertsTo(out);
        }
    }

    private final List<String> steps;
    private final boolean ordered;
    private final int[] perStep;
    private int stepsSeen;
    private final Chain[] chains;
    private final Chain[] previousChains;
    /** Ordered blocks: per rule that raised from this window, the alerts of chains it raised still in the window. */
    private Map<String, Set<Alert>> raisedByRule;

    SequenceWindow(Block<?> block, String tenant, List<String> key, List<String> steps, boolean ordered) {
        super(block, tenant, key);
        this.steps = steps;
        this.ordered = ordered;
        this.perStep = new int[steps.size()];
        this.chains = new Chain[steps.size()];
        this.previousChains = new Chain[steps.size()];
    }

    /** Number of steps (selections) of the block. */
    public int getStepCount() {
        return steps.size();
    }

    public List<String> getSteps() {
        return steps;
    }

    public boolean isOrdered() {
        return ordered;
    }

    /** How many different steps have an alert within the timespan, in any order. */
    public int getStepsSeen() {
        return stepsSeen;
    }

    /** Whether step {@code name} has an alert within the timespan. */
    public boolean saw(String name) {
        int i = steps.indexOf(name);
        return i >= 0 && perStep[i] > 0;
    }

    /**
     * How many steps, from the first, were seen in order within the timespan: 2 means an alert of step 1, then
     * a later one of step 2, both within the timespan of now.
     */
    public int getStepsInOrder() {
        long lowerBound = getLastTime() - getTimespan();
        for (int i = chains.length - 1; i >= 0; i--) {
            if (chains[i] != null && chains[i].start() >= lowerBound) return i + 1;
        }
        return 0;
    }

    /**
     * The alerts that make it: for an ordered block, those of the longest chain in order (one per step, or the
     * alerts of the block that fed a step); otherwise every alert of every step within the timespan.
     */
    @Override
    public List<Alert> getAlerts() {
        if (!ordered) return super.getAlerts();
        int n = getStepsInOrder();
        if (n == 0) return List.of();
        Set<Alert> out = new LinkedHashSet<>();
        chains[n - 1].addAlertsTo(out);
        List<Alert> list = new ArrayList<>(out);
        list.sort(Alert::byEventTimeThenId);
        return list;
    }

    /**
     * For an ordered block: the alerts of the longest chain in order that this rule has not raised yet, with the
     * newest of the chain it did raise (see {@link Window#takeNewAlerts}); all of the chain the first time, or when
     * no alert of the chain is in an incident still open.
     */
    @Override
    List<Alert> takeNewAlerts(String rule) {
        if (!ordered) return super.takeNewAlerts(rule);
        List<Alert> chain = getAlerts();
        if (chain.isEmpty()) return chain;
        if (raisedByRule == null) raisedByRule = new HashMap<>(2);
        Set<Alert> raised = raisedByRule.computeIfAbsent(rule, r -> new HashSet<>());
        List<Alert> fresh = new ArrayList<>(chain.size());
        Alert anchor = null;
        for (Alert a : chain) {
            if (!raised.contains(a)) fresh.add(a);
            else anchor = a; // the chain is sorted: the last one seen is the newest
        }
        raised.addAll(chain);
        if (anchor == null || !inLiveGroup(anchor)) return chain;
        fresh.add(anchor);
        return sortedDistinct(fresh);
    }

    @Override
    void added(Entry e) {
        if (perStep[e.step()]++ == 0) stepsSeen++;
        if (ordered) extendChain(e);
    }

    private void extendChain(Entry e) {
        int i = e.step();
        Chain made;
        if (i == 0) {
            made = new Chain(e, null, e.start());
        } else {
            Chain before = chains[i - 1];
            // The same alert may match two steps: it cannot follow itself, so take the chain it replaced.
            if (before != null && before.entry().alert() == e.alert()) before = previousChains[i - 1];
            if (before == null || Math.min(before.start(), e.start()) < e.time() - getTimespan()
                    || Alert.byEventTimeThenId(before.entry().alert(), e.alert()) >= 0) return;
            made = new Chain(e, before, Math.min(before.start(), e.start()));
        }
        if (chains[i] == null || made.start() >= chains[i].start()) {
            previousChains[i] = chains[i];
            chains[i] = made;
        }
    }

    @Override
    void removed(Entry e) {
        if (--perStep[e.step()] == 0) stepsSeen--;
        if (raisedByRule != null) {
            for (Set<Alert> raised : raisedByRule.values()) {
                if (e.carried() != null) e.carried().forEach(raised::remove);
                else raised.remove(e.alert());
            }
        }
        // Chains need no bookkeeping here: getStepsInOrder() ignores those that started before the timespan.
    }

    @Override
    double statistic(String name) {
        return switch (name) {
            case "stepsSeen" -> getStepsSeen();
            case "stepsInOrder" -> getStepsInOrder();
            case "stepCount" -> getStepCount();
            default -> super.statistic(name);
        };
    }

    @Override
    List<String> statisticNames() {
        return List.of("stepsSeen", "stepsInOrder", "stepCount", "entryCount");
    }
}
