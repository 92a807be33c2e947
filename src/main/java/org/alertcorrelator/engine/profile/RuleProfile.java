package org.alertcorrelator.engine.profile;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.drools.core.common.BaseNode;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;

/**
 * What each rule costs: firings, time in its conditions and time in its consequence. Consequences are timed by
 * an agenda listener. Conditions are timed where Drools evaluates them: each beta node (join, not, exists,
 * accumulate, from, eval) of the rule network, when it processes tuples; a node that several rules share has its
 * time split evenly among them. What is not attributed to a rule: alpha constraints evaluated when a fact is
 * inserted, and the engine's own work around the session.
 *
 * <p>Sessions made while a profile is {@link #start() collecting} are profiled (the node factory that times
 * nodes is picked when a session is made); other sessions run the plain nodes and pay nothing.
 */
public final class RuleProfile {
    private static volatile RuleProfile collecting;

    /** Per rule: firings, condition nanoseconds, consequence nanoseconds. */
    private final Map<String, long[]> byRule = new LinkedHashMap<>();
    private final Map<BaseNode, String[]> rulesOfNode = new IdentityHashMap<>();

    /** Starts collecting: sessions made from now on are profiled into the returned profile. */
    public static RuleProfile start() {
        RuleProfile p = new RuleProfile();
        collecting = p;
        return p;
    }

    /** Stops collecting (sessions already made keep reporting into their profile). */
    public static void stop() {
        collecting = null;
    }

    /** The profile new sessions report into, or null when none is collecting. */
    public static RuleProfile collecting() {
        return collecting;
    }

    /** A new agenda listener for one profiled session (sessions may run on different threads), for firings and consequence time. */
    public Listener listener() {
        return new Listener();
    }

    synchronized void addNodeTime(BaseNode node, long nanos) {
        String[] rules = rulesOfNode.computeIfAbsent(node, n -> {
            Rule[] rs = n.getAssociatedRules();
            String[] names = new String[rs.length];
            for (int i = 0; i < rs.length; i++) names[i] = rs[i].getName();
            return names;
        });
        if (rules.length == 0) return;
        long share = nanos / rules.length;
        for (String r : rules) stats(r)[1] += share;
    }

    private long[] stats(String rule) {
        return byRule.computeIfAbsent(rule, r -> new long[3]);
    }

    /** One rule's figures. */
    public record Entry(String rule, long firings, long conditionNanos, long consequenceNanos) {
        public long totalNanos() {
            return conditionNanos + consequenceNanos;
        }
    }

    /** Every rule seen, most expensive first (then by name). */
    public synchronized List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        byRule.forEach((rule, s) -> out.add(new Entry(rule, s[0], s[1], s[2])));
        out.sort(Comparator.comparingLong(Entry::totalNanos).reversed().thenComparing(Entry::rule));
        return out;
    }

    /** The profile as a table: share of the attributed time, condition and consequence ms, firings, rule. */
    public void print(PrintStream out, int limit) {
        List<Entry> entries = entries();
        long total = 0;
        for (Entry e : entries) total += e.totalNanos();
        out.println("rule profile: time in each rule's conditions (beta nodes; shared nodes split) and consequence");
        out.println(String.format(Locale.ROOT, "%7s %14s %15s %10s  %s", "share", "conditions ms", "consequence ms", "firings", "rule"));
        int n = 0;
        for (Entry e : entries) {
            if (limit > 0 && n++ >= limit) break;
            double share = total == 0 ? 0 : 100.0 * e.totalNanos() / total;
            out.println(String.format(Locale.ROOT, "%6.1f%% %14.1f %15.1f %10d  %s", share, e.conditionNanos() / 1e6,
                    e.consequenceNanos() / 1e6, e.firings(), e.rule()));
        }
        out.println(String.format(Locale.ROOT, "total attributed to rules: %.1f ms", total / 1e6));
    }

    /** Firings and consequence time, from the agenda. Consequences do not nest: one start time suffices. */
    public final class Listener extends DefaultAgendaEventListener {
        private long started;

        @Override
        public void beforeMatchFired(BeforeMatchFiredEvent event) {
            started = System.nanoTime();
        }

        @Override
        public void afterMatchFired(AfterMatchFiredEvent event) {
            long nanos = System.nanoTime() - started;
            synchronized (RuleProfile.this) {
                long[] s = stats(event.getMatch().getRule().getName());
                s[0]++;
                s[2] += nanos;
            }
        }
    }
}
