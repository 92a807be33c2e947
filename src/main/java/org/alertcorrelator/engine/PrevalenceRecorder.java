package org.alertcorrelator.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.AlertGroup;
import org.alertcorrelator.model.Entity;
import org.alertcorrelator.model.EntityType;
import org.alertcorrelator.model.Link;
import org.alertcorrelator.ruleset.Addresses;
import org.alertcorrelator.ruleset.PrevalenceSettings;

/**
 * One session's side of cross-tenant prevalence, the global {@code prevalence} of the rules. It records what the
 * session sees (each alert's step and countable entities, each link between two different steps), stamped with
 * the session's event time and the tenant's hash only, and files it in the {@link PrevalenceLedger} at each sweep
 * boundary; it answers, from the counts all sessions filed before the current boundary, how many tenants have seen
 * an entity value.
 */
public final class PrevalenceRecorder {
    enum Kind { LINK, STEP, ENTITY }

    record Observation(Kind kind, Object key, String tenant, long time) {
    }

    private final PrevalenceSettings settings;
    private final boolean enabled;
    private final Map<String, String> hashes = new HashMap<>();
    private List<Observation> observations = new ArrayList<>();
    private PrevalenceLedger.Snapshot snapshot = PrevalenceLedger.Snapshot.EMPTY;
    private long now;

    // The alert whose links are being counted, and the pairs counted for it so far.
    private Alert arriving;
    private final List<PrevalenceLedger.PairKey> pairsOfArriving = new ArrayList<>(); // a few: a list is cheapest
    // The groups whose steps were paired with it already. Its links are grouped one by one (45-groups.drl), so a
    // group met again has gained only the arriving alert's own step, or the steps of groups merged into it through
    // its other links, which were paired when those links were counted: its pairs are all counted.
    private final List<AlertGroup> groupsOfArriving = new ArrayList<>();
    private final long windowMillis;

    PrevalenceRecorder(PrevalenceSettings settings, long windowMillis) {
        this.settings = settings;
        this.enabled = settings.enabled();
        this.windowMillis = windowMillis;
    }

    /** The step an alert stands for in a pattern: its alert type, else its display name. */
    public static String stepOf(Alert a) {
        return a.getStep();
    }

    /** The alert takes part: count its step and, for the types counted across tenants, its entity values. */
    public void saw(Alert a) {
        if (!enabled) return;
        String tenant = hash(a.getTenant());
        observations.add(new Observation(Kind.STEP, stepOf(a), tenant, now));
        if (settings.infrastructureMinTenants() == 0) return;
        for (Entity e : a.getEntities()) {
            if (!settings.countsAcrossTenants(e.type())) continue;
            if (e.isA(EntityType.IP) && !isPublic(e.key())) continue; // 10.0.0.4 is a different machine in every tenant
            observations.add(new Observation(Kind.ENTITY, e, tenant, now));
        }
    }

    /**
     * An arriving alert was linked to an earlier one: the pairs it completes, each step of the earlier alert's group
     * (or the earlier alert's step, when it has none) active within the window before it, then its own step, when
     * the steps differ. Each pair counts once per arriving alert, however many of its entities linked it, so a
     * campaign that skipped a step in one tenant still counts its first step, then its last, linked.
     *
     * <p>A group that holds a rule's raise ({@link AlertGroup#getRuleRaise()}: a threshold, a risk sum, a Sigma
     * correlation) is not one chain of linked steps: it gathers every alert of a key over a timespan (an account's
     * whole day of alerts, say). Its steps did not lead to the arriving alert, so only the earlier alert's own step
     * counts, as for an alert in no group. Counting them all made every step of an account's day a predecessor of
     * every next alert, so that the noise of a shared account looked like a pattern in every tenant.
     */
    public void linked(Link l) {
        if (!enabled) return;
        Alert later = l.getLater();
        if (later != arriving) {
            arriving = later;
            pairsOfArriving.clear();
            groupsOfArriving.clear();
        }
        String then = stepOf(later);
        AlertGroup g = l.getEarlierGroup();
        if (g == null || g.getRuleRaise() != null) {
            pair(stepOf(l.getEarlier()), then, later);
        } else if (!containsIdentical(groupsOfArriving, g)) {
            groupsOfArriving.add(g);
            g.forEachStepActiveSince(later.getEventTime() - windowMillis, first -> pair(first, then, later));
        }
    }

    private static boolean containsIdentical(List<AlertGroup> groups, AlertGroup g) {
        for (AlertGroup x : groups) if (x == g) return true;
        return false;
    }

    private void pair(String first, String then, Alert later) {
        if (first.equals(then)) return;
        PrevalenceLedger.PairKey k = new PrevalenceLedger.PairKey(first, then);
        if (pairsOfArriving.contains(k)) return;
        pairsOfArriving.add(k);
        observations.add(new Observation(Kind.LINK, k, hash(later.getTenant()), now));
    }

    /**
     * In how many tenants this entity value was seen within the prevalence horizon, as of the last sweep boundary
     * (1 when only in this one, or not counted across tenants).
     */
    public int tenantsSeeing(Entity e) {
        return snapshot.tenantsSeeing(e);
    }

    /**
     * Whether any of the arrival's entities of the types counted across tenants was seen in at least
     * {@code tenants} tenants: a gate for the Arrival pattern (like {@code Arrival.anyTrackOfTypes}), so that the rule
     * about such entities iterates them only for the few alerts that have one. The counts change only at sweep
     * boundaries, which the engine crosses before it inserts an Arrival, so the gate and the rule see the same.
     */
    public boolean anyEntitySeenInTenants(org.alertcorrelator.model.Arrival arrival, int tenants) {
        for (org.alertcorrelator.model.JudgedEntity t : arrival.getTracks()) {
            if (settings.countsAcrossTenants(t.getEntity().type()) && snapshot.tenantsSeeing(t.getEntity()) >= tenants) return true;
        }
        return false;
    }

    public PrevalenceSettings getSettings() {
        return settings;
    }

    private static boolean isPublic(String ip) {
        return !(Addresses.isPrivate(ip) || Addresses.isLoopback(ip) || Addresses.isLinkLocal(ip) || Addresses.isUnspecified(ip));
    }

    private String hash(String tenant) {
        return hashes.computeIfAbsent(tenant, PrevalenceLedger::tenantHash);
    }

    void at(long eventTime) {
        now = eventTime;
    }

    void use(PrevalenceLedger.Snapshot s) {
        snapshot = s;
    }

    PrevalenceLedger.Snapshot snapshot() {
        return snapshot;
    }

    List<Observation> observations() {
        return observations;
    }

    void clear() {
        observations.clear(); // kept at its size: the next interval sees about as many
    }
}
