package org.alertcorrelator.correlation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.alertcorrelator.model.Alert;
import org.kie.api.runtime.rule.FactHandle;
import org.kie.api.runtime.rule.RuleContext;

/**
 * The state of one correlation block for one group-by key (and one tenant) over its timespan: a fact rules
 * match like any other ({@code CountWindow( name == "failed-sign-ins", count >= 10 )}). It holds the entries
 * (alerts, or the alerts of a window of another block) of the last timespan, oldest first, and keeps its
 * statistic up to date as entries come and go, so that each arriving alert costs O(1) amortised: the window
 * is never recounted.
 *
 * <p>Time is event time: an entry leaves when an entry more than the timespan later arrives (or at the
 * hourly sweep, for a window nothing feeds any more). A window holds exactly the alerts that make its
 * statistic: {@link #getAlerts()} is what an incident raised on it contains.
 */
public abstract class Window {
    /**
     * One thing counted: at {@code time}, {@code alert} (for a block fed by another block's window: its alerts, its
     * last alert, and in {@code start} the time of its first, from which an ordered chain's timespan counts).
     */
    record Entry(long time, long start, Alert alert, List<Alert> carried, Object value, int step, long seq) {

        void addAlertsTo(Set<Alert> out) {
            if (carried != null) out.addAll(carried);
            else out.add(alert);
        }
    }

    private final Block<?> block;
    private final String tenant;
    private final List<String> keyValues;
    /** The key's text, made when first asked for: most windows are never matched by a rule. */
    private String key;
    // Most windows hold an alert or two before they leave: a small deque to start with (it grows as needed).
    final ArrayDeque<Entry> entries = new ArrayDeque<>(3);
    private long lastTime = Long.MIN_VALUE;
    /** Per rule that raised from this window: the sequence number of the newest entry it raised (usually one rule). */
    private Map<String, Long> raisedThrough;
    FactHandle handle;
    /** Where the block finds this window by key, and its neighbours in the block's least-recently-fed list. */
    Blocks.Slots slots;
    Window older;
    Window newer;
    boolean conditionMet = true;

    protected Window(Block<?> block, String tenant, List<String> keyValues) {
        this.block = block;
        this.tenant = tenant;
        this.keyValues = List.copyOf(keyValues);
    }

    /**
     * Takes in an entry, after letting go of those more than the timespan older. Entries are numbered as they
     * are fed, across the blocks ({@link Blocks#nextSeq}), so "gained since" is a comparison; one entry is shared
     * by every window it is fed to.
     */
    final void add(Entry e) {
        long t = Math.max(e.time(), lastTime); // an entry never goes back in time: the deque stays sorted
        Entry entry = e.time() >= lastTime ? e : new Entry(t, Math.min(e.start(), t), e.alert(), e.carried(), e.value(), e.step(), e.seq());
        evictBefore(t - block.timespanMillis());
        entries.addLast(entry);
        lastTime = t;
        added(entry);
    }

    /** Lets go of the entries older than {@code lowerBound} (event time, epoch ms). */
    final void evictBefore(long lowerBound) {
        while (!entries.isEmpty() && entries.peekFirst().time() < lowerBound) removed(entries.pollFirst());
    }

    /** Keeps the statistic up to date with a new entry (already in {@link #entries}). */
    abstract void added(Entry e);

    /** Keeps the statistic up to date with an entry gone. */
    abstract void removed(Entry e);

    /** The block's name (a Sigma correlation's id or name). */
    public String getName() {
        return block.name();
    }

    public String getTenant() {
        return tenant;
    }

    /** The group-by values, joined by {@code |} (e.g. {@code fin-app-01.contoso.com|alice@contoso.com}). */
    public String getKey() {
        if (key == null) key = String.join("|", keyValues);
        return key;
    }

    public List<String> getKeyValues() {
        return keyValues;
    }

    /** The group-by fields, in order. */
    public List<String> getGroupBy() {
        return block.groupBy();
    }

    public long getTimespan() {
        return block.timespanMillis();
    }

    /** Entries in the window now (alerts, or windows of the block feeding this one). */
    public int getEntryCount() {
        return entries.size();
    }

    /** Event time of the newest entry (epoch ms). */
    public long getLastTime() {
        return lastTime;
    }

    /** Event time of the oldest entry still in the window. */
    public long getFirstTime() {
        return entries.isEmpty() ? Long.MIN_VALUE : entries.peekFirst().time();
    }

    /** The alert that came last (for a block fed by another block: the last alert of that block's window). */
    public Alert getLastAlert() {
        return entries.isEmpty() ? null : entries.peekLast().alert();
    }

    /** The alerts that make the window's statistic, by event time then id. */
    public List<Alert> getAlerts() {
        Set<Alert> out = new LinkedHashSet<>();
        for (Entry e : entries) e.addAlertsTo(out);
        List<Alert> list = new ArrayList<>(out);
        list.sort(Alert::byEventTimeThenId);
        return list;
    }

    /**
     * What a rule raises when it fires on this window: the alerts the window gained since this rule last raised
     * from it, with the newest alert it raised then (so the raise adds the new alerts to the incident it made,
     * instead of linking the whole window again: O(new alerts), not O(window)). The first time, and when the
     * incident it made is final or that alert has left it, all of {@link #getAlerts()}. Never empty while the
     * window holds alerts: with nothing new, the newest raised alert alone (its incident is raised again, e.g.
     * with a new title). Records what it returns as raised by the rule of {@code drools}.
     *
     * <pre>
     * then  insert( new Raise( "AlertStorm", Severity.MEDIUM, $w.getCount() + " alerts", $w.takeNewAlerts( drools ) ) );
     * </pre>
     */
    public List<Alert> takeNewAlerts(RuleContext drools) {
        return takeNewAlerts(drools.getRule().getName());
    }

    List<Alert> takeNewAlerts(String rule) {
        if (entries.isEmpty()) return List.of();
        if (raisedThrough == null) raisedThrough = new HashMap<>(2);
        Long mark = raisedThrough.put(rule, entries.peekLast().seq());
        if (mark == null) return getAlerts();
        List<Alert> fresh = new ArrayList<>();
        Entry anchor = null;
        for (Iterator<Entry> it = entries.descendingIterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.seq() <= mark) {
                anchor = e;
                break;
            }
            if (e.carried() != null) fresh.addAll(e.carried());
            else fresh.add(e.alert());
        }
        if (anchor == null || !inLiveGroup(anchor.alert())) return getAlerts();
        fresh.add(anchor.alert());
        return sortedDistinct(fresh);
    }

    /** Whether the alert is in a group still open (not final): an incident new alerts can join. */
    static boolean inLiveGroup(Alert a) {
        return a.getGroup() != null && !a.getGroup().isFinalised();
    }

    static List<Alert> sortedDistinct(java.util.Collection<Alert> alerts) {
        List<Alert> list = new ArrayList<>(new LinkedHashSet<>(alerts));
        list.sort(Alert::byEventTimeThenId);
        return list;
    }

    /**
     * Whether the block's declared condition ({@code blocks.count(...).holdsWhen("count >= 50")}) holds for this
     * window; always true for a block declared without one. A window of a block with a condition is inserted in
     * working memory when this first holds and from then on updated only when this changes or while it holds
     * (then it gained alerts a rule may raise): rules on such a block match {@code conditionMet}, not the
     * statistic itself.
     */
    public boolean isConditionMet() {
        return conditionMet;
    }

    /** A statistic by name, for declared conditions; NaN for a name this kind of window does not have. */
    double statistic(String name) {
        return name.equals("entryCount") ? entries.size() : Double.NaN;
    }

    /** The names {@link #statistic} knows. */
    List<String> statisticNames() {
        return List.of("entryCount");
    }

    /** Ids of {@link #getAlerts()}, for tests and descriptions. */
    public List<String> getAlertIds() {
        return getAlerts().stream().map(Alert::getId).toList();
    }

    Iterator<Entry> entries() {
        return entries.iterator();
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    Block<?> block() {
        return block;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + getName() + " " + tenant + " " + getKey() + " " + entries.size() + " entries]";
    }
}
