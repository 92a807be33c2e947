package org.alertcorrelator.kafka;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.alertcorrelator.model.Incident;
import org.alertcorrelator.model.Tactic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Incidents as one comparable line each (kind, severity, tactics, sorted alert ids, merged ids), by id. */
final class StoredIncidents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StoredIncidents() {
    }

    static Map<String, String> fromReplay(List<Incident> incidents) {
        Map<String, String> out = new TreeMap<>();
        for (Incident i : incidents) {
            List<String> alerts = new ArrayList<>(i.alertIds());
            Collections.sort(alerts);
            out.put(i.id(), i.kind() + " " + i.severity().label() + " " + i.tactics().stream().map(Tactic::label).toList() + " "
                    + alerts + " merged " + i.mergedIncidentIds());
        }
        return out;
    }

    /** An incident body as the store (and the output topic) holds it. */
    static String line(JsonNode i) {
        List<String> alerts = new ArrayList<>();
        i.path("alertIds").forEach(a -> alerts.add(a.asText()));
        Collections.sort(alerts);
        List<String> tactics = new ArrayList<>();
        i.path("tactics").forEach(t -> tactics.add(t.asText()));
        List<String> merged = new ArrayList<>();
        i.path("mergedIncidentIds").forEach(m -> merged.add(m.asText()));
        return i.path("kind").asText() + " " + i.path("severity").asText() + " " + tactics + " " + alerts + " merged " + merged;
    }

    /** The incidents that stand (live or final) in the store at this JDBC URL. */
    static Map<String, String> fromStore(String jdbcUrl) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, body FROM incidents WHERE state IN ('live', 'final')")) {
            while (rs.next()) out.put(rs.getString(1), line(JSON.readTree(rs.getString(2))));
        }
        return out;
    }

    static long count(String jdbcUrl, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The last version of each incident on the output topic that stands (live or final). */
    static Map<String, String> fromOutput(List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> records) throws Exception {
        Map<String, JsonNode> last = new TreeMap<>();
        Map<String, Integer> version = new TreeMap<>();
        for (var r : records) {
            JsonNode p = JSON.readTree(r.value());
            JsonNode inc = p.path("incident");
            String id = inc.path("id").asText();
            int v = p.path("version").asInt();
            if (!r.key().equals(inc.path("tenantId").asText())) throw new AssertionError("output keyed by " + r.key() + ", not its tenant: " + id);
            if (version.containsKey(id) && version.get(id) >= v) continue; // a stale or repeated version: dropped
            version.put(id, v);
            last.put(id, inc);
        }
        Map<String, String> out = new TreeMap<>();
        for (var e : last.entrySet()) {
            String state = e.getValue().path("state").asText();
            if (state.equals("live") || state.equals("final")) out.put(e.getKey(), line(e.getValue()));
        }
        return out;
    }

    static void assertSame(Map<String, String> expected, Map<String, String> actual, String what) {
        List<String> diff = new ArrayList<>();
        for (var e : expected.entrySet()) {
            String got = actual.get(e.getKey());
            if (!e.getValue().equals(got)) diff.add("replay " + e.getKey() + " = " + e.getValue() + "\n" + what + " " + e.getKey() + " = " + got);
        }
        for (var e : actual.entrySet()) if (!expected.containsKey(e.getKey())) diff.add(what + " only " + e.getKey() + " = " + e.getValue());
        if (!diff.isEmpty()) {
            throw new AssertionError(diff.size() + " differences of " + expected.size() + " incidents (" + what + "):\n"
                    + String.join("\n", diff.subList(0, Math.min(20, diff.size()))));
        }
    }
}
