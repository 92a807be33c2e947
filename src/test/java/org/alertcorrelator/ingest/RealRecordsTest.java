package org.alertcorrelator.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.alertcorrelator.engine.Replay;
import org.alertcorrelator.model.Alert;
import org.alertcorrelator.ruleset.RuleSet;

/** Real records read right: encodings, Linux accounts, vendor incidents, bad files among good ones, messages. */
class RealRecordsTest {
    private static final AlertReader READER = new AlertReader();
    private static final String HEADER = "TenantId,SystemAlertId,AlertName,AlertType,Severity,StartTime,Description,Entities\n";

    @TempDir
    Path tmp;

    private static ReadResult text(String name, String content) {
        return READER.read(name, new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), false);
    }

    @Test
    void windows1252FileIsReadWithAWarningNamingIt() throws IOException {
        String csv = HEADER + "t1,w-1,Connexion suspecte,T,High,2024-01-01T00:00:00Z,Activité détectée – réseau,[]\n";
        Path file = Files.write(tmp.resolve("export.csv"), csv.getBytes(Charset.forName("windows-1252")));
        ReadResult r = READER.read(file, false);
        assertEquals(List.of(), r.errors());
        assertEquals("Activité détectée – réseau", r.records().get(0).alert().getDescription());
        assertEquals(List.of(file + ": not valid UTF-8: read as Windows-1252"), r.warnings().stream().map(RecordError::toString).toList());
    }

    @Test
    void linuxUidGidIsNoIdentityButAWindowsSidIs() {
        String linux = "[{\"$id\":\"1\",\"HostName\":\"lnx-a\",\"Type\":\"host\"},{\"$id\":\"2\",\"Name\":\"azureuser\",\"Sid\":\"1001:1001\",\"Host\":{\"$ref\":\"1\"},\"Type\":\"account\"}]";
        String windows = "[{\"$id\":\"1\",\"HostName\":\"win-a\",\"Type\":\"host\"},{\"$id\":\"2\",\"Name\":\"eve\",\"Sid\":\"s-1-5-21-1-2-3-1001\",\"Host\":{\"$ref\":\"1\"},\"Type\":\"account\"}]";
        ReadResult r = text("a.jsonl", "{\"TenantId\":\"t\",\"SystemAlertId\":\"l\",\"Severity\":\"High\",\"StartTime\":\"2024-01-01T00:00:00Z\",\"Entities\":" + linux + "}\n"
                + "{\"TenantId\":\"t\",\"SystemAlertId\":\"w\",\"Severity\":\"High\",\"StartTime\":\"2024-01-01T00:00:00Z\",\"Entities\":" + windows + "}\n");
        assertEquals(List.of(), r.errors());
        assertTrue(r.records().get(0).alert().getEntities().toString().contains("account:lnx-a\\azureuser"), r.records().get(0).alert().getEntities().toString());
        assertTrue(r.records().get(1).alert().getEntities().toString().contains("account:S-1-5-21-1-2-3-1001"));
    }

    @Test
    void fusionIncidentRowsAreSkippedNotCorrelatedNorRejected() {
        ReadResult r = text("fusion.csv", "TenantId,SystemAlertId,AlertName,AlertType,Severity,StartTime,IsIncident\n"
                + "t,f-1,Multistage attack,KillChainFusionIncident,High,2024-01-01T00:00:00Z,False\n"
                + "t,f-2,Incident,Whatever,High,2024-01-01T00:00:00Z,True\n"
                + "t,a-1,Real alert,Whatever,High,2024-01-01T00:00:00Z,False\n");
        assertEquals(List.of(), r.errors());
        assertEquals(List.of("a-1"), r.records().stream().map(x -> x.alert().getId()).toList());
        assertEquals(Map.of("vendor incident (not an alert): KillChainFusionIncident", 1,
                "vendor incident (not an alert): IsIncident", 1), r.skipped());
    }

    @Test
    void messagesNameNoLibraryInternals() {
        String digits = "9".repeat(2000);
        ReadResult r = text("big.jsonl", "{\"TenantId\":\"t\",\"SystemAlertId\":\"x\",\"Severity\":" + digits + "}\n"
                + "{\"TenantId\":\"t\",\"SystemAlertId\":\"y\",\"Severity\":\"High\",\"StartTime\":\"2024-01-01T00:00:00Z\"}\n");
        assertEquals(1, r.records().size());
        assertEquals(1, r.errors().size());
        String m = r.errors().get(0).toString();
        assertTrue(m.startsWith("big.jsonl:1: record 1: "), m);
        assertFalse(m.contains("StreamReadConstraints") || m.contains("REDACTED") || m.contains("`") || m.contains("com.fasterxml"), m);
    }

    @Test
    void folderReplayReportsSkippedAndBadFilesAndCorrelatesTheRest() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("in"));
        Files.copy(Path.of("fixtures/scenarios/30-graph-alerts-and-defender-for-cloud-on-one-host/graph-alerts.jsonl"), dir.resolve("graph"));
        Files.copy(Path.of("fixtures/scenarios/30-graph-alerts-and-defender-for-cloud-on-one-host/defender-export.json"), dir.resolve("export.json"));
        Files.writeString(dir.resolve("notes.txt"), "not alerts");
        Files.write(dir.resolve("empty.json"), new byte[0]);
        Files.write(dir.resolve("blob.csv"), new byte[] {0, 1, 2, 3, 'P', 'K'});
        RuleSet rules = RuleSet.load(Path.of("rules"));
        Replay.Result r = Replay.run(rules, List.of(dir), false);
        assertEquals(1, r.incidents().size());
        assertEquals(3, r.incidents().get(0).alertIds().size());
        String skipped = String.join("\n", r.skippedFiles());
        assertTrue(skipped.contains("notes.txt: skipped (unknown extension .txt)"), skipped);
        assertTrue(skipped.contains("empty.json: empty"), skipped);
        assertTrue(skipped.contains("blob.csv: not text (binary content)"), skipped);
        Files.writeString(dir.resolve("LICENSE"), "MIT License\n");
        String withLicense = String.join("\n", Replay.run(rules, List.of(dir), false).skippedFiles());
        assertTrue(withLicense.contains("LICENSE: not an alert file"), withLicense);
        assertThrows(InputException.class, () -> Replay.run(rules, List.of(dir), true));
    }

    @Test
    void unterminatedQuoteCostsOnlyItsRowAndEachLostRowIsCounted() {
        String csv = HEADER
                + "t,q-1,A,T,High,2024-01-01T00:00:00Z,fine,[]\n"
                + "t,q-2,B,T,High,2024-01-01T00:00:00Z,\"never closed,[]\n"
                + "t,q-3,C,T,High,2024-01-01T00:00:00Z,fine,[]\n"
                + "t,q-4,D,T,High,2024-01-01T00:00:00Z,\"bad\"x,[]\n"
                + "t,q-5,E,T,High,2024-01-01T00:00:00Z,\"multi\nline\",[]\n"
                + "t,q-6,F,T,High,2024-01-01T00:00:00Z,fine,[]\n";
        ReadResult r = text("q.csv", csv);
        assertEquals(List.of("q-1", "q-3", "q-5", "q-6"), r.records().stream().map(x -> x.alert().getId()).toList());
        assertEquals(2, r.errors().size(), r.errors().toString());
        assertEquals(3, r.errors().get(0).line());
        assertEquals(5, r.errors().get(1).line());
        assertTrue(r.errors().get(0).toString().startsWith("q.csv:3: record 2: CSV syntax error"), r.errors().get(0).toString());
        assertEquals(List.of("q.csv:2", "q.csv:4", "q.csv:6", "q.csv:8"), r.records().stream().map(AlertRecord::origin).toList());
    }

    @Test
    void entitiesThatAreNoListAndUnknownTacticsAreWarningsAndErrorsWhenStrict() {
        String body = "{\"TenantId\":\"t\",\"SystemAlertId\":\"e-1\",\"Severity\":\"High\",\"StartTime\":\"2024-01-01T00:00:00Z\",\"Entities\":\"oops\"}\n"
                + "{\"TenantId\":\"t\",\"SystemAlertId\":\"e-2\",\"Severity\":\"High\",\"StartTime\":\"2024-01-01T00:00:00Z\",\"Entities\":{\"HostName\":\"h\",\"Type\":\"host\"}}\n"
                + "{\"TenantId\":\"t\",\"SystemAlertId\":\"e-3\",\"Severity\":\"High\",\"StartTime\":\"2024-01-01T00:00:00Z\",\"Tactics\":\"Execution, Teleportation\"}\n"
                + "{\"TenantId\":\"t\",\"SystemAlertId\":\"e-4\",\"Severity\":\"High\",\"StartTime\":\"2024-01-01T00:00:00Z\",\"Tactics\":\"Unknown\",\"Entities\":42}\n";
        ReadResult r = text("w.jsonl", body);
        assertEquals(List.of(), r.errors());
        assertEquals(4, r.records().size());
        assertEquals(List.of(
                "w.jsonl:1: record 1: Entities: not a JSON list; ignored",
                "w.jsonl:2: record 2: Entities: an object, not a list; read as one entity",
                "w.jsonl:3: record 3: Tactics: \"Teleportation\" is not a MITRE ATT&CK tactic; ignored",
                "w.jsonl:4: record 4: Entities: not a JSON list; ignored"), r.warnings().stream().map(RecordError::toString).toList());
        assertEquals(List.of(org.alertcorrelator.model.Tactic.EXECUTION), r.records().get(2).alert().getTactics());
        InputException strict = assertThrows(InputException.class,
                () -> READER.read("w.jsonl", new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), true));
        assertTrue(strict.getMessage().contains("w.jsonl:1: record 1: Entities: not a JSON list"), strict.getMessage());
    }

    @Test
    void gzippedFileWithoutKnownExtensionIsReadByContent() throws IOException {
        Path gz = tmp.resolve("alerts.json.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(Path.of("fixtures/formats/mde-alert-get-response.json")));
        }
        assertTrue(Replay.isAlertFile(gz));
        ReadResult r = READER.read(gz, false);
        assertEquals(List.of(), r.errors());
        Alert a = r.records().get(0).alert();
        assertEquals("da637472900382838869_1364969609", a.getId());
    }
}
