package org.alertcorrelator.ingest;

import java.util.Arrays;

/**
 * The fields of one record as found, before any checking: the text of each known field, how the record spelled
 * its name (for error messages), and the entity and resource-identifier lists when they came as JSON rather than
 * as text. One instance is reused for every record of a read, hence {@link #clear()}.
 */
final class RawAlert {
    private final String[] values = new String[AlertField.COUNT];
    private final String[] names = new String[AlertField.COUNT];
    private long inProperties;

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
        if (values[i] != null || isBlank(text)) return;
        values[i] = text;
        names[i] = name;
        if (nested) inProperties |= 1L << i;
    }

    /** Entities or ResourceIdentifiers when they came as JSON (not as JSON held in a text). */
    LightJson list(AlertField f) {
        return f == AlertField.ENTITIES ? entities : resourceIdentifiers;
    }

    void setList(AlertField f, LightJson list) {
        if (f == AlertField.ENTITIES) entities = list;
        else resourceIdentifiers = list;
    }

    /** The field's text (not blank, not trimmed), or null. */
    String get(AlertField f) {
        return values[f.ordinal()];
    }

    /** The field as the record named it, for messages: {@code properties.severity}, {@code AlertSeverity}. */
    String nameOf(AlertField f) {
        int i = f.ordinal();
        String name = names[i] == null ? f.label : names[i];
        return (inProperties & 1L << i) != 0 ? "properties." + name : name;
    }

    boolean isPage() {
        return valueArray && !rest && values[AlertField.SYSTEM_ALERT_ID.ordinal()] == null;
    }

    AlertFormat format() {
        if (formatOverride != null) return formatOverride;
        if (fromCsv) return AlertFormat.SENTINEL_CSV;
        if (rest) return armKind != null ? AlertFormat.SENTINEL_API : AlertFormat.DEFENDER_REST;
        // Log Analytics columns that the Defender export does not have, or entities held in a string.
        boolean sentinel = get(AlertField.TENANT_ID) != null || get(AlertField.ALERT_SEVERITY) != null
                || get(AlertField.PROVIDER_NAME) != null || get(AlertField.TACTICS) != null
                || get(AlertField.DISPLAY_NAME) != null || get(AlertField.ALERT_NAME) != null
                || (entities == null && get(AlertField.ENTITIES) != null);
        return sentinel ? AlertFormat.SENTINEL_JSON : AlertFormat.DEFENDER_EXPORT;
    }

    static boolean isBlank(String s) {
        if (s == null) return true;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) > ' ') return false;
        return true;
    }
}
