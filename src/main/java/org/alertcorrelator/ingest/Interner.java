package org.alertcorrelator.ingest;

import java.util.Locale;

import org.alertcorrelator.model.Entity;

/**
 * Gives one instance for equal strings and entities, so that a million alerts in memory share their tenant,
 * alert type, host names and so on instead of holding a copy each. Bounded: a value that falls out of the
 * cache is only stored twice, never wrong. Also caches case conversions, so that each distinct text is
 * converted once rather than once per record.
 *
 * <p>Lock-free and safe to share between threads: a race can lose an entry, never return a wrong one.
 */
public final class Interner {
    private static final Interner SHARED = new Interner(1 << 15);

    // Two slots per bucket, newest first. Strings are their own key, so no entry object stands between the
    // table and the text. The hashes beside them let a lookup pass over other strings without loading them;
    // a stale hash (a race) only costs a miss, since a string is returned only when equal.
    private final String[] strings;
    private final int[] hashes;
    private final int mask;
    private final BoundedCache<String, String> lowerCase;
    private final BoundedCache<String, String> upperCase;
    // Entities the same way as the strings (an entity's hash is its type's and key's, see Entity.hashCode).
    private final Entity[] entities;
    private final int[] entityHashes;
    private final int entityMask;

    public Interner(int capacity) {
        int size = Integer.highestOneBit(Math.max(4, capacity - 1) << 1);
        strings = new String[size];
        hashes = new int[size];
        mask = size - 2;
        lowerCase = new BoundedCache<>(capacity);
        upperCase = new BoundedCache<>(Math.max(4, capacity / 8));
        entities = new Entity[size];
        entityHashes = new int[size];
        entityMask = size - 2;
    }

    /** The interner all readers share unless given their own. */
    public static Interner shared() {
        return SHARED;
    }

    public String intern(String s) {
        return s == null ? null : intern(s, s.hashCode());
    }

    /**
     * The String equal to the text: the one held when there is one, so that a value met before costs no copy;
     * else the text as a new String, which is then held.
     */
    String intern(CharSequence text) {
        if (text == null) return null;
        if (text instanceof String s) return intern(s);
        return intern(text, text.hashCode());
    }

    /** {@code h} is the text's {@link String#hashCode()} ({@link CharSlice}'s is the same). */
    private String intern(CharSequence s, int h) {
        int i = bucket(h, mask);
        for (int k = i; k < i + 2; k++) {
            String c = strings[k];
            if (hashes[k] == h && c != null && c.contentEquals(s)) {
                if (k > i) toFront(strings, hashes, i);
                return c;
            }
        }
        String n = s.toString();
        putFront(strings, hashes, i, n, h);
        return n;
    }

    // Two slots per bucket, the strings' and the entities' tables alike. A hit moves to the front, so that a value
    // seen often outlives the one-off texts (descriptions, resource ids) that pass through its bucket: least
    // recently used goes first.

    private static int bucket(int h, int mask) {
        return ((h * 0x9E3779B9) >>> 7) & mask;
    }

    private static <T> void toFront(T[] items, int[] itemHashes, int i) {
        T second = items[i + 1];
        int secondHash = itemHashes[i + 1];
        items[i + 1] = items[i];
        itemHashes[i + 1] = itemHashes[i];
        items[i] = second;
        itemHashes[i] = secondHash;
    }

    private static <T> void putFront(T[] items, int[] itemHashes, int i, T item, int h) {
        items[i + 1] = items[i];
        itemHashes[i + 1] = itemHashes[i];
        items[i] = item;
        itemHashes[i] = h;
    }

    /** The interned lower-case form (Locale.ROOT). */
    public String lowerCase(String s) {
        if (s == null) return null;
        String c = lowerCase.get(s);
        if (c != null) return c;
        c = intern(s.toLowerCase(Locale.ROOT));
        lowerCase.put(s, c);
        return c;
    }

    /** The interned lower-case form of the text (Locale.ROOT); no copy of the text when it was met before. */
    String lowerCase(CharSequence text) {
        if (text == null) return null;
        if (text instanceof String s) return lowerCase(s);
        String c = lowerCase.getText(text);
        return c != null ? c : lowerCase(text.toString());
    }

    /** The interned upper-case form (Locale.ROOT). */
    public String upperCase(String s) {
        if (s == null) return null;
        String c = upperCase.get(s);
        if (c != null) return c;
        c = intern(s.toUpperCase(Locale.ROOT));
        upperCase.put(s, c);
        return c;
    }

    /** The shared instance of this entity; type and key are expected to be interned already. */
    public Entity entity(String type, String key) {
        // Looked up by type and key before making one, so that an entity met before costs nothing.
        int h = Entity.hashOf(type, key);
        int i = bucket(h, entityMask);
        for (int k = i; k < i + 2; k++) {
            Entity c = entities[k];
            if (entityHashes[k] == h && c != null && c.type().equals(type) && c.key().equals(key)) {
                if (k > i) toFront(entities, entityHashes, i);
                return c;
            }
        }
        Entity e = new Entity(type, key);
        putFront(entities, entityHashes, i, e, h);
        return e;
    }
}
