package org.alertcorrelator.export;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.Writer;
import java.util.List;

import org.alertcorrelator.model.Entity;
import org.alertcorrelator.model.Incident;
import org.alertcorrelator.model.IncidentAlert;
import org.alertcorrelator.model.SeverityReason;
import org.alertcorrelator.model.LinkReason;
import org.alertcorrelator.model.Tactic;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Writes incidents as JSON, field by field in a fixed order, so the same incidents always give the same bytes
 * (replay output is compared byte for byte across input orders).
 */
public final class IncidentJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private IncidentJson() {
    }

    /** Writes a pretty-printed JSON array of the incidents. */
    public static void writeArray(List<Incident> incidents, OutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            g.writeStartArray();
            for (Incident i : incidents) write(i, g);
            g.writeEndArray();
            g.writeRaw('\n');
        }
    }

    public static void writeArray(List<Incident> incidents, Writer out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartArray();
            for (Incident i : incidents) write(i, g);
            g.writeEndArray();
            g.writeRaw('\n');
        }
    }

    /** One incident as a compact JSON object. */
    public static String toJson(Incident incident) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            write(incident, g);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }

    /** Writes one incident object on the generator (callers may add fields before closing it). */
    public static void write(Incident i, JsonGenerator g) throws IOException {
        g.writeStartObject();
        writeFields(i, g);
        g.writeEndObject();
    }

    /** Writes the incident's fields into an object the caller has started. */
    public static void writeFields(Incident i, JsonGenerator g) throws IOException {
        g.writeStringField("id", i.id());
        g.writeStringField("tenantId", i.tenantId());
        g.writeStringField("title", i.title());
        g.writeStringField("description", i.description());
        g.writeStringField("kind", i.kind());
        g.writeStringField("severity", i.severity().label());
        g.writeStringField("status", i.status());
        g.writeArrayFieldStart("tactics");
        for (Tactic t : i.tactics()) g.writeString(t.label());
        g.writeEndArray();
        g.writeArrayFieldStart("inferredTactics");
        for (Tactic t : i.inferredTactics()) g.writeString(t.label());
        g.writeEndArray();
        g.writeNumberField("alertCount", i.alertIds().size());
        g.writeArrayFieldStart("alertIds");
        for (String a : i.alertIds()) g.writeString(a);
        g.writeEndArray();
        g.writeArrayFieldStart("entities");
        for (Entity e : i.entities()) writeEntity(e, g);
        g.writeEndArray();
        g.writeStringField("firstActivityTime", i.firstActivityTime().toString());
        g.writeStringField("lastActivityTime", i.lastActivityTime().toString());
        g.writeArrayFieldStart("reasons");
        for (LinkReason r : i.reasons()) {
            g.writeStartObject();
            g.writeStringField("earlierAlertId", r.earlierAlertId());
            g.writeStringField("laterAlertId", r.laterAlertId());
            if (r.entity() != null) { // absent when a rule grouped the alerts: the rule is the reason
                g.writeFieldName("entity");
                writeEntity(r.entity(), g);
            }
            g.writeStringField("rule", r.rule());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("mergedIncidentIds");
        for (String m : i.mergedIncidentIds()) g.writeString(m);
        g.writeEndArray();
        if (i.continuesIncidentId() != null) g.writeStringField("continuesIncidentId", i.continuesIncidentId());
        g.writeStringField("raisedBy", i.raisedBy());
        g.writeArrayFieldStart("severityReasons");
        for (SeverityReason r : i.severityReasons()) {
            g.writeStartObject();
            g.writeStringField("severity", r.severity().label());
            if (r.previous() != null) g.writeStringField("previous", r.previous().label());
            g.writeStringField("rule", r.rule());
            if (r.reason() != null) g.writeStringField("reason", r.reason());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("alerts");
        for (IncidentAlert a : i.alerts()) {
            g.writeStartObject();
            g.writeStringField("id", a.id());
            g.writeStringField("displayName", a.displayName());
            g.writeStringField("time", a.time().toString());
            g.writeStringField("severity", a.severity().label());
            g.writeArrayFieldStart("tactics");
            for (Tactic t : a.tactics()) g.writeString(t.label());
            g.writeEndArray();
            g.writeBooleanField("tacticsFromTable", a.tacticsFromTable());
            g.writeEndObject();
        }
        g.writeEndArray();
        // Only when there are some: incidents of formats without vendor incidents keep their bytes.
        if (!i.vendorIncidentIds().isEmpty()) {
            g.writeArrayFieldStart("vendorIncidentIds");
            for (String v : i.vendorIncidentIds()) g.writeString(v);
            g.writeEndArray();
        }
        if (i.patterns() != null && !i.patterns().isEmpty()) {
            g.writeArrayFieldStart("patterns");
            for (String p : i.patterns()) g.writeString(p);
            g.writeEndArray();
        }
    }

    private static void writeEntity(Entity e, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", e.type());
        g.writeStringField("key", e.key());
        // Only when the record said more than the key: other entities keep their bytes.
        if (!e.shown().equals(e.key())) g.writeStringField("value", e.shown());
        if (!e.verdict().isEmpty()) g.writeStringField("verdict", e.verdict());
        if (!e.remediationStatus().isEmpty()) g.writeStringField("remediationStatus", e.remediationStatus());
        g.writeEndObject();
    }
}
