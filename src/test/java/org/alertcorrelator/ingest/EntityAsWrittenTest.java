package org.alertcorrelator.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.alertcorrelator.export.IncidentJson;
import org.alertcorrelator.engine.Replay;
import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.Entity;
import org.alertcorrelator.model.Incident;
import org.alertcorrelator.ruleset.RuleSet;
import org.alertcorrelator.store.AlertCodec;

/**
 * Command lines and file paths are matched in lower case but shown as written (Defender for Cloud and Sentinel
 * records as well as Graph and Defender for Endpoint); Graph's verdict and remediation status ride on the entities
 * into incidents and the store.
 */
class EntityAsWrittenTest {
    private static final RuleSet RULES = RuleSet.load(Path.of("rules"));
    private static final String CMD = "powershell.exe -NoP -Enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoA";

    private static ReadResult read(String name, String text) {
        return new AlertReader().read(name, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), false);
    }

    private static String sentinel(String id, String type, String tactic, String time, String commandLine, String dir) {
        return "{\"SystemAlertId\":\"" + id + "\",\"TenantId\":\"t\",\"Severity\":\"High\",\"AlertType\":\"" + type + "\","
                + "\"Tactics\":\"" + tactic + "\",\"StartTimeUtc\":\"" + time + "\",\"Entities\":["
                + "{\"$id\":\"1\",\"Type\":\"host\",\"HostName\":\"web-01\"},"
                + "{\"$id\":\"2\",\"Type\":\"process\",\"CommandLine\":\"" + commandLine + "\"},"
                + "{\"$id\":\"3\",\"Type\":\"file\",\"Directory\":\"" + dir + "\",\"Name\":\"Run.PS1\"}]}";
    }

    @Test
    void defenderAndSentinelCommandLinesAndPathsAreShownAsWrittenAndMatchedInLowerCase() {
        ReadResult r = read("sentinel.jsonl", sentinel("s-1", "T1", "Execution", "2024-05-01T10:00:00Z", CMD, "C:\\\\Users\\\\Bob") + "\n"
                + sentinel("s-2", "T2", "Persistence", "2024-05-01T10:05:00Z", CMD.toUpperCase(), "c:\\\\users\\\\bob"));
        assertEquals(List.of(), r.errors());
        Alert first = r.records().get(0).alert();
        Entity process = first.entitiesOfType("process").get(0);
        assertEquals(CMD.toLowerCase(), process.key(), "the key matches in any case");
        assertEquals(CMD, process.shown(), "the command line as written, base64 in its case");
        Entity file = first.entitiesOfType("file").get(0);
        assertEquals("c:\\users\\bob\\run.ps1", file.key());
        assertEquals("C:\\Users\\Bob\\Run.PS1", file.shown());
        Alert second = r.records().get(1).alert();
        assertEquals(process, second.entitiesOfType("process").get(0), "one process for matching, whatever its case");
        assertEquals(CMD.toUpperCase(), second.entitiesOfType("process").get(0).shown());
        assertEquals("web-01", first.entitiesOfType("host").get(0).shown(), "a key that is the value has no details");

        List<Alert> alerts = new ArrayList<>();
        for (AlertRecord rec : r.records()) alerts.add(rec.alert());
        List<Incident> incidents = Replay.correlate(RULES, alerts);
        assertEquals(1, incidents.size(), incidents.toString());
        String json = IncidentJson.toJson(incidents.get(0));
        // The earliest alert's writing is shown; the key stays the lower-case one.
        assertTrue(json.contains("{\"type\":\"process\",\"key\":\"" + CMD.toLowerCase() + "\",\"value\":\"" + CMD + "\"}"), json);
        assertTrue(json.contains("\"value\":\"C:\\\\Users\\\\Bob\\\\Run.PS1\""), json);
        assertFalse(json.contains("{\"type\":\"host\",\"key\":\"web-01\",\"value\""), json);
        java.io.StringWriter csv = new java.io.StringWriter();
        try {
            org.alertcorrelator.export.IncidentCsv.write(incidents, csv);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertTrue(csv.toString().contains("process:" + CMD), csv.toString());

        Alert stored = AlertCodec.fromJson(AlertCodec.toJson(first));
        assertEquals(CMD, stored.entitiesOfType("process").get(0).shown(), "the store keeps the value as written");
    }

    @Test
    void graphVerdictAndRemediationStatusAreKeptOnTheEvidencesEntities() {
        String graph = "{\"id\":\"g-1\",\"tenantId\":\"t\",\"severity\":\"high\",\"title\":\"Ransomware\",\"category\":\"Impact\","
                + "\"firstActivityDateTime\":\"2024-05-01T10:00:00Z\",\"evidence\":["
                + "{\"@odata.type\":\"#microsoft.graph.security.processEvidence\",\"verdict\":\"malicious\",\"remediationStatus\":\"prevented\","
                + "\"processCommandLine\":\"vssadmin.exe Delete Shadows /All\",\"imageFile\":{\"sha256\":\"AB12\",\"fileName\":\"vssadmin.exe\"}},"
                + "{\"@odata.type\":\"#microsoft.graph.security.deviceEvidence\",\"verdict\":\"suspicious\",\"remediationStatus\":\"none\",\"deviceDnsName\":\"web-01\"},"
                + "{\"@odata.type\":\"#microsoft.graph.security.ipEvidence\",\"ipAddress\":\"203.0.113.9\"},"
                + "{\"@odata.type\":\"#microsoft.graph.security.urlEvidence\",\"verdict\":\"" + "x".repeat(8000) + "\",\"url\":\"http://a.example/\"}]}";
        ReadResult r = read("graph.json", graph);
        assertEquals(List.of(), r.errors());
        Alert a = r.records().get(0).alert();
        Entity process = a.entitiesOfType("process").get(0);
        assertEquals("malicious", process.verdict());
        assertEquals("prevented", process.remediationStatus());
        assertEquals("vssadmin.exe delete shadows /all", process.key());
        assertEquals("vssadmin.exe Delete Shadows /All", process.shown());
        Entity hash = a.entitiesOfType("filehash").get(0);
        assertEquals("malicious", hash.verdict(), "every entity of the evidence item");
        Entity host = a.entitiesOfType("host").get(0);
        assertEquals("suspicious", host.verdict());
        assertEquals("none", host.remediationStatus());
        assertEquals("", a.entitiesOfType("ip").get(0).verdict(), "no verdict written, none kept");
        assertEquals("", a.entitiesOfType("url").get(0).verdict(), "a verdict of 8,000 characters is no verdict");
        assertEquals(1, r.warnings().size(), r.warnings().toString());
        assertEquals("evidence[3].verdict", r.warnings().get(0).field());
        // Verdicts are shown, never compared: the entity is its type and key.
        assertEquals(new Entity("host", "web-01"), host);

        Alert stored = AlertCodec.fromJson(AlertCodec.toJson(a));
        assertEquals("prevented", stored.entitiesOfType("process").get(0).remediationStatus());
        assertEquals("vssadmin.exe Delete Shadows /All", stored.entitiesOfType("process").get(0).shown());
    }
}
