package org.alertcorrelator.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.alertcorrelator.ingest.InputException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A scenario folder: alert files (any format the readers know), {@code expected.json} with the incidents that
 * must be raised (and no other), an optional {@code README.md} telling the story, and an optional
 * {@code rules/} folder whose files override the rule set's (a different allow-list, a smaller cap).
 *
 * <p>{@code expected.json} is either an array of expected incidents or an object with a "description" and an
 * "incidents" array. Each incident: {@code {"alertIds": [...], "tactics": [...], "severity": "High",
 * "kind": "KillChain"}}; only alertIds is required.
 */
public record Scenario(Path dir, String description, List<ExpectedIncident> expected) {
    public static final String EXPECTED = "expected.json";

    public String name() {
        return dir.getFileName().toString();
    }

    public Path rulesOverride() {
        return dir.resolve("rules");
    }

    public static Scenario load(Path dir) {
        Path file = dir.resolve(EXPECTED);
        if (!Files.isRegularFile(file)) throw new InputException(dir + ": no " + EXPECTED + " in the scenario folder");
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new InputException(file + ": not valid JSON: " + e.getMessage());
        }
        String description = "";
        JsonNode list = root;
        if (root != null && root.isObject()) {
            unknownKeys(file, "", root, TOP_KEYS);
            description = root.path("description").asText("");
            list = root.get("incidents");
        }
        if (list == null || !list.isArray()) {
            throw new InputException(file + ": expected an array of incidents, or an object with an \"incidents\" array");
        }
        List<ExpectedIncident> expected = new ArrayList<>();
        int index = 0;
        for (JsonNode n : list) {
            index++;
            String where = "incident " + index + ": ";
            if (!n.isObject()) throw new InputException(file + ": " + where + "an object {\"alertIds\": [...], ...} is required");
            unknownKeys(file, where, n, INCIDENT_KEYS);
            JsonNode ids = n.get("alertIds");
            if (ids == null || !ids.isArray() || ids.isEmpty()) {
                throw new InputException(file + ": incident " + index + ": alertIds: a non-empty array is required");
            }
            List<String> tactics = n.has("tactics") ? stringArray(file, where, n, "tactics") : null;
            if (tactics != null) {
                for (String t : tactics) {
                    if (org.alertcorrelator.model.Tactic.parse(t) == null) {
                        throw new InputException(file + ": " + where + "tactics: \"" + t + "\" is not an ATT&CK tactic");
                    }
                }
            }
            String severity = text(n, "severity");
            if (severity != null && org.alertcorrelator.model.Severity.parse(severity) == null) {
                throw new InputException(file + ": " + where + "severity: \"" + severity + "\" is not one of Informational, Low, Medium, High");
            }
            String kind = text(n, "kind");
            if (kind != null && !org.alertcorrelator.model.IncidentKind.isValid(kind)) {
                throw new InputException(file + ": " + where + "kind: \"" + kind + "\" is not a valid kind name (a letter, then letters, digits, _ - or .)");
            }
            expected.add(new ExpectedIncident(stringArray(file, where, n, "alertIds"), tactics, severity, kind));
        }
        return new Scenario(dir, description, expected);
    }

    private static final List<String> TOP_KEYS = List.of("description", "incidents");
    private static final List<String> INCIDENT_KEYS = List.of("alertIds", "tactics", "severity", "kind");

    private static void unknownKeys(Path file, String where, JsonNode n, List<String> known) {
        for (java.util.Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw new InputException(file + ": " + where + "unknown key \"" + key + "\" (known: " + String.join(", ", known) + ")");
            }
        }
    }

    private static List<String> stringArray(Path file, String where, JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (!v.isArray()) throw new InputException(file + ": " + where + field + ": an array of strings is required");
        for (JsonNode e : v) if (!e.isTextual()) throw new InputException(file + ": " + where + field + ": " + e + " is not a string");
        return strings(v);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode v : array) out.add(v.asText());
        return out;
    }
}
