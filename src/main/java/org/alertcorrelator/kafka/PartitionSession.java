package org.alertcorrelator.kafka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.alertcorrelator.engine.Correlator;
import org.alertcorrelator.model.Alert;
import org.alertcorrelator.ruleset.RuleSet;
import org.alertcorrelator.service.IncidentPublisher;
import org.alertcorrelator.service.IncidentPublisher.Publication;
import org.alertcorrelator.service.IncidentView;
import org.alertcorrelator.service.ReorderBuffer;
import org.alertcorrelator.store.AlertCodec;
import org.alertcorrelator.store.AlertKey;
import org.alertcorrelator.store.EngineState;
import org.alertcorrelator.store.IncidentRow;
import org.alertcorrelator.store.JdbcStore;

/**
 * The rule session of the tenants of one Kafka partition, on the consumer's thread. It works as the service's
 * live engine does for all tenants (reorder buffer, event time, idle flush, rebuild from the store), only for the
 * tenants that hash to its partition: tenants never mix, so one session per partition gives what replay gives
 * (as replay's sharding by tenant does).
 *
 * <p>Its restart point (replay watermark, release mark, clock) is stored under its own name, in the transaction
 * that stores its incident changes; the next owner of the partition rebuilds from it.
 */
final class PartitionSession implements AutoCloseable {
    private static final long WATERMARK_EVERY_MS = 1000;

    final String name;
    final int partition;
    private final Set<String> tenants;
    private final RuleSet rules;
    private final long latenessMs;
    private final long flushAfterIdleMs;
    private final ReorderBuffer buffer = new ReorderBuffer();
    private final IncidentPublisher publisher = new IncidentPublisher();
    private Correlator session;
    private AlertKey mark = AlertKey.MIN;
    private long maxEventTime = Long.MIN_VALUE;
    private long lastArrivalWall;
    private long watermark = Long.MIN_VALUE;
    private long watermarkAt;
    private boolean dirty;
    long rebuildMillis;
    /** The owner epoch this member took the partition with; every write for the partition checks it. */
    long epoch;
    long replayed;
    long late;
    /** Alerts correlated since the rebuild (the replayed ones not counted). */
    long processed;

    private PartitionSession(String name, int partition, Set<String> tenants, RuleSet rules, long latenessMs, long flushAfterIdleMs) {
        this.name = name;
        this.partition = partition;
        this.tenants = tenants;
        this.rules = rules;
        this.latenessMs = latenessMs;
        this.flushAfterIdleMs = flushAfterIdleMs;
    }

    /** What a rebuild gives: the session, and the incident changes that bring the store in line with it. */
    record Rebuilt(PartitionSession session, Publication publication) {
    }

    /**
     * Rebuilds the session of these tenants from the store, as a restart does: replays their stored alerts from
     * the saved watermark (less one window, so entity histories are warm) up to the saved mark, moves the clock to
     * the saved one, and puts the alerts above the mark back into the reorder buffer.
     */
    static Rebuilt rebuild(JdbcStore store, RuleSet rules, String name, int partition, Set<String> tenants,
                           long latenessMs, long flushAfterIdleMs, long wallNow) {
        long t0 = System.nanoTime();
        PartitionSession p = new PartitionSession(name, partition, new LinkedHashSet<>(tenants), rules, latenessMs, flushAfterIdleMs);
        p.lastArrivalWall = wallNow;
        Map<String, List<String>> previouslyLive = new LinkedHashMap<>();
        for (IncidentRow row : store.liveIncidents(tenants)) {
            previouslyLive.computeIfAbsent(row.engineId(), k -> new ArrayList<>()).addAll(IncidentView.alertIds(row.body()));
        }
        Optional<EngineState> saved = store.namedEngineState(name);
        long from = Long.MIN_VALUE;
        long clockTo = Long.MIN_VALUE;
        if (saved.isPresent()) {
            EngineState s = saved.get();
            p.mark = s.mark();
            p.maxEventTime = Math.max(s.clock(), s.mark().eventTime());
            from = s.replayWatermark() == Long.MIN_VALUE || replaysAllHistory(rules) ? Long.MIN_VALUE
                    : s.replayWatermark() - rules.settings().getWindowMillis();
            clockTo = s.clock();
        }
        Correlator c = new Correlator(rules, true);
        p.session = c;
        long[] n = {0};
        AlertKey mark = p.mark;
        store.forEachTenantAlert(tenants, from, a -> {
            Alert alert = AlertCodec.fromJson(a.alertJson());
            if (a.key().compareTo(mark) <= 0) {
                c.process(alert);
                n[0]++;
            } else {
                p.buffer.add(alert);
                p.maxEventTime = Math.max(p.maxEventTime, alert.getEventTime());
            }
        });
        if (clockTo > c.now()) c.advanceTo(clockTo);
        Publication pub = p.publisher.rebuiltFrom(c, previouslyLive);
        clearFinals(c);
        p.replayed = n[0];
        p.rebuildMillis = (System.nanoTime() - t0) / 1_000_000;
        p.dirty = true;
        return new Rebuilt(p, pub);
    }

    /**
     * True when a rebuild must replay every stored alert of its tenants to give the session the owner had. With
     * infrastructure relative to a tenant's active hosts on ({@code infrastructureHostShare > 0}), whether an
     * entity is infrastructure rests on the hosts active in the window before each alert (a replay that starts at
     * the watermark less one window counts too few at its start), and an entity ruled out stays ruled out for as
     * long as it keeps being seen, which can reach back to any earlier alert. Replaying from the first stored alert
     * gives both exactly, at the cost of a rebuild that grows with the stored history (docs/scale-out.md).
     */
    static boolean replaysAllHistory(RuleSet rules) {
        return rules.settings().getPrevalence().infrastructureHostShare() > 0;
    }

    Set<String> tenants() {
        return tenants;
    }

    /** A stored alert of this partition: waits in the buffer, or (older than what was released) is correlated at once. */
    void accept(Alert alert, boolean replacement, long wallNow) {
        lastArrivalWall = wallNow;
        tenants.add(alert.getTenant());
        if (replacement) {
            // A later version: if it still waits, it takes the earlier one's place; if it was correlated already,
            // the store has the later version for the next rebuild.
            if (!buffer.contains(alert.getTenant(), alert.getId())) return;
            buffer.remove(alert.getTenant(), alert.getId());
        }
        if (AlertKey.of(alert).compareTo(mark) <= 0) {
            late++;
            process(alert);
            return;
        }
        buffer.add(alert);
        maxEventTime = Math.max(maxEventTime, alert.getEventTime());
    }

    /**
     * Records wait in Kafka for this partition: not idle, whatever the wall clock says (a member busy rebuilding
     * other partitions must not flush this one's buffer while its next alerts are still unread).
     */
    void backlog(long wallNow) {
        lastArrivalWall = wallNow;
    }

    /** Releases what is due by event time, and after {@code flush-after-idle} without alerts, everything. */
    void advance(long wallNow) {
        if (maxEventTime != Long.MIN_VALUE) {
            long due = maxEventTime - latenessMs;
            if (!buffer.isEmpty()) for (Alert a : buffer.releaseBefore(due)) process(a);
            AlertKey dueKey = AlertKey.before(due);
            if (dueKey.compareTo(mark) > 0) {
                mark = dueKey;
                dirty = true;
            }
        }
        long idle = wallNow - lastArrivalWall;
        if (idle < flushAfterIdleMs) return;
        if (!buffer.isEmpty()) for (Alert a : buffer.releaseAll()) process(a);
        if (maxEventTime == Long.MIN_VALUE) return;
        long target = maxEventTime + (idle - flushAfterIdleMs);
        if (target >= session.now() + 1000) {
            session.advanceTo(target);
            mark = AlertKey.max(mark, AlertKey.before(target));
            dirty = true;
        }
    }

    private void process(Alert a) {
        session.process(a);
        processed++;
        mark = AlertKey.max(mark, AlertKey.of(a));
        dirty = true;
    }

    /** The incident changes since the last call. */
    Publication drain() {
        Publication p = publisher.collect(session.drainChangedGroups());
        clearFinals(session);
        return p;
    }

    boolean dirty() {
        return dirty;
    }

    /** The restart point to store with the changes; marks the session clean. */
    EngineState state(long wallNow) {
        if (watermarkAt == 0 || wallNow - watermarkAt >= WATERMARK_EVERY_MS) {
            watermark = session.replayWatermark();
            watermarkAt = wallNow;
        }
        dirty = false;
        return new EngineState(watermark, mark, session.now(), rules.version());
    }

    int buffered() {
        return buffer.size();
    }

    long facts() {
        return session.factCount();
    }

    long clock() {
        return session.now();
    }

    private static void clearFinals(Correlator c) {
        List<?> finals = c.collector().finalIncidents();
        if (!finals.isEmpty()) {
            try {
                finals.clear();
            } catch (UnsupportedOperationException e) {
                // an engine that does not keep them
            }
        }
    }

    @Override
    public void close() {
        if (session != null) session.close();
    }
}
