package org.alertcorrelator.store;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;

import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.AlertStatus;
import org.alertcorrelator.model.Entity;
import org.alertcorrelator.model.EntityDetails;
import org.alertcorrelator.model.Severity;
import org.alertcorrelator.model.Tactic;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The normalised alert as JSON, field by field, and back. The store keeps this beside the original record so a
 * restart rebuilds exactly the {@link Alert} that was processed, without reading the original again (a later
 * reader could normalise it differently).
 */
public final class AlertCodec {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AlertCodec() {
    }

    public static String toJson(Alert a) {
        StringWriter w = new StringWriter(512);
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("id", a.getId());
            g.writeStringField("tenant", a.getTenant());
            g.writeStringField("alertType", a.getAlertType());
            g.writeStringField("displayName", a.getDisplayName());
            g.writeStringField("description", a.getDescription());
            g.writeStringField("product", a.getProduct());
            g.writeStringField("severity", a.getSeverity().name());
            g.writeArrayFieldStart("tactics");
            for (Tactic t : a.getTactics()) g.writeString(t.name());
            g.writeEndArray();
            g.writeArrayFieldStart("techniques");
            for (String t : a.getTechniques()) g.writeString(t);
            g.writeEndArray();
            g.writeStringField("startTime", a.getStartTime().toString());
            g.writeStringField("endTime", a.getEndTime().toString());
            if (a.getTimeGenerated() != null) g.writeStringField("timeGenerated", a.getTimeGenerated().toString());
            g.writeStringField("status", a.getStatus().name());
            g.writeStringField("compromisedEntity", a.getCompromisedEntity());
            g.writeStringField("resourceId", a.getResourceId());
            g.writeArrayFieldStart("entities");
            for (Entity e : a.getEntities()) {
                g.writeStartObject();
                g.writeStringField("type", e.type());
                g.writeStringField("key", e.key());
                EntityDetails d = e.details();
                if (d != null && d.value() != null) g.writeStringField("value", d.value());
                if (d != null && d.verdict() != null) g.writeStringField("verdict", d.verdict());
                if (d != null && d.remediationStatus() != null) g.writeStringField("remediationStatus", d.remediationStatus());
                g.writeEndObject();
            }
            g.writeEndArray();
            if (a.getVendorIncidentId() != null) g.writeStringField("vendorIncidentId", a.getVendorIncidentId());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    public static Alert fromJson(String json) {
        JsonNode n;
        try {
            n = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new StoreException("a stored alert is not valid JSON: " + e.getMessage(), e);
        }
        Alert.Builder b = Alert.builder()
                .id(n.path("id").asText())
                .tenant(n.path("tenant").asText())
                .alertType(n.path("alertType").asText())
                .displayName(n.path("displayName").asText())
                .description(n.path("description").asText())
                .product(n.path("product").asText())
                .severity(Severity.valueOf(n.path("severity").asText()))
                .startTime(Instant.parse(n.path("startTime").asText()))
                .endTime(Instant.parse(n.path("endTime").asText()))
                .status(AlertStatus.valueOf(n.path("status").asText()))
                .compromisedEntity(n.path("compromisedEntity").asText())
                .resourceId(n.path("resourceId").asText());
        if (n.hasNonNull("vendorIncidentId")) b.vendorIncidentId(n.get("vendorIncidentId").asText());
        if (n.hasNonNull("timeGenerated")) b.timeGenerated(Instant.parse(n.get("timeGenerated").asText()));
        for (JsonNode t : n.path("tactics")) b.tactic(Tactic.valueOf(t.asText()));
        java.util.List<String> techniques = new java.util.ArrayList<>();
        for (JsonNode t : n.path("techniques")) techniques.add(t.asText());
        b.techniques(techniques);
        for (JsonNode e : n.path("entities")) {
            b.entity(new Entity(e.path("type").asText(), e.path("key").asText(), EntityDetails.of(
                    textOrNull(e, "value"), textOrNull(e, "verdict"), textOrNull(e, "remediationStatus"))));
        }
        return b.build();
    }

    private static String textOrNull(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }
}
