package org.alertcorrelator.correlation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
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
    private final Map<String, W> windows = new LinkedHashMap<>();
    /** The declared condition ({@link #holdsWhen}), or null. */
    private Condition condition;
    /** Readers of the measured field and of the group-by fields, looked up once. */
    private final BiFunction<Alert, RiskTable, List<String>> fieldReader;
    /** Readers of the key fields, by field list (the group-by; for Sigma aliases, the fields of each rule). */
    private List<BiFunction<Alert, RiskTable, List<String>>> groupByReaders;
    private final Map<List<String>, List<BiFunction<Alert, RiskTable, List<String>>>> keyReaders = new HashMap<>();
    /** The group-by and timespan as first written, to know a later declaration the same without parsing it. */
    private String declaredGroupBy;
    private String declaredTimespan;

    Block(String name, String kind, List<String> groupBy, long timespanMillis, String field, List<String> steps,
          Measure measure, WindowFactory<W> factory, Blocks owner) {
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
        this.risk = owner.risk();
        this.fieldReader = field == null ? null : AlertFields.reader(field);
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
     * distinctCount < 10"}, {@code "stepsSeen == stepCount"}): each window answers it as {@code conditionMet}, and
     * is updated in working memory only when that changes or while it holds, so that a threshold not reached
     * costs nothing. Written at every feed, like the declaration; the same words each time.
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
        if (condition == null && !windows.isEmpty()) {
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
        enter(drools, new Window.Entry(a.getEventTime(), a.getEventTime(), a, null, value, stepIndex(step)), a, fields);
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
        enter(drools, new Window.Entry(from.getLastTime(), from.getFirstTime(), last, from.getAlerts(), null, stepIndex(step)), last, fields);
    }

    private Double number(Alert a) {
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
        RuleRuntime session = drools.getKieRuntime();
        for (Blocks.Key k : owner.keysOf(keySource, fields, this::keys)) {
            W w = windows.get(k.mapKey());
            if (w == null) {
                w = factory.create(this, keySource.getTenant(), k.values());
                String mapKey = k.mapKey();
                windows.put(mapKey, w);
            }
            w.add(entry);
            if (w.handle == null) {
                w.conditionMet = condition == null || condition.test(w);
                w.handle = session.insert(w);
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
        List<Blocks.Key> out = new ArrayList<>(values.size());
        for (List<String> v : values) out.add(new Blocks.Key(v, a.getTenant() + '\u001f' + String.join("\u001f", v)));
        return out;
    }

    private List<List<String>> keyValues(Alert a, List<String> fields) {
        List<BiFunction<Alert, RiskTable, List<String>>> readers = fields == groupBy ? groupByReaders() : keyReaders(fields);
        List<List<String>> keys = List.of(List.of());
        for (BiFunction<Alert, RiskTable, List<String>> reader : readers) {
            List<String> values = lowerCase(reader.apply(a, risk));
            if (values.isEmpty()) return List.of();
            if (keys.size() == 1 && keys.get(0).isEmpty()) { // the first field: one key per value
                List<List<String>> first = new ArrayList<>(values.size());
                for (String v : values) first.add(List.of(v));
                keys = first;
                continue;
            }
            if (values.isEmpty()) return List.of();
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
        List<String> out = new ArrayList<>(values.size());
        for (String v : values) {
            String l = v.toLowerCase(java.util.Locale.ROOT);
            if (!out.contains(l)) out.add(l);
        }
        return out;
    }

    /** Lets go of entries older than the timespan before {@code now}; windows left empty leave working memory. */
    void sweep(RuleRuntime session, long now) {
        for (Iterator<W> it = windows.values().iterator(); it.hasNext(); ) {
            W w = it.next();
            w.evictBefore(now - timespanMillis);
            if (w.isEmpty()) {
                if (w.handle != null) session.delete(w.handle);
                it.remove();
            }
        }
    }

    /** Windows held now (for tests and memory figures). */
    public int windowCount() {
        return windows.size();
    }
}
