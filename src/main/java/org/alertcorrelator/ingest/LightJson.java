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
 * about half of all reading time. Here an object is a few arrays (names, values) and each field's meaning as an
 * {@link EntityField} is looked up once, while parsing. Scalars are kept as their text (numbers and booleans
 * too: keys compare text, and a CSV export has nothing else).
 *
 * <p>A scalar's text is a range of one char buffer, not a String: most of an entity's fields are never looked
 * at, and those that are mostly become a key the {@link Interner} already holds ({@link Obj#slice}). One
 * instance is meant to be reused record after record ({@link #readFrom}): its buffer, objects and lists are
 * then made once per reader instead of once per record.
 *
 * <p>A value is a {@link Obj}, a {@code List<Object>} (array), a text, or null; a text is a String from
 * {@link Obj#value} and {@link Obj#get}, and a {@link CharSlice} as an array element.
 */
final class LightJson {
    private static final EntityField[] FIELDS = EntityField.values();
    // In Obj.values: the value is a scalar whose text is at starts/lengths.
    private static final Object SCALAR = new Object();
    // What a reused instance keeps between reads; a larger record's leftovers are dropped (hostile input must
    // not leave a reader holding megabytes).
    private static final int KEEP_OBJECTS = 256;

    /** The objects of one read, in document order (each before the objects inside it). */
    final ArrayList<Obj> objects = new ArrayList<>();
    /** The value read: an Obj, a List, a text or null. */
    Object root;

    private final CharBuf text = new CharBuf();
    // Objects and lists made by earlier reads, taken again in order by the next read.
    private final List<Obj> spareObjects = new ArrayList<>();
    private final List<List<Object>> lists = new ArrayList<>();
    private int listsUsed;

    LightJson() {
    }

    /** Reads the value at the parser's current token (up to its end) into a new instance. */
    static LightJson read(JsonParser p) throws IOException {
        return new LightJson().readFrom(p);
    }

    /** Reads the value at the parser's current token (up to its end), replacing what this instance held. */
    LightJson readFrom(JsonParser p) throws IOException {
        text.clear();
        boolean large = objects.size() > KEEP_OBJECTS;
        objects.clear();
        if (large) objects.trimToSize();
        listsUsed = 0;
        root = value(p, p.currentToken());
        return this;
    }

    private Object value(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.START_OBJECT) return object(p);
        if (t == JsonToken.START_ARRAY) {
            List<Object> list = list();
            JsonToken e;
            while ((e = p.nextToken()) != JsonToken.END_ARRAY) list.add(value(p, e));
            return list;
        }
        if (t == JsonToken.VALUE_NULL) return null;
        int start = text.append(p);
        return new CharSlice(text.chars, start, text.used - start);
    }

    private Obj object(JsonParser p) throws IOException {
        Obj o = newObject();
        objects.add(o);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            EntityField f = EntityField.INDEX.lookup(name);
            JsonToken t = p.nextToken();
            if (t.isStructStart()) {
                o.add(name, f, value(p, t), 0, 0);
            } else if (t == JsonToken.VALUE_NULL) {
                o.add(name, f, null, 0, 0);
            } else {
                int start = text.append(p);
                o.add(name, f, SCALAR, start, text.used - start);
            }
        }
        return o;
    }

    private Obj newObject() {
        int k = objects.size();
        if (k < spareObjects.size()) {
            Obj o = spareObjects.get(k);
            o.clear();
            return o;
        }
        Obj o = new Obj();
        if (k < KEEP_OBJECTS) spareObjects.add(o);
        return o;
    }

    private List<Object> list() {
        if (listsUsed < lists.size()) {
            List<Object> list = lists.get(listsUsed);
            if (list.size() > KEEP_OBJECTS) {
                // ArrayList.clear() keeps its array: a huge list is not kept for the next record.
                list = new ArrayList<>();
                lists.set(listsUsed, list);
            }
            listsUsed++;
            list.clear();
            return list;
        }
        List<Object> list = new ArrayList<>();
        if (lists.size() < KEEP_OBJECTS) {
            lists.add(list);
            listsUsed++;
        }
        return list;
    }

    /** One JSON object: its fields in order, each with what it means as an entity field (or nothing). */
    final class Obj {
        private String[] names = new String[8];
        private Object[] values = new Object[8];
        private int[] starts = new int[8];
        private int[] lengths = new int[8];
        private byte[] codes = new byte[8];
        private int size;

        private void add(String name, EntityField f, Object value, int start, int length) {
            if (size == names.length) {
                names = Arrays.copyOf(names, size * 2);
                values = Arrays.copyOf(values, size * 2);
                starts = Arrays.copyOf(starts, size * 2);
                lengths = Arrays.copyOf(lengths, size * 2);
                codes = Arrays.copyOf(codes, size * 2);
            }
            names[size] = name;
            values[size] = value;
            starts[size] = start;
            lengths[size] = length;
            codes[size] = (byte) (f == null ? -1 : f.ordinal());
            size++;
        }

        private void clear() {
            if (names.length > 64) {
                names = new String[8];
                values = new Object[8];
                starts = new int[8];
                lengths = new int[8];
                codes = new byte[8];
            } else {
                Arrays.fill(values, 0, size, null);
            }
            size = 0;
        }

        int size() {
            return size;
        }

        String name(int i) {
            return names[i];
        }

        /** The value: an Obj, a List, a String (a scalar's text) or null. */
        Object value(int i) {
            return values[i] == SCALAR ? new String(text.chars, starts[i], lengths[i]) : values[i];
        }

        /** The first value of the field, or null. */
        Object get(EntityField f) {
            byte code = (byte) f.ordinal();
            for (int i = 0; i < size; i++) if (codes[i] == code && values[i] != null) return value(i);
            return null;
        }

        /** The field's text trimmed, null when absent, empty or not a scalar. */
        String text(EntityField f) {
            CharSequence s = slice(f);
            return s == null ? null : s.toString();
        }

        /** {@link #text(EntityField)} as a slice of the buffer (no copy; valid until the next read). */
        CharSequence slice(EntityField f) {
            byte code = (byte) f.ordinal();
            for (int i = 0; i < size; i++) {
                if (codes[i] == code && values[i] == SCALAR) {
                    CharSequence t = trimmed(i);
                    if (t != null) return t;
                }
            }
            return null;
        }

        /** The text of a field not in {@link EntityField}, by name ignoring case, as a slice of the buffer. */
        CharSequence slice(String name) {
            for (int i = 0; i < size; i++) {
                if (values[i] == SCALAR && names[i].equalsIgnoreCase(name)) {
                    CharSequence t = trimmed(i);
                    if (t != null) return t;
                }
            }
            return null;
        }

        private CharSequence trimmed(int i) {
            char[] chars = text.chars;
            int start = starts[i];
            int end = start + lengths[i];
            while (start < end && chars[start] <= ' ') start++;
            while (end > start && chars[end - 1] <= ' ') end--;
            return start == end ? null : new CharSlice(chars, start, end - start);
        }

        EntityField field(int i) {
            return codes[i] < 0 ? null : FIELDS[codes[i]];
        }
    }
}
