package org.alertcorrelator.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.alertcorrelator.model.Incident;

/**
 * A vendor's own incident read among alerts (a Sentinel Fusion incident, a Defender for Cloud security
 * incident: {@code IsIncident} true, {@code KillChainFusionIncident}), with the alerts it grouped. It is never
 * correlated; it is a hint: an incident of ours holding one of those alerts names it in {@code vendorIncidentIds}.
 *
 * @param tenant   the vendor incident's tenant (lower case), as its alerts' tenants are read
 * @param id       its SystemAlertId
 * @param alertIds the SystemAlertIds of the alerts it grouped, as written
 */
public record VendorIncident(String tenant, String id, List<String> alertIds) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Members beyond this are left out: a hint, not a second store of alerts. */
    static final int MAX_MEMBERS = 1000;

    public VendorIncident {
        alertIds = List.copyOf(alertIds);
    }

    /**
     * The alerts a vendor incident record names: in its {@code ExtendedProperties} (any property whose name says
     * alert ids: {@code AlertIds}, {@code System Alert Ids}, {@code RelatedAlertIds}; a list, JSON text of a list,
     * or ids separated by commas, semicolons or blanks), and its {@code Entities} of type {@code alert} or
     * {@code SecurityAlert} (their {@code SystemAlertId}). Both may be JSON held in a text (a CSV cell, a Log
     * Analytics dynamic column), at the top level or under {@code properties} (the REST API).
     */
    static List<String> membersOf(JsonNode record) {
        TreeSet<String> ids = new TreeSet<>();
        JsonNode props = field(record, "properties");
        for (JsonNode holder : props != null && props.isObject() ? List.of(record, props) : List.of(record)) {
            JsonNode extended = asJson(field(holder, "ExtendedProperties"));
            if (extended != null && extended.isObject()) {
                for (Map.Entry<String, JsonNode> e : extended.properties()) {
                    String name = e.getKey().toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
                    if (name.contains("alertid") || name.equals("alerts")) addIds(asJson(e.getValue()), ids);
                }
            }
            JsonNode entities = asJson(field(holder, "Entities"));
            if (entities != null && entities.isArray()) {
                for (JsonNode en : entities) {
                    String type = text(field(en, "Type"));
                    if (type == null) continue;
                    type = type.toLowerCase(Locale.ROOT);
                    if (type.equals("alert") || type.equals("securityalert")) {
                        String id = text(field(en, "SystemAlertId"));
                        if (id == null) id = text(field(en, "AlertId"));
                        if (id != null) ids.add(id);
                    }
                }
            }
        }
        List<String> out = new ArrayList<>(ids);
        return out.size() > MAX_MEMBERS ? out.subList(0, MAX_MEMBERS) : out;
    }

    /**
     * The incidents with the vendor incidents that grouped some of their alerts added to their
     * {@code vendorIncidentIds} (same tenant, an alert id in common); the others as they were.
     */
    public static List<Incident> nameIn(List<Incident> incidents, List<VendorIncident> vendorIncidents) {
        if (vendorIncidents.isEmpty()) return incidents;
        List<Incident> out = new ArrayList<>(incidents.size());
        for (Incident i : incidents) {
            TreeSet<String> named = null;
            for (VendorIncident v : vendorIncidents) {
                if (!v.tenant.equalsIgnoreCase(i.tenantId())) continue;
                for (String a : v.alertIds) {
                    if (i.alertIds().contains(a)) {
                        if (named == null) named = new TreeSet<>(i.vendorIncidentIds());
                        named.add(v.id);
                        break;
                    }
                }
            }
            out.add(named == null || named.size() == i.vendorIncidentIds().size() ? i : withVendorIncidentIds(i, List.copyOf(named)));
        }
        return out;
    }

    /** The incident with these {@code vendorIncidentIds}. */
    public static Incident withVendorIncidentIds(Incident i, List<String> vendorIncidentIds) {
        return new Incident(i.id(), i.tenantId(), i.title(), i.description(), i.kind(), i.severity(), i.status(), i.tactics(),
                i.alertIds(), i.entities(), i.firstActivityTime(), i.lastActivityTime(), i.reasons(), i.mergedIncidentIds(),
                i.continuesIncidentId(), i.raisedBy(), i.severityReasons(), i.inferredTactics(), i.alerts(), vendorIncidentIds,
                i.patterns());
    }

    private static void addIds(JsonNode v, TreeSet<String> ids) {
        if (v == null) return;
        if (v.isArray()) {
            for (JsonNode x : v) {
                String t = x.isObject() ? text(field(x, "SystemAlertId")) : text(x);
                if (t != null) ids.add(t);
            }
        } else if (v.isValueNode()) {
            String t = text(v);
            if (t != null) for (String id : t.split("[,;\\s]+")) if (!id.isBlank()) ids.add(id.replace("\"", "").replace("[", "").replace("]", ""));
        }
        ids.remove("");
    }

    /** The field, its name matched ignoring case. */
    private static JsonNode field(JsonNode o, String name) {
        if (o == null || !o.isObject()) return null;
        JsonNode v = o.get(name);
        if (v != null) return v;
        for (Map.Entry<String, JsonNode> e : o.properties()) if (e.getKey().equalsIgnoreCase(name)) return e.getValue();
        return null;
    }

    /** JSON held in a text (a CSV cell, a dynamic column) parsed; other values as they are. */
    private static JsonNode asJson(JsonNode v) {
        if (v == null || !v.isTextual()) return v;
        String t = v.asText().trim();
        if (!t.startsWith("{") && !t.startsWith("[")) return v;
        try {
            return JSON.readTree(t);
        } catch (java.io.IOException e) {
            return v;
        }
    }

    private static String text(JsonNode v) {
        if (v == null || !v.isValueNode() || v.isNull()) return null;
        String t = v.asText().trim();
        return t.isEmpty() ? null : t;
    }
}
