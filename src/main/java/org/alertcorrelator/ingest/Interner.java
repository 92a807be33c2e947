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
    private final BoundedCache<Entity, Entity> entities;

    public Interner(int capacity) {
        int size = Integer.highestOneBit(Math.max(4, capacity - 1) << 1);
        strings = new String[size];
        hashes = new int[size];
        mask = size - 2;
        lowerCase = new BoundedCache<>(capacity);
        upperCase = new BoundedCache<>(Math.max(4, capacity / 8));
        entities = new BoundedCache<>(capacity);
    }

    /** The interner all readers share unless given their own. */
    public static Interner shared() {
        return SHARED;
    }

    public String intern(String s) {
        if (s == null) return null;
        int h = s.hashCode();
        int i = ((h * 0x9E3779B9) >>> 7) & mask;
        if (hashes[i] == h) {
            String c = strings[i];
            if (c != null && c.equals(s)) return c;
        }
        if (hashes[i + 1] == h) {
            String c = strings[i + 1];
            if (c != null && c.equals(s)) {
                // A hit moves to the front, so that a string seen often outlives the one-off texts (descriptions,
                // resource ids) that pass through its bucket: least recently used goes first.
                strings[i + 1] = strings[i];
                hashes[i + 1] = hashes[i];
                strings[i] = c;
                hashes[i] = h;
                return c;
            }
        }
        strings[i + 1] = strings[i];
        hashes[i + 1] = hashes[i];
        strings[i] = s;
        hashes[i] = h;
        return s;
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
        Entity e = new Entity(type, key);
        Entity c = entities.get(e);
        if (c != null) return c;
        entities.put(e, e);
        return e;
    }
}
