package org.alertcorrelator.reference;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.AlertStatus;
import org.alertcorrelator.model.Entity;
import org.alertcorrelator.model.EntityType;
import org.alertcorrelator.model.Incident;
import org.alertcorrelator.model.IncidentIds;
import org.alertcorrelator.model.IncidentKind;
import org.alertcorrelator.model.KillChain;
import org.alertcorrelator.model.Severity;
import org.alertcorrelator.model.Tactic;
import org.alertcorrelator.ruleset.EvidenceLists;
import org.alertcorrelator.ruleset.RuleSet;
import org.alertcorrelator.ruleset.Settings;
import org.alertcorrelator.ruleset.TacticTable;

/**
 * The default correlation semantics in plain Java, without Drools: the oracle of the differential test and the
 * speed reference of the benchmark. It reads the same rule-set tables and settings as the rules, and writes the
 * same {@link Incident}s for the fields that say what was grouped and how: id, tenant, alert ids, kind, severity,
 * tactics, entities, first and last activity, merged incidents and continuation. It leaves out what only explains
 * (title, description, link reasons, the rule that raised the incident).
 *
 * <p>Written from the rules ({@code rules/*.drl}) and the books they keep (AlertGroup, EntityTrack, EntityIndex,
 * LiveGroups), step by step in the order the rules fire for each alert:
 * <ol>
 * <li>the clock moves to the alert's event time; the Clock fact moves in whole sweep intervals, and when it does,
 * groups that are no incident let go of alerts whose activity ended a window before it (and split along the links
 * that remain), groups whose activity ended a window ago become final, and entities not seen (and not active) for
 * a window are forgotten;</li>
 * <li>dismissed alerts and vendor test alerts take no part (salience 1000);</li>
 * <li>an alert without tactics takes those of its type, else its name, from the tactic table (900);</li>
 * <li>an evidence entity of the alert already seen on more than maxHostsPerEntity hosts within the window (this
 * alert's hosts included) is ruled out, and its links are withdrawn from live groups within the window (790); a
 * group left with fewer than two alerts dissolves (650);</li>
 * <li>for each strong evidence entity active within the window, a link to the alert last active with it, grouped at
 * once: open, join, merge (older absorbs younger) or one more reason (500/600);</li>
 * <li>groups are raised, upgraded, made as severe as they should be and cut into pages (300..270); one that is
 * still no incident lets go of alerts older than the clock's window (-90);</li>
 * <li>the alert is remembered on its strong entities; entities seen for the first time are judged: generic
 * accounts, loopback/unspecified/link-local addresses, localhost and allow-listed entities are no evidence (-1000,
 * then 800).</li>
 * </ol>
 * Kind and severity are functions of a raised group's alerts (kill chain when it progresses; the highest alert
 * severity, or High across highSeverityStageCount stages), so they are computed when incidents are written.
 *
 * <p>One deliberate difference: entities are forgotten as the rules say (not seen for a window, activity over),
 * at every sweep; the engine's EntityIndex can keep one longer (see {@link EngineDisagreementTest}).
 */
public final class ReferenceCorrelator implements BiFunction<RuleSet, List<Alert>, List<Incident>>, Consumer<Alert> {
    private static final Set<String> VENDOR_TEST_TYPES = Set.of("VM_EICAR", "AppServices_EICAR", "K8S.NODE_EICAR", "VM_CompTestRule");
    private static final Pattern VENDOR_TEST_NAME = Pattern.compile("(?i).*test alert.*\\(not a threat\\).*");

    /** An alert taking part, with the tactics it has after the table was consulted. */
    private static final class Node {
        final Alert alert;
        final String id;
        final long eventTime;
        final long activityEnd;
        final List<Tactic> tactics;
        final List<String> hostKeys;
        Group group;

        Node(Alert alert, List<Tactic> tactics) {
            this.alert = alert;
            this.id = alert.getId();
            this.eventTime = alert.getEventTime();
            this.activityEnd = alert.getActivityEnd();
            this.tactics = tactics;
            this.hostKeys = hostKeys(alert);
        }
    }

    private record Reason(Node earlier, Node later, Entity entity) {
    }

    /** One strong entity of one tenant. */
    private static final class Track {
        final String tenant;
        final Entity entity;
        Node lastAlert;
        long lastActivityEnd = Long.MIN_VALUE;
        long lastSeen = Long.MIN_VALUE;
        LinkedHashMap<String, Long> hosts;
        boolean ruledOut;
        // The tracks in the order last seen, oldest first (alerts come in event-time order).
        Track older;
        Track newer;

        Track(String tenant, Entity entity) {
            this.tenant = tenant;
            this.entity = entity;
        }
    }

    private final class Group {
        final String tenant;
        List<Node> members = new ArrayList<>();
        List<Reason> reasons = new ArrayList<>();
        List<Integer> pageStarts = new ArrayList<>(List.of(0));
        List<String> merged = new ArrayList<>();
        // The entities its links go through (what a withdrawal asks).
        Set<Entity> linkEntities = new java.util.HashSet<>(4);
        Node earliest;
        long lastActivity = Long.MIN_VALUE;
        long earliestActivityEnd = Long.MAX_VALUE;
        Severity highest = Severity.INFORMATIONAL;
        long[] stageFirst;
        long[] stageLast;
        boolean progressing;
        boolean raised;

        Group(String tenant) {
            this.tenant = tenant;
            resetStages();
        }

        void resetStages() {
            stageFirst = new long[killChain.lastStage() + 1];
            stageLast = new long[killChain.lastStage() + 1];
            Arrays.fill(stageFirst, Long.MAX_VALUE);
            Arrays.fill(stageLast, Long.MIN_VALUE);
        }

        void add(Node n) {
            members.add(n);
            n.group = this;
            if (earliest == null || byTimeThenId(n, earliest) < 0) earliest = n;
            lastActivity = Math.max(lastActivity, n.activityEnd);
            earliestActivityEnd = Math.min(earliestActivityEnd, n.activityEnd);
            highest = Severity.max(highest, n.alert.getSeverity());
            for (Tactic t : n.tactics) {
                int s = killChain.stageOf(t);
                if (s == 0) continue;
                stageFirst[s] = Math.min(stageFirst[s], n.eventTime);
                stageLast[s] = Math.max(stageLast[s], n.eventTime);
            }
            if (!progressing) for (Node m : members) if (m != n && (forward(m, n) || forward(n, m))) progressing = true;
        }

        // a strictly earlier than b, of another step (alert type), with a tactic at an earlier stage than one of b's.
        boolean forward(Node a, Node b) {
            if (a.eventTime >= b.eventTime || a.alert.getStep().equals(b.alert.getStep())) return false;
            for (Tactic ta : a.tactics) {
                int sa = killChain.stageOf(ta);
                if (sa == 0) continue;
                for (Tactic tb : b.tactics) if (killChain.stageOf(tb) > sa) return true;
            }
            return false;
        }

        int stageCount() {
            int n = 0;
            for (int s = 1; s < stageFirst.length; s++) if (stageFirst[s] != Long.MAX_VALUE) n++;
            return n;
        }

        List<List<Node>> pages() {
            List<List<Node>> pages = new ArrayList<>();
            for (int i = 0; i < pageStarts.size(); i++) {
                int from = pageStarts.get(i);
                int to = i + 1 < pageStarts.size() ? pageStarts.get(i + 1) : members.size();
                if (from < to) pages.add(members.subList(from, to));
            }
            return pages;
        }

        List<String> pageIds() {
            List<String> ids = new ArrayList<>();
            for (List<Node> page : pages()) {
                Node first = page.get(0);
                for (Node n : page) if (byTimeThenId(n, first) < 0) first = n;
                ids.add(IncidentIds.derive(tenant, first.id));
            }
            return ids;
        }

        void addReason(Reason r) {
            reasons.add(r);
            linkEntities.add(r.entity());
        }
    }

    private RuleSet rules;
    private Settings settings;
    private KillChain killChain;
    private TacticTable tacticTable;
    private EvidenceLists lists;
    private long window;
    private long sweepInterval;
    private final Map<String, Map<Entity, Track>> tracks = new HashMap<>();
    private Track oldestSeen;
    private Track newestSeen;
    private final LinkedHashSet<Group> live = new LinkedHashSet<>();
    private final Map<String, Boolean> testNames = new HashMap<>();
    private final List<Incident> finalIncidents = new ArrayList<>();
    private final Set<Group> touched = new LinkedHashSet<>();
    private long now = Long.MIN_VALUE;
    // The Clock fact: it moves in whole sweep intervals; what is older than a window before it is out of reach.
    private long windowStart = Long.MIN_VALUE;
    private long nextSweep = Long.MIN_VALUE;
    private boolean started;
    private long alertsIn;
    private int groupsSplit;
    private int groupsMerged;

    /** For use as a function (the benchmark finds it by name on the test class path). */
    public ReferenceCorrelator() {
    }

    public ReferenceCorrelator(RuleSet rules) {
        init(rules);
    }

    private void init(RuleSet r) {
        this.rules = r;
        this.settings = r.settings();
        this.killChain = r.killChain();
        this.tacticTable = r.tacticTable();
        this.lists = r.evidenceLists();
        this.window = settings.getWindowMillis();
        this.sweepInterval = settings.getSweepInterval().toMillis();
    }

    /** Sorts the alerts by event time, then id, correlates them and returns every incident. */
    public static List<Incident> correlate(RuleSet rules, List<Alert> alerts) {
        List<Alert> sorted = new ArrayList<>(alerts);
        sorted.sort(Alert::byEventTimeThenId);
        ReferenceCorrelator c = new ReferenceCorrelator(rules);
        for (Alert a : sorted) c.process(a);
        return c.incidents();
    }

    @Override
    public List<Incident> apply(RuleSet ruleSet, List<Alert> alerts) {
        return correlate(ruleSet, alerts);
    }

    /** {@link #process(Alert)}: the benchmark streams alerts in through this. */
    @Override
    public void accept(Alert alert) {
        process(alert);
    }

    public long alertsIn() {
        return alertsIn;
    }

    /** Groups split because an entity turned out to be infrastructure. */
    public int groupsSplit() {
        return groupsSplit;
    }

    /** Groups absorbed by older ones. */
    public int groupsMerged() {
        return groupsMerged;
    }

    /** Live groups now (for memory measurements). */
    public int liveGroups() {
        return live.size();
    }

    // ---- one alert ----

    public void process(Alert alert) {
        alertsIn++;
        advanceTo(alert.getEventTime());
        if (alert.getStatus() == AlertStatus.DISMISSED || isVendorTest(alert)) return;
        List<Tactic> tactics = alert.getTactics();
        if (tactics.isEmpty()) tactics = tacticTable.tacticsFor(alert);
        Node n = new Node(alert, tactics);
        // Its strong entities' tracks; entities seen for the first time get one, judged at once (800).
        Map<Entity, Track> tenantTracks = tracks.computeIfAbsent(alert.getTenant(), k -> new HashMap<>());
        for (Entity e : alert.getEntities()) {
            if (!settings.isStrong(e.type()) || tenantTracks.containsKey(e)) continue;
            Track t = new Track(alert.getTenant(), e);
            tenantTracks.put(e, t);
            append(t);
            if (noEvidence(e)) {
                t.ruledOut = true;
                t.hosts = null;
            }
        }

        // Drools fires the matches of one rule for one alert last entity first (its agenda is LIFO within a rule
        // and salience), so links are made, and groups joined and merged, in that order: it decides the order of
        // a group's alerts, so which alerts fill which page of maxAlertsPerIncident, and the order of merged ids.

        // Infrastructure: evidence entities seen on too many hosts within the window (this alert's included).
        List<Entity> entities = alert.getEntities();
        for (int i = entities.size() - 1; i >= 0; i--) {
            Entity e = entities.get(i);
            if (!settings.isStrong(e.type())) continue;
            Track t = tenantTracks.get(e);
            if (!t.ruledOut && hostsSeenWithin(t, n) > settings.getMaxHostsPerEntity()) {
                t.ruledOut = true;
                t.hosts = null;
                withdraw(t, n.eventTime);
            }
        }

        // Links, grouped as they are made.
        for (int i = entities.size() - 1; i >= 0; i--) {
            Entity e = entities.get(i);
            if (!settings.isStrong(e.type())) continue;
            Track t = tenantTracks.get(e);
            if (t.ruledOut || t.lastAlert == null || n.eventTime - t.lastActivityEnd > window) continue;
            link(t.lastAlert, n, e);
        }

        // Incidents: raised once they qualify; pages cut at maxAlertsPerIncident.
        for (Group g : touched) {
            if (!g.raised && (g.progressing || g.members.size() >= 2 && g.highest.atLeast(Severity.MEDIUM))) g.raised = true;
            cutPages(g);
        }
        // A group that is no incident keeps only alerts whose activity ended within the window (-90).
        List<Group> changed = new ArrayList<>(touched);
        touched.clear();
        for (Group g : changed) {
            if (live.contains(g) && !g.raised && g.earliestActivityEnd < windowStart) forgetOldAlerts(g);
        }
        touched.clear();

        remember(n);
    }

    private void advanceTo(long eventTime) {
        if (started && eventTime > now) now = eventTime;
        if (!started) {
            started = true;
            now = eventTime;
        } else if (now < nextSweep) {
            return;
        }
        long boundary = Math.floorDiv(now, sweepInterval) * sweepInterval;
        windowStart = boundary - window;
        nextSweep = boundary + sweepInterval;
        sweep();
    }

    private boolean isVendorTest(Alert a) {
        return VENDOR_TEST_TYPES.contains(a.getAlertType())
                || a.getDisplayName().startsWith("[SAMPLE ALERT]") || a.getAlertType().startsWith("SIMULATED_")
                || testNames.computeIfAbsent(a.getDisplayName(), n -> VENDOR_TEST_NAME.matcher(n).matches());
    }

    /** Host keys: of host entities, else of Azure resources, else the compromised entity (lower-case). */
    static List<String> hostKeys(Alert a) {
        List<String> found = new ArrayList<>(1);
        for (Entity e : a.getEntities()) if (e.type().equals(EntityType.HOST)) found.add(e.key());
        if (found.isEmpty()) for (Entity e : a.getEntities()) if (e.type().equals(EntityType.AZURE_RESOURCE)) found.add(e.key());
        if (found.isEmpty() && !a.getCompromisedEntity().isBlank()) found.add(a.getCompromisedEntity().trim().toLowerCase(Locale.ROOT));
        return found;
    }

    private int hostsSeenWithin(Track t, Node n) {
        if (t.hosts == null) return n.hostKeys.size();
        long from = n.eventTime - window;
        int count = 0;
        for (Map.Entry<String, Long> e : t.hosts.entrySet()) {
            if (e.getValue() >= from && !n.hostKeys.contains(e.getKey())) count++;
        }
        return count + n.hostKeys.size();
    }

    private void link(Node earlier, Node later, Entity e) {
        Reason r = new Reason(earlier, later, e);
        Group a = earlier.group;
        Group b = later.group;
        if (a == null && b == null) {
            Group g = new Group(earlier.alert.getTenant());
            g.add(earlier);
            g.add(later);
            g.addReason(r);
            live.add(g);
            touched.add(g);
        } else if (a == null || b == null) {
            Group g = a != null ? a : b;
            g.add(a != null ? later : earlier);
            g.addReason(r);
            touched.add(g);
        } else if (a != b) {
            Group older = byTimeThenId(a.earliest, b.earliest) < 0 ? a : b;
            Group younger = older == a ? b : a;
            if (younger.raised) older.merged.addAll(younger.pageIds());
            older.merged.addAll(younger.merged);
            for (Node m : younger.members) older.add(m);
            older.reasons.addAll(younger.reasons);
            older.linkEntities.addAll(younger.linkEntities);
            older.addReason(r);
            younger.members = new ArrayList<>();
            groupsMerged++;
            live.remove(younger);
            touched.remove(younger);
            touched.add(older);
        } else {
            a.addReason(r);
        }
    }

    private void cutPages(Group g) {
        int cap = settings.getMaxAlertsPerIncident();
        while (g.members.size() - g.pageStarts.get(g.pageStarts.size() - 1) > cap) {
            g.pageStarts.add(g.pageStarts.get(g.pageStarts.size() - 1) + cap);
        }
    }

    /** Withdraws the entity's links from the tenant's live groups within the window; they split into their parts. */
    private void withdraw(Track t, long at) {
        for (Group g : new ArrayList<>(live)) {
            if (!g.tenant.equals(t.tenant) || g.lastActivity < at - window || !g.linkEntities.contains(t.entity)) continue;
            groupsSplit++;
            regroup(g, n -> true, r -> !r.entity().equals(t.entity));
        }
    }

    /** The alerts whose activity ended before the window leave the group, which splits along what links remain. */
    private void forgetOldAlerts(Group g) {
        for (Group part : regroup(g, n -> n.activityEnd >= windowStart, r -> true)) cutPages(part);
        if (live.contains(g)) cutPages(g);
    }

    /**
     * Keeps the members and links that pass, and splits the group into the parts that remain linked: the group
     * keeps the part with its earliest remaining alert, other parts of two or more become new groups, alerts left
     * alone lose their group, and a group left empty dissolves. Every part starts unraised.
     *
     * @return the group and the new groups that remain
     */
    private List<Group> regroup(Group g, java.util.function.Predicate<Node> keepMember, java.util.function.Predicate<Reason> keepReason) {
        List<Node> old = new ArrayList<>(g.members.size());
        for (Node n : g.members) {
            if (keepMember.test(n)) old.add(n);
            else n.group = null;
        }
        Map<Node, Integer> index = new HashMap<>();
        for (int i = 0; i < old.size(); i++) index.put(old.get(i), i);
        List<Reason> kept = new ArrayList<>();
        for (Reason r : g.reasons) {
            if (keepReason.test(r) && index.containsKey(r.earlier()) && index.containsKey(r.later())) kept.add(r);
        }
        int[] parent = new int[old.size()];
        for (int i = 0; i < parent.length; i++) parent[i] = i;
        for (Reason r : kept) union(parent, index.get(r.earlier()), index.get(r.later()));
        int[] size = new int[old.size()];
        for (int i = 0; i < old.size(); i++) size[find(parent, i)]++;
        Node first = null;
        for (Node n : old) if (first == null || byTimeThenId(n, first) < 0) first = n;
        int keepRoot = first == null ? -1 : find(parent, index.get(first));
        List<String> merged = g.merged;
        g.members = new ArrayList<>();
        g.reasons = new ArrayList<>();
        g.linkEntities = new java.util.HashSet<>(4);
        g.pageStarts = new ArrayList<>(List.of(0));
        g.merged = new ArrayList<>(merged);
        g.earliest = null;
        g.lastActivity = Long.MIN_VALUE;
        g.earliestActivityEnd = Long.MAX_VALUE;
        g.highest = Severity.INFORMATIONAL;
        g.resetStages();
        g.progressing = false;
        g.raised = false;
        Map<Integer, Group> parts = new HashMap<>();
        List<Group> out = new ArrayList<>();
        for (int i = 0; i < old.size(); i++) {
            Node n = old.get(i);
            int root = find(parent, i);
            if (size[root] < 2) {
                n.group = null;
                continue;
            }
            Group part = parts.get(root);
            if (part == null) {
                part = root == keepRoot ? g : new Group(g.tenant);
                parts.put(root, part);
                if (part != g) {
                    live.add(part);
                    out.add(part);
                }
                touched.add(part);
            }
            part.add(n);
        }
        for (Reason r : kept) {
            Group part = parts.get(find(parent, index.get(r.earlier())));
            if (part != null) part.addReason(r);
        }
        if (g.members.isEmpty()) {
            live.remove(g); // fewer than two alerts: it dissolves
            touched.remove(g);
        }
        return out;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }

    /** The alert is remembered on its strong entities (their tracks exist: made on arrival). */
    private void remember(Node n) {
        Map<Entity, Track> tenantTracks = tracks.get(n.alert.getTenant());
        for (Entity e : n.alert.getEntities()) {
            if (!settings.isStrong(e.type())) continue;
            Track t = tenantTracks.get(e);
            unlink(t);
            append(t);
            if (t.lastAlert == null || n.activityEnd >= t.lastActivityEnd) {
                t.lastAlert = n;
                t.lastActivityEnd = n.activityEnd;
            }
            t.lastSeen = Math.max(t.lastSeen, n.eventTime);
            if (!t.ruledOut && !n.hostKeys.isEmpty()) {
                if (t.hosts == null) t.hosts = new LinkedHashMap<>(4);
                for (String h : n.hostKeys) {
                    t.hosts.remove(h);
                    t.hosts.put(h, n.eventTime);
                }
                long from = n.eventTime - window;
                for (Iterator<Long> it = t.hosts.values().iterator(); it.hasNext(); ) {
                    if (it.next() < from) it.remove();
                    else break;
                }
            }
        }
    }

    private boolean noEvidence(Entity e) {
        String k = e.key();
        return switch (e.type()) {
            case EntityType.ACCOUNT -> lists.isGenericAccount(k) || lists.isAllowListed(e);
            case EntityType.IP -> k.startsWith("127.") || k.equals("::1") || k.equals("0.0.0.0") || k.equals("::")
                    || isLinkLocal(k) || lists.isAllowListed(e);
            case EntityType.HOST -> k.equals("localhost") || k.startsWith("localhost.") || lists.isAllowListed(e);
            default -> lists.isAllowListed(e);
        };
    }

    /** 169.254.0.0/16 and fe80::/10, on canonical address text. */
    private static boolean isLinkLocal(String ip) {
        if (ip.startsWith("169.254.")) return true;
        if (ip.indexOf(':') < 0 || ip.length() < 4) return false;
        String h = ip.substring(0, 4);
        return h.equals("fe80") || h.startsWith("fe") && "89ab".indexOf(h.charAt(2)) >= 0;
    }

    // ---- housekeeping ----

    /** The clock moved: old alerts leave groups that are no incident (-90), then final groups and quiet entities go (-100). */
    private void sweep() {
        for (Group g : new ArrayList<>(live)) {
            if (live.contains(g) && !g.raised && g.earliestActivityEnd < windowStart) forgetOldAlerts(g);
        }
        touched.clear();
        long cutoff = windowStart;
        for (Iterator<Group> it = live.iterator(); it.hasNext(); ) {
            Group g = it.next();
            if (g.lastActivity < cutoff) {
                it.remove();
                if (g.raised) finalIncidents.addAll(build(g));
            }
        }
        // Entities not seen for a whole window, whose activity also ended a window ago, are forgotten (and judged
        // anew if seen again). One still active (a long alert) stays where it is and is looked at next sweep.
        for (Track t = oldestSeen; t != null && t.lastSeen < cutoff; ) {
            Track next = t.newer;
            if (t.lastActivityEnd < cutoff || t.lastAlert == null) {
                unlink(t);
                Map<Entity, Track> tenantTracks = tracks.get(t.tenant);
                tenantTracks.remove(t.entity);
                if (tenantTracks.isEmpty()) tracks.remove(t.tenant);
            }
            t = next;
        }
    }

    private void unlink(Track t) {
        if (t.older != null) t.older.newer = t.newer;
        else oldestSeen = t.newer;
        if (t.newer != null) t.newer.older = t.older;
        else newestSeen = t.older;
        t.older = null;
        t.newer = null;
    }

    private void append(Track t) {
        t.older = newestSeen;
        if (newestSeen != null) newestSeen.newer = t;
        newestSeen = t;
        if (oldestSeen == null) oldestSeen = t;
    }

    // ---- incidents ----

    /** Every incident: final ones and those of live groups, by first activity then id. */
    public List<Incident> incidents() {
        List<Incident> all = new ArrayList<>(finalIncidents);
        for (Group g : live) if (g.raised) all.addAll(build(g));
        all.sort(Comparator.comparing(Incident::firstActivityTime).thenComparing(Incident::id));
        return all;
    }

    private List<Incident> build(Group g) {
        if (g.members.isEmpty()) return List.of();
        String kind = g.progressing ? IncidentKind.KillChain : IncidentKind.SharedContext;
        Severity severity = g.stageCount() >= settings.getHighSeverityStageCount() ? Severity.HIGH : g.highest;
        List<List<Node>> pages = g.pages();
        List<String> ids = g.pageIds();
        List<Incident> out = new ArrayList<>(pages.size());
        for (int p = 0; p < pages.size(); p++) {
            List<Node> page = new ArrayList<>(pages.get(p));
            page.sort(ReferenceCorrelator::byTimeThenId);
            List<String> alertIds = new ArrayList<>(page.size());
            Set<Tactic> tactics = new LinkedHashSet<>();
            Set<Entity> entities = new TreeSet<>();
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (Node n : page) {
                alertIds.add(n.id);
                tactics.addAll(n.tactics);
                entities.addAll(n.alert.getEntities());
                first = Math.min(first, n.eventTime);
                last = Math.max(last, n.activityEnd);
            }
            out.add(new Incident(ids.get(p), g.tenant, null, null, kind, severity, "New",
                    List.copyOf(killChain.inOrder(tactics)), List.copyOf(alertIds), List.copyOf(entities),
                    Instant.ofEpochMilli(first), Instant.ofEpochMilli(last), List.of(),
                    p == 0 ? List.copyOf(g.merged) : List.of(), p == 0 ? null : ids.get(0), null));
        }
        return out;
    }

    private static int byTimeThenId(Node a, Node b) {
        int c = Long.compare(a.eventTime, b.eventTime);
        return c != 0 ? c : a.id.compareTo(b.id);
    }

    /** The rule set this correlator reads (for callers that made it with the no-argument constructor). */
    public RuleSet rules() {
        return rules;
    }
}
