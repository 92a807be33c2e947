package org.alertcorrelator.service.http;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.Tactic;
import org.alertcorrelator.service.Json;
import org.alertcorrelator.store.AlertCodec;
import org.alertcorrelator.store.StoredAlert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A stored alert as JSON (normalised fields, where it came from, and the record as it came) and as a CSV row. */
final class AlertViews {
    static final List<String> CSV_HEADER = List.of("id", "tenantId", "displayName", "alertType", "severity", "status",
            "startTime", "endTime", "timeGenerated", "product", "tactics", "techniques", "entities", "compromisedEntity",
            "incidentId", "receivedAt", "origin");

    private AlertViews() {
    }

    static ObjectNode summary(StoredAlert s) {
        ObjectNode o = Json.object();
        o.put("id", s.id());
        o.put("tenantId", s.tenant());
        o.put("displayName", s.displayName());
        o.put("severity", s.severity());
        o.put("eventTime", Instant.ofEpochMilli(s.eventTime()).toString());
        if (s.incidentId() != null) o.put("incidentId", s.incidentId());
        return o;
    }

    static ObjectNode full(StoredAlert s) {
        ObjectNode o = summary(s);
        o.put("receivedAt", Instant.ofEpochMilli(s.receivedAt()).toString());
        o.put("origin", s.origin());
        o.set("alert", Json.parse(s.alertJson()));
        JsonNode original;
        try {
            original = Json.parse(s.original());
        } catch (RuntimeException e) {
            original = Json.MAPPER.getNodeFactory().textNode(s.original());
        }
        o.set("original", original);
        return o;
    }

    static List<Object> csvRow(StoredAlert s) {
        Alert a = AlertCodec.fromJson(s.alertJson());
        return List.of(a.getId(), a.getTenant(), a.getDisplayName(), a.getAlertType(), a.getSeverity().label(),
                a.getStatus().label(), a.getStartTime().toString(), a.getEndTime().toString(),
                a.getTimeGenerated() == null ? "" : a.getTimeGenerated().toString(), a.getProduct(),
                a.getTactics().stream().map(Tactic::label).collect(Collectors.joining(";")),
                String.join(";", a.getTechniques()),
                a.getEntities().stream().map(e -> e.type() + ":" + e.key()).collect(Collectors.joining(";")),
                a.getCompromisedEntity(), s.incidentId() == null ? "" : s.incidentId(),
                Instant.ofEpochMilli(s.receivedAt()).toString(), s.origin());
    }
}
