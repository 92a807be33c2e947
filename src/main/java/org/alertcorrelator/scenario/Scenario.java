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
            JsonNode ids = n.get("alertIds");
            if (ids == null || !ids.isArray() || ids.isEmpty()) {
                throw new InputException(file + ": incident " + index + ": alertIds: a non-empty array is required");
            }
            expected.add(new ExpectedIncident(strings(ids), n.has("tactics") ? strings(n.get("tactics")) : null,
                    text(n, "severity"), text(n, "kind")));
        }
        return new Scenario(dir, description, expected);
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
