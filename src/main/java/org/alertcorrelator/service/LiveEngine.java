package org.alertcorrelator.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.alertcorrelator.engine.Correlator;
import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.AlertGroup;
import org.alertcorrelator.ruleset.RuleSet;
import org.alertcorrelator.service.IncidentPublisher.Publication;
import org.alertcorrelator.store.AlertCodec;
import org.alertcorrelator.store.AlertKey;
import org.alertcorrelator.store.EngineState;
import org.alertcorrelator.store.IncidentRow;
import org.alertcorrelator.store.QuarantinedAlert;
import org.alertcorrelator.store.Store;
import org.alertcorrelator.store.StoreException;
import org.kie.api.runtime.KieSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live rule session and the one thread that drives it. Stored alerts arrive on an inbox; each waits in
 * the {@link ReorderBuffer} until it is {@code lateness} older than the newest alert seen (or than the wall
 * clock, if earlier: an alert dated ahead of real time is held until its time, so no tenant moves the others'
 * clock), and is then correlated in event-time order, as a replay would; an alert older than what was already
 * released is correlated at once (at the session clock).
 *
 * <p>An alert whose correlation fails (a rule's consequence throws on it) is set aside ({@link QuarantinedAlert},
 * stored) and the session is rebuilt from the store without it, so one alert cannot stop correlation for every
 * tenant; a reload with other rules tries it again. Other failures rebuild the session too, pausing longer each
 * time they repeat. When no alert comes for {@code flushAfterIdle}, the buffer is
 * released and event time follows the wall clock, so windows close and memory is freed. After each batch the
 * incident changes are written to the store in one transaction, with the engine's restart point.
 *
 * <p>On start, and on a rule reload, the session is rebuilt from the store: a fresh session replays the stored
 * alerts from the replay watermark (less one window, so entity histories are warm) up to the release mark; the
 * alerts above the mark go back into the buffer. Incident ids are derived from alerts, so the rebuilt session
 * gives the same incidents with the same ids, and the analyst state stored by id stays with them.
 */
public final class LiveEngine {
    private static final Logger LOG = LoggerFactory.getLogger(LiveEngine.class);
    private static final long TICK_MS = 100;
    private static final int MAX_BATCH = 5000;
    private static final long STATE_SAVE_MS = 1000;
    private static final long WATERMARK_EVERY_MS = 1000;
    private static final long PUBLISH_EVERY_MS = 250;
    private static final long MAX_RECOVERY_PAUSE_MS = 30_000;
    /** A rebuild that must set aside this many alerts in a row gives up: the rules, not the alerts, are broken. */
    private static final int MAX_SET_ASIDE_PER_REBUILD = 100;

    private sealed interface Input permits Arrival, Task {
    }

    private record Arrival(long seq, Alert alert, boolean replacement) implements Input {
    }

    private record Task(Runnable work) implements Input {
    }

    /** What a reload did. */
    public record ReloadResult(String previousVersion, String version, long replayedAlerts, long rebuildMillis,
                               int incidentsRepublished, int incidentsRetired) {
    }

    private final Store store;
    private final Metrics metrics;
    private final IncidentWriter writer;
    private final long latenessMs;
    private final long flushAfterIdleMs;
    private final LongSupplier wallClock;
    private final LinkedBlockingQueue<Input> inbox = new LinkedBlockingQueue<>();
    private final ReorderBuffer buffer = new ReorderBuffer();
    private final IncidentPublisher publisher = new IncidentPublisher();
    private final PrevalenceKeeper prevalence;

    // Owned by the engine thread.
    private Correlator session;
    private RuleSet rules;
    private AlertKey mark = AlertKey.MIN;
    /** Alerts set aside, by tenant and id: correlating them failed under the rule version they name. */
    private final Map<String, QuarantinedAlert> quarantine = new HashMap<>();
    /** The session failed and must be rebuilt before anything else is correlated. */
    private boolean needsRecovery;
    private long handledSeq;
    private long maxEventTime = Long.MIN_VALUE;
    private long lastArrivalWall;
    private long watermark = Long.MIN_VALUE;
    private long watermarkAt;
    private boolean stateDirty;
    private long stateSavedAt;
    private long publishedAt;
    private boolean resyncNeeded;

    // Read by other threads.
    private volatile boolean ready;
    private volatile String failure;
    private volatile boolean stopping;
    /** The stop's time is up: leave the inbox, do not wait on the store (the next start takes over from it). */
    private volatile boolean abandoned;
    private volatile long facts;
    private volatile int buffered;
    private volatile long clock;
    private volatile String ruleVersion;
    private volatile long startupMillis = -1;
    private volatile long startupReplayed;
    private Thread thread;

    public LiveEngine(Store store, Metrics metrics, IncidentWriter writer, Duration lateness, Duration flushAfterIdle,
                      LongSupplier wallClock) {
        this.store = store;
        this.metrics = metrics;
        this.writer = writer;
        this.latenessMs = lateness.toMillis();
        this.flushAfterIdleMs = flushAfterIdle.toMillis();
        this.wallClock = wallClock;
        this.prevalence = new PrevalenceKeeper(store);
        metrics.gauge("alertcorrelator_working_memory_facts", "Facts in the live session's working memory.", () -> facts);
        metrics.gauge("alertcorrelator_reorder_buffer_alerts", "Alerts held in the reorder buffer.", () -> buffered);
        metrics.gauge("alertcorrelator_engine_inbox_alerts", "Stored alerts not yet taken by the engine.", inbox::size);
        metrics.gauge("alertcorrelator_event_time_clock_seconds", "The live session's event-time clock (Unix seconds).", () -> clock / 1000);
    }

    /**
     * Starts the engine thread: it rebuilds the session from the store (alerts up to seq {@code storedSeq}; later
     * ones come through {@link #stored}) and then runs.
     */
    public void start(RuleSet initialRules, long storedSeq) {
        thread = new Thread(() -> {
            try {
                init(initialRules, storedSeq);
                warmUp(initialRules);
                ready = true;
                loop();
            } catch (Throwable t) {
                failure = t.getMessage() == null ? t.toString() : t.getMessage();
                LOG.error("the correlation engine stopped: {}", failure, t);
            } finally {
                ready = false;
                if (session != null) session.close();
            }
        }, "correlator-engine");
        thread.start();
    }

    /** Called by the ingest, in seq order, once alerts are durably stored. */
    public AlertSink sink() {
        return (seq, alert, replacement) -> inbox.add(new Arrival(seq, alert, replacement));
    }

    /**
     * The step pairs the running session counts as seen linked in two or more tenants, as of its last sweep
     * boundary: alert types and counts only (the ledger is thread-safe; the session may be replaced meanwhile).
     */
    public java.util.List<org.alertcorrelator.model.StepPair> patterns() {
        Correlator c = session;
        return c == null ? java.util.List.of() : c.prevalenceLedger().latestPairs();
    }

    public boolean isReady() {
        return ready;
    }

    /** Why the engine stopped, or null while it runs. */
    public String failure() {
        return failure;
    }

    public String ruleVersion() {
        return ruleVersion;
    }

    public long clock() {
        return clock;
    }

    public int buffered() {
        return buffered;
    }

    public long startupMillis() {
        return startupMillis;
    }

    public long startupReplayed() {
        return startupReplayed;
    }

    /** Waits until the engine has rebuilt its session (or failed). */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!ready && failure == null && System.nanoTime() < end) Thread.sleep(20);
        return ready;
    }

    /**
     * Swaps in a new, already built rule set: under the engine thread (so no alert is processed twice or
     * missed), a fresh session replays the stored alerts from the watermark and replaces the running one.
     */
    public CompletableFuture<ReloadResult> reload(RuleSet newRules) {
        CompletableFuture<ReloadResult> done = new CompletableFuture<>();
        if (!ready) {
            done.completeExceptionally(new IllegalStateException("the engine is not running"));
            return done;
        }
        inbox.add(new Task(() -> {
            try {
                done.complete(swap(newRules));
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }));
        return done;
    }

    /**
     * Alerts stored under these ids (tenant, id) were moved to other ids or replaced by other alerts (issue 8: an
     * id shared by several alerts). To be called before their new rows are handed over: one still waiting in the
     * reorder buffer simply leaves it; one the session took already calls for {@link #resyncIfMoved()}.
     */
    public void movedAway(List<String[]> tenantAndIds) {
        List<String[]> copy = List.copyOf(tenantAndIds);
        inbox.add(new Task(() -> {
            for (String[] t : copy) {
                if (buffer.contains(t[0], t[1])) buffer.remove(t[0], t[1]);
                else resyncNeeded = true;
            }
        }));
    }

    /**
     * After the moved alerts' new rows are handed over: if the session had taken one under its old id, it is
     * taken again from the store, on the running rules (as a reload to the same rules). Several in a row rebuild once.
     */
    public void resyncIfMoved() {
        inbox.add(new Task(() -> {
            if (!resyncNeeded) return;
            resyncNeeded = false;
            swap(rules);
        }));
    }

    /** Runs {@code work} on the engine thread, in order with what was handed over before (tests hold the engine with it). */
    void enqueue(Runnable work) {
        inbox.add(new Task(work));
    }

    /**
     * Completes once the engine has taken in everything already in its inbox, released what is due and stored
     * the incident changes; gives the number of alerts still held in the reorder buffer (tests wait on it).
     */
    public CompletableFuture<Integer> barrier() {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        inbox.add(barrierTask(done));
        return done;
    }

    private Task barrierTask(CompletableFuture<Integer> done) {
        return new Task(() -> {
            try {
                releaseDue();
                idleAdvance();
            } catch (RuntimeException e) {
                // An alert it released failed (set aside by the loop, the session rebuilt): the barrier is not
                // passed yet, so it waits again behind the rebuild instead of being lost with the failure.
                inbox.add(barrierTask(done));
                throw e;
            }
            publish();
            refreshGauges(); // what a test reads right after the barrier (buffered(), clock()) is this moment's
            done.complete(buffer.size());
        });
    }

    /**
     * Stops after taking in everything already handed over and saves the restart point, if that fits in
     * {@code timeout}; else stops where it is (what it had not taken in is stored: the next start correlates it).
     */
    public void stop(Duration timeout) throws InterruptedException {
        stopping = true;
        if (thread == null) return;
        thread.join(Math.max(1, timeout.toMillis()));
        if (thread.isAlive()) {
            abandoned = true;
            thread.join(200);
        }
    }

    // ---- the engine thread ----

    private int warmUpAlerts;
    private volatile int warmedUp;
    private volatile boolean warmingUp;

    /** True while the warm-up runs (after the session is rebuilt from the store, before the engine is ready). */
    public boolean isWarmingUp() {
        return warmingUp;
    }

    /** How many generated alerts the warm-up ran through (0 before it is done, or when off). */
    public int warmedUpAlerts() {
        return warmedUp;
    }

    /**
     * Generated alerts to run through a throwaway session before the first real one (see {@link JitWarmup}), less
     * those the rebuild from the store ran through the rules already; 0: none.
     */
    public void warmUpWith(int alerts) {
        this.warmUpAlerts = alerts;
    }

    private void warmUp(RuleSet rules) {
        // A restart that replayed the window's alerts has compiled the engine's code on them already.
        int alerts = (int) Math.max(0, warmUpAlerts - startupReplayed);
        if (alerts <= 0) return;
        long t0 = System.nanoTime();
        warmingUp = true;
        try {
            int n = JitWarmup.run(rules, alerts);
            warmedUp = n;
            LOG.info("warmed up on {} generated alerts in {} ms (a session of their own, nothing stored)", n, (System.nanoTime() - t0) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.warn("warm-up skipped: {}", e.getMessage());
        } finally {
            warmingUp = false;
        }
    }

    private void init(RuleSet initialRules, long storedSeq) {
        long t0 = System.nanoTime();
        handledSeq = storedSeq;
        lastArrivalWall = wallClock.getAsLong();
        Optional<EngineState> saved = store.engineState();
        Map<String, List<String>> previouslyLive = previouslyLive();
        for (QuarantinedAlert q : store.quarantinedAlerts()) quarantine.put(identity(q.tenant(), q.id()), q);
        if (saved.isPresent()) {
            EngineState s = saved.get();
            mark = s.mark();
            maxEventTime = Math.max(s.clock(), mark.eventTime());
            long from = minus(s.replayWatermark(), initialRules.settings().getWindowMillis());
            Rebuilt r = rebuild(initialRules, from, s.clock());
            adopt(initialRules, r);
            startupReplayed = r.replayed;
            LOG.info("rebuilt the live session from {} stored alerts (rules {})", r.replayed, initialRules.version());
        } else {
            Rebuilt r = rebuild(initialRules, Long.MIN_VALUE, Long.MIN_VALUE);
            adopt(initialRules, r);
        }
        Publication p = publisher.rebuiltFrom(session, previouslyLive);
        clearFinals(session);
        writeDurably(p, true);
        refillBuffer();
        startupMillis = (System.nanoTime() - t0) / 1_000_000;
        refreshGauges();
    }

    private record Rebuilt(Correlator session, KieSession kieSession, long replayed) {
    }

    /**
     * A fresh session with the stored alerts from {@code from} up to the mark replayed, clock moved to
     * {@code clockTo}. An alert whose correlation fails is set aside and the session built again without it.
     */
    private Rebuilt rebuild(RuleSet rs, long from, long clockTo) {
        for (int attempt = 1; ; attempt++) {
            try {
                return rebuildOnce(rs, from, clockTo);
            } catch (AlertFailure f) {
                if (attempt >= MAX_SET_ASIDE_PER_REBUILD) throw f;
                setAside(f, rs.version());
            }
        }
    }

    private Rebuilt rebuildOnce(RuleSet rs, long from, long clockTo) {
        Set<KieSession> before = Collections.newSetFromMap(new IdentityHashMap<>());
        before.addAll(rs.kieBase().getKieSessions());
        Correlator c = new Correlator(rs, true, prevalence.ledgerFor(rs), 0);
        KieSession created = null;
        for (KieSession k : rs.kieBase().getKieSessions()) if (!before.contains(k)) created = k;
        long[] n = {0};
        try {
            if (!mark.equals(AlertKey.MIN)) {
                store.forEachAlertToReplay(from, mark, handledSeq, a -> {
                    if (setAside(a.tenant(), a.id(), rs.version())) return;
                    Alert alert = AlertCodec.fromJson(a.alertJson());
                    try {
                        c.process(alert);
                    } catch (RuntimeException e) {
                        throw new AlertFailure(alert, e);
                    }
                    n[0]++;
                });
            }
            if (clockTo > c.now()) c.advanceTo(clockTo);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
        return new Rebuilt(c, created, n[0]);
    }

    private void adopt(RuleSet rs, Rebuilt r) {
        session = r.session;
        rules = rs;
        ruleVersion = rs.version();
        watermarkAt = 0;
        // Count firings from here on: the replay's firings happened once already.
        if (r.kieSession != null) r.kieSession.addEventListener(metrics.ruleFiringCounter());
        else LOG.warn("cannot find the rule session to count rule firings on");
    }

    private Map<String, List<String>> previouslyLive() {
        Map<String, List<String>> live = new LinkedHashMap<>();
        for (IncidentRow row : store.liveIncidents()) {
            live.computeIfAbsent(row.engineId(), k -> new ArrayList<>()).addAll(IncidentView.alertIds(row.body()));
        }
        return live;
    }

    private void loop() throws InterruptedException {
        java.util.ArrayDeque<Input> pending = new java.util.ArrayDeque<>();
        int failuresInARow = 0;
        while (true) {
            try {
                if (needsRecovery) {
                    recover();
                    needsRecovery = false;
                }
                if (pending.isEmpty()) {
                    Input first = inbox.poll(TICK_MS, TimeUnit.MILLISECONDS);
                    if (first != null) {
                        pending.add(first);
                        inbox.drainTo(pending, MAX_BATCH);
                    }
                }
                while (!pending.isEmpty() && !abandoned) handle(pending.poll());
                if (abandoned) break;
                releaseDue();
                idleAdvance();
                // Under load, publish a few times a second: a group that changed many times is written once.
                if (inbox.isEmpty() || wallClock.getAsLong() - publishedAt >= PUBLISH_EVERY_MS) publish();
                saveStateIfDue();
                refreshGauges();
                failuresInARow = 0;
            } catch (AlertFailure f) {
                // One alert that a rule (or the engine) cannot take must not stop correlation for every tenant: it is
                // set aside, and the session is built again from the store without it (as a restart would).
                metrics.correlationFailures.increment();
                setAside(f, rules.version());
                needsRecovery = true;
            } catch (RuntimeException e) {
                // Not one alert's doing (housekeeping as event time moved, the store): build the session again, and
                // wait longer each time it fails in a row, so a lasting fault does not spin.
                metrics.correlationFailures.increment();
                failuresInARow++;
                LOG.error("correlation failed ({}); rebuilding the live session from the store", e.getMessage(), e);
                needsRecovery = true;
                pause(Math.min(MAX_RECOVERY_PAUSE_MS, 250L << Math.min(failuresInARow - 1, 7)));
            }
            if (abandoned || stopping && inbox.isEmpty() && pending.isEmpty()) break;
        }
        if (needsRecovery) {
            LOG.warn("stopped while the session was being rebuilt: the next start correlates from the store");
            return;
        }
        if (abandoned) {
            LOG.warn("stopped with {} alert(s) not yet correlated: stored, the next start correlates them", inbox.size() + buffer.size());
            return;
        }
        publish();
        saveState();
    }

    private void recover() {
        long from = watermark != Long.MIN_VALUE ? watermark
                : store.engineState().map(EngineState::replayWatermark).orElse(Long.MIN_VALUE);
        long clockNow = clock;
        Rebuilt r = rebuild(rules, minus(from, rules.settings().getWindowMillis()), clockNow);
        Publication p = publisher.rebuiltFrom(r.session, previouslyLive());
        clearFinals(r.session);
        Correlator old = session;
        adopt(rules, r);
        closeQuietly(old);
        // What was released but not yet processed when the session failed is above the mark: back into the
        // buffer with the rest, from the store.
        refillBuffer();
        writeDurably(p, false);
        refreshGauges();
        LOG.info("rebuilt the live session from the store after a failure ({} alerts replayed)", r.replayed);
    }

    /** The buffer again from the store: every handled alert above the mark, but those set aside. */
    private void refillBuffer() {
        buffer.releaseAll();
        store.forEachAlertAbove(mark, handledSeq, a -> {
            if (setAside(a.tenant(), a.id(), rules.version())) return;
            hold(AlertCodec.fromJson(a.alertJson()));
        });
    }

    private void hold(Alert alert) {
        buffer.add(alert);
        maxEventTime = Math.max(maxEventTime, alert.getEventTime());
    }

    /** Whether this alert is set aside under this rule version. */
    private boolean setAside(String tenant, String id, String ruleVersion) {
        QuarantinedAlert q = quarantine.get(identity(tenant, id));
        return q != null && q.ruleVersion().equals(ruleVersion);
    }

    private void setAside(AlertFailure f, String ruleVersion) {
        Alert a = f.alert();
        QuarantinedAlert q = new QuarantinedAlert(a.getTenant(), a.getId(), ruleVersion, wallClock.getAsLong(), f.reason());
        quarantine.put(identity(a.getTenant(), a.getId()), q);
        metrics.alertsQuarantined.increment();
        LOG.error("alert {} of tenant {} set aside: {} (rules {}; a reload with other rules tries it again)",
                a.getId(), a.getTenant(), f.detail(), ruleVersion, f.getCause());
        try {
            store.writeDerived(tx -> {
                tx.quarantine(q);
                return null;
            });
        } catch (StoreException e) {
            LOG.warn("cannot store that alert {} is set aside ({}): a restart tries it again", a.getId(), e.getMessage());
        }
    }

    private static String identity(String tenant, String id) {
        return tenant + '\u0000' + id;
    }

    private static void closeQuietly(Correlator c) {
        if (c == null) return;
        try {
            c.close();
        } catch (RuntimeException ignored) {
            // a broken session: nothing more to free
        }
    }

    /** Sleeps, but not past a stop. */
    private void pause(long ms) {
        long end = System.nanoTime() + ms * 1_000_000;
        while (!stopping && !abandoned && System.nanoTime() < end) sleep(Math.min(50, ms));
    }

    private void handle(Input in) {
        if (in instanceof Task t) {
            t.work().run();
            return;
        }
        Arrival a = (Arrival) in;
        handledSeq = Math.max(handledSeq, a.seq());
        lastArrivalWall = wallClock.getAsLong();
        Alert alert = a.alert();
        if (a.replacement()) {
            // A later version of an alert: if it still waits, the later version takes its place; if it was
            // correlated already, the store now has the later version for any rebuild.
            if (!buffer.contains(alert.getTenant(), alert.getId())) return;
            buffer.remove(alert.getTenant(), alert.getId());
        }
        if (setAside(alert.getTenant(), alert.getId(), rules.version())) return;
        if (AlertKey.of(alert).compareTo(mark) <= 0) {
            metrics.alertsLate.increment();
            process(alert);
            return;
        }
        hold(alert);
    }

    private void process(Alert a) {
        try {
            session.process(a);
        } catch (RuntimeException e) {
            throw new AlertFailure(a, e);
        }
        metrics.alertsCorrelated.increment();
        mark = AlertKey.max(mark, AlertKey.of(a));
        stateDirty = true;
    }

    /**
     * Releases, in order, what is {@code lateness} older than the newest alert seen, or than the wall clock if that
     * is earlier: an alert dated ahead of the wall clock (up to max-clock-skew) is held until its time, so no
     * tenant's clock runs ahead of real time and makes the others' alerts late.
     */
    private void releaseDue() {
        if (maxEventTime == Long.MIN_VALUE) return;
        long due = minus(Math.min(maxEventTime, wallClock.getAsLong()), latenessMs);
        if (!buffer.isEmpty()) for (Alert a : buffer.releaseBefore(due)) process(a);
        // Anything older than `due` that still comes is late: correlate it at once.
        AlertKey dueKey = AlertKey.before(due);
        if (dueKey.compareTo(mark) > 0) {
            mark = dueKey;
            stateDirty = true;
        }
    }

    /** No alert for flushAfterIdle: release the buffer, then let event time follow the wall clock. */
    private void idleAdvance() {
        long idle = wallClock.getAsLong() - lastArrivalWall;
        if (idle < flushAfterIdleMs) return;
        long wallNow = wallClock.getAsLong();
        // Alerts dated ahead of the wall clock stay held until their time.
        if (!buffer.isEmpty()) for (Alert a : buffer.releaseBefore(wallNow)) process(a);
        if (maxEventTime == Long.MIN_VALUE) return;
        long target = Math.min(maxEventTime + (idle - flushAfterIdleMs), wallNow);
        if (target >= session.now() + 1000) {
            session.advanceTo(target);
            mark = AlertKey.max(mark, AlertKey.before(target));
            stateDirty = true;
        }
    }

    private void publish() {
        publishedAt = wallClock.getAsLong();
        List<AlertGroup> changed = session.drainChangedGroups();
        if (changed.isEmpty()) return;
        Publication p = publisher.collect(changed);
        clearFinals(session);
        if (!p.isEmpty()) writeDurably(p, false);
    }

    /**
     * The engine's list of final incidents is replay's output; the service stores them as they become final,
     * so the list is emptied to keep memory bounded.
     */
    private static void clearFinals(Correlator c) {
        List<?> finals = c.collector().finalIncidents();
        if (!finals.isEmpty()) {
            try {
                finals.clear();
            } catch (UnsupportedOperationException e) {
                // an engine that does not keep them: nothing to free
            }
        }
    }

    /**
     * Writes the incident changes and the restart point in one transaction; retries while the store is
     * unreachable (the changes exist only in memory until written).
     */
    private void writeDurably(Publication p, boolean withRuleVersion) {
        for (int attempt = 1; ; attempt++) {
            try {
                long now = wallClock.getAsLong();
                EngineState state = state();
                IncidentWriter.Effects fx = store.writeDerived(tx -> {
                    IncidentWriter.Effects e = writer.apply(tx, p, now);
                    tx.saveEngineState(state);
                    prevalence.writeIn(tx);
                    if (withRuleVersion) {
                        tx.saveRuleVersion(rules.version(), RuleFiles.json(rules), now);
                        tx.keepQuarantineOf(rules.version());
                    }
                    return e;
                });
                metrics.incidentsOpened.add(fx.opened);
                metrics.incidentsUpdated.add(fx.updated);
                metrics.incidentsMerged.add(fx.merged);
                metrics.incidentsWithdrawn.add(fx.withdrawn);
                metrics.incidentsReopened.add(fx.reopened);
                prevalence.committed();
                stateDirty = false;
                stateSavedAt = now;
                return;
            } catch (StoreException e) {
                if (abandoned || stopping && attempt >= 3) {
                    LOG.error("giving up writing incident changes while stopping ({}); the next start rebuilds them", e.getMessage());
                    return;
                }
                LOG.warn("cannot write incident changes (try {}): {}; trying again", attempt, e.getMessage());
                sleep(Math.min(5000, 200L * attempt));
            }
        }
    }

    private void saveStateIfDue() {
        if (stateDirty && wallClock.getAsLong() - stateSavedAt >= STATE_SAVE_MS) saveState();
    }

    private void saveState() {
        try {
            EngineState state = state();
            store.writeDerived(tx -> {
                tx.saveEngineState(state);
                prevalence.writeIn(tx);
                return null;
            });
            prevalence.committed();
            stateDirty = false;
            stateSavedAt = wallClock.getAsLong();
        } catch (StoreException e) {
            LOG.warn("cannot save the engine's restart point: {}", e.getMessage());
        }
    }

    private EngineState state() {
        long now = wallClock.getAsLong();
        if (watermarkAt == 0 || now - watermarkAt >= WATERMARK_EVERY_MS) {
            // A scan of working memory, so not on every batch; an older watermark only makes a rebuild replay more.
            watermark = session.replayWatermark();
            watermarkAt = now;
        }
        prevalence.collect(session); // closed intervals of prevalence counts go with the restart point
        return new EngineState(watermark, mark, session.now(), rules.version());
    }

    private ReloadResult swap(RuleSet newRules) {
        releaseDue();
        publish();
        long t0 = System.nanoTime();
        String previous = rules.version();
        long window = Math.max(rules.settings().getWindowMillis(), newRules.settings().getWindowMillis());
        long from = minus(session.replayWatermark(), window);
        Rebuilt r = rebuild(newRules, from, session.now());
        Map<String, List<String>> previouslyLive = previouslyLive();
        Publication p = publisher.rebuiltFrom(r.session, previouslyLive);
        clearFinals(r.session);
        Correlator old = session;
        adopt(newRules, r);
        old.close();
        writeDurably(p, true);
        refreshGauges();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        LOG.info("rules {} replaced {}: {} alerts replayed in {} ms", newRules.version(), previous, r.replayed, millis);
        return new ReloadResult(previous, newRules.version(), r.replayed, millis, p.upserts().size(), p.retirements().size());
    }

    private void refreshGauges() {
        facts = session.factCount();
        buffered = buffer.size();
        clock = session.now();
    }

    private static long minus(long t, long d) {
        return t == Long.MIN_VALUE ? t : t - d;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
