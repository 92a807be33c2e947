package org.alertcorrelator.ingest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What one read gave: the alerts read, the records rejected (one error each), and the formats seen.
 *
 * @param warnings problems that did not reject a record (for example an Entities text that is not JSON: the
 *                 alert is kept without those entities)
 */
public record ReadResult(List<AlertRecord> records, List<RecordError> errors, List<RecordError> warnings,
                         Set<AlertFormat> formats) {

    public ReadResult {
        records = List.copyOf(records);
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
        Set<AlertFormat> inOrder = EnumSet.noneOf(AlertFormat.class);
        inOrder.addAll(formats);
        formats = Collections.unmodifiableSet(inOrder);
    }

    /** Number of records that could not be read. */
    public int rejected() {
        return errors.size();
    }

    /** The results of several reads as one, in the order given (a replay over several files). */
    public static ReadResult combine(List<ReadResult> results) {
        List<AlertRecord> records = new ArrayList<>();
        List<RecordError> errors = new ArrayList<>();
        List<RecordError> warnings = new ArrayList<>();
        Set<AlertFormat> formats = EnumSet.noneOf(AlertFormat.class);
        for (ReadResult r : results) {
            records.addAll(r.records);
            errors.addAll(r.errors);
            warnings.addAll(r.warnings);
            formats.addAll(r.formats);
        }
        return new ReadResult(records, errors, warnings, formats);
    }
}
