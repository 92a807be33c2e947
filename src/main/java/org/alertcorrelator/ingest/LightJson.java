package org.alertcorrelator.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Just enough of a JSON tree for entity and resource-identifier lists, built straight from the token stream.
 * Jackson's own tree costs a hash map, an entry and a value node per field; reading entities that way was
 * about half of all reading time. Here an object is two arrays (names, values) and each field's meaning as an
 * {@link EntityField} is looked up once, while parsing. Scalars are kept as their text (numbers and booleans
 * too: keys compare text, and a CSV export has nothing else).
 *
 * <p>A value is a {@link Obj}, a {@code List<Object>} (array), a String, or null.
 */
final class LightJson {
    private static final EntityField[] FIELDS = EntityField.values();

    /** The objects of one read, in document order (each before the objects inside it). */
    final List<Obj> objects = new ArrayList<>();
    /** The value read: an Obj, a List, a String or null. */
    Object root;

    private LightJson() {
    }

    /** Reads the value at the parser's current token (up to its end). */
    static LightJson read(JsonParser p) throws IOException {
        LightJson json = new LightJson();
        json.root = json.value(p, p.currentToken());
        return json;
    }

    private Object value(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.START_OBJECT) return object(p);
        if (t == JsonToken.START_ARRAY) {
            List<Object> list = new ArrayList<>();
            JsonToken e;
            while ((e = p.nextToken()) != JsonToken.END_ARRAY) list.add(value(p, e));
            return list;
        }
        return t == JsonToken.VALUE_NULL ? null : p.getText();
    }

    private Obj object(JsonParser p) throws IOException {
        Obj o = new Obj();
        objects.add(o);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            o.add(name, EntityField.INDEX.lookup(name), value(p, p.nextToken()));
        }
        return o;
    }

    /** One JSON object: its fields in order, each with what it means as an entity field (or nothing). */
    static final class Obj {
        private String[] names = new String[8];
        private Object[] values = new Object[8];
        private byte[] codes = new byte[8];
        private int size;

        private void add(String name, EntityField f, Object value) {
            if (size == names.length) {
                names = Arrays.copyOf(names, size * 2);
                values = Arrays.copyOf(values, size * 2);
                codes = Arrays.copyOf(codes, size * 2);
            }
            names[size] = name;
            values[size] = value;
            codes[size] = (byte) (f == null ? -1 : f.ordinal());
            size++;
        }

        int size() {
            return size;
        }

        String name(int i) {
            return names[i];
        }

        Object value(int i) {
            return values[i];
        }

        /** The first value of the field, or null. */
        Object get(EntityField f) {
            byte code = (byte) f.ordinal();
            for (int i = 0; i < size; i++) if (codes[i] == code && values[i] != null) return values[i];
            return null;
        }

        /** The field's text trimmed, null when absent, empty or not a scalar. */
        String text(EntityField f) {
            byte code = (byte) f.ordinal();
            for (int i = 0; i < size; i++) {
                if (codes[i] == code && values[i] instanceof String s) {
                    String t = s.trim();
                    if (!t.isEmpty()) return t;
                }
            }
            return null;
        }

        /** The text of a field not in {@link EntityField}, by name ignoring case. */
        String text(String name) {
            for (int i = 0; i < size; i++) {
                if (values[i] instanceof String s && names[i].equalsIgnoreCase(name)) {
                    String t = s.trim();
                    if (!t.isEmpty()) return t;
                }
            }
            return null;
        }

        EntityField field(int i) {
            return codes[i] < 0 ? null : FIELDS[codes[i]];
        }
    }
}
