package org.alertcorrelator.store;

import java.util.Collection;
import java.util.Locale;

import org.alertcorrelator.model.Entity;

/**
 * Entities as one text column, so that "incidents (or alerts) naming this entity" is a LIKE on one column and
 * needs no side table written with every incident update: a line per entity, {@code key<TAB>type}, with a
 * newline before the first and after the last. Keys are lower-cased here and in queries.
 */
public final class EntityKeys {
    private EntityKeys() {
    }

    public static String of(Collection<Entity> entities) {
        StringBuilder b = new StringBuilder("\n");
        for (Entity e : entities) b.append(clean(e.key())).append('\t').append(clean(e.type())).append('\n');
        return b.toString();
    }

    /** The LIKE pattern (escape character '!') for an entity key, and a type if given. */
    public static String pattern(String key, String type) {
        String p = "%\n" + escape(clean(key)) + "\t";
        return type == null || type.isBlank() ? p + "%" : p + escape(clean(type)) + "\n%";
    }

    private static String clean(String s) {
        return s.trim().toLowerCase(Locale.ROOT).replace('\n', ' ').replace('\t', ' ');
    }

    private static String escape(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
