package org.alertcorrelator.ingest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one read gave: the alerts read, the records rejected (one error each), and the formats seen.
 *
 * @param warnings problems that did not reject a record (for example an Entities text that is not JSON: the
 *                 alert is kept without those entities)
 * @param skipped  records that are no alerts (vendor incidents, compliance records, ...), counted by reason,
 *                 for example {@code "not an alert: Microsoft.Security/assessments" -> 3}
 */
public record ReadResult(List<AlertRecord> records, List<RecordError> errors, List<RecordError> warnings,
                         Set<AlertFormat> formats, Map<String, Integer> skipped, List<VendorIncident> vendorIncidents) {

    public ReadResult(List<AlertRecord> records, List<RecordError> errors, List<RecordError> warnings,
                      Set<AlertFormat> formats) {
        this(records, errors, warnings, formats, Map.of());
    }

    /** @param vendorIncidents (left out here) the vendor incidents skipped, with the alerts they grouped */
    public ReadResult(List<AlertRecord> records, List<RecordError> errors, List<RecordError> warnings,
                      Set<AlertFormat> formats, Map<String, Integer> skipped) {
        this(records, errors, warnings, formats, skipped, List.of());
    }

    public ReadResult {
        vendorIncidents = vendorIncidents == null ? List.of() : List.copyOf(vendorIncidents);
        records = List.copyOf(records);
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
        Set<AlertFormat> inOrder = EnumSet.noneOf(AlertFormat.class);
        inOrder.addAll(formats);
        formats = Collections.unmodifiableSet(inOrder);
        skipped = Collections.unmodifiableMap(new TreeMap<>(skipped == null ? Map.of() : skipped));
    }

    /** Number of records skipped because they are no alerts. */
    public int skippedCount() {
        int n = 0;
        for (int c : skipped.values()) n += c;
        return n;
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
        Map<String, Integer> skipped = new TreeMap<>();
        List<VendorIncident> vendorIncidents = new ArrayList<>();
        for (ReadResult r : results) {
            r.skipped.forEach((k, v) -> skipped.merge(k, v, Integer::sum));
            vendorIncidents.addAll(r.vendorIncidents);
            records.addAll(r.records);
            errors.addAll(r.errors);
            warnings.addAll(r.warnings);
            formats.addAll(r.formats);
        }
        return new ReadResult(records, errors, warnings, formats, skipped, vendorIncidents);
    }
}
