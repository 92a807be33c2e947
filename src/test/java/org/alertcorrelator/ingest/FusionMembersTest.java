package org.alertcorrelator.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.alertcorrelator.engine.Replay;
import org.alertcorrelator.model.Incident;
import org.alertcorrelator.ruleset.RuleSet;

/**
 * A vendor incident (Fusion, IsIncident) is never correlated; the alerts it lists in its ExtendedProperties or
 * entities are a hint: our incident holding them names it in vendorIncidentIds, in its own tenant only.
 */
class FusionMembersTest {
    private static final RuleSet RULES = RuleSet.load(Path.of("rules"));
    private static final Path SCENARIO = Path.of("fixtures/scenarios/36-fusion-incident-names-our-incident");

    private static ReadResult read(String name, String text) {
        return new AlertReader().read(name, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), false);
    }

    private static Map<String, List<String>> vendorIdsByTenant(Replay.Result r) {
        Map<String, List<String>> m = new java.util.TreeMap<>();
        for (Incident i : r.incidents()) m.put(i.tenantId() + " " + i.alertIds(), i.vendorIncidentIds());
        return m;
    }

    @Test
    void fusionIncidentNamesOurIncidentOfItsAlertsInItsTenantOnly() {
        Replay.Result r = Replay.run(RULES, List.of(SCENARIO), true);
        assertEquals(Map.of(
                "4c8e2a1b-7d3f-4e5a-9b6c-0d1e2f3a4b36 [fx-1, fx-2]", List.of("fx-fusion"),
                "7f0d2c4e-1b3a-4c5d-8e9f-0a1b2c3d4e36 [fx-1, fx-3]", List.of()), vendorIdsByTenant(r));
        assertEquals(Map.of("vendor incident (not an alert): IsIncident", 1), r.skipped());
    }

    @Test
    void theHintHoldsOnTheStreamedPathToo(@TempDir Path dir) throws IOException {
        List<String> lines = Files.readAllLines(SCENARIO.resolve("sentinel.csv"));
        // The first tenant's rows only: no id comes twice, the file is in order, so the replay streams it.
        Files.write(dir.resolve("one-tenant.csv"), lines.subList(0, 4));
        Replay.Result r = Replay.run(RULES, List.of(dir.resolve("one-tenant.csv")), true);
        assertTrue(r.summary().streamed(), r.summary().toString());
        assertEquals(1, r.incidents().size());
        assertEquals(List.of("fx-fusion"), r.incidents().get(0).vendorIncidentIds());
    }

    @Test
    void aFusionIncidentWithoutMembersNamesNothing() {
        Replay.Result r = Replay.run(RULES, List.of(Path.of("fixtures/scenarios/32-log-analytics-result-and-defender-rest")), true);
        assertEquals(1, r.incidents().size());
        assertEquals(List.of(), r.incidents().get(0).vendorIncidentIds());
    }

    @Test
    void membersAreReadFromEveryShape() {
        // Sentinel JSON: ExtendedProperties held in a text, ids separated by commas; entities of type SecurityAlert.
        ReadResult json = read("fusion.jsonl", "{\"TenantId\":\"T\",\"SystemAlertId\":\"f-1\",\"AlertType\":\"KillChainFusionIncident\","
                + "\"Severity\":\"High\",\"StartTime\":\"2024-01-01T00:00:00Z\","
                + "\"ExtendedProperties\":\"{\\\"System Alert Ids\\\":\\\"a-1, a-2;a-3\\\",\\\"Other\\\":\\\"x-9\\\"}\","
                + "\"Entities\":\"[{\\\"$id\\\":\\\"1\\\",\\\"Type\\\":\\\"SecurityAlert\\\",\\\"SystemAlertId\\\":\\\"a-4\\\"},{\\\"$id\\\":\\\"2\\\",\\\"Type\\\":\\\"host\\\",\\\"HostName\\\":\\\"h\\\"}]\"}");
        assertEquals(List.of(), json.errors());
        assertEquals(List.of(new VendorIncident("t", "f-1", List.of("a-1", "a-2", "a-3", "a-4"))), json.vendorIncidents());
        // Defender for Cloud REST: isIncident under properties, extendedProperties an object with a list.
        ReadResult rest = read("rest.json", "{\"id\":\"/subscriptions/S1/resourceGroups/g/providers/Microsoft.Security/locations/l/alerts/i-1\","
                + "\"name\":\"i-1\",\"type\":\"Microsoft.Security/Locations/alerts\",\"properties\":{\"systemAlertId\":\"i-1\","
                + "\"alertType\":\"SecurityIncident\",\"severity\":\"High\",\"startTimeUtc\":\"2024-01-01T00:00:00Z\",\"isIncident\":true,"
                + "\"extendedProperties\":{\"relatedAlertIds\":[\"b-1\",\"b-2\"]},\"entities\":[{\"type\":\"alert\",\"systemAlertId\":\"b-3\"}]}}");
        assertEquals(List.of(), rest.errors());
        assertEquals(List.of(new VendorIncident("s1", "i-1", List.of("b-1", "b-2", "b-3"))), rest.vendorIncidents());
        // Log Analytics query result: the row zipped with its columns, ExtendedProperties a dynamic column.
        ReadResult la = read("la.json", "{\"tables\":[{\"name\":\"PrimaryResult\",\"columns\":[{\"name\":\"TenantId\",\"type\":\"string\"},"
                + "{\"name\":\"SystemAlertId\",\"type\":\"string\"},{\"name\":\"AlertType\",\"type\":\"string\"},{\"name\":\"AlertSeverity\",\"type\":\"string\"},"
                + "{\"name\":\"StartTime\",\"type\":\"datetime\"},{\"name\":\"IsIncident\",\"type\":\"bool\"},{\"name\":\"ExtendedProperties\",\"type\":\"dynamic\"}],"
                + "\"rows\":[[\"T\",\"la-f\",\"KillChainFusionIncident\",\"High\",\"2024-01-01T00:00:00Z\",true,\"{\\\"AlertIds\\\":\\\"[\\\\\\\"c-1\\\\\\\"]\\\"}\"]]}]}");
        assertEquals(List.of(), la.errors());
        assertEquals(List.of(new VendorIncident("t", "la-f", List.of("c-1"))), la.vendorIncidents());
        // Bad member lists cost nothing: not JSON, a number, an empty list.
        ReadResult bad = read("bad.csv", "TenantId,SystemAlertId,AlertType,Severity,StartTime,IsIncident,ExtendedProperties,Entities\n"
                + "t,f-2,KillChainFusionIncident,High,2024-01-01T00:00:00Z,True,\"{\"\"AlertIds\"\": 12\",\"[{\"\"Type\"\": \"\"alert\"\"}]\"\n"
                + "t,f-3,KillChainFusionIncident,High,2024-01-01T00:00:00Z,True,\"{\"\"AlertIds\"\": []}\",7\n");
        assertEquals(List.of(), bad.errors());
        assertEquals(List.of(), bad.vendorIncidents());
        assertEquals(2, bad.skippedCount());
    }
}
