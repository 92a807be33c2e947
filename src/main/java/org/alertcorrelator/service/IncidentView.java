package org.alertcorrelator.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.alertcorrelator.store.HistoryEntry;
import org.alertcorrelator.store.IncidentRow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An incident as the API and the webhooks show it: the engine's incident (the same fields as {@code replay}
 * writes) with the analyst's state in place of the engine's "New", and the service's own fields.
 */
public final class IncidentView {
    private IncidentView() {
    }

    public static ObjectNode of(IncidentRow row) {
        ObjectNode o = (ObjectNode) Json.parse(row.body());
        o.put("id", row.id());
        o.put("status", row.status());
        putOrNull(o, "classification", row.classification());
        putOrNull(o, "owner", row.owner());
        o.put("state", row.state());
        if (row.mergedInto() != null) o.put("mergedInto", row.mergedInto());
        if (row.followedBy() != null) o.put("followedBy", row.followedBy());
        if (row.reopenedFrom() != null) o.put("reopenedFrom", row.reopenedFrom());
        if (!row.engineId().equals(row.id())) o.put("engineId", row.engineId());
        o.put("createdAt", Instant.ofEpochMilli(row.createdAt()).toString());
        o.put("updatedAt", Instant.ofEpochMilli(row.updatedAt()).toString());
        o.put("version", row.version());
        return o;
    }

    public static ObjectNode withHistory(IncidentRow row, List<HistoryEntry> history) {
        ObjectNode o = of(row);
        ArrayNode h = o.putArray("history");
        for (HistoryEntry e : history) h.add(history(e));
        return o;
    }

    public static ObjectNode history(HistoryEntry e) {
        ObjectNode n = Json.object();
        n.put("at", Instant.ofEpochMilli(e.at()).toString());
        n.put("actor", e.actor());
        n.put("action", e.action());
        n.set("details", Json.parse(e.details()));
        return n;
    }

    private static void putOrNull(ObjectNode o, String field, String value) {
        if (value == null) o.putNull(field);
        else o.put(field, value);
    }

    /** The alert ids in an incident's stored body. */
    public static List<String> alertIds(String body) {
        List<String> ids = new ArrayList<>();
        for (JsonNode n : Json.parse(body).path("alertIds")) ids.add(n.asText());
        return ids;
    }
}
