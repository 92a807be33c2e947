package org.alertcorrelator.export;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

import org.alertcorrelator.model.Incident;
import org.alertcorrelator.model.Tactic;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** Writes incidents as CSV, one row per incident; lists are joined with ';'. */
public final class IncidentCsv {
    public static final List<String> HEADER = List.of("id", "tenantId", "title", "kind", "severity", "status",
            "tactics", "alertCount", "alertIds", "entities", "firstActivityTime", "lastActivityTime",
            "mergedIncidentIds", "continuesIncidentId", "raisedBy", "description");

    private IncidentCsv() {
    }

    /** Writes the header and one row per incident; flushes but does not close {@code out}. */
    public static void write(List<Incident> incidents, Appendable out) throws IOException {
        CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(HEADER.toArray(String[]::new)).get());
        for (Incident i : incidents) p.printRecord(CsvCells.neutralise(row(i)));
        p.flush();
    }

    public static List<Object> row(Incident i) {
        return List.of(i.id(), i.tenantId(), i.title(), i.kind().name(), i.severity().label(), i.status(),
                i.tactics().stream().map(Tactic::label).collect(Collectors.joining(";")),
                i.alertIds().size(), String.join(";", i.alertIds()),
                i.entities().stream().map(e -> e.type() + ":" + e.key()).collect(Collectors.joining(";")),
                i.firstActivityTime().toString(), i.lastActivityTime().toString(),
                String.join(";", i.mergedIncidentIds()),
                i.continuesIncidentId() == null ? "" : i.continuesIncidentId(), i.raisedBy(), i.description());
    }
}
