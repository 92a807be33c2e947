package org.alertcorrelator.engine;

import java.util.Arrays;

/**
 * The ledger's running counts of entity values within the prevalence horizon: per value (by its
 * {@link EntityFingerprint}), how many of its sightings each tenant has there. Open addressing over parallel arrays
 * (linear probing, deletion by shifting back), so a value costs its 16-byte fingerprint, a reference and a small
 * array of (tenant, count) pairs, where a map of values to arrays cost three objects and the value's strings.
 */
final class TenantsByValue {
    private long[] first = new long[1024];
    private long[] second = new long[1024];
    private int[][] counts = new int[1024][]; // (tenant index, sightings) pairs; null: free slot
    private int size;

    int size() {
        return size;
    }

    /**
     * Adds {@code delta} sightings of tenant {@code tenant} to the value {@code (w0, w1)}; a tenant at zero leaves and
     * a value with no tenant left goes.
     *
     * @return how many tenants see the value now
     */
    int add(long w0, long w1, int tenant, int delta) {
        int slot = find(w0, w1);
        int[] pairs = counts[slot];
        if (pairs == null) {
            if (delta <= 0) return 0;
            first[slot] = w0;
            second[slot] = w1;
            counts[slot] = new int[] {tenant, delta};
            if (++size * 4 > counts.length * 3) grow();
            return 1;
        }
        pairs = addCount(pairs, tenant, delta);
        if (pairs.length == 0) {
            remove(slot);
            return 0;
        }
        counts[slot] = pairs;
        return pairs.length / 2;
    }

    private int find(long w0, long w1) {
        int mask = counts.length - 1;
        int slot = home(w0, mask);
        while (counts[slot] != null && (first[slot] != w0 || second[slot] != w1)) slot = (slot + 1) & mask;
        return slot;
    }

    /** Empties {@code slot}, moving back the values after it that probed past it (no tombstones). */
    private void remove(int slot) {
        int mask = counts.length - 1;
        counts[slot] = null;
        size--;
        int hole = slot;
        for (int i = (slot + 1) & mask; counts[i] != null; i = (i + 1) & mask) {
            if (!mayFill(hole, home(first[i], mask), i)) continue;
            first[hole] = first[i];
            second[hole] = second[i];
            counts[hole] = counts[i];
            counts[i] = null;
            hole = i;
        }
    }

    private static int home(long w0, int mask) {
        return (int) (w0 ^ (w0 >>> 32)) & mask; // the words are uniform already: no mixing needed
    }

    /**
     * Linear probing's deletion by shifting back (here and in {@link TrackTable}): whether the entry at {@code at},
     * whose home slot is {@code home}, may move into the {@code hole} before it. It may unless its home lies in
     * (hole, at], going round the table: then it would move before its own home and no longer be found.
     */
    static boolean mayFill(int hole, int home, int at) {
        boolean homeBetween = hole <= at ? hole < home && home <= at : hole < home || home <= at;
        return !homeBetween;
    }

    private void grow() {
        long[] oldFirst = first;
        long[] oldSecond = second;
        int[][] oldCounts = counts;
        first = new long[oldCounts.length * 2];
        second = new long[oldCounts.length * 2];
        counts = new int[oldCounts.length * 2][];
        for (int i = 0; i < oldCounts.length; i++) {
            if (oldCounts[i] == null) continue;
            int slot = find(oldFirst[i], oldSecond[i]);
            first[slot] = oldFirst[i];
            second[slot] = oldSecond[i];
            counts[slot] = oldCounts[i];
        }
    }

    /** (tenant, count) pairs with the tenant's count changed by delta; a tenant at zero leaves. */
    static int[] addCount(int[] pairs, int tenant, int delta) {
        int i = 0;
        while (i < pairs.length && pairs[i] != tenant) i += 2;
        if (i == pairs.length) {
            if (delta <= 0) return pairs;
            int[] more = Arrays.copyOf(pairs, pairs.length + 2);
            more[pairs.length] = tenant;
            more[pairs.length + 1] = delta;
            return more;
        }
        pairs[i + 1] += delta;
        if (pairs[i + 1] > 0) return pairs;
        int[] fewer = new int[pairs.length - 2];
        System.arraycopy(pairs, 0, fewer, 0, i);
        System.arraycopy(pairs, i + 2, fewer, i, pairs.length - i - 2);
        return fewer;
    }
}
