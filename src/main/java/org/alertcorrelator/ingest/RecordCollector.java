package org.alertcorrelator.ingest;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.alertcorrelator.model.Alert;

/**
 * Gathers what one read of one source gives: the records, one error per rejected record, the warnings and
 * the formats seen. In strict mode the first error is thrown instead.
 */
final class RecordCollector {
    private static final String OUT_OF_RANGE = "a time is out of range (years 1678 to 2261 can be read)";
    final String source;
    private final boolean strict;
    private final AlertMapper mapper;
    private final List<AlertRecord> records = new ArrayList<>();
    private final List<RecordError> errors = new ArrayList<>();
    private final List<RecordError> warnings = new ArrayList<>();
    private final List<RecordProblem> recordWarnings = new ArrayList<>();
    private final Set<AlertFormat> formats = EnumSet.noneOf(AlertFormat.class);
    // Records that are no alerts (vendor incidents, compliance records, ...): counted by reason, never rejected.
    private final Map<String, Integer> skipped = new TreeMap<>();
    static final String VENDOR_INCIDENT = "vendor incident (not an alert): ";
    // Vendor incidents read, with the alerts they grouped (hints for our incidents), and the one just skipped.
    private static final int MAX_VENDOR_INCIDENTS = 100_000;
    private final List<VendorIncident> vendorIncidents = new ArrayList<>();
    private String pendingTenant;
    private String pendingId;
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
        String notAnAlert = notAnAlert(raw);
        if (notAnAlert != null) {
            skip(notAnAlert);
            if (notAnAlert.startsWith(VENDOR_INCIDENT)) {
                // The caller hands the record's text to vendorIncident(): its members are a hint for our incidents.
                pendingTenant = mapper.tenantOrNull(raw);
                pendingId = RawAlert.isBlank(raw.get(AlertField.SYSTEM_ALERT_ID)) ? null : raw.get(AlertField.SYSTEM_ALERT_ID).trim();
            }
            return null;
        }
        if (raw.deferred != null) {
            formats.add(raw.format());
            error(line, index, raw.deferred.field(), raw.deferred.getMessage());
            return null;
        }
        formats.add(raw.format());
        recordWarnings.clear();
        try {
            Alert alert = mapper.map(raw, recordWarnings);
            if (strict && !recordWarnings.isEmpty()) {
                // --strict: what would be a warning (entities that are no list, an unknown tactic) stops the read.
                RecordProblem w = recordWarnings.get(0);
                error(line, index, w.field(), w.getMessage());
            }
            for (RecordProblem w : recordWarnings) warnings.add(new RecordError(source, line, index, w.field(), w.getMessage()));
            return alert;
        } catch (RecordProblem p) {
            error(line, index, p.field(), p.getMessage());
            return null;
        } catch (ArithmeticException | java.time.DateTimeException e) {
            // A time too far from today to hold (the model keeps nanoseconds): this record's error, not the read's.
            error(line, index, null, OUT_OF_RANGE);
            return null;
        }
    }

    /** A record of another format, mapped by {@code mapping}: its warnings kept, its problem recorded as the error. */
    Alert map(AlertFormat format, VendorMapping mapping, int line, int index) {
        formats.add(format);
        recordWarnings.clear();
        try {
            Alert alert = mapping.map(recordWarnings);
            if (strict && !recordWarnings.isEmpty()) {
                RecordProblem w = recordWarnings.get(0);
                error(line, index, w.field(), w.getMessage());
            }
            for (RecordProblem w : recordWarnings) warnings.add(new RecordError(source, line, index, w.field(), w.getMessage()));
            return alert;
        } catch (RecordProblem p) {
            error(line, index, p.field(), p.getMessage());
            return null;
        } catch (ArithmeticException | java.time.DateTimeException e) {
            error(line, index, null, OUT_OF_RANGE);
            return null;
        }
    }

    interface VendorMapping {
        Alert map(List<RecordProblem> warnings) throws RecordProblem;
    }

    /**
     * Why a record of the Defender / Sentinel shapes is no alert, or null when it is one: the vendor's own
     * incidents (Fusion, Sentinel incidents) and other resources a continuous export or API sends beside alerts.
     */
    static String notAnAlert(RawAlert raw) {
        CharSequence isIncident = CharSlice.trimmed(raw.text(AlertField.IS_INCIDENT));
        if (isIncident != null && CharSlice.equalsIgnoreCase(isIncident, "true")) return VENDOR_INCIDENT + "IsIncident";
        CharSequence type = raw.text(AlertField.ALERT_TYPE);
        // Checked on every record: no allocation unless the type ends with "Incident" (white space stripped).
        if (type != null) {
            int end = type.length();
            while (end > 0 && Character.isWhitespace(type.charAt(end - 1))) end--;
            if (CharSlice.regionMatchesIgnoreCase(type, end - 8, "incident", 0, 8)) {
                String t = raw.get(AlertField.ALERT_TYPE).strip();
                if (t.toLowerCase(Locale.ROOT).contains("fusion")) return VENDOR_INCIDENT + t;
            }
        }
        if (!raw.rest || raw.armType == null) return null;
        String arm = raw.armType.trim().toLowerCase(Locale.ROOT);
        if (arm.endsWith("/alerts")) return null;
        if (arm.endsWith("/entities")) {
            return raw.armKind == null || raw.armKind.trim().equalsIgnoreCase("SecurityAlert") ? null
                    : "not an alert: " + raw.armKind.trim() + " entity";
        }
        if (arm.endsWith("/incidents")) return "vendor incident (not an alert): " + raw.armType.trim();
        return "not an alert: " + raw.armType.trim();
    }

    /**
     * After {@link #map(RawAlert, int, int)} skipped a vendor incident (Fusion, IsIncident): true once, and the
     * caller then hands the record to {@link #vendorIncident(JsonNode)}.
     */
    boolean tookVendorIncident() {
        boolean took = pendingId != null;
        if (!took) pendingTenant = null;
        return took;
    }

    /** Keeps the alerts the vendor incident just skipped names (its ExtendedProperties and entities). */
    void vendorIncident(com.fasterxml.jackson.databind.JsonNode record) {
        String id = pendingId;
        String tenant = pendingTenant;
        pendingId = null;
        pendingTenant = null;
        if (id == null || tenant == null || vendorIncidents.size() >= MAX_VENDOR_INCIDENTS) return;
        List<String> members = VendorIncident.membersOf(record);
        if (!members.isEmpty()) vendorIncidents.add(new VendorIncident(tenant, id, members));
    }

    /** Counts a record that is no alert (not an error: nothing is wrong with it). */
    void skip(String reason) {
        skipped.merge(reason, 1, Integer::sum);
    }

    void warning(int line, int index, String field, String message) {
        warnings.add(new RecordError(source, line, index, field, message));
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
        return new ReadResult(records, errors, warnings, formats, skipped, vendorIncidents);
    }
}
