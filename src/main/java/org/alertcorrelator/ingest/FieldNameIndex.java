package org.alertcorrelator.ingest;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the field a name means, ignoring case, without lower-casing anything: each spelling met is looked up
 * once in a case-insensitive map and then remembered as it is. Jackson hands out the same String instance for
 * a field name each time, so the remembered lookup is one hash probe.
 */
final class FieldNameIndex<E extends Enum<E>> {
    private static final Object NONE = new Object();
    private static final int MAX_SPELLINGS = 10_000;

    private final Map<String, E> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final ConcurrentHashMap<String, Object> seen = new ConcurrentHashMap<>();

    FieldNameIndex(Map<String, E> names) {
        byName.putAll(names);
        seen.putAll(names);
    }

    /** The field the name means, or null. */
    @SuppressWarnings("unchecked")
    E lookup(String name) {
        Object v = seen.get(name);
        if (v == null) {
            E e = byName.get(name);
            v = e == null ? NONE : e;
            if (seen.size() < MAX_SPELLINGS) seen.put(name, v);
        }
        return v == NONE ? null : (E) v;
    }
}
