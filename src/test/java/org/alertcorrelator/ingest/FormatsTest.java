package org.alertcorrelator.ingest;

import static org.alertcorrelator.ingest.TestFiles.read;
import static org.alertcorrelator.ingest.TestFiles.readText;
import static org.alertcorrelator.ingest.TestFiles.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.AlertStatus;
import org.alertcorrelator.model.Entity;
import org.alertcorrelator.model.Severity;
import org.alertcorrelator.model.Tactic;

class FormatsTest {
    private static final String ALERT_ID = "2518298383339999999_8f4b5c4e-0c9f-4a3e-9f0e-1a2b3c4d5e6f";
    private static final String VM1 = "/subscriptions/3c1bb38c-82e3-4f8d-a115-a7110ba70d05/resourceGroups/Prod/providers/Microsoft.Compute/virtualMachines/VM1";
    private static final Set<String> VM1_ENTITIES = Set.of(
            "host:vm1.contoso.local",
            "account:S-1-5-21-1004336348-1177238915-682003330-1001",
            "process:cmd.exe /c whoami /all",
            "file:c:\\windows\\system32\\cmd.exe",
            "filehash:sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "ip:10.1.2.3",
            "iot-device:{\"deviceid\":\"dev-42\",\"vendor\":\"Contoso\"}",
            "azure-resource:" + VM1.toLowerCase());

    @TempDir
    Path tmp;

    private static Alert only(ReadResult r) {
        assertEquals(List.of(), r.errors());
        assertEquals(1, r.records().size());
        return r.records().get(0).alert();
    }

    private static Set<String> entities(Alert a) {
        Set<String> s = new TreeSet<>();
        for (Entity e : a.getEntities()) s.add(e.toString());
        return s;
    }

    @Test
    void restSingleObject() {
        ReadResult r = read("rest-single.json");
        Alert a = only(r);
        assertEquals(Set.of(AlertFormat.DEFENDER_REST), r.formats());
        assertEquals(ALERT_ID, a.getId());
        assertEquals("72f988bf-86f1-41af-91ab-2d7cd011db47", a.getTenant(), "AAD tenant of the resource identifiers, lower-cased");
        assertEquals("Suspicious command line detected", a.getDisplayName());
        assertEquals(Severity.HIGH, a.getSeverity());
        assertEquals(List.of(Tactic.EXECUTION, Tactic.PERSISTENCE), a.getTactics());
        assertEquals(VM1, a.getResourceId());
        assertEquals(Instant.parse("2019-01-15T09:20:03.333Z"), a.getEndTime(), "offset +01:00");
        assertTrue(r.records().get(0).origin().endsWith("rest-single.json#1"));
        assertTrue(r.records().get(0).original().contains("\"extendedProperties\""), "the original keeps every field");
    }

    @Test
    void restArray() {
        ReadResult r = read("rest-array.json");
        assertEquals(0, r.rejected());
        assertEquals(2, r.records().size());
        Alert first = r.records().get(0).alert();
        Alert second = r.records().get(1).alert();
        assertEquals("alert-rest-1", first.getId(), "SystemAlertId");
        assertEquals("11111111-2222-3333-4444-555555555555", first.getTenant(), "subscription of the resource id");
        assertEquals("99999999-8888-7777-6666-555555555555", second.getTenant(), "AzureResourceTenantId");
        assertEquals(List.of(Tactic.RECONNAISSANCE), second.getTactics(), "Defender's older intent PreAttack");
        assertEquals(Set.of("ip:2001:db8::1", "azure-resource:/subscriptions/11111111-2222-3333-4444-555555555555/resourcegroups/rg1/providers/microsoft.compute/virtualmachines/web01"),
                entities(second));
        assertTrue(r.records().get(1).origin().endsWith("rest-array.json#2"));
    }

    @Test
    void restListPage() {
        ReadResult r = read("rest-page.json");
        assertEquals(0, r.rejected());
        assertEquals(List.of("alert-rest-1", "alert-rest-2", "alert-rest-3"),
                r.records().stream().map(x -> x.alert().getId()).toList());
        Alert third = r.records().get(2).alert();
        assertEquals("11111111-2222-3333-4444-555555555555", third.getTenant(), "subscription of the ARM alert id");
        assertEquals("", third.getResourceId());
        assertEquals(AlertStatus.DISMISSED, third.getStatus());
        assertEquals(Set.of("url:https://evil.example/payload"), entities(third));
    }

    @Test
    void flatExport() {
        ReadResult r = read("export.json");
        only(r);
        assertEquals(Set.of(AlertFormat.DEFENDER_EXPORT), r.formats());
    }

    @Test
    void sentinelJsonWithEntitiesInAString() {
        ReadResult r = read("sentinel.json");
        Alert a = only(r);
        assertEquals(Set.of(AlertFormat.SENTINEL_JSON), r.formats());
        assertEquals(VM1_ENTITIES, entities(a));
    }

    @Test
    void sentinelCsv() {
        ReadResult r = read("sentinel.csv");
        Alert a = only(r);
        assertEquals(Set.of(AlertFormat.SENTINEL_CSV), r.formats());
        AlertRecord rec = r.records().get(0);
        assertTrue(rec.origin().endsWith("sentinel.csv:2"));
        assertTrue(rec.original().startsWith("{\"TenantId\":\"72f988bf-86f1-41af-91ab-2d7cd011db47\",\"TimeGenerated\":\"2019-01-15 09:25:03.333\""),
                rec.original());
        assertEquals(Instant.parse("2019-01-15T09:15:03.333Z"), a.getStartTime(), "1/15/2019, 9:15:03.333 AM");
    }

    @Test
    void portalCsvWithUtcColumnSuffixes() {
        ReadResult r = readText("portal.csv", "\uFEFFTenantId,TimeGenerated [UTC],StartTime [UTC],EndTime [UTC],AlertSeverity,SystemAlertId\r\n"
                + "t1,\"1/15/2019, 9:25:03.333 AM\",\"1/15/2019, 9:15:03.333 AM\",\"1/15/2019, 9:20:03.333 PM\",Medium,p1\r\n");
        Alert a = only(r);
        assertEquals(Instant.parse("2019-01-15T09:15:03.333Z"), a.getStartTime());
        assertEquals(Instant.parse("2019-01-15T21:20:03.333Z"), a.getEndTime());
        assertEquals(Instant.parse("2019-01-15T09:25:03.333Z"), a.getTimeGenerated());
        assertTrue(r.records().get(0).original().startsWith("{\"TenantId\":\"t1\",\"TimeGenerated [UTC]\":"), r.records().get(0).original());
    }

    @Test
    void theSameAlertInEveryFormatGivesTheSameAlert() {
        Alert rest = only(read("rest-single.json"));
        for (String other : List.of("export.json", "sentinel.json", "sentinel.csv")) {
            Alert a = only(read(other));
            assertEquals(rest.getId(), a.getId(), other);
            assertEquals(rest.getTenant(), a.getTenant(), other);
            assertEquals(rest.getAlertType(), a.getAlertType(), other);
            assertEquals(rest.getDisplayName(), a.getDisplayName(), other);
            assertEquals(rest.getDescription(), a.getDescription(), other);
            assertEquals(rest.getProduct(), a.getProduct(), other);
            assertEquals(rest.getSeverity(), a.getSeverity(), other);
            assertEquals(rest.getTactics(), a.getTactics(), other);
            assertEquals(rest.getTechniques(), a.getTechniques(), other);
            assertEquals(rest.getStartTime(), a.getStartTime(), other);
            assertEquals(rest.getEndTime(), a.getEndTime(), other);
            assertEquals(rest.getTimeGenerated(), a.getTimeGenerated(), other);
            assertEquals(rest.getStatus(), a.getStatus(), other);
            assertEquals(rest.getCompromisedEntity(), a.getCompromisedEntity(), other);
            assertEquals(rest.getResourceId(), a.getResourceId(), other);
            assertEquals(VM1_ENTITIES, entities(a), other);
        }
        assertEquals(List.of("T1059", "T1078"), rest.getTechniques());
        assertEquals(VM1_ENTITIES, entities(rest));
    }

    @Test
    void severalFilesOfDifferentFormatsInOneReplay() {
        ReadResult r = TestFiles.READER.read(List.of(sample("rest-array.json"), sample("sentinel.csv"), sample("export.json")), false);
        assertEquals(4, r.records().size());
        assertEquals(Set.of(AlertFormat.DEFENDER_REST, AlertFormat.SENTINEL_CSV, AlertFormat.DEFENDER_EXPORT), r.formats());
    }

    @Test
    void formatComesFromTheContentNotTheFileName() throws IOException {
        Path jsonNamedCsv = tmp.resolve("alerts.csv");
        Files.copy(sample("export.json"), jsonNamedCsv);
        Path csvNamedJson = tmp.resolve("alerts.json");
        Files.copy(sample("sentinel.csv"), csvNamedJson);
        assertEquals(Set.of(AlertFormat.DEFENDER_EXPORT), TestFiles.READER.read(jsonNamedCsv, false).formats());
        assertEquals(Set.of(AlertFormat.SENTINEL_CSV), TestFiles.READER.read(csvNamedJson, false).formats());
    }

    @Test
    void postedPageBody() throws IOException {
        String body = Files.readString(sample("rest-page.json"));
        ReadResult r = readText("POST /alerts", body);
        assertEquals(3, r.records().size());
        assertEquals("POST /alerts#3", r.records().get(2).origin());
    }

    @Test
    void compactPageOnOneLine() throws IOException {
        String page = Files.readString(sample("rest-page.json")).replace("\n", "");
        ReadResult r = readText("page.json", page);
        assertEquals(3, r.records().size());
        assertEquals("page.json#2", r.records().get(1).origin());
    }

    @Test
    void prettyObjectsOneAfterAnother() throws IOException {
        String one = Files.readString(sample("export.json"));
        String two = Files.readString(sample("rest-single.json")).replace(ALERT_ID, "second-alert");
        ReadResult r = readText("two.json", one + "\n" + two);
        assertEquals(0, r.rejected());
        assertEquals(List.of(ALERT_ID, "second-alert"), r.records().stream().map(x -> x.alert().getId()).toList());
    }

    @Test
    void jsonLinesWithABlankLineAndCrLf() {
        String a = "{\"SystemAlertId\":\"a\",\"TenantId\":\"t\",\"Severity\":\"Low\",\"StartTimeUtc\":\"2024-01-01T00:00:00Z\"}";
        String b = a.replace("\"a\"", "\"b\"");
        ReadResult r = readText("x.jsonl", a + "\r\n\r\n" + b + "\r\n");
        assertEquals(List.of("x.jsonl:1", "x.jsonl:3"), r.records().stream().map(AlertRecord::origin).toList());
        assertEquals(b, r.records().get(1).original(), "a JSON-lines record keeps its line verbatim");
    }

    @Test
    void gzipCompressedInput() throws IOException {
        Path gz = tmp.resolve("alerts.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(sample("sentinel.csv"), out);
        }
        assertEquals(1, TestFiles.READER.read(gz, false).records().size());
    }

    @Test
    void fieldNamesIgnoreCase() {
        ReadResult r = readText("odd.json", "{\"SYSTEMALERTID\":\"x1\",\"tenantid\":\"T1\",\"alertseverity\":\"high\","
                + "\"STARTTIME\":\"2024-01-01 10:00:00\",\"status\":\"inprogress\",\"ENTITIES\":[{\"TYPE\":\"Host\",\"HOSTNAME\":\"Srv\"}]}");
        Alert a = only(r);
        assertEquals("t1", a.getTenant());
        assertEquals(Severity.HIGH, a.getSeverity());
        assertEquals(AlertStatus.IN_PROGRESS, a.getStatus());
        assertEquals(Set.of("host:srv"), entities(a));
    }

    @Test
    void missingStatusMeansNewAndMissingTimesFallBack() {
        Alert a = only(readText("t.json", "{\"SystemAlertId\":\"x\",\"TenantId\":\"t\",\"Severity\":\"Low\",\"TimeGenerated\":\"2024-01-01T10:00:00Z\"}"));
        assertEquals(AlertStatus.NEW, a.getStatus());
        assertEquals(Instant.parse("2024-01-01T10:00:00Z"), a.getStartTime(), "no start time: the time generated");
        assertEquals(a.getStartTime(), a.getEndTime());
    }
}
