package org.alertcorrelator.ingest;

import java.io.IOException;
import java.util.Arrays;

import com.fasterxml.jackson.core.JsonParser;

/**
 * The fields of one record as found, before any checking: the text of each known field, how the record spelled
 * its name (for error messages), and the entity and resource-identifier lists when they came as JSON rather than
 * as text. One instance is reused for every record of a read, hence {@link #clear()}.
 *
 * <p>A value read from JSON is kept as a range of the record's char buffer and becomes a String only when
 * asked for one ({@link #get}); the mapper mostly reads it as a {@link #text slice} instead (a timestamp to
 * parse, a name the {@link Interner} already holds), which copies nothing.
 */
final class RawAlert {
    private final String[] values = new String[AlertField.COUNT];
    private final String[] names = new String[AlertField.COUNT];
    // A value read from JSON, until get() makes it a String: chars [start, start + length) of the buffer.
    private final int[] starts = new int[AlertField.COUNT];
    private final int[] lengths = new int[AlertField.COUNT];
    private final CharBuf buf = new CharBuf();
    private long inProperties;
    // The lists' instances, reused record after record (see LightJson).
    private LightJson entitiesJson;
    private LightJson identifiersJson;

    LightJson entities;
    LightJson resourceIdentifiers;
    /** The record had an ARM {@code properties} object. */
    boolean rest;
    /** The record had a top-level {@code value} array: a list page if it has no alert fields of its own. */
    boolean valueArray;
    boolean fromCsv;
    String armId;
    String armName;
    /** The ARM envelope's {@code type} ({@code Microsoft.SecurityInsights/incidents} for a Sentinel incident). */
    String armType;
    /** The ARM envelope's {@code kind} ({@code SecurityAlert} for a Sentinel alert entity). */
    String armKind;
    /** Set by readers of formats whose rows are SecurityAlert rows in another envelope (Log Analytics). */
    AlertFormat formatOverride;
    /** The first field that held an object or array where a text was expected: the record's error, if it is an alert. */
    RecordProblem deferred;
    /** The record has a field only another format has: {@link VendorRecords} reads it. */
    boolean vendor;

    void clear() {
        Arrays.fill(values, null);
        Arrays.fill(names, null);
        Arrays.fill(lengths, 0);
        buf.clear();
        inProperties = 0;
        entities = null;
        resourceIdentifiers = null;
        rest = false;
        valueArray = false;
        fromCsv = false;
        armId = null;
        armName = null;
        armType = null;
        armKind = null;
        formatOverride = null;
        vendor = false;
        deferred = null;
    }

    /** Keeps the first non-blank value met for the field (first present wins, whatever the name's case). */
    void set(AlertField f, String name, String text, boolean nested) {
        int i = f.ordinal();
        if (has(i) || isBlank(text)) return;
        values[i] = text;
        named(i, name, nested);
    }

    /** {@link #set(AlertField, String, String, boolean)} with the parser's current scalar token, copied into the buffer. */
    void set(AlertField f, String name, JsonParser p, boolean nested) throws IOException {
        int i = f.ordinal();
        if (has(i)) {
            // Not kept, but a huge text still fails Jackson's length limit as it did when every value was read.
            if (p.getTextLength() > CharBuf.LONG_TEXT) p.getText();
            return;
        }
        int start = buf.append(p);
        int length = buf.used - start;
        for (int k = start; k < buf.used; k++) {
            if (buf.chars[k] > ' ') {
                starts[i] = start;
                lengths[i] = length;
                named(i, name, nested);
                return;
            }
        }
        buf.used = start; // blank: as if never read
    }

    private void named(int i, String name, boolean nested) {
        names[i] = name;
        if (nested) inProperties |= 1L << i;
    }

    private boolean has(int i) {
        return values[i] != null || lengths[i] > 0;
    }

    /** Entities or ResourceIdentifiers when they came as JSON (not as JSON held in a text). */
    LightJson list(AlertField f) {
        return f == AlertField.ENTITIES ? entities : resourceIdentifiers;
    }

    /** Reads Entities or ResourceIdentifiers as JSON from the parser's current token (into a reused instance). */
    void readList(AlertField f, JsonParser p) throws IOException {
        if (f == AlertField.ENTITIES) {
            if (entitiesJson == null) entitiesJson = new LightJson();
            entities = entitiesJson.readFrom(p);
        } else {
            if (identifiersJson == null) identifiersJson = new LightJson();
            resourceIdentifiers = identifiersJson.readFrom(p);
        }
    }

    /** The field's text (not blank, not trimmed), or null. */
    String get(AlertField f) {
        int i = f.ordinal();
        if (values[i] == null && lengths[i] > 0) values[i] = new String(buf.chars, starts[i], lengths[i]);
        return values[i];
    }

    /** The field's text as {@link #get} has it, without making a String of it (valid until {@link #clear()}). */
    CharSequence text(AlertField f) {
        int i = f.ordinal();
        if (values[i] != null) return values[i];
        return lengths[i] > 0 ? new CharSlice(buf.chars, starts[i], lengths[i]) : null;
    }

    /** True when the field has a value (not blank). */
    boolean has(AlertField f) {
        return has(f.ordinal());
    }

    /** The field as the record named it, for messages: {@code properties.severity}, {@code AlertSeverity}. */
    String nameOf(AlertField f) {
        int i = f.ordinal();
        String name = names[i] == null ? f.label : names[i];
        return (inProperties & 1L << i) != 0 ? "properties." + name : name;
    }

    boolean isPage() {
        return valueArray && !rest && !has(AlertField.SYSTEM_ALERT_ID);
    }

    AlertFormat format() {
        if (formatOverride != null) return formatOverride;
        if (fromCsv) return AlertFormat.SENTINEL_CSV;
        if (rest) return armKind != null ? AlertFormat.SENTINEL_API : AlertFormat.DEFENDER_REST;
        // Log Analytics columns that the Defender export does not have, or entities held in a string.
        boolean sentinel = has(AlertField.TENANT_ID) || has(AlertField.ALERT_SEVERITY)
                || has(AlertField.PROVIDER_NAME) || has(AlertField.TACTICS)
                || has(AlertField.DISPLAY_NAME) || has(AlertField.ALERT_NAME)
                || (entities == null && has(AlertField.ENTITIES));
        return sentinel ? AlertFormat.SENTINEL_JSON : AlertFormat.DEFENDER_EXPORT;
    }

    static boolean isBlank(String s) {
        if (s == null) return true;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) > ' ') return false;
        return true;
    }
}
