package org.alertcorrelator.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import org.alertcorrelator.model.Entity;
import org.alertcorrelator.model.StepPair;
import org.alertcorrelator.ruleset.PatternSeed;
import org.alertcorrelator.ruleset.PrevalenceSettings;

/**
 * What every rule session of one run has seen, across tenants, counted in event time: linked step pairs, alerts
 * per step, and entity values of the types counted across tenants. Tenants are known here only by a hash.
 *
 * <p><b>Why results do not depend on sessions or scheduling.</b> Observations are filed in buckets of one sweep
 * interval of event time. The counts a session sees between boundaries b and b + interval are those of the
 * buckets wholly inside [b - horizon, b) (a {@link Snapshot}), plus the seed. A session crosses boundary b only
 * once every session of the run has reached b ({@link #reach}): each has processed every alert before b and
 * filed what it saw. A replay that shards tenants across sessions therefore sees exactly what one session would,
 * and the service (one session) exactly what replay does.
 */
public final class PrevalenceLedger {
    /** An ordered pair of steps. */
    public record PairKey(String first, String then) {
        static final java.util.Comparator<PairKey> IN_NAME_ORDER =
                java.util.Comparator.comparing(PairKey::first).thenComparing(PairKey::then);
    }

    /**
     * The counts as of one boundary: pairs, and entity values seen in two or more tenants (by their fingerprints,
     * see {@link EntityFingerprint}).
     */
    public record Snapshot(long boundary, Map<PairKey, StepPair> pairs, Map<EntityFingerprint.Value, Integer> entityTenants,
                           int[] entityHashes, EntityFingerprint fingerprint) {
        static final Snapshot EMPTY = new Snapshot(Long.MIN_VALUE, Map.of(), Map.of(), new int[0], null);

        public int tenantsSeeing(Entity e) {
            // The values' own hash codes (sorted) first: nearly every value asked is seen in one tenant, and is
            // told so without computing its fingerprint.
            if (java.util.Arrays.binarySearch(entityHashes, e.hashCode()) < 0) return 1;
            Integer n = entityTenants.get(fingerprint.of(e));
            return n == null ? 1 : n;
        }
    }

    private static final class Bucket {
        // Per pair and per step, (tenant index, count) pairs: a small array, not a map per key (an interval of a
        // month-long horizon holds tens of thousands of them).
        final Map<PairKey, int[]> links = new HashMap<>();
        final Map<String, int[]> steps = new HashMap<>();
        final Map<String, Integer> alerts = new HashMap<>();
        // Entity values are many: per value, the tenants (by index) that saw it in the interval. Small arrays, not
        // maps: a million alerts name a million values. Once the interval is in the running totals and needs no
        // filing, only the (fingerprint, tenant) triples are kept: what taking it out of the totals again needs.
        Map<Entity, int[]> entities = new HashMap<>();
        long[] sealed; // per value and tenant: first word, second word, the value's hashCode (high half) and tenant index

        void seal(EntityFingerprint fingerprint) {
            if (sealed != null) return;
            int n = 0;
            for (int[] tenants : entities.values()) n += tenants.length;
            long[] out = new long[n * 3];
            int at = 0;
            for (Map.Entry<Entity, int[]> e : entities.entrySet()) {
                for (int t : e.getValue()) {
                    fingerprint.into(e.getKey(), out, at);
                    out[at + 2] = (long) e.getKey().hashCode() << 32 | (t & 0xffffffffL);
                    at += 3;
                }
            }
            sealed = out;
        }

        /** The values themselves are no longer needed (they are filed, or never will be). */
        void release() {
            if (sealed != null) entities = null;
        }

        Map<Entity, int[]> entities() {
            if (entities == null) throw new IllegalStateException("an interval already counted and filed was asked for its entity values");
            return entities;
        }
    }

    private final PrevalenceSettings settings;
    private final long interval;
    private final List<PatternSeed.Row> seed;
    private final long[] reached;
    private boolean aborted;

    private final NavigableMap<Long, Bucket> buckets = new TreeMap<>();
    // The running totals of the buckets inside the horizon of `asOf`, per tenant so that a bucket can leave again.
    private final Map<PairKey, Map<String, Integer>> linksInHorizon = new HashMap<>();
    private final Map<String, Map<String, Integer>> stepsInHorizon = new HashMap<>();
    private final Map<String, Integer> alertsInHorizon = new HashMap<>();
    private final EntityFingerprint fingerprint = new EntityFingerprint();
    private final TenantsByValue entitiesInHorizon = new TenantsByValue();
    private final Map<PairKey, long[]> seen = new HashMap<>(); // first and last time seen linked, ever
    private final Map<String, Integer> tenantIndex = new HashMap<>();
    // Values seen in two or more tenants: how many, and the value's hashCode (for Snapshot.entityHashes).
    private final Map<EntityFingerprint.Value, int[]> multiTenantEntities = new HashMap<>();
    // Whether multiTenantEntities changed since the last snapshot copied it (most boundaries it does not).
    private boolean multiTenantEntitiesChanged = true;
    private long asOf = Long.MIN_VALUE;
    // Persistence (a service keeps the counts in its store): tenants by index, the buckets restored from the store
    // (observations before restoredUntil are counted there already), and what closed since the last drain.
    private final List<String> tenantsByIndex = new ArrayList<>();
    private long restoredUntil = Long.MIN_VALUE;
    private boolean keepClosed;
    private final List<Map.Entry<Long, Bucket>> closed = new ArrayList<>();
    private final java.util.Set<PairKey> seenChanged = new java.util.HashSet<>();
    private Snapshot latest = Snapshot.EMPTY;
    private Snapshot previous = Snapshot.EMPTY;
    // Filing ahead of crossing (a member of a Kafka consumer group, docs/scale-out.md): this session's own intervals
    // before `filedAhead` are filed (for others to read) before it crosses their end; an observation that comes
    // later counts in the first interval not filed. Counts other engines filed (the group's other partitions) are
    // kept apart in `foreign`: added to the horizon as boundaries are crossed, never filed again as this one's.
    private boolean fileAhead;
    private long filedAhead = Long.MIN_VALUE;
    private final NavigableMap<Long, Bucket> foreign = new TreeMap<>();

    /**
     * @param sessions how many sessions take part: each must {@link #reach} every boundary it crosses and, once
     *                 done, {@link #leave}
     */
    public PrevalenceLedger(PrevalenceSettings settings, long intervalMillis, List<PatternSeed.Row> seed, int sessions) {
        this.settings = settings;
        this.interval = intervalMillis;
        this.seed = List.copyOf(seed);
        this.reached = new long[sessions];
        java.util.Arrays.fill(reached, Long.MIN_VALUE);
    }

    public PrevalenceSettings settings() {
        return settings;
    }

    /** The tenant as prevalence state knows it: the first 16 hex digits of SHA-256 of the id. */
    public static String tenantHash(String tenant) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(("alert-correlator prevalence " + tenant).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Files what a session recorded (all of it before the boundary the session is about to reach). */
    synchronized void file(PrevalenceRecorder r) {
        Bucket lastBucket = null;
        long lastIndex = 0;
        for (PrevalenceRecorder.Observation o : r.observations()) {
            long index = Math.floorDiv(o.time(), interval);
            if (index * interval < asOf) index = Math.floorDiv(asOf, interval); // too late for a past snapshot
            if (o.kind() == PrevalenceRecorder.Kind.LINK) saw((PairKey) o.key(), o.time(), o.time());
            if (index * interval < restoredUntil) continue; // a replayed alert: its interval came from the store
            if (index * interval < filedAhead) index = Math.floorDiv(filedAhead, interval); // too late for what was filed
            // Between two boundaries a session's observations all fall in one interval: look it up once.
            if (index != lastIndex || lastBucket == null) {
                lastBucket = buckets.computeIfAbsent(index, i -> new Bucket());
                lastIndex = index;
            }
            Bucket b = lastBucket;
            switch (o.kind()) {
                case LINK -> count(b.links, (PairKey) o.key(), tenantIndex(o.tenant()), 1);
                case STEP -> {
                    count(b.steps, (String) o.key(), tenantIndex(o.tenant()), 1);
                    b.alerts.merge(o.tenant(), 1, Integer::sum);
                }
                case ENTITY -> sawEntity(b, (Entity) o.key(), o.tenant());
            }
        }
        r.clear();
    }

    private void saw(PairKey k, long firstSeen, long lastSeen) {
        long[] s = seen.computeIfAbsent(k, x -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
        if (firstSeen < s[0] || lastSeen > s[1]) {
            s[0] = Math.min(s[0], firstSeen);
            s[1] = Math.max(s[1], lastSeen);
            if (keepClosed) seenChanged.add(k);
        }
    }

    private int tenantIndex(String tenant) {
        Integer t = tenantIndex.get(tenant);
        if (t != null) return t;
        tenantsByIndex.add(tenant);
        tenantIndex.put(tenant, tenantsByIndex.size() - 1);
        return tenantsByIndex.size() - 1;
    }

    /** Adds n to the tenant's count in the key's (tenant index, count) pairs. */
    private static <K> void count(Map<K, int[]> counts, K key, int tenant, int n) {
        int[] pairs = counts.get(key);
        if (pairs == null) {
            counts.put(key, new int[] {tenant, n});
            return;
        }
        int i = indexOf(pairs, tenant, 2);
        if (i >= 0) {
            pairs[i + 1] += n;
            return;
        }
        int[] more = java.util.Arrays.copyOf(pairs, pairs.length + 2);
        more[pairs.length] = tenant;
        more[pairs.length + 1] = n;
        counts.put(key, more);
    }

    private void sawEntity(Bucket b, Entity e, String tenant) {
        int t = tenantIndex(tenant);
        Map<Entity, int[]> values = b.entities();
        int[] seenBy = values.get(e);
        if (seenBy == null) values.put(e, new int[] {t});
        else if (indexOf(seenBy, t, 1) < 0) {
            int[] more = java.util.Arrays.copyOf(seenBy, seenBy.length + 1);
            more[seenBy.length] = t;
            values.put(e, more);
        }
    }

    // ---- persistence: what a service keeps in its store so that a restart counts what the run before it did ----

    /** From now on, intervals that close are kept for {@link #drainClosed} (for a service that stores them). */
    public synchronized void keepClosedIntervals() {
        keepClosed = true;
    }

    /**
     * What closed since the last drain: the counts of every interval wholly before the current boundary not yet
     * drained, and the pairs whose first or last sighting changed.
     *
     * @param filedUntil every interval before it is complete in {@code counts} and the drains before
     */
    public record Closed(List<org.alertcorrelator.model.PrevalenceCount> counts, List<org.alertcorrelator.model.PrevalenceCount.Seen> seen,
                         long filedUntil) {
        public boolean isEmpty() {
            return counts.isEmpty() && seen.isEmpty();
        }
    }

    public synchronized Closed drainClosed() {
        List<org.alertcorrelator.model.PrevalenceCount> out = new ArrayList<>();
        for (Map.Entry<Long, Bucket> e : closed) {
            countsOf(e.getKey() * interval, e.getValue(), out);
            e.getValue().release();
        }
        closed.clear();
        return new Closed(out, drainSeen(), asOf == Long.MIN_VALUE ? restoredUntil : Math.max(restoredUntil, asOf));
    }

    /** Each (tenant, count) of a key's pairs, the tenant by its hash. */
    private void forEachPair(int[] pairs, java.util.function.BiConsumer<String, Integer> action) {
        for (int i = 0; i < pairs.length; i += 2) action.accept(tenantsByIndex.get(pairs[i]), pairs[i + 1]);
    }

    private void countsOf(long start, Bucket b, List<org.alertcorrelator.model.PrevalenceCount> out) {
        b.links.forEach((k, pairs) -> forEachPair(pairs, (t, n) ->
                out.add(new org.alertcorrelator.model.PrevalenceCount(start, org.alertcorrelator.model.PrevalenceCount.PAIR, k.first(), k.then(), t, n))));
        b.steps.forEach((step, pairs) -> forEachPair(pairs, (t, n) ->
                out.add(new org.alertcorrelator.model.PrevalenceCount(start, org.alertcorrelator.model.PrevalenceCount.STEP, step, "", t, n))));
        b.alerts.forEach((t, n) -> out.add(new org.alertcorrelator.model.PrevalenceCount(start, org.alertcorrelator.model.PrevalenceCount.ALERTS, "", "", t, n)));
        b.entities().forEach((en, tenants) -> {
            for (int t : tenants) {
                out.add(new org.alertcorrelator.model.PrevalenceCount(start, org.alertcorrelator.model.PrevalenceCount.ENTITY, en.type(), en.key(),
                        tenantsByIndex.get(t), 1));
            }
        });
    }

    private List<org.alertcorrelator.model.PrevalenceCount.Seen> drainSeen() {
        List<org.alertcorrelator.model.PrevalenceCount.Seen> seenOut = new ArrayList<>();
        for (PairKey k : seenChanged) {
            long[] s = seen.get(k);
            seenOut.add(new org.alertcorrelator.model.PrevalenceCount.Seen(k.first(), k.then(), s[0], s[1]));
        }
        seenChanged.clear();
        return seenOut;
    }

    // ---- a consumer group's members: each partition's session files ahead of crossing, and reads the others' ----

    /**
     * Files this session's own intervals before {@code boundary} that were not filed yet, ahead of crossing it (the
     * caller promises that every alert before the boundary has been processed): what to write under this session's
     * source in the store, with {@code filedUntil} = the boundary. From now on an observation of an interval before
     * the boundary counts in the first interval not filed, and intervals no longer wait for {@link #drainClosed}.
     */
    public synchronized Closed fileUntil(long boundary) {
        fileAhead = true;
        keepClosed = true; // sightings that change are kept for the store
        closed.clear();
        long from = Math.max(filedAhead, restoredUntil);
        List<org.alertcorrelator.model.PrevalenceCount> out = new ArrayList<>();
        if (boundary > from) {
            long fromIndex = from == Long.MIN_VALUE ? Long.MIN_VALUE : -Math.floorDiv(-from, interval);
            for (Map.Entry<Long, Bucket> e : buckets.subMap(fromIndex, true, Math.floorDiv(boundary, interval), false).entrySet()) {
                countsOf(e.getKey() * interval, e.getValue(), out);
                e.getValue().release(); // when it is in the totals already; else once it is
            }
            filedAhead = boundary;
        }
        return new Closed(out, drainSeen(), Math.max(from, boundary));
    }

    /** How far this session's own intervals are filed (by {@link #fileUntil} or as restored). */
    public synchronized long filedUntil() {
        return Math.max(filedAhead, restoredUntil);
    }

    /**
     * Adds counts other engines filed (complete intervals only). An interval this session's horizon has already
     * passed is not taken (the barrier of the caller keeps that from happening; adding it now would count it out of
     * turn): the number of such counts is returned.
     */
    public synchronized int addForeign(List<org.alertcorrelator.model.PrevalenceCount> counts) {
        long oldHi = asOf == Long.MIN_VALUE ? Long.MIN_VALUE : Math.floorDiv(asOf, interval) - 1;
        int refused = 0;
        for (org.alertcorrelator.model.PrevalenceCount c : counts) {
            long index = Math.floorDiv(c.bucket(), interval);
            if (asOf != Long.MIN_VALUE && index <= oldHi) {
                refused++;
                continue;
            }
            Bucket b = foreign.computeIfAbsent(index, i -> new Bucket());
            int n = (int) Math.min(Integer.MAX_VALUE, c.count());
            switch (c.kind()) {
                case org.alertcorrelator.model.PrevalenceCount.PAIR -> {
                    PairKey k = new PairKey(c.item1(), c.item2());
                    count(b.links, k, tenantIndex(c.tenantHash()), n);
                    // another engine's sighting is known to its interval: first and last seen within it
                    long[] s = seen.computeIfAbsent(k, x -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
                    s[0] = Math.min(s[0], index * interval);
                    s[1] = Math.max(s[1], index * interval + interval - 1);
                }
                case org.alertcorrelator.model.PrevalenceCount.STEP ->
                        count(b.steps, c.item1(), tenantIndex(c.tenantHash()), n);
                case org.alertcorrelator.model.PrevalenceCount.ALERTS -> b.alerts.merge(c.tenantHash(), n, Integer::sum);
                case org.alertcorrelator.model.PrevalenceCount.ENTITY -> sawEntity(b, new Entity(c.item1(), c.item2()), c.tenantHash());
                default -> { } // a kind a later version added: not known here
            }
        }
        return refused;
    }

    /**
     * Before any session runs: the counts a store kept, complete for every interval before {@code filedUntil}.
     * Observations of those intervals filed later (the alerts a restarted service replays) are not counted again.
     */
    public synchronized void restore(List<org.alertcorrelator.model.PrevalenceCount> counts, List<org.alertcorrelator.model.PrevalenceCount.Seen> seenBefore,
                                     long filedUntil) {
        if (asOf != Long.MIN_VALUE) throw new IllegalStateException("counts restored after the sessions started");
        for (org.alertcorrelator.model.PrevalenceCount c : counts) {
            if (c.bucket() >= filedUntil) continue;
            Bucket b = buckets.computeIfAbsent(Math.floorDiv(c.bucket(), interval), i -> new Bucket());
            int n = (int) Math.min(Integer.MAX_VALUE, c.count());
            switch (c.kind()) {
                case org.alertcorrelator.model.PrevalenceCount.PAIR ->
                        count(b.links, new PairKey(c.item1(), c.item2()), tenantIndex(c.tenantHash()), n);
                case org.alertcorrelator.model.PrevalenceCount.STEP ->
                        count(b.steps, c.item1(), tenantIndex(c.tenantHash()), n);
                case org.alertcorrelator.model.PrevalenceCount.ALERTS -> b.alerts.merge(c.tenantHash(), n, Integer::sum);
                case org.alertcorrelator.model.PrevalenceCount.ENTITY -> sawEntity(b, new Entity(c.item1(), c.item2()), c.tenantHash());
                default -> { } // a kind a later version added: not known here
            }
        }
        for (org.alertcorrelator.model.PrevalenceCount.Seen x : seenBefore) {
            long[] s = seen.computeIfAbsent(new PairKey(x.first(), x.then()), k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
            s[0] = Math.min(s[0], x.firstSeen());
            s[1] = Math.max(s[1], x.lastSeen());
        }
        for (org.alertcorrelator.model.PrevalenceCount c : counts) { // a pair kept without its sightings: its interval
            if (c.bucket() < filedUntil && c.kind().equals(org.alertcorrelator.model.PrevalenceCount.PAIR)) {
                seen.computeIfAbsent(new PairKey(c.item1(), c.item2()), k -> new long[] {c.bucket(), c.bucket() + interval - 1});
            }
        }
        restoredUntil = Math.max(restoredUntil, filedUntil);
    }

    /**
     * Session {@code session} has processed every alert before {@code boundary} and filed what it saw; waits
     * until every session has.
     */
    synchronized void reach(int session, long boundary) {
        reached[session] = Math.max(reached[session], boundary);
        notifyAll();
        while (!aborted && minReached() < boundary) {
            try {
                wait(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the other correlation sessions");
            }
        }
        if (aborted) throw new IllegalStateException("another correlation session failed");
    }

    /** The session is done (it will file nothing more): no other session waits for it. */
    public synchronized void leave(int session) {
        reached[session] = Long.MAX_VALUE;
        notifyAll();
    }

    /** A session failed: no other waits for it any more. */
    public synchronized void abort() {
        aborted = true;
        notifyAll();
    }

    private long minReached() {
        long m = Long.MAX_VALUE;
        for (long r : reached) m = Math.min(m, r);
        return m;
    }

    /** The counts sessions see from {@code boundary} on (boundaries asked in increasing order by each session). */
    synchronized Snapshot asOf(long boundary) {
        if (boundary == latest.boundary()) return latest;
        if (boundary == previous.boundary()) return previous;
        if (boundary < latest.boundary()) throw new IllegalStateException("snapshot of a past boundary asked");
        advance(boundary);
        previous = latest;
        latest = snapshot(boundary);
        return latest;
    }

    /** Intervals that still hold their entity values, not only fingerprints (the current ones, or those to file). */
    synchronized int intervalsHoldingValues() {
        int n = 0;
        for (Bucket b : buckets.values()) if (b.entities != null) n++;
        for (Bucket b : foreign.values()) if (b.entities != null) n++;
        return n;
    }

    /** The latest counts computed (for the service's listing). */
    public synchronized Snapshot latest() {
        return latest;
    }

    private void advance(long boundary) {
        long hi = Math.floorDiv(boundary, interval) - 1; // last bucket wholly before the boundary
        long lo = -Math.floorDiv(-(boundary - settings.horizonMillis()), interval); // first bucket wholly inside
        long oldHi = asOf == Long.MIN_VALUE ? Long.MIN_VALUE : Math.floorDiv(asOf, interval) - 1;
        for (Map.Entry<Long, Bucket> e : buckets.subMap(oldHi, false, hi, true).entrySet()) {
            if (e.getKey() >= lo) addTo(e.getValue(), 1);
            if (keepClosed && !fileAhead && e.getKey() * interval >= restoredUntil) closed.add(Map.entry(e.getKey(), e.getValue())); // closed now: kept for the store
            else if (!fileAhead || e.getKey() * interval < Math.max(filedAhead, restoredUntil)) e.getValue().release();
        }
        for (Map.Entry<Long, Bucket> e : foreign.subMap(oldHi, false, hi, true).entrySet()) {
            if (e.getKey() >= lo) addTo(e.getValue(), 1);
            e.getValue().release(); // another engine's: never filed by this one
        }
        // Buckets that leave the horizon had been added (they were inside it at asOf); drop them for good.
        for (NavigableMap<Long, Bucket> m : List.of(buckets, foreign)) {
            for (var it = m.headMap(lo, false).entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Long, Bucket> e = it.next();
                if (e.getKey() <= oldHi) addTo(e.getValue(), -1);
                it.remove();
            }
        }
        asOf = boundary;
    }

    /** Adds a bucket to the running totals (sign 1) or takes it out of them (sign -1). */
    private void addTo(Bucket b, int sign) {
        b.links.forEach((k, pairs) -> merge(linksInHorizon, k, pairs, sign));
        b.steps.forEach((k, pairs) -> merge(stepsInHorizon, k, pairs, sign));
        b.seal(fingerprint);
        long[] sealed = b.sealed;
        for (int i = 0; i < sealed.length; i += 3) {
            int tenants = entitiesInHorizon.add(sealed[i], sealed[i + 1], (int) sealed[i + 2], sign);
            int valueHash = (int) (sealed[i + 2] >>> 32);
            // Kept as it changes, so a snapshot need not look at the values only one tenant saw (nearly all). A
            // value's tenants only grow while a bucket is added and only shrink while one is taken out.
            if (tenants < 2 && (sign > 0 || multiTenantEntities.isEmpty())) continue;
            EntityFingerprint.Value k = new EntityFingerprint.Value(sealed[i], sealed[i + 1]);
            int[] before = tenants >= 2 ? multiTenantEntities.put(k, new int[] {tenants, valueHash}) : multiTenantEntities.remove(k);
            if ((before == null ? 0 : before[0]) != (tenants >= 2 ? tenants : 0)) multiTenantEntitiesChanged = true;
        }
        b.alerts.forEach((t, n) -> alertsInHorizon.merge(t, sign * n, (x, y) -> x + y == 0 ? null : x + y));
    }

    private static int indexOf(int[] a, int value, int stride) {
        for (int i = 0; i < a.length; i += stride) if (a[i] == value) return i;
        return -1;
    }

    private <K> void merge(Map<K, Map<String, Integer>> total, K key, int[] pairs, int sign) {
        Map<String, Integer> t = total.computeIfAbsent(key, x -> new HashMap<>(4));
        forEachPair(pairs, (tenant, n) -> t.merge(tenant, sign * n, (x, y) -> x + y == 0 ? null : x + y));
        if (t.isEmpty()) total.remove(key);
    }

    private Snapshot snapshot(long boundary) {
        Map<PairKey, StepPair> pairs = new TreeMap<>(PairKey.IN_NAME_ORDER); // sessions take them in this order
        Map<PairKey, PatternSeed.Row> seeds = new HashMap<>();
        for (PatternSeed.Row r : seed) seeds.put(new PairKey(r.first(), r.then()), r);
        for (Map.Entry<PairKey, Map<String, Integer>> e : linksInHorizon.entrySet()) {
            PairKey k = e.getKey();
            PatternSeed.Row s = seeds.remove(k);
            int tenants = e.getValue().size() + (s == null ? 0 : s.tenants());
            if (tenants < 2) continue; // seen in one tenant only: nothing to say across tenants
            long linked = 0;
            long reverse = 0;
            long firstCount = 0;
            long thenCount = 0;
            long alerts = 0;
            Map<String, Integer> back = linksInHorizon.getOrDefault(new PairKey(k.then(), k.first()), Map.of());
            Map<String, Integer> firstSteps = stepsInHorizon.getOrDefault(k.first(), Map.of());
            Map<String, Integer> thenSteps = stepsInHorizon.getOrDefault(k.then(), Map.of());
            for (Map.Entry<String, Integer> t : e.getValue().entrySet()) {
                linked += t.getValue();
                reverse += back.getOrDefault(t.getKey(), 0);
                firstCount += firstSteps.getOrDefault(t.getKey(), 0);
                thenCount += thenSteps.getOrDefault(t.getKey(), 0);
                alerts += alertsInHorizon.getOrDefault(t.getKey(), 0);
            }
            long[] when = seen.get(k);
            long firstSeen = when[0];
            long lastSeen = when[1];
            if (s != null) {
                linked += s.linked();
                reverse += s.reverse();
                firstCount += s.firstCount();
                thenCount += s.thenCount();
                alerts += s.alerts();
                firstSeen = Math.min(firstSeen, s.firstSeen());
                lastSeen = Math.max(lastSeen, s.lastSeen());
            }
            pairs.put(k, stepPair(k, tenants, linked, reverse, firstCount, thenCount, alerts, firstSeen, lastSeen));
        }
        for (PatternSeed.Row s : seeds.values()) { // seeded pairs not seen live in the horizon
            PairKey k = new PairKey(s.first(), s.then());
            pairs.put(k, stepPair(k, s.tenants(), s.linked(), s.reverse(), s.firstCount(), s.thenCount(), s.alerts(),
                    s.firstSeen(), s.lastSeen()));
        }
        Map<EntityFingerprint.Value, Integer> entities = latest.entityTenants();
        int[] hashes = latest.entityHashes();
        if (multiTenantEntitiesChanged) {
            Map<EntityFingerprint.Value, Integer> copy = new HashMap<>();
            hashes = new int[multiTenantEntities.size()];
            int n = 0;
            for (Map.Entry<EntityFingerprint.Value, int[]> e : multiTenantEntities.entrySet()) {
                copy.put(e.getKey(), e.getValue()[0]);
                hashes[n++] = e.getValue()[1];
            }
            java.util.Arrays.sort(hashes);
            entities = Collections.unmodifiableMap(copy);
        }
        multiTenantEntitiesChanged = false;
        return new Snapshot(boundary, Collections.unmodifiableMap(pairs), entities, hashes, fingerprint);
    }

    static StepPair stepPair(PairKey k, int tenants, long linked, long reverse, long firstCount, long thenCount, long alerts,
                             long firstSeen, long lastSeen) {
        long rarer = Math.max(1, Math.min(firstCount, thenCount));
        double confidence = Math.min(1.0, (double) linked / rarer);
        double lift = firstCount == 0 || thenCount == 0 ? 0 : (double) linked * alerts / ((double) firstCount * thenCount);
        return new StepPair(k.first(), k.then(), tenants, linked, reverse, firstCount, thenCount, alerts, confidence, lift,
                firstSeen, lastSeen);
    }

    /** Pairs of the latest snapshot, by tenants (most first), then name: for listings and `patterns`. */
    public synchronized List<StepPair> latestPairs() {
        List<StepPair> out = new ArrayList<>(latest.pairs().values());
        out.sort(java.util.Comparator.comparingInt(StepPair::getTenants).reversed().thenComparing(StepPair::getName));
        return out;
    }
}
