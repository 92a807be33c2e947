package org.alertcorrelator.correlation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import org.alertcorrelator.model.Alert;
import org.kie.api.runtime.rule.RuleContext;
import org.kie.api.runtime.rule.RuleRuntime;

/**
 * A correlation block: a statistic (count, distinct count, steps seen, sum ...) kept per group-by key and tenant
 * within a timespan. A rule feeds it ({@code blocks.count("failed-sign-ins", "Account", "10m").add(drools, $a)});
 * each key's {@link Window} is a fact in working memory, inserted the first time and updated on every entry, so
 * that rules match it. Declared once by name in {@link Blocks}.
 */
public final class Block<W extends Window> {
    /** Makes the window of a new key. */
    interface WindowFactory<W extends Window> {
        W create(Block<W> block, String tenant, List<String> key);
    }

    /** What an entry carries besides its alerts: nothing, the field's values, or its number. */
    enum Measure { NONE, VALUES, NUMBER }

    private final String name;
    private final String kind;
    private final List<String> groupBy;
    private final long timespanMillis;
    private final String field;
    private final List<String> steps;
    private final Measure measure;
    private final WindowFactory<W> factory;
    private final RiskTable risk;
    private final Blocks owner;
    /** This block's number among the session's blocks: its place in each key's {@link Blocks.Slots}. */
    private final int number;
    /**
     * The block's windows, least recently fed first (a list through the windows themselves): fed in event-time
     * order, as they are, that is also the order of their last entry's time, so the hourly sweep finds the
     * windows wholly out of their timespan at the head and stops at the first that is not, instead of walking
     * every window. The windows are found by key in {@link Blocks}, shared by the blocks.
     */
    private Window oldest;
    private Window newest;
    private int windowCount;
    /** The latest entry time fed, and whether every feed so far came at or after the one before (see sweep). */
    private long latestFed = Long.MIN_VALUE;
    private boolean fedInTimeOrder = true;
    /** {@link #keys}, made once (a method reference made at every feed is an allocation per alert). */
    private final BiFunction<Alert, List<String>, List<Blocks.Key>> keyReader = this::keys;
    /** The declared condition ({@link #holdsWhen}), or null. */
    private Condition condition;
    /** Readers of the measured field and of the group-by fields, looked up once. */
    private final BiFunction<Alert, RiskTable, List<String>> fieldReader;
    private final java.util.function.ToDoubleBiFunction<Alert, RiskTable> numberReader;
    /** Readers of the key fields, by field list (the group-by; for Sigma aliases, the fields of each rule). */
    private List<BiFunction<Alert, RiskTable, List<String>>> groupByReaders;
    private final Map<List<String>, List<BiFunction<Alert, RiskTable, List<String>>>> keyReaders = new HashMap<>();
    /** The group-by and timespan as first written, to know a later declaration the same without parsing it. */
    private String declaredGroupBy;
    private String declaredTimespan;

    Block(String name, String kind, List<String> groupBy, long timespanMillis, String field, List<String> steps,
          Measure measure, WindowFactory<W> factory, Blocks owner, int number) {
        if (field != null && !AlertFields.isKnown(field)) throw new IllegalArgumentException("block \"" + name + "\": unknown alert field \"" + field + "\"");
        if (timespanMillis <= 0) throw new IllegalArgumentException("block \"" + name + "\": the timespan must be positive");
        this.name = name;
        this.kind = kind;
        this.groupBy = List.copyOf(groupBy);
        this.timespanMillis = timespanMillis;
        this.field = field;
        this.steps = steps;
        this.measure = measure;
        this.factory = factory;
        this.owner = owner;
        this.number = number;
        this.risk = owner.risk();
        this.fieldReader = field == null ? null : AlertFields.reader(field);
        this.numberReader = field == null ? null : AlertFields.numberReader(field);
    }

    // Looked up at the first feed, not when declared: a Sigma group-by may name aliases, not fields.
    private List<BiFunction<Alert, RiskTable, List<String>>> groupByReaders() {
        if (groupByReaders == null) groupByReaders = keyReaders(groupBy);
        return groupByReaders;
    }

    private List<BiFunction<Alert, RiskTable, List<String>>> keyReaders(List<String> fields) {
        List<BiFunction<Alert, RiskTable, List<String>>> r = keyReaders.get(fields);
        if (r == null) {
            r = readers(fields);
            keyReaders.put(List.copyOf(fields), r);
        }
        return r;
    }

    private static List<BiFunction<Alert, RiskTable, List<String>>> readers(List<String> fields) {
        List<BiFunction<Alert, RiskTable, List<String>>> out = new ArrayList<>(fields.size());
        for (String f : fields) out.add(AlertFields.reader(f));
        return List.copyOf(out);
    }

    void declaredWith(String groupBy, String timespan) {
        this.declaredGroupBy = groupBy;
        this.declaredTimespan = timespan;
    }

    /** Whether a declaration in the same words as the first one: the same block, for certain. */
    boolean declaredAs(String kind, String groupBy, String timespan, String field, String[] steps) {
        return this.kind.equals(kind) && groupBy != null && groupBy.equals(declaredGroupBy) && timespan != null
                && timespan.equals(declaredTimespan) && java.util.Objects.equals(this.field, field)
                && (steps == null ? this.steps == null : this.steps != null && Arrays.asList(steps).equals(this.steps));
    }

    public String name() {
        return name;
    }

    public List<String> groupBy() {
        return groupBy;
    }

    public long timespanMillis() {
        return timespanMillis;
    }

    /** The same declaration (kind, group-by, timespan, field, steps): a block is declared once per name. */
    boolean sameAs(String kind, List<String> groupBy, long timespanMillis, String field, List<String> steps) {
        return this.kind.equals(kind) && this.groupBy.equals(groupBy) && this.timespanMillis == timespanMillis
                && java.util.Objects.equals(this.field, field) && java.util.Objects.equals(this.steps, steps);
    }

    /**
     * Declares the block's condition ({@link Condition}: {@code "count >= 50"}, {@code "distinctCount >= 3 and
     * distinctCount < 10"}, {@code "stepsSeen == stepCount"}): each window answers it as {@code conditionMet}, is
     * inserted in working memory when that first holds, and from then on updated only when that changes or while
     * it holds, so that a threshold not reached costs nothing. Written at every feed, like the declaration; the same words each time.
     *
     * <pre>
     * then  blocks.count( "alerts per host 1h", "Host", "1h" ).holdsWhen( "count >= 50" ).add( drools, $a );
     * when  $w : CountWindow( name == "alerts per host 1h", conditionMet )
     * </pre>
     *
     * @throws IllegalArgumentException for a condition not understood, or another condition than before
     */
    public Block<W> holdsWhen(String text) {
        if (condition != null && condition.text().equals(text)) return this;
        Condition c = Condition.parse(name, text, factory.create(this, "", List.of()));
        if (condition != null && !condition.text().equals(c.text())) {
            throw new IllegalArgumentException("block \"" + name + "\" is declared with two conditions: \"" + condition.text() + "\" and \"" + text + "\"");
        }
        if (condition == null && windowCount > 0) {
            throw new IllegalArgumentException("block \"" + name + "\": its condition must be declared at every feed, from the first");
        }
        condition = c;
        return this;
    }

    /** The declared condition's text, or null. */
    public String condition() {
        return condition == null ? null : condition.text();
    }

    /** Feeds an alert to the block, under each of its group-by keys. */
    public void add(RuleContext drools, Alert a) {
        add(drools, a, null, groupBy);
    }

    /** Feeds an alert as step {@code step} of a temporal block. */
    public void add(RuleContext drools, String step, Alert a) {
        add(drools, a, step, groupBy);
    }

    /**
     * Feeds an alert as step {@code step} (null for blocks without steps), keyed by {@code fields} instead of the
     * block's group-by (Sigma aliases: the same key read from different fields for different rules).
     */
    public void add(RuleContext drools, Alert a, String step, List<String> fields) {
        Object value = switch (measure) {
            case NONE -> null;
            case VALUES -> fieldReader.apply(a, risk);
            case NUMBER -> number(a);
        };
        if (value == null && measure != Measure.NONE) return;
        if (value instanceof List<?> l && l.isEmpty()) return; // no value, nothing to count
        enter(drools, new Window.Entry(a.getEventTime(), a.getEventTime(), a, null, value, stepIndex(step), owner.nextSeq()), a, fields);
    }

    /**
     * Feeds the window of another block (a correlation of correlations): one entry at that window's last time,
     * carrying its alerts, keyed by this block's group-by read from its last alert.
     */
    public void add(RuleContext drools, Window from) {
        add(drools, from, null, groupBy);
    }

    public void add(RuleContext drools, String step, Window from) {
        add(drools, from, step, groupBy);
    }

    public void add(RuleContext drools, Window from, String step, List<String> fields) {
        Alert last = from.getLastAlert();
        if (last == null || measure != Measure.NONE) {
            if (last == null) return;
            throw new IllegalArgumentException("block \"" + name + "\" counts values of alerts: it cannot be fed by another block's window");
        }
        enter(drools, new Window.Entry(from.getLastTime(), Math.min(from.getFirstTime(), from.getLastTime()), last, from.getAlerts(), null, stepIndex(step), owner.nextSeq()), last, fields);
    }

    private Double number(Alert a) {
        if (numberReader != null) return numberReader.applyAsDouble(a, risk);
        for (String v : fieldReader.apply(a, risk)) {
            try {
                double d = Double.parseDouble(v);
                if (Double.isFinite(d)) return d;
            } catch (NumberFormatException ignored) {
                // not a number: try the next value
            }
        }
        return null;
    }

    private int stepIndex(String step) {
        if (steps == null) {
            if (step != null) throw new IllegalArgumentException("block \"" + name + "\" has no steps, got step \"" + step + "\"");
            return 0;
        }
        int i = step == null ? -1 : steps.indexOf(step);
        if (i < 0) throw new IllegalArgumentException("block \"" + name + "\": \"" + step + "\" is not one of its steps " + steps);
        return i;
    }

    private void enter(RuleContext drools, Window.Entry entry, Alert keySource, List<String> fields) {
        owner.beforeEntry(drools, entry.time());
        if (entry.time() >= latestFed) latestFed = entry.time();
        else fedInTimeOrder = false;
        RuleRuntime session = drools.getKieRuntime();
        for (Blocks.Key k : owner.keysOf(keySource, fields, keyReader)) {
            Blocks.Slots slots = owner.slotsOf(k);
            @SuppressWarnings("unchecked")
            W w = (W) slots.get(number);
            if (w == null) {
                w = factory.create(this, keySource.getTenant(), k.values);
                w.slots = slots;
                owner.hold(slots, number, w);
                windowCount++;
            } else {
                unlink(w);
            }
            append(w);
            w.add(entry);
            if (w.handle == null) {
                w.conditionMet = condition == null || condition.test(w);
                // A window whose declared condition does not hold stays out of working memory until it first
                // does: most keys never reach their threshold, and each would cost an insert and a delete.
                if (w.conditionMet) w.handle = session.insert(w);
            } else if (condition == null) {
                session.update(w.handle, w);
            } else {
                // Rules look at the window again only when its condition's truth changes, or while it holds (it
                // gained an alert a rule may raise): a threshold not reached costs no working-memory update.
                boolean met = condition.test(w);
                if (met || met != w.conditionMet) {
                    w.conditionMet = met;
                    session.update(w.handle, w);
                }
            }
        }
    }

    /** One key per combination of the group-by fields' values; none when a field has no value. */
    private List<Blocks.Key> keys(Alert a, List<String> fields) {
        List<List<String>> values = keyValues(a, fields);
        if (values.size() == 1) return List.of(new Blocks.Key(values.get(0), a.getTenant()));
        List<Blocks.Key> out = new ArrayList<>(values.size());
        // Tenant and values, not the fields read: with Sigma aliases two rules read one key from different fields.
        // Keys of other group-bys with the same values share the entry, each block in its own slot.
        for (List<String> v : values) out.add(new Blocks.Key(v, a.getTenant()));
        return out;
    }

    private List<List<String>> keyValues(Alert a, List<String> fields) {
        List<BiFunction<Alert, RiskTable, List<String>>> readers = fields == groupBy ? groupByReaders() : keyReaders(fields);
        if (readers.isEmpty()) return List.of(List.of()); // group-by "": one key per tenant
        List<String> first = lowerCase(readers.get(0).apply(a, risk));
        // Most group-bys are one field (Host) with one value: no list to grow.
        if (readers.size() == 1 && first.size() == 1) return List.of(List.of(first.get(0)));
        List<List<String>> keys = new ArrayList<>(first.size());
        for (String v : first) keys.add(List.of(v));
        for (int r = 1; r < readers.size() && !keys.isEmpty(); r++) { // each further field: every key times its values
            List<String> values = lowerCase(readers.get(r).apply(a, risk));
            List<List<String>> next = new ArrayList<>(keys.size() * values.size());
            for (List<String> k : keys) {
                for (String v : values) {
                    String[] extended = Arrays.copyOf(k.toArray(new String[0]), k.size() + 1);
                    extended[k.size()] = v;
                    next.add(List.of(extended));
                }
            }
            keys = next;
        }
        return keys;
    }

    /** Group-by values compare case-insensitively (an alert's CompromisedEntity and a host key, say). */
    private static List<String> lowerCase(List<String> values) {
        if (values.size() == 1) {
            String v = values.get(0);
            String l = v.toLowerCase(java.util.Locale.ROOT);
            return l == v ? values : List.of(l); // most keys are lower case already (entity keys are normalised)
        }
        List<String> out = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            String l = values.get(i).toLowerCase(java.util.Locale.ROOT);
            if (!out.contains(l)) out.add(l);
        }
        return out;
    }

    /**
     * Windows whose entries are all older than the timespan before {@code now} leave the block, and working memory
     * if they are in it. A window still holding a live entry keeps its older ones until it is fed again (which
     * lets them go first): nothing reads a window's statistic between feeds. Fed in time order, the windows to
     * remove are the head of {@link #windows}; after a feed out of time order (an alert later than the buffer
     * released to {@code serve}), every window is looked at until the order holds again.
     */
    void sweep(RuleRuntime session, long now) {
        long bound = now - timespanMillis;
        boolean ordered = true;
        long previous = Long.MIN_VALUE;
        for (Window w = oldest; w != null; ) {
            Window next = w.newer;
            if (w.getLastTime() < bound) {
                if (w.handle != null) session.delete(w.handle);
                unlink(w);
                owner.release(w.slots, number);
                windowCount--;
            } else if (fedInTimeOrder) {
                break;
            } else {
                ordered &= w.getLastTime() >= previous;
                previous = w.getLastTime();
            }
            w = next;
        }
        if (!fedInTimeOrder && ordered) fedInTimeOrder = true;
    }

    private void unlink(Window w) {
        if (w.older != null) w.older.newer = w.newer;
        else oldest = w.newer;
        if (w.newer != null) w.newer.older = w.older;
        else newest = w.older;
        w.older = null;
        w.newer = null;
    }

    private void append(Window w) {
        w.older = newest;
        if (newest != null) newest.newer = w;
        else oldest = w;
        newest = w;
    }

    /** Windows held now (for tests and memory figures). */
    public int windowCount() {
        return windowCount;
    }
}
