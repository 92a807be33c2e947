package org.alertcorrelator.ingest;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.alertcorrelator.model.Alert;

/**
 * Gathers what one read of one source gives: the records, one error per rejected record, the warnings and
 * the formats seen. In strict mode the first error is thrown instead.
 */
final class RecordCollector {
    final String source;
    private final boolean strict;
    private final AlertMapper mapper;
    private final List<AlertRecord> records = new ArrayList<>();
    private final List<RecordError> errors = new ArrayList<>();
    private final List<RecordError> warnings = new ArrayList<>();
    private final List<RecordProblem> recordWarnings = new ArrayList<>();
    private final Set<AlertFormat> formats = EnumSet.noneOf(AlertFormat.class);
    // When set, records go there as they are read instead of into the list.
    private final RecordSink sink;
    private final boolean keepOriginal;
    private int streamed;

    RecordCollector(String source, boolean strict, AlertMapper mapper) {
        this(source, strict, mapper, null, true);
    }

    RecordCollector(String source, boolean strict, AlertMapper mapper, RecordSink sink, boolean keepOriginal) {
        this.source = source;
        this.strict = strict;
        this.mapper = mapper;
        this.sink = sink;
        this.keepOriginal = keepOriginal;
    }

    /** False when the caller does not want each record's original text (a replay does not need it). */
    boolean keepsOriginal() {
        return keepOriginal;
    }

    /** The alert of the record, or null when it is rejected (the error is then recorded, or thrown if strict). */
    Alert map(RawAlert raw, int line, int index) {
        formats.add(raw.format());
        recordWarnings.clear();
        try {
            Alert alert = mapper.map(raw, recordWarnings);
            for (RecordProblem w : recordWarnings) warnings.add(new RecordError(source, line, index, w.field(), w.getMessage()));
            return alert;
        } catch (RecordProblem p) {
            error(line, index, p.field(), p.getMessage());
            return null;
        }
    }

    void add(Alert alert, String original, String origin) {
        AlertRecord r = new AlertRecord(alert, keepOriginal ? original : null, origin);
        if (sink != null) {
            sink.accept(r);
            streamed++;
        } else {
            records.add(r);
        }
    }

    /** Records handed to the sink so far. */
    int streamed() {
        return streamed;
    }

    void error(int line, int index, String field, String message) {
        RecordError e = new RecordError(source, line, index, field, message);
        if (strict) throw new InputException(e);
        errors.add(e);
    }

    ReadResult result() {
        return new ReadResult(records, errors, warnings, formats);
    }
}
