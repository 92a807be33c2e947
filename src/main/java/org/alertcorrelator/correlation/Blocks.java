package org.alertcorrelator.correlation;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.alertcorrelator.model.Alert;
import org.kie.api.runtime.rule.RuleContext;

/**
 * The correlation blocks of one rule session, by name: the global {@code blocks} rules use to declare and
 * feed them. A block is declared by its first use and must be declared the same way wherever it is used.
 *
 * <pre>
 * rule "Feed: failed sign-ins per account"
 * when  Arrival( $a : alert, alert.alertType == "FailedSignIn" )
 * then  blocks.count( "failed-sign-ins", "Account", "10m" ).add( drools, $a );
 * end
 * rule "Ten failed sign-ins for one account within 10 minutes"
 * when  $w : CountWindow( name == "failed-sign-ins", count >= 10 )
 * then  ...
 * end
 * </pre>
 *
 * <p>Group-by is a comma-separated list of alert fields ({@link AlertFields}: Host, Account, IP, AlertType,
 * ...); timespans are written 30s, 10m, 24h, 7d. Windows whose entries all left the timespan leave working
 * memory at an hourly sweep of event time.
 */
public final class Blocks {
    private static final long SWEEP_INTERVAL = 3_600_000L;
    private static final java.util.regex.Pattern TIMESPAN = java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    private final RiskTable risk;
    private final Map<String, Block<?>> byName = new HashMap<>();
    private final List<Block<?>> inOrder = new java.util.ArrayList<>();
    private long nextSweep = Long.MIN_VALUE;

    /**
     * A group-by key of the alert being fed: its values, what the windows of all blocks are found by (the tenant,
     * then the value, or the values joined, without making a new text for the usual one value), and those windows
     * once looked up.
     */
    static final class Key {
        final List<String> values;
        final String tenant;
        final String valueKey;
        Slots slots;

        Key(List<String> values, String tenant) {
            this.values = values;
            this.tenant = tenant;
            this.valueKey = values.size() == 1 ? values.get(0) : String.join("\u001f", values);
        }
    }

    /**
     * The windows the blocks hold for one key, by block number: found with one lookup however many blocks of that
     * group-by an alert feeds (four host blocks, say), instead of one lookup per block.
     */
    static final class Slots {
        private final Map<String, Slots> in;
        private final String valueKey;
        private Window[] byBlock;
        private int held;
        private boolean dropped;

        Slots(Map<String, Slots> in, String valueKey, int blocks) {
            this.in = in;
            this.valueKey = valueKey;
            this.byBlock = new Window[Math.max(1, blocks)];
        }

        Window get(int block) {
            return block < byBlock.length ? byBlock[block] : null;
        }
    }

    /** The number of the next entry fed to any block (see {@link Window#add}). */
    private long nextSeq = 1;

    long nextSeq() {
        return nextSeq++;
    }

    /** Every key some block holds a window for, by tenant, then by value(s). */
    private final Map<String, Map<String, Slots>> slotsByTenant = new HashMap<>();

    // The keys of the alert being fed, per group-by: blocks fed by one alert mostly share their group-by (Host).
    // A few slots, looked up by the group-by list itself (each block passes its own list) and then by equality:
    // an alert feeds blocks of one to three group-bys, and this runs for every block an alert feeds.
    private Alert keysOf;
    private int keySlots;
    private List<?>[] keyFields = new List<?>[4];
    @SuppressWarnings("unchecked")
    private List<Key>[] keyLists = new List[4];

    public Blocks(RiskTable risk) {
        this.risk = risk;
    }

    /** Counts alerts per key (Sigma event_count): {@link CountWindow}. */
    public Block<CountWindow> count(String name, String groupBy, String timespan) {
        return declare(name, "count", groupBy, timespan, null, null, Block.Measure.NONE, CountWindow::new);
    }

    /** Counts distinct values of {@code field} per key (Sigma value_count): {@link DistinctWindow}. */
    public Block<DistinctWindow> distinct(String name, String groupBy, String timespan, String field) {
        return declare(name, "distinct", groupBy, timespan, field, null, Block.Measure.VALUES, DistinctWindow::new);
    }

    /** Sum, average, median, percentiles of numeric {@code field} per key (Sigma value_sum ...): {@link NumberWindow}. */
    public Block<NumberWindow> numbers(String name, String groupBy, String timespan, String field) {
        return declare(name, "numbers", groupBy, timespan, field, null, Block.Measure.NUMBER, NumberWindow::new);
    }

    /** Steps seen in any order per key (Sigma temporal): {@link SequenceWindow}. */
    @SuppressWarnings("unchecked")
    public Block<SequenceWindow> temporal(String name, String groupBy, String timespan, String... steps) {
        Block<?> known = byName.get(name);
        if (known != null && known.declaredAs("temporal", groupBy, timespan, null, steps)) return (Block<SequenceWindow>) known;
        List<String> s = steps(name, steps);
        return declare(name, "temporal", groupBy, timespan, null, s, Block.Measure.NONE,
                (b, t, k) -> new SequenceWindow(b, t, k, s, false));
    }

    /** Steps seen in the given order per key (Sigma temporal_ordered): {@link SequenceWindow}. */
    @SuppressWarnings("unchecked")
    public Block<SequenceWindow> sequence(String name, String groupBy, String timespan, String... steps) {
        Block<?> known = byName.get(name);
        if (known != null && known.declaredAs("sequence", groupBy, timespan, null, steps)) return (Block<SequenceWindow>) known;
        List<String> s = steps(name, steps);
        return declare(name, "sequence", groupBy, timespan, null, s, Block.Measure.NONE,
                (b, t, k) -> new SequenceWindow(b, t, k, s, true));
    }

    private static List<String> steps(String name, String[] steps) {
        if (steps.length == 0) throw new IllegalArgumentException("block \"" + name + "\" needs at least one step");
        if (Arrays.stream(steps).distinct().count() != steps.length) {
            throw new IllegalArgumentException("block \"" + name + "\": steps must differ: " + Arrays.toString(steps));
        }
        return List.of(steps);
    }

    @SuppressWarnings("unchecked")
    private <W extends Window> Block<W> declare(String name, String kind, String groupBy, String timespan, String field,
                                                List<String> steps, Block.Measure measure, Block.WindowFactory<W> factory) {
        Block<?> known = byName.get(name);
        // Every feed declares its block again: the same words as the first time are the same block (no parsing).
        if (known != null && known.declaredAs(kind, groupBy, timespan, field, steps == null ? null : steps.toArray(String[]::new))) {
            return (Block<W>) known;
        }
        List<String> fields = fields(groupBy);
        long span = timespanMillis(timespan);
        if (known != null) {
            if (!known.sameAs(kind, fields, span, field, steps)) {
                throw new IllegalArgumentException("block \"" + name + "\" is declared twice, differently");
            }
            return (Block<W>) known;
        }
        Block<W> b = new Block<>(name, kind, fields, span, field, steps, measure, factory, this, inOrder.size());
        b.declaredWith(groupBy, timespan);
        byName.put(name, b);
        inOrder.add(b);
        return b;
    }

    private static List<String> fields(String groupBy) {
        if (groupBy == null || groupBy.isBlank()) return List.of();
        return Arrays.stream(groupBy.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** Timespans as Sigma writes them: a number and s, m, h or d (also ms). */
    public static long timespanMillis(String text) {
        String t = text == null ? "" : text.trim();
        java.util.regex.Matcher m = TIMESPAN.matcher(t);
        if (!m.matches()) throw new IllegalArgumentException("timespan \"" + text + "\": expected a number and s, m, h or d (e.g. 10m)");
        long n = Long.parseLong(m.group(1));
        long unit = switch (m.group(2)) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            default -> 86_400_000L;
        };
        if (n == 0) throw new IllegalArgumentException("timespan \"" + text + "\" must be positive");
        return n * unit;
    }

    /** The keys of {@code a} by {@code fields}, read once per alert (by {@code read}) for all the blocks it feeds. */
    List<Key> keysOf(Alert a, List<String> fields, java.util.function.BiFunction<Alert, List<String>, List<Key>> read) {
        if (a != keysOf) {
            keySlots = 0;
            keysOf = a;
        }
        for (int i = 0; i < keySlots; i++) if (keyFields[i] == fields) return keyLists[i];
        for (int i = 0; i < keySlots; i++) if (keyFields[i].equals(fields)) return keyLists[i];
        List<Key> k = read.apply(a, fields);
        if (keySlots == keyFields.length) {
            keyFields = Arrays.copyOf(keyFields, keySlots * 2);
            keyLists = Arrays.copyOf(keyLists, keySlots * 2);
        }
        keyFields[keySlots] = fields;
        keyLists[keySlots++] = k;
        return k;
    }

    /** The windows held for {@code k} (made empty when no block holds one yet). */
    Slots slotsOf(Key k) {
        Slots s = k.slots;
        if (s == null || s.dropped) {
            Map<String, Slots> ofTenant = slotsByTenant.get(k.tenant);
            if (ofTenant == null) {
                ofTenant = new HashMap<>();
                slotsByTenant.put(k.tenant, ofTenant);
            }
            s = ofTenant.get(k.valueKey);
            if (s == null) {
                s = new Slots(ofTenant, k.valueKey, inOrder.size());
                ofTenant.put(k.valueKey, s);
            }
            k.slots = s;
        }
        return s;
    }

    /** Block {@code block} now holds window {@code w} for the key of {@code s}. */
    void hold(Slots s, int block, Window w) {
        if (block >= s.byBlock.length) s.byBlock = Arrays.copyOf(s.byBlock, Math.max(block + 1, inOrder.size()));
        s.byBlock[block] = w;
        s.held++;
    }

    /** Block {@code block} let go of its window for the key of {@code s}; the key is forgotten when none holds one. */
    void release(Slots s, int block) {
        s.byBlock[block] = null;
        if (--s.held == 0) {
            s.dropped = true;
            s.in.remove(s.valueKey);
        }
    }

    /**
     * Called by every feed: once per hour of event time, windows nothing has fed for a timespan leave working
     * memory, so memory stays bounded by what is live.
     */
    void beforeEntry(RuleContext drools, long eventTime) {
        if (eventTime < nextSweep) return;
        long boundary = Math.floorDiv(eventTime, SWEEP_INTERVAL) * SWEEP_INTERVAL;
        if (nextSweep != Long.MIN_VALUE) for (Block<?> b : inOrder) b.sweep(drools.getKieRuntime(), boundary);
        nextSweep = boundary + SWEEP_INTERVAL;
    }

    /** The longest timespan of the blocks declared so far (0 when none is): how far back their state reaches. */
    public long longestTimespan() {
        long max = 0;
        for (Block<?> b : inOrder) max = Math.max(max, b.timespanMillis());
        return max;
    }

    /** The block named {@code name}, or null. */
    public Block<?> get(String name) {
        return byName.get(name);
    }

    /** The risk table the blocks read RiskScore from. */
    public RiskTable risk() {
        return risk;
    }

    /** Alert's risk score (rule-set, else by alert type, else by severity), for rules: {@code blocks.riskOf($a)}. */
    public int riskOf(Alert a) {
        return risk.scoreOf(a);
    }
}
