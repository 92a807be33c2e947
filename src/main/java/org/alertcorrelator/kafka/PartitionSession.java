package org.alertcorrelator.kafka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

import org.alertcorrelator.engine.Correlator;
import org.alertcorrelator.engine.PrevalenceLedger;
import org.alertcorrelator.model.PrevalenceCount;
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
import org.alertcorrelator.store.PrevalenceTables;

/**
 * The rule session of the tenants of one Kafka partition, on the consumer's thread. It works as the service's
 * live engine does for all tenants (reorder buffer, event time, idle flush, rebuild from the store), only for the
 * tenants that hash to its partition: tenants never mix, so one session per partition gives what replay gives
 * (as replay's sharding by tenant does).
 *
 * <p>Its restart point (replay watermark, release mark, clock) is stored under its own name, in the transaction
 * that stores its incident changes; the next owner of the partition rebuilds from it.
 *
 * <p>With cross-tenant counts on, it shares them with the group's other partitions through the store
 * ({@link SharedCounts}): it files its intervals of event time under its own name in that same transaction, as soon
 * as every alert before their end is processed, and crosses a sweep boundary only once every partition has filed
 * through it. Alerts due meanwhile wait in order ({@code ready}) and the clock stays before the boundary.
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
    /** Null when nothing is counted across tenants (prevalence off). */
    private final SharedCounts shared;
    private final long interval;
    /** Released alerts waiting for the barrier, in key order. */
    private final PriorityQueue<Alert> ready = new PriorityQueue<>(java.util.Comparator.comparing(AlertKey::of));
    /** Every partition has filed through this boundary, and the others' intervals before it are in the ledger. */
    private long openUntil = Long.MIN_VALUE;
    /** The highest boundary a partition has filed through, as last read (an idle partition follows it). */
    private long groupFront = Long.MIN_VALUE;
    /** Intervals filed since the last write, to be written with the next restart point. */
    private List<PrevalenceCount> filedCounts = new ArrayList<>();
    private Map<String, PrevalenceCount.Seen> filedSeen = new LinkedHashMap<>();
    private long filedUntil = Long.MIN_VALUE;
    private long writtenUntil = Long.MIN_VALUE;
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

    private PartitionSession(String name, int partition, Set<String> tenants, RuleSet rules, long latenessMs, long flushAfterIdleMs,
                             SharedCounts shared) {
        this.name = name;
        this.shared = rules.settings().getPrevalence().enabled() ? shared : null;
        this.interval = rules.settings().getSweepInterval().toMillis();
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
     * the saved one, and puts the alerts above the mark back into the reorder buffer. With cross-tenant counts
     * shared ({@code shared} not null, prevalence on), the session starts from what this partition filed (its
     * replayed alerts count only towards intervals not filed yet) and from every other partition's filed intervals:
     * all boundaries the previous owner crossed were complete in the store when it crossed them, so the replay
     * sees at each the counts it saw.
     */
    static Rebuilt rebuild(JdbcStore store, RuleSet rules, String name, int partition, Set<String> tenants,
                           long latenessMs, long flushAfterIdleMs, long wallNow, SharedCounts shared) {
        long t0 = System.nanoTime();
        PartitionSession p = new PartitionSession(name, partition, new LinkedHashSet<>(tenants), rules, latenessMs, flushAfterIdleMs,
                shared);
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
        Correlator c;
        if (p.shared != null) {
            PrevalenceLedger ledger = Correlator.newLedger(rules, 1);
            PrevalenceTables.Stored own = store.prevalence(name, Long.MIN_VALUE);
            ledger.restore(own.counts(), own.seen(), own.filedUntil());
            p.filedUntil = p.writtenUntil = own.filedUntil();
            SharedCounts.Filed f = p.shared.read();
            if (f.lowest() != Long.MIN_VALUE) p.shared.load(ledger, name, Long.MIN_VALUE, f.lowest());
            p.openUntil = f.lowest();
            p.groupFront = f.highest();
            c = new Correlator(rules, true, ledger, 0);
        } else {
            c = new Correlator(rules, true);
        }
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
            if (buffer.contains(alert.getTenant(), alert.getId())) buffer.remove(alert.getTenant(), alert.getId());
            else if (!ready.removeIf(r -> r.getTenant().equals(alert.getTenant()) && r.getId().equals(alert.getId()))) return;
        }
        if (AlertKey.of(alert).compareTo(mark) <= 0) {
            late++;
            submit(alert);
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

    /**
     * Releases what is due by event time, and after {@code flush-after-idle} without alerts, everything; as the
     * live engine does, never past the wall clock: an alert dated ahead of it is held until its time, so no tenant's
     * source moves the partition's clock ahead of real time for the others.
     */
    void advance(long wallNow) {
        drainReady();
        if (maxEventTime != Long.MIN_VALUE) {
            long due = Math.min(maxEventTime, wallNow) - latenessMs;
            if (!buffer.isEmpty()) for (Alert a : buffer.releaseBefore(due)) submit(a);
            AlertKey dueKey = AlertKey.before(due);
            if (ready.isEmpty() && dueKey.compareTo(mark) > 0) {
                mark = dueKey;
                dirty = true;
            }
        }
        long idle = wallNow - lastArrivalWall;
        if (idle < flushAfterIdleMs) return;
        if (!buffer.isEmpty()) for (Alert a : buffer.releaseBefore(wallNow)) submit(a);
        if (maxEventTime == Long.MIN_VALUE || !ready.isEmpty()) return;
        long target = Math.min(maxEventTime + (idle - flushAfterIdleMs), wallNow);
        if (shared != null) {
            // the clock goes no further than the barrier lets it: up to the next boundary not open yet
            long open = Math.max(openUntil, session.lastBoundary());
            if (open == Long.MIN_VALUE) return;
            target = Math.min(target, open + interval - 1);
        }
        if (target >= session.now() + 1000) {
            session.advanceTo(target);
            mark = AlertKey.max(mark, AlertKey.before(target));
            dirty = true;
        }
    }

    /** A released alert: correlated now, or (past a boundary the barrier keeps closed) waiting in order. */
    private void submit(Alert a) {
        if (shared == null) {
            process(a);
            return;
        }
        ready.add(a);
        drainReady();
    }

    private void drainReady() {
        while (!ready.isEmpty() && open(ready.peek().getEventTime())) process(ready.poll());
    }

    /** True when correlating an alert of this event time crosses no boundary the barrier keeps closed. */
    private boolean open(long eventTime) {
        long b = boundaryOf(Math.max(eventTime, session.now()));
        return b <= Math.max(openUntil, session.lastBoundary());
    }

    private long boundaryOf(long t) {
        return Math.floorDiv(t, interval) * interval;
    }

    /**
     * Files this partition's intervals through the highest boundary before which every alert is correlated: before
     * the first alert waiting for the barrier, else before the release mark; an idle partition (nothing waits, no
     * alert for {@code flush-after-idle}, nothing unread in Kafka) also through the highest boundary another has
     * filed, so that a partition without traffic never holds the group back. What is filed is written with the
     * next restart point.
     */
    void file(long wallNow) {
        if (shared == null) return;
        long b = Long.MIN_VALUE;
        if (!ready.isEmpty()) b = boundaryOf(ready.peek().getEventTime());
        else if (mark.eventTime() != Long.MIN_VALUE) b = boundaryOf(mark.eventTime());
        boolean idle = wallNow - lastArrivalWall >= flushAfterIdleMs && ready.isEmpty() && buffer.isEmpty();
        if (idle) b = Math.max(b, groupFront);
        PrevalenceLedger ledger = session.prevalenceLedger();
        if (b == Long.MIN_VALUE || b <= ledger.filedUntil()) return;
        session.fileObservations();
        PrevalenceLedger.Closed c = ledger.fileUntil(b);
        filedCounts.addAll(c.counts());
        for (PrevalenceCount.Seen x : c.seen()) filedSeen.put(x.first() + '\u001f' + x.then(), x);
        filedUntil = Math.max(filedUntil, c.filedUntil());
        dirty = true;
    }

    /** What was filed since the last write (null if nothing), handed over to be written with the restart point. */
    Filing takeFiling() {
        if (shared == null || filedUntil <= writtenUntil && filedCounts.isEmpty() && filedSeen.isEmpty()) return null;
        long keep = rules.settings().getPrevalence().horizonMillis() + rules.settings().getWindowMillis() + 2 * interval;
        Filing f = new Filing(filedCounts, new ArrayList<>(filedSeen.values()), filedUntil, filedUntil - keep);
        filedCounts = new ArrayList<>();
        filedSeen = new LinkedHashMap<>();
        writtenUntil = filedUntil;
        return f;
    }

    /** This partition's intervals to write under its source name (PrevalenceTables), in its fenced transaction. */
    record Filing(List<PrevalenceCount> counts, List<PrevalenceCount.Seen> seen, long filedUntil, long keepFrom) {
    }

    /**
     * How far every partition has filed, as just read: once all have filed through a boundary, the others' intervals
     * before it are added to this session's counts and the alerts waiting for it go on.
     */
    void barrier(SharedCounts.Filed f) {
        if (shared == null) return;
        groupFront = Math.max(groupFront, f.highest());
        if (f.lowest() > openUntil) {
            shared.load(session.prevalenceLedger(), name, openUntil, f.lowest());
            openUntil = f.lowest();
            drainReady();
        }
    }

    /** True when this session shares cross-tenant counts (the caller then reads how far every partition filed). */
    boolean sharesCounts() {
        return shared != null;
    }

    /** Alerts released but waiting for the barrier. */
    int waiting() {
        return ready.size();
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

    /** Alerts not correlated yet: in the reorder buffer, or released and waiting for the barrier. */
    int buffered() {
        return buffer.size() + ready.size();
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
