package org.alertcorrelator.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Where each tactic stands in the kill chain. Loaded from {@code rules/kill-chain.csv}; two tactics may share a
 * stage. A tactic missing from the table has no stage and never counts as progression.
 */
public final class KillChain {
    private final Map<Tactic, Integer> stageOf;
    private final int lastStage;

    public KillChain(Map<Tactic, Integer> stageOf) {
        this.stageOf = new EnumMap<>(Tactic.class);
        this.stageOf.putAll(stageOf);
        int max = 0;
        for (int s : stageOf.values()) {
            if (s < 1) throw new IllegalArgumentException("kill-chain stages start at 1");
            max = Math.max(max, s);
        }
        this.lastStage = max;
    }

    /** The ATT&amp;CK Enterprise matrix order, one stage per tactic (the default of rules/kill-chain.csv). */
    public static KillChain attackEnterpriseOrder() {
        Map<Tactic, Integer> m = new EnumMap<>(Tactic.class);
        for (Tactic t : Tactic.values()) m.put(t, t.ordinal() + 1);
        return new KillChain(m);
    }

    /** @return the tactic's stage (1 = earliest), or 0 when the table does not place it */
    public int stageOf(Tactic t) {
        Integer s = stageOf.get(t);
        return s == null ? 0 : s;
    }

    public int lastStage() {
        return lastStage;
    }

    /** True when {@code later} stands strictly later in the kill chain than {@code earlier}. */
    public boolean isLater(Tactic later, Tactic earlier) {
        int a = stageOf(later);
        int b = stageOf(earlier);
        return a > 0 && b > 0 && a > b;
    }

    /** The tactics in kill-chain order (tactics without a stage last, in ATT&amp;CK order). */
    public List<Tactic> inOrder(Iterable<Tactic> tactics) {
        List<Tactic> list = new ArrayList<>();
        for (Tactic t : tactics) if (!list.contains(t)) list.add(t);
        list.sort(Comparator.comparingInt((Tactic t) -> stageOf(t) == 0 ? Integer.MAX_VALUE : stageOf(t))
                .thenComparing(Enum::ordinal));
        return list;
    }
}
