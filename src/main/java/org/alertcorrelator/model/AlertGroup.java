package org.alertcorrelator.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.kie.api.definition.type.ClassReactive;

/**
 * Alerts linked to one another, directly or through other alerts: the incident in the making. The grouping
 * rules (rules/40-groups.drl) open, grow and merge groups; the incident rules (rules/50-incidents.drl) decide
 * when a group is an incident, of what kind and severity, and when it is full or final.
 *
 * <p>This class only keeps the books (members, links, a per-stage summary of the kill chain) so that the
 * rules can ask plain questions of it. It is class-reactive: any {@code modify} re-evaluates every rule on
 * groups, which is what the incident rules need after any change.
 */
@ClassReactive
public final class AlertGroup {
    private final String tenant;
    private final KillChain killChain;
    private final List<Alert> members = new ArrayList<>();
    // The links that made the group, with their alerts (not just ids), so regrouping needs no lookups.
    private final List<Link> links = new ArrayList<>();
    private final List<Integer> pageStarts = new ArrayList<>(List.of(0));
    private final List<String> mergedIncidentIds = new ArrayList<>();

    private Alert earliest;
    private long firstActivity = Long.MAX_VALUE;
    private long lastActivity = Long.MIN_VALUE;
    private long earliestActivityEnd = Long.MAX_VALUE;
    private Severity highestAlertSeverity = Severity.INFORMATIONAL;
    // Per kill-chain stage: the earliest and the latest event time of an alert with a tactic at that stage.
    private long[] stageFirst;
    private long[] stageLast;
    // Progression needs two different steps (alert types): per stage, the step of its earliest and latest alert,
    // and the earliest (latest) alert of any other step with its step. See findProgression.
    private String[] stageFirstStep;
    private long[] stageFirst2;
    private String[] stageFirst2Step;
    private String[] stageLastStep;
    private long[] stageLast2;
    private String[] stageLast2Step;
    private boolean progressing;
    // Per step (alert type) of the members, the latest end of activity of an alert of that step: which steps an
    // alert arriving now follows within the window.
    private final java.util.Map<String, Long> stepActiveUntil = new java.util.HashMap<>();
    private Alert latest;
    // The ordered step pairs the group holds (see hasStepPair), for stepPairsWindow; built when asked, then kept up
    // to date as alerts arrive in event-time order (rebuilt after anything else).
    // (first step -> later steps): asked for every prevalent pattern each time the group changes, so looked up by
    // the steps' own strings, never a key built for the question.
    private java.util.Map<String, java.util.Set<String>> stepPairs;
    private long stepPairsWindow;
    private final java.util.TreeMap<String, PrevalentPattern> patterns = new java.util.TreeMap<>();

    private boolean raised;
    private String kind;
    private Severity severity;
    private String raisedBy;
    // Set when a rule raised the group with a Raise (rules/48-raised-by-rules.drl): its title replaces the
    // default one. ruleRaise is the raise that made the incident's kind; it survives merges and splits
    // (ruleRaisePending tells the rules to apply it again).
    private String title;
    private Raise ruleRaise;
    private boolean ruleRaisePending;
    // Every change of severity, oldest first (null until the first); changes not yet stamped with the rule that
    // made them get it from the engine when the rule's modify reaches working memory (stampRule).
    private List<SeverityReason> severityReasons;
    private boolean unstampedSeverity;
    // Keys of the rule reasons held (built on first use, dropped whenever the links change otherwise).
    private java.util.Set<String> ruleReasonKeys;
    private boolean finalised;
    private AlertGroup mergedInto;

    private AlertGroup(String tenant, KillChain killChain) {
        this.tenant = tenant;
        this.killChain = killChain;
        resetStages();
    }

    /** A new group holding the two alerts of a link. */
    public static AlertGroup open(Link link, KillChain killChain) {
        AlertGroup g = new AlertGroup(link.getEarlier().getTenant(), killChain);
        g.add(link.getEarlier());
        g.add(link.getLater());
        g.links.add(link);
        return g;
    }

    /** The alert of the link that has no group yet joins this one. */
    public void join(Link link) {
        Alert newcomer = link.getEarlier().getGroup() == this ? link.getLater() : link.getEarlier();
        if (newcomer.getGroup() != null) throw new IllegalStateException(newcomer + " already belongs to a group");
        boolean arrivesLast = latest == null || Alert.byEventTimeThenId(newcomer, latest) > 0;
        if (stepPairs != null && arrivesLast) addStepPairsOf(newcomer, stepPairs, stepActiveUntil, stepPairsWindow);
        else if (stepPairs != null) addStepPairsAmong(newcomer);
        add(newcomer);
        links.add(link);
        noteLink(link);
    }

    /** One more reason for alerts already grouped together. */
    public void addReason(Link link) {
        links.add(link);
        noteLink(link);
    }

    // The rule reasons of the links are kept up to date as links come, not rebuilt from every link after each one:
    // a large incident that a correlation block grows by one alert at a time stays O(1) per alert. (Step pairs
    // follow the members, in join and add.)
    private void noteLink(Link l) {
        if (ruleReasonKeys != null && l.getEntity() == null) ruleReasonKeys.add(ruleReasonKey(l));
    }

    /**
     * A rule's reason (a link through no entity, see {@link Raise}) for alerts already grouped together, kept
     * once per pair of alerts and rule: a rule that raises the same alerts again and again adds nothing.
     */
    public void addRuleReason(Link link) {
        if (ruleReasonKeys == null) {
            ruleReasonKeys = new java.util.HashSet<>();
            for (Link l : links) if (l.getEntity() == null) ruleReasonKeys.add(ruleReasonKey(l));
        }
        if (ruleReasonKeys.add(ruleReasonKey(link))) links.add(link);
    }

    private static String ruleReasonKey(Link l) {
        return l.getEarlier().getId() + '\u0000' + l.getLater().getId() + '\u0000' + l.getRule();
    }

    /**
     * Takes in every alert and reason of the younger group, and the link that joined them. Records the
     * younger group's incident ids (if it was one) as merged into this one.
     */
    public void absorb(AlertGroup younger, Link link) {
        if (younger == this) return;
        if (younger.raised) mergedIncidentIds.addAll(younger.pageIds());
        mergedIncidentIds.addAll(younger.mergedIncidentIds);
        // A rule's raise outlives the merge: the older group keeps its own, else takes the younger's.
        if (ruleRaise == null && younger.ruleRaise != null) {
            ruleRaise = younger.ruleRaise;
            ruleRaisePending = true;
        }
        for (Alert a : younger.members) add(a);
        stepPairs = null; // pairs across the two groups: rebuilt when next asked (merges are rare)
        links.addAll(younger.links);
        links.add(link);
        for (Link l : younger.links) noteLink(l);
        noteLink(link);
        younger.patterns.forEach(patterns::putIfAbsent);
        Severity merged = Severity.max(severity, younger.severity);
        if (merged != severity) changeSeverity(merged, null, "merged with a " + younger.severity + " incident");
        younger.members.clear();
        younger.mergedInto = this;
    }

    private void add(Alert a) {
        members.add(a);
        a.setGroup(this);
        summarise(a);
        progressing = progressing || findProgression();
    }

    /**
     * Takes a member into the group's summary: earliest alert, activity span, severity, kill-chain stages. Not
     * {@code progressing}: whether the members progress is a question of the whole set (an alert more can only add
     * a progression), so asking it once after the members were taken in answers what asking after each would.
     */
    private void summarise(Alert a) {
        if (earliest == null || Alert.byEventTimeThenId(a, earliest) < 0) earliest = a;
        if (latest == null || Alert.byEventTimeThenId(a, latest) > 0) latest = a;
        // get before put: a group summarised again (trimInPlace) meets most steps with an activity end already
        // as late, and a merge would box the alert's end each time.
        Long until = stepActiveUntil.get(a.getStep());
        if (until == null || until < a.getActivityEnd()) stepActiveUntil.put(a.getStep(), a.getActivityEnd());
        firstActivity = Math.min(firstActivity, a.getEventTime());
        lastActivity = Math.max(lastActivity, a.getActivityEnd());
        earliestActivityEnd = Math.min(earliestActivityEnd, a.getActivityEnd());
        highestAlertSeverity = Severity.max(highestAlertSeverity, a.getSeverity());
        String step = a.getStep();
        long t0 = a.getEventTime();
        List<Tactic> tactics = a.getTactics();
        for (int i = 0; i < tactics.size(); i++) { // no iterator per alert and summary
            int s = killChain.stageOf(tactics.get(i));
            if (s == 0) continue;
            if (t0 < stageFirst[s]) {
                if (!step.equals(stageFirstStep[s])) {
                    stageFirst2[s] = stageFirst[s];
                    stageFirst2Step[s] = stageFirstStep[s];
                }
                stageFirst[s] = t0;
                stageFirstStep[s] = step;
            } else if (!step.equals(stageFirstStep[s]) && t0 < stageFirst2[s]) {
                stageFirst2[s] = t0;
                stageFirst2Step[s] = step;
            }
            if (t0 > stageLast[s]) {
                if (!step.equals(stageLastStep[s])) {
                    stageLast2[s] = stageLast[s];
                    stageLast2Step[s] = stageLastStep[s];
                }
                stageLast[s] = t0;
                stageLastStep[s] = step;
            } else if (!step.equals(stageLastStep[s]) && t0 > stageLast2[s]) {
                stageLast2[s] = t0;
                stageLast2Step[s] = step;
            }
        }
    }

    private void resetStages() {
        int n = killChain.lastStage() + 1;
        stageFirst = new long[n];
        stageLast = new long[n];
        stageFirst2 = new long[n];
        stageLast2 = new long[n];
        stageFirstStep = new String[n];
        stageFirst2Step = new String[n];
        stageLastStep = new String[n];
        stageLast2Step = new String[n];
        clearStages();
    }

    private void clearStages() {
        Arrays.fill(stageFirst, Long.MAX_VALUE);
        Arrays.fill(stageFirst2, Long.MAX_VALUE);
        Arrays.fill(stageLast, Long.MIN_VALUE);
        Arrays.fill(stageLast2, Long.MIN_VALUE);
        Arrays.fill(stageFirstStep, null);
        Arrays.fill(stageFirst2Step, null);
        Arrays.fill(stageLastStep, null);
        Arrays.fill(stageLast2Step, null);
    }

    // There are alerts a and b of different steps (alert types), a earlier than b, with b's tactic at a later
    // stage than a's: a busy host repeating one alert type under changing tactic labels does not progress.
    // Per stage we keep the earliest alert and the earliest of another step (likewise the latest): if any such
    // pair exists, one of them is made of those, so looking at them for every s1 < s2 is exact.
    private boolean findProgression() {
        long e1 = Long.MAX_VALUE;
        long e2 = Long.MAX_VALUE;
        String t1 = null;
        String t2 = null;
        for (int s = 1; s < stageFirst.length; s++) {
            if (stageLast[s] != Long.MIN_VALUE && e1 != Long.MAX_VALUE) {
                long l1 = stageLast[s];
                String u1 = stageLastStep[s];
                if (e1 < l1 && !t1.equals(u1)) return true;
                if (t2 != null && e2 < l1 && !t2.equals(u1)) return true;
                if (stageLast2Step[s] != null && e1 < stageLast2[s] && !t1.equals(stageLast2Step[s])) return true;
            }
            // Take stage s into the earliest-two-steps summary of the stages before the next one.
            for (int k = 0; k < 2; k++) {
                long t = k == 0 ? stageFirst[s] : stageFirst2[s];
                String step = k == 0 ? stageFirstStep[s] : stageFirst2Step[s];
                if (step == null) continue;
                if (t < e1) {
                    if (!step.equals(t1)) {
                        e2 = e1;
                        t2 = t1;
                    }
                    e1 = t;
                    t1 = step;
                } else if (!step.equals(t1) && t < e2) {
                    e2 = t;
                    t2 = step;
                }
            }
        }
        return false;
    }

    /**
     * Splits the group along the links that remain when links through {@code entity} no longer count.
     * This group keeps the part with the earliest alert; each other part of two or more alerts comes back as
     * a new group; alerts left alone lose their group (a group left with fewer than two alerts dissolves).
     * Every part starts unraised: the incident rules decide again.
     *
     * @return the new groups (not including this one)
     */
    public List<AlertGroup> withdrawLinksThrough(Entity entity) {
        return regroup(Long.MIN_VALUE, entity);
    }

    /**
     * Lets go of the alerts whose activity ended before {@code cutoff}, and of their links, then splits the
     * group along the links that remain, as {@link #withdrawLinksThrough(Entity)} does.
     *
     * @return the new groups (not including this one)
     */
    public List<AlertGroup> forgetAlertsEndedBefore(long cutoff) {
        // Usually (a busy host's chain of alerts) what stays is still linked together: then the group is
        // trimmed in place, which is cheap; it runs for every such group at every sweep.
        int kept = 0;
        for (Alert a : members) a.regroupIndex = a.getActivityEnd() >= cutoff ? kept++ : -1;
        boolean trimmed = kept == members.size() || kept >= 2 && keptStayLinked(kept);
        if (trimmed) trimInPlace();
        for (Alert a : members) a.regroupIndex = -1;
        return trimmed ? List.of() : regroup(cutoff, null);
    }

    private boolean keptStayLinked(int kept) {
        int[] parent = new int[kept];
        for (int i = 0; i < kept; i++) parent[i] = i;
        int parts = kept;
        for (Link l : links) {
            int a = l.getEarlier().regroupIndex;
            int b = l.getLater().regroupIndex;
            if (a < 0 || b < 0) continue;
            int ra = find(parent, a);
            int rb = find(parent, b);
            if (ra != rb) {
                parent[Math.max(ra, rb)] = Math.min(ra, rb);
                parts--;
            }
        }
        return parts == 1;
    }

    private void trimInPlace() {
        for (Alert a : members) if (a.regroupIndex < 0) a.setGroup(null);
        members.removeIf(a -> a.regroupIndex < 0);
        links.removeIf(l -> l.getEarlier().regroupIndex < 0 || l.getLater().regroupIndex < 0);
        ruleReasonKeys = null;
        earliest = null;
        latest = null;
        stepActiveUntil.clear();
        firstActivity = Long.MAX_VALUE;
        lastActivity = Long.MIN_VALUE;
        earliestActivityEnd = Long.MAX_VALUE;
        highestAlertSeverity = Severity.INFORMATIONAL;
        clearStages();
        stepPairs = null;
        progressing = false;
        for (Alert a : members) summarise(a);
        progressing = findProgression();
        pageStarts.clear();
        pageStarts.add(0);
    }

    /** The members lose their group; for a group about to leave working memory with fewer than two alerts. */
    public void dissolve() {
        for (Alert a : members) if (a.getGroup() == this) a.setGroup(null);
        members.clear();
    }

    /**
     * Keeps the members whose activity ended at or after {@code cutoff} and the links between them (but those
     * through {@code withoutEntity}), and splits along those links: union-find over member positions, which
     * each member carries while this runs.
     */
    private List<AlertGroup> regroup(long cutoff, Entity withoutEntity) {
        List<Alert> kept = new ArrayList<>(members.size());
        for (Alert a : members) {
            if (a.getActivityEnd() >= cutoff) {
                a.regroupIndex = kept.size();
                kept.add(a);
            } else {
                a.setGroup(null);
                a.regroupIndex = -1;
            }
        }
        List<Link> keptLinks = new ArrayList<>(links.size());
        int[] parent = new int[kept.size()];
        for (int i = 0; i < parent.length; i++) parent[i] = i;
        for (Link l : links) {
            if (withoutEntity != null && withoutEntity.equals(l.getEntity())) continue;
            int a = indexIn(l.getEarlier());
            int b = indexIn(l.getLater());
            if (a < 0 || b < 0) continue;
            keptLinks.add(l);
            union(parent, a, b);
        }
        int[] partSize = new int[kept.size()];
        for (int i = 0; i < parent.length; i++) partSize[find(parent, i)]++;
        Alert first = null;
        for (Alert a : kept) if (first == null || Alert.byEventTimeThenId(a, first) < 0) first = a;
        int keepRoot = first == null ? -1 : find(parent, first.regroupIndex);
        List<String> carriedMerges = new ArrayList<>(mergedIncidentIds);
        Raise carriedRaise = ruleRaise;
        clearForRebuild();
        mergedIncidentIds.addAll(carriedMerges);
        AlertGroup[] partOfRoot = new AlertGroup[kept.size()];
        List<AlertGroup> created = new ArrayList<>();
        for (int i = 0; i < kept.size(); i++) {
            Alert a = kept.get(i);
            int root = find(parent, i);
            if (partSize[root] < 2) {
                a.setGroup(null);
                continue;
            }
            AlertGroup part = partOfRoot[root];
            if (part == null) {
                part = root == keepRoot ? this : new AlertGroup(tenant, killChain);
                partOfRoot[root] = part;
                if (part != this) created.add(part);
            }
            part.add(a);
        }
        for (Link l : keptLinks) {
            AlertGroup part = partOfRoot[find(parent, l.getEarlier().regroupIndex)];
            if (part != null) part.links.add(l);
        }
        for (Alert a : kept) a.regroupIndex = -1;
        // The rule's raise stays with the part that holds its alerts (they are linked by links through no
        // entity, which nothing withdraws), for the rules to raise it again.
        if (carriedRaise != null) {
            AlertGroup part = carriedRaise.group();
            if (part == this || created.contains(part)) {
                part.ruleRaise = carriedRaise;
                part.ruleRaisePending = true;
            }
        }
        return created;
    }

    // A link's alert is one of the kept members when it carries a position and is the member at it.
    private static int indexIn(Alert a) {
        return a.regroupIndex;
    }

    private void clearForRebuild() {
        members.clear();
        links.clear();
        ruleReasonKeys = null;
        pageStarts.clear();
        pageStarts.add(0);
        mergedIncidentIds.clear();
        earliest = null;
        latest = null;
        stepActiveUntil.clear();
        firstActivity = Long.MAX_VALUE;
        lastActivity = Long.MIN_VALUE;
        earliestActivityEnd = Long.MAX_VALUE;
        highestAlertSeverity = Severity.INFORMATIONAL;
        resetStages();
        stepPairs = null;
        patterns.clear();
        progressing = false;
        raised = false;
        kind = null;
        severity = null;
        raisedBy = null;
        title = null;
        ruleRaise = null;
        ruleRaisePending = false;
        severityReasons = null;
        unstampedSeverity = false;
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

    /** True when group a is older than b: its earliest alert comes first (by event time, then id). */
    public static boolean isOlder(AlertGroup a, AlertGroup b) {
        return Alert.byEventTimeThenId(a.earliest, b.earliest) < 0;
    }

    // ---- what the incident rules ask ----

    public String getTenant() {
        return tenant;
    }

    /** Number of alerts in the group. */
    public int getSize() {
        return members.size();
    }

    public Severity getHighestAlertSeverity() {
        return highestAlertSeverity;
    }

    /** True when an alert's tactic comes later in the kill chain than the tactic of an earlier alert. */
    public boolean isProgressing() {
        return progressing;
    }

    /** How many distinct kill-chain stages the group's alerts cover. */
    public int getStageCount() {
        int n = 0;
        for (int s = 1; s < stageFirst.length; s++) if (stageFirst[s] != Long.MAX_VALUE) n++;
        return n;
    }

    /** Event time (epoch ms) of the group's first alert. */
    public long getFirstActivity() {
        return firstActivity;
    }

    /** Earliest end of activity (epoch ms) among the group's alerts: older ones may be forgotten. */
    public long getEarliestActivityEnd() {
        return earliestActivityEnd;
    }

    /** Latest end of activity (epoch ms) of any of the group's alerts. */
    public long getLastActivity() {
        return lastActivity;
    }

    public boolean isRaised() {
        return raised;
    }

    /** Raises the group as an incident of {@code kind} (any kind name), raised by {@code rule}. */
    public void raise(String kind, String rule) {
        this.raised = true;
        this.kind = IncidentKind.check(kind);
        this.raisedBy = rule;
        if (severity == null) changeSeverity(highestAlertSeverity, rule, "raised as " + kind + ": as severe as its most severe alert");
    }

    /**
     * Raises the group as a rule asked with a {@link Raise}: its kind, title and rule; its severity if that is
     * higher than the group's (a raise never lowers it; no severity given means the most severe alert's).
     */
    public void raise(Raise r) {
        this.raised = true;
        this.kind = r.getKind();
        this.raisedBy = r.ruleName();
        this.title = r.getTitle();
        this.ruleRaise = r;
        this.ruleRaisePending = false;
        Severity asked = r.getSeverity() != null ? r.getSeverity() : highestAlertSeverity;
        Severity to = Severity.max(severity, asked);
        if (to != severity) {
            changeSeverity(to, r.ruleName(), "raised as " + kind
                    + (r.getSeverity() != null ? " with severity " + r.getSeverity() : ": as severe as its most severe alert"));
        }
    }

    /** The kind the rules gave (null until raised). */
    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = IncidentKind.check(kind);
    }

    /** The title a rule's raise gave, or null for the default title of the kind. */
    public String getTitle() {
        return title;
    }

    /** The rule's raise that made this incident (see {@link Raise}), or null. */
    public Raise getRuleRaise() {
        return ruleRaise;
    }

    /** True when the group holds a rule's raise that a merge or split left unapplied. */
    public boolean isRuleRaisePending() {
        return ruleRaisePending;
    }

    /** The incident's severity as the rules set it (null until raised). */
    public Severity getSeverity() {
        return severity;
    }

    /** Sets the severity; the rule whose modify does it is recorded as the reason (see {@link #getSeverityReasons()}). */
    public void setSeverity(Severity severity) {
        setSeverity(severity, null);
    }

    /** Sets the severity, saying why; the rule whose modify does it is recorded with the reason. */
    public void setSeverity(Severity severity, String why) {
        if (severity == null) throw new IllegalArgumentException("severity: null");
        if (severity != this.severity) changeSeverity(severity, null, why);
    }

    private void changeSeverity(Severity to, String rule, String why) {
        if (severityReasons == null) severityReasons = new ArrayList<>(2);
        severityReasons.add(new SeverityReason(to, severity, rule, why));
        if (rule == null) unstampedSeverity = true;
        severity = to;
    }

    /** Every change of the incident's severity, oldest first: to what, from what, by which rule, why. */
    public List<SeverityReason> getSeverityReasons() {
        return severityReasons == null ? List.of() : Collections.unmodifiableList(severityReasons);
    }

    /** True when a severity change does not yet name its rule. */
    public boolean hasUnstampedSeverity() {
        return unstampedSeverity;
    }

    /** Names {@code rule} on the severity changes that name none (the engine calls it for the rule that modified the group). */
    public void stampRule(String rule) {
        if (!unstampedSeverity) return;
        for (int i = 0; i < severityReasons.size(); i++) {
            SeverityReason r = severityReasons.get(i);
            if (r.rule() == null) severityReasons.set(i, new SeverityReason(r.severity(), r.previous(), rule, r.reason()));
        }
        unstampedSeverity = false;
    }

    /** The rule that raised the group as an incident. */
    public String getRaisedBy() {
        return raisedBy;
    }

    /** Alerts in the last incident page (see {@link #openContinuation(int)}). */
    public int getLastPageSize() {
        return members.size() - pageStarts.get(pageStarts.size() - 1);
    }

    /** Closes the last page after {@code maxAlerts} alerts: later alerts go to a continuation incident. */
    public void openContinuation(int maxAlerts) {
        int lastStart = pageStarts.get(pageStarts.size() - 1);
        if (members.size() - lastStart > maxAlerts) pageStarts.add(lastStart + maxAlerts);
    }

    public boolean isFinalised() {
        return finalised;
    }

    public void setFinalised(boolean finalised) {
        this.finalised = finalised;
    }

    /** The group that absorbed this one, or null. */
    public AlertGroup getMergedInto() {
        return mergedInto;
    }

    /**
     * How many different steps (alert types, else display names) the group's alerts have. A group of one step
     * holds no step pair: rules that ask {@link #hasStepPair} for every pattern test this first, so the many groups
     * of one repeated alert type are never matched against the patterns.
     */
    public int getDistinctSteps() {
        return stepActiveUntil.size();
    }

    /**
     * True when the group holds step {@code first} and then step {@code then}: an alert of step {@code then} and an
     * earlier one (event time, then id) of step {@code first} whose activity ended at most {@code windowMillis}
     * before it. Linked alerts are one group directly or through others, so a campaign whose middle step went
     * unseen in one tenant still holds its first step, then its last.
     */
    public boolean hasStepPair(String first, String then, long windowMillis) {
        if (stepPairs == null || stepPairsWindow != windowMillis) {
            java.util.Map<String, java.util.Set<String>> pairs = new java.util.HashMap<>();
            java.util.Map<String, Long> until = new java.util.HashMap<>();
            List<Alert> inOrder = new ArrayList<>(members);
            inOrder.sort(Alert::byEventTimeThenId);
            for (Alert b : inOrder) {
                addStepPairsOf(b, pairs, until, windowMillis);
                until.merge(b.getStep(), b.getActivityEnd(), Math::max);
            }
            stepPairs = pairs;
            stepPairsWindow = windowMillis;
        }
        java.util.Set<String> thens = stepPairs.get(first);
        return thens != null && thens.contains(then);
    }

    /**
     * The pairs an alert joining between the members (not after the last: a rule's raise links the older alerts
     * of its window) adds: with each earlier member as the first step, and with each later one as the then step.
     * Pairs only ever come with alerts (a pair is two members), so the pairs held stay; one pass over the members,
     * instead of sorting them all and pairing every step again (a block's incident may hold thousands of alerts).
     */
    private void addStepPairsAmong(Alert n) {
        String step = n.getStep();
        long firstFrom = n.getEventTime() - stepPairsWindow;
        long thenUntil = n.getActivityEnd() + stepPairsWindow;
        for (Alert m : members) {
            String other = m.getStep();
            if (other.equals(step)) continue;
            if (Alert.byEventTimeThenId(m, n) < 0) {
                if (m.getActivityEnd() >= firstFrom) addStepPair(other, step);
            } else if (m.getEventTime() <= thenUntil) {
                addStepPair(step, other);
            }
        }
    }

    private void addStepPair(String first, String then) {
        java.util.Set<String> thens = stepPairs.get(first);
        if (thens == null) stepPairs.put(first, thens = new java.util.HashSet<>(4));
        thens.add(then);
    }

    private static void addStepPairsOf(Alert b, java.util.Map<String, java.util.Set<String>> pairs,
                                       java.util.Map<String, Long> stepActiveUntil, long windowMillis) {
        String step = b.getStep();
        long from = b.getEventTime() - windowMillis;
        stepActiveUntil.forEach((s, until) -> {
            if (until >= from && !s.equals(step)) pairs.computeIfAbsent(s, k -> new java.util.HashSet<>(4)).add(step);
        });
    }

    /**
     * The steps of the group's alerts whose activity ended at or after {@code from} (for an alert that arrives
     * now: the steps it follows within the window, see {@link #hasStepPair}).
     */
    public void forEachStepActiveSince(long from, java.util.function.Consumer<String> action) {
        stepActiveUntil.forEach((s, until) -> {
            if (until >= from) action.accept(s);
        });
    }

    /** True when the group names this pattern with the counts it shows (tenants, lift). */
    public boolean names(PrevalentPattern p) {
        PrevalentPattern named = patterns.get(p.getFirst() + " > " + p.getThen());
        return named != null && named.showsAs(p);
    }

    /** Names the pattern in the incident (with its latest counts). */
    public void name(PrevalentPattern p) {
        patterns.put(p.getFirst() + " > " + p.getThen(), p.copy()); // as named: the pattern's counts move on
    }

    /** The prevalent patterns the group holds, by name. */
    public List<PrevalentPattern> patterns() {
        return List.copyOf(patterns.values());
    }

    // ---- what the engine reads to write incidents ----

    public KillChain killChain() {
        return killChain;
    }

    public List<Alert> members() {
        return Collections.unmodifiableList(members);
    }

    /** The group's alerts, in the order they joined (for rules: {@code Alert( ... ) from $g.members}). */
    public List<Alert> getMembers() {
        return Collections.unmodifiableList(members);
    }

    /** Why the alerts were grouped: one reason per link. */
    public List<LinkReason> reasons() {
        List<LinkReason> out = new ArrayList<>(links.size());
        for (Link l : links) out.add(l.toReason());
        return out;
    }

    /** True when some link of the group goes through this entity. */
    public boolean linksThrough(Entity entity) {
        for (Link l : links) if (entity.equals(l.getEntity())) return true;
        return false;
    }

    public List<String> mergedIncidentIds() {
        return Collections.unmodifiableList(mergedIncidentIds);
    }

    public Alert earliest() {
        return earliest;
    }

    /** The members of each incident page, in the order they joined. */
    public List<List<Alert>> pages() {
        List<List<Alert>> pages = new ArrayList<>();
        for (int i = 0; i < pageStarts.size(); i++) {
            int from = pageStarts.get(i);
            int to = i + 1 < pageStarts.size() ? pageStarts.get(i + 1) : members.size();
            if (from < to) pages.add(members.subList(from, to));
        }
        return pages;
    }

    /** The incident id of each page: derived from the tenant and the page's earliest alert. */
    public List<String> pageIds() {
        List<String> ids = new ArrayList<>();
        for (List<Alert> page : pages()) {
            Alert first = page.get(0);
            for (Alert a : page) if (Alert.byEventTimeThenId(a, first) < 0) first = a;
            ids.add(IncidentIds.derive(tenant, first.getId()));
        }
        return ids;
    }

    /** The incident id of the group's first page, or null for a group left empty (it is about to dissolve). */
    public String getId() {
        List<String> ids = pageIds();
        return ids.isEmpty() ? null : ids.get(0);
    }

    @Override
    public String toString() {
        return "AlertGroup[" + tenant + " size=" + members.size() + (raised ? " " + kind + " " + severity : "") + "]";
    }
}
