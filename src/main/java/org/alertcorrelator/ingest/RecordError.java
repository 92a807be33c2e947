package org.alertcorrelator.ingest;

/**
 * A record that could not be read.
 *
 * @param source  the file name (or the name given for a posted body)
 * @param line    the line the record starts on, 0 when unknown
 * @param index   the record's number in the source, counted from 1; 0 when the problem is not one record's
 * @param field   the field at fault as the record spells it, null when the problem is not one field's
 * @param message why
 */
public record RecordError(String source, int line, int index, String field, String message) {

    /** For example {@code alerts.jsonl:7: record 7: Severity: "Severe" is not a severity (...)}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(source);
        if (line > 0) b.append(':').append(line);
        b.append(':');
        if (index > 0) b.append(" record ").append(index).append(':');
        if (field != null) b.append(' ').append(field).append(':');
        return b.append(' ').append(message).toString();
    }
}
