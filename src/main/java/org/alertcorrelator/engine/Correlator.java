package org.alertcorrelator.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.alertcorrelator.correlation.Blocks;
import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.AlertGroup;
import org.alertcorrelator.model.Arrival;
import org.alertcorrelator.model.Clock;
import org.alertcorrelator.model.Incident;
import org.alertcorrelator.model.StepPair;
import org.alertcorrelator.ruleset.RuleSet;
import org.alertcorrelator.ruleset.Settings;
import org.kie.api.KieServices;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.conf.ClockTypeOption;
import org.kie.api.runtime.rule.EntryPoint;
import org.kie.api.runtime.rule.FactHandle;
import org.kie.api.time.SessionPseudoClock;

/**
 * One rule session over a stream of alerts, on event time. The loop for each alert is the one that is always
 * right in Drools: move the session clock to the alert's time, insert it (as an {@link Arrival}; the rules move
 * the alert into the stream of alerts once done with it), fire the rules. The clock is a
 * pseudo clock: time moves only with the alerts (or when the service says so), never with the wall clock.
 *
 * <p>Alerts must come in event-time order (then id) for results not to depend on arrival order; an alert
 * older than the session clock is still processed, at the clock's time.
 */
public final class Correlator implements AutoCloseable {
    /**
     * Entry point where a strong entity's track arrives the first time it could link (the second time an alert
     * names it), for the evidence rules to judge it once.
     */
    public static final String TO_JUDGE = "entities to judge";

    private final RuleSet rules;
    private final Settings settings;
    private final KieSession session;
    private final SessionPseudoClock clock;
    private final EntityIndex entities;
    private final LiveGroups groups;
    private final IncidentCollector collector;
    private final EntryPoint toJudge;
    private Clock clockFact;
    private FactHandle clockHandle;
    private long nextSweep = Long.MIN_VALUE;
    private long alertsIn;
    private long latestEventTime = Long.MIN_VALUE;
    private final PrevalenceLedger ledger;
    private final int sessionIndex;
    private final PrevalenceRecorder prevalence;
    private final ActiveHosts activeHosts;
    private final java.util.Map<PrevalenceLedger.PairKey, FactHandle> stepPairs = new java.util.HashMap<>();

    public Correlator(RuleSet rules) {
        this(rules, false);
    }

    /** @param trackChanges keep the groups changed since the last {@link #drainChangedGroups()} (for the service) */
    public Correlator(RuleSet rules, boolean trackChanges) {
        this(rules, trackChanges, newLedger(rules, 1), 0);
    }

    /** A ledger of cross-tenant prevalence for {@code sessions} sessions over these rules. */
    public static PrevalenceLedger newLedger(RuleSet rules, int sessions) {
        return new PrevalenceLedger(rules.settings().getPrevalence(), rules.settings().getSweepInterval().toMillis(),
                rules.patternSeed(), sessions);
    }

    /**
     * A session that shares cross-tenant prevalence with the other sessions of the ledger.
     *
     * @param sessionIndex this session's number among the ledger's sessions (0 ..)
     */
    public Correlator(RuleSet rules, boolean trackChanges, PrevalenceLedger ledger, int sessionIndex) {
        this.rules = rules;
        this.ledger = ledger;
        this.sessionIndex = sessionIndex;
        this.settings = rules.settings();
        KieSessionConfiguration conf = KieServices.Factory.get().newKieSessionConfiguration();
        conf.setOption(ClockTypeOption.PSEUDO);
        this.session = rules.kieBase().newKieSession(conf, null);
        this.clock = session.getSessionClock();
        this.entities = new EntityIndex(settings);
        this.groups = new LiveGroups(settings.getWindowMillis());
        this.collector = new IncidentCollector(groups, entities, trackChanges);
        session.addEventListener(collector);
        org.alertcorrelator.engine.profile.RuleProfile profile = org.alertcorrelator.engine.profile.RuleProfile.collecting();
        if (profile != null) session.addEventListener(profile.listener()); // --profile: firings and consequence time
        this.toJudge = session.getEntryPoint(TO_JUDGE);
        this.prevalence = new PrevalenceRecorder(settings.getPrevalence(), settings.getWindowMillis());
        this.activeHosts = new ActiveHosts(settings.getWindowMillis());
        setGlobalIfDeclared("prevalence", prevalence);
        setGlobalIfDeclared("activeHosts", activeHosts);
        setGlobalIfDeclared("settings", settings);
        setGlobalIfDeclared("killChain", rules.killChain());
        setGlobalIfDeclared("tacticTable", rules.tacticTable());
        setGlobalIfDeclared("lists", rules.evidenceLists());
        setGlobalIfDeclared("entities", entities);
        setGlobalIfDeclared("groups", groups);
        setGlobalIfDeclared("blocks", new Blocks(rules.riskTable()));
        setGlobalIfDeclared("risk", rules.riskTable());
        setGlobalIfDeclared("stream", AlertStream.of(rules.kieBase()));
    }

    private void setGlobalIfDeclared(String name, Object value) {
        if (session.getKieBase().getKiePackages().stream()
                .anyMatch(p -> p.getGlobalVariables().stream().anyMatch(g -> g.getName().equals(name)))) {
            session.setGlobal(name, value);
        }
    }

    /** Correlates one alert: clock to its event time, insert it (a copy if another session has it), fire. */
    public void process(Alert alert) {
        Alert a = alert.forSession();
        moveClock(a.getEventTime()); // what the clock sets off is fired with the alert, below
        current = a.getId();
        alertsIn++;
        latestEventTime = Math.max(latestEventTime, a.getEventTime());
        prevalence.at(clock.getCurrentTime());
        activeHosts.saw(a);
        List<EntityTrack> judge = new ArrayList<>(2);
        List<EntityTrack> tracks = entities.tracksOf(a, judge);
        session.insert(new Arrival(a, tracks));
        if (toJudge != null) for (EntityTrack t : judge) toJudge.insert(t);
        fire();
        current = null;
    }

    // The alert being processed, for the message of a consequence that throws.
    private String current;

    private void fire() {
        try {
            session.fireAllRules();
        } catch (org.kie.api.runtime.rule.ConsequenceException e) {
            throw new RuleFailure(e, current);
        }
    }

    /**
     * Moves event time forward (never back). Every sweep interval the {@link Clock} fact moves too, and the
     * housekeeping rules release final incidents and forgotten entities.
     */
    public void advanceTo(long epochMillis) {
        moveClock(epochMillis);
        fire();
    }

    private void moveClock(long epochMillis) {
        long now = clock.getCurrentTime();
        long t = Math.max(epochMillis, now);
        // The Clock fact moves in whole sweep intervals of event time, so what housekeeping does depends only
        // on event time, not on which alert (or wall-clock tick in the service) happened to move it. It steps
        // through every boundary while groups are live (prevalence counts change at each and may raise them), at
        // most a horizon and a window of them: after that long without alerts every group is final and every count
        // has left the horizon, so the rest of a longer gap changes nothing.
        long interval = settings.getSweepInterval().toMillis();
        long boundary = Math.floorDiv(t, interval) * interval;
        if (clockFact == null) {
            advancePseudoClock(t);
            clockFact = new Clock(boundary, settings.getWindowMillis());
            clockHandle = session.insert(clockFact);
            crossBoundary(boundary);
            nextSweep = boundary + interval;
            fire();
        } else if (t >= nextSweep) {
            long maxSteps = (settings.getPrevalence().horizonMillis() + settings.getWindowMillis()) / interval + 2;
            long steps = 0;
            for (long b = nextSweep; b <= boundary; b += interval) {
                if (++steps > maxSteps) b = boundary;
                advancePseudoClock(b);
                clockFact.set(b, settings.getWindowMillis());
                session.update(clockHandle, clockFact);
                crossBoundary(b);
                // Housekeeping runs on its own, before the next alert arrives, so it sees the state the sweep is
                // about and never an alert half processed.
                fire();
                // With no live group, the boundaries in between change nothing the last one does not: straight to it
                // (a service whose clock catches up with the wall clock does not step through days of hours).
                if (groups.size() == 0 && b < boundary - interval) b = boundary - interval;
            }
            nextSweep = boundary + interval;
        }
        advancePseudoClock(t);
    }

    private void advancePseudoClock(long epochMillis) {
        long now = clock.getCurrentTime();
        if (epochMillis > now) clock.advanceTime(epochMillis - now, TimeUnit.MILLISECONDS);
    }

    /**
     * At a sweep boundary: files what this session saw before it, waits for every session of the ledger to have
     * done so, and brings the {@link StepPair} facts to the counts as of the boundary (in name order).
     */
    private void crossBoundary(long boundary) {
        if (!settings.getPrevalence().enabled()) return;
        ledger.file(prevalence);
        ledger.reach(sessionIndex, boundary);
        PrevalenceLedger.Snapshot snap = ledger.asOf(boundary);
        if (snap == prevalence.snapshot()) return;
        prevalence.use(snap);
        for (var pair : snap.pairs().entrySet()) { // in name order
            PrevalenceLedger.PairKey k = pair.getKey();
            StepPair p = pair.getValue();
            FactHandle h = stepPairs.get(k);
            if (h == null) stepPairs.put(k, session.insert(p));
            else if (!p.equals(session.getObject(h))) session.update(h, p);
        }
        for (var it = stepPairs.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!snap.pairs().containsKey(e.getKey())) {
                session.delete(e.getValue());
                it.remove();
            }
        }
    }

    /** Files what this session saw since the last boundary (at the end of a run: for mining patterns). */
    public void fileObservations() {
        if (settings.getPrevalence().enabled()) ledger.file(prevalence);
    }

    /** This session will correlate nothing more: other sessions of the ledger need not wait for it. */
    public void leaveLedger() {
        ledger.leave(sessionIndex);
    }

    /** The last sweep boundary this session crossed (Long.MIN_VALUE before its first alert or advance). */
    public long lastBoundary() {
        return clockFact == null ? Long.MIN_VALUE : nextSweep - settings.getSweepInterval().toMillis();
    }

    /** The cross-tenant prevalence counts this session shares with others. */
    public PrevalenceLedger prevalenceLedger() {
        return ledger;
    }

    /** Event time of the session clock (epoch ms). */
    public long now() {
        return clock.getCurrentTime();
    }

    /**
     * Every incident so far: those already final and those still open, sorted by first activity, then id.
     */
    public List<Incident> incidents() {
        List<Incident> all = new ArrayList<>(collector.finalIncidents());
        for (AlertGroup g : liveGroups()) all.addAll(IncidentBuilder.build(g));
        all.sort(BY_FIRST_ACTIVITY_THEN_ID);
        return all;
    }

    public static final Comparator<Incident> BY_FIRST_ACTIVITY_THEN_ID =
            Comparator.comparing(Incident::firstActivityTime).thenComparing(Incident::id);

    /** Groups in working memory now. */
    public List<AlertGroup> liveGroups() {
        List<AlertGroup> out = new ArrayList<>();
        for (Object o : session.getObjects(o -> o instanceof AlertGroup)) out.add((AlertGroup) o);
        return out;
    }

    /**
     * The earliest event time a fresh session must replay from to rebuild this session's state: the first
     * activity of the oldest live group, or one window before now, whichever is earlier. A service stores it
     * with its alerts and, on restart or rule reload, replays the stored alerts from there.
     */
    public long replayWatermark() {
        return Math.min(clock.getCurrentTime() - settings.getWindowMillis(), groups.earliestFirstActivity());
    }

    /** Adds a listener to the session (e.g. to count rule firings per rule). */
    public void addEventListener(org.kie.api.event.rule.AgendaEventListener listener) {
        session.addEventListener(listener);
    }

    /** Groups inserted, changed or deleted since the last call (only with trackChanges). */
    public List<AlertGroup> drainChangedGroups() {
        return collector.drainChanged();
    }

    public RuleSet rules() {
        return rules;
    }

    public IncidentCollector collector() {
        return collector;
    }

    public EntityIndex entities() {
        return entities;
    }

    public long alertsIn() {
        return alertsIn;
    }

    /** Facts in working memory now (alerts within the window, live groups, the clock). */
    public long factCount() {
        return session.getFactCount();
    }

    public long latestEventTime() {
        return latestEventTime;
    }

    @Override
    public void close() {
        session.dispose();
    }
}
