package org.alertcorrelator.ingest;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads one alert object from a JSON token stream into a {@link RawAlert}, keeping only the fields the mapper
 * uses: scalar fields as text (chars copied into the record's buffer, no String each), the entity and
 * resource-identifier lists as {@link LightJson} trees (they need {@code $ref} resolution), everything else
 * skipped without building anything. Reading is most of the cost of a record, so it works on tokens rather
 * than on a whole-record tree.
 */
final class AlertFieldReader {
    /** Reads the object whose START_OBJECT is the parser's current token, up to its END_OBJECT. */
    void read(JsonParser p, RawAlert r) throws IOException, RecordProblem {
        readObject(p, r, true);
    }

    private void readObject(JsonParser p, RawAlert r, boolean top) throws IOException, RecordProblem {
        boolean nested = !top;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            AlertField f = AlertField.INDEX.lookup(name);
            if (f == null) {
                p.skipChildren();
                continue;
            }
            switch (f) {
                case PROPERTIES -> {
                    if (top && t == JsonToken.START_OBJECT) {
                        r.rest = true;
                        readObject(p, r, false);
                    } else {
                        p.skipChildren();
                    }
                }
                case VALUE -> {
                    if (top && t == JsonToken.START_ARRAY) r.valueArray = true;
                    p.skipChildren();
                }
                case ID -> {
                    if (top && t.isScalarValue() && r.armId == null) r.armId = p.getText();
                    p.skipChildren();
                }
                case TYPE -> {
                    if (top && t.isScalarValue() && r.armType == null) r.armType = p.getText();
                    p.skipChildren();
                }
                case KIND -> {
                    if (top && t.isScalarValue() && r.armKind == null) r.armKind = p.getText();
                    p.skipChildren();
                }
                case ODATA_TYPE, EVIDENCE, RECORDS, TABLES, ALERTS, RESPONSES, MACHINE_ID, ALERT_CREATION_TIME,
                     FIRST_ACTIVITY_DATE_TIME, EVENT_NAME, META_DATA -> {
                    if (top) r.vendor = true;
                    p.skipChildren();
                }
                case NAME -> {
                    if (top && t.isScalarValue() && r.armName == null) r.armName = p.getText();
                    p.skipChildren();
                }
                case ENTITIES, RESOURCE_IDENTIFIERS -> {
                    if (!t.isStructStart()) scalar(p, r, f, name, t, nested);
                    else if (r.list(f) == null) r.readList(f, p);
                    else p.skipChildren();
                }
                case TACTICS, INTENT, TECHNIQUES -> {
                    if (t == JsonToken.START_ARRAY) r.set(f, name, joined(p), nested);
                    else scalarOnly(p, r, f, t, name, nested);
                }
                default -> scalarOnly(p, r, f, t, name, nested);
            }
        }
    }

    private static void scalar(JsonParser p, RawAlert r, AlertField f, String name, JsonToken t, boolean nested)
            throws IOException {
        if (t != JsonToken.VALUE_NULL) r.set(f, name, p, nested);
    }

    private static void scalarOnly(JsonParser p, RawAlert r, AlertField f, JsonToken t, String name, boolean nested)
            throws IOException {
        if (t.isStructStart()) {
            // Kept for later rather than thrown: a record of another format (an Activity Log event's status
            // object) or one that is no alert is told by fields that may come after this one.
            String field = nested ? "properties." + name : name;
            if (r.deferred == null) {
                r.deferred = new RecordProblem(field, "expected a text value, found " + (t == JsonToken.START_OBJECT ? "an object" : "an array"));
            }
            p.skipChildren();
            return;
        }
        scalar(p, r, f, name, t, nested);
    }

    /** A list of names as one comma-separated text, the way Sentinel writes them. */
    private static String joined(JsonParser p) throws IOException {
        StringBuilder b = new StringBuilder();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t.isStructStart()) {
                p.skipChildren();
            } else if (t != JsonToken.VALUE_NULL) {
                if (b.length() > 0) b.append(',');
                b.append(p.getText());
            }
        }
        return b.toString();
    }
}
