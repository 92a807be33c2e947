package org.alertcorrelator.export;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

import org.alertcorrelator.model.Entity;
import org.alertcorrelator.model.Incident;
import org.alertcorrelator.model.Severity;
import org.alertcorrelator.model.LinkReason;
import org.alertcorrelator.model.SeverityReason;
import org.alertcorrelator.model.Tactic;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Writes incidents as CSV, one row per incident; lists are joined with ';' (reasons with "; "). The columns are
 * documented in the README ("Incidents as CSV"), which a test keeps in step with {@link #HEADER}.
 */
public final class IncidentCsv {
    public static final List<String> HEADER = List.of("id", "tenantId", "title", "kind", "severity", "status",
            "tactics", "alertCount", "alertIds", "entities", "firstActivityTime", "lastActivityTime",
            "mergedIncidentIds", "continuesIncidentId", "raisedBy", "description", "inferredTactics", "reasons",
            "severityReasons");

    private IncidentCsv() {
    }

    /** Writes the header and one row per incident; flushes but does not close {@code out}. */
    public static void write(List<Incident> incidents, Appendable out) throws IOException {
        CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(HEADER.toArray(String[]::new)).get());
        for (Incident i : incidents) p.printRecord(CsvCells.neutralise(row(i)));
        p.flush();
    }

    public static List<Object> row(Incident i) {
        return List.of(i.id(), i.tenantId(), i.title(), i.kind(), i.severity().label(), i.status(),
                i.tactics().stream().map(Tactic::label).collect(Collectors.joining(";")),
                i.alertIds().size(), String.join(";", i.alertIds()),
                i.entities().stream().map(e -> e.type() + ":" + e.shown()).collect(Collectors.joining(";")),
                i.firstActivityTime().toString(), i.lastActivityTime().toString(),
                String.join(";", i.mergedIncidentIds()),
                i.continuesIncidentId() == null ? "" : i.continuesIncidentId(), i.raisedBy(), i.description(),
                i.inferredTactics().stream().map(Tactic::label).collect(Collectors.joining(";")),
                i.reasons().stream().map(IncidentCsv::reason).collect(Collectors.joining("; ")),
                i.severityReasons().stream().map(IncidentCsv::severityReason).collect(Collectors.joining("; ")));
    }

    /** The "reasons" column from an incident's JSON (as the service stores it). */
    public static String reasons(JsonNode reasons) {
        List<String> out = new java.util.ArrayList<>();
        for (JsonNode r : reasons) {
            JsonNode e = r.path("entity");
            out.add(reason(new LinkReason(r.path("earlierAlertId").asText(), r.path("laterAlertId").asText(),
                    e.isObject() ? new Entity(e.path("type").asText(), e.path("key").asText()) : null, r.path("rule").asText())));
        }
        return String.join("; ", out);
    }

    /** The "severityReasons" column from an incident's JSON (as the service stores it). */
    public static String severityReasons(JsonNode reasons) {
        List<String> out = new java.util.ArrayList<>();
        for (JsonNode r : reasons) {
            out.add(severityReason(new SeverityReason(Severity.parse(r.path("severity").asText()),
                    Severity.parse(r.path("previous").asText(null)), r.path("rule").asText(), r.path("reason").asText(null))));
        }
        return String.join("; ", out);
    }

    /** {@code a1 -> a2 by host:vm1} or, for a rule that grouped them, {@code a1 -> a2 by rule "NAME"}. */
    static String reason(LinkReason r) {
        return r.earlierAlertId() + " -> " + r.laterAlertId() + " by "
                + (r.entity() != null ? r.entity().type() + ":" + r.entity().key() : "rule \"" + r.rule() + "\"");
    }

    /** {@code Low -> High by "RULE" (3 kill-chain stages)}. */
    static String severityReason(SeverityReason r) {
        return (r.previous() == null ? "" : r.previous().label() + " -> ") + r.severity().label() + " by \"" + r.rule() + "\""
                + (r.reason() == null ? "" : " (" + r.reason() + ")");
    }
}
