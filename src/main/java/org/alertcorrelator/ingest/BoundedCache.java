package org.alertcorrelator.ingest;

/**
 * A fixed-size cache: two slots per hash bucket, the newer entry pushing the older one to the second slot and
 * the second one out. No locks and no eviction bookkeeping, so a lookup costs one hash and at most two
 * equality checks. Threads may race on a slot; the worst outcome is a lost entry, never a wrong value (an
 * entry is immutable and published whole).
 */
final class BoundedCache<K, V> {
    // The hash is kept with the entry (so that an entry is checked whole) and also in a plain array beside the
    // slots, so that a lookup passes over a slot holding another key without loading that entry from memory.
    // Under a race the array may be stale: that only costs a miss, as the entry itself is always checked.
    private record Slot<K, V>(int hash, K key, V value) {
    }

    private final Slot<K, V>[] slots;
    private final int[] hashes;
    private final int mask;

    @SuppressWarnings({"unchecked", "rawtypes"})
    BoundedCache(int capacity) {
        int size = Integer.highestOneBit(Math.max(4, capacity - 1) << 1);
        slots = (Slot<K, V>[]) new Slot[size];
        hashes = new int[size];
        mask = size - 2;
    }

    /** The cached value for the key, or null. */
    V get(K key) {
        int h = key.hashCode();
        int i = bucket(h);
        if (hashes[i] == h) {
            Slot<K, V> s = slots[i];
            if (s != null && s.hash == h && (s.key == key || s.key.equals(key))) return s.value;
        }
        if (hashes[i + 1] == h) {
            Slot<K, V> s = slots[i + 1];
            if (s != null && s.hash == h && (s.key == key || s.key.equals(key))) {
                toFront(i, s);
                return s.value;
            }
        }
        return null;
    }

    /** A hit in a bucket's second slot moves to the front: the least recently used of the two goes first (see Interner). */
    private void toFront(int i, Slot<K, V> s) {
        slots[i + 1] = slots[i];
        hashes[i + 1] = hashes[i];
        slots[i] = s;
        hashes[i] = s.hash;
    }

    /**
     * The cached value for a String key equal to the text, without making the text a String (a miss returns
     * null, and the caller puts the value under {@code text.toString()}).
     */
    V getText(CharSequence text) {
        int h = text.hashCode(); // a String's hash, see CharSlice
        int i = bucket(h);
        for (int k = i; k < i + 2; k++) {
            Slot<K, V> s = slots[k];
            if (hashes[k] == h && s != null && s.hash == h && s.key instanceof String key && key.contentEquals(text)) {
                if (k > i) toFront(i, s);
                return s.value;
            }
        }
        return null;
    }

    void put(K key, V value) {
        int h = key.hashCode();
        int i = bucket(h);
        slots[i + 1] = slots[i];
        hashes[i + 1] = hashes[i];
        slots[i] = new Slot<>(h, key, value);
        hashes[i] = h;
    }

    private int bucket(int h) {
        return ((h * 0x9E3779B9) >>> 7) & mask;
    }
}
