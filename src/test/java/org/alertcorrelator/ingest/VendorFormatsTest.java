package org.alertcorrelator.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.AlertStatus;
import org.alertcorrelator.model.Entity;
import org.alertcorrelator.model.Severity;
import org.alertcorrelator.model.Tactic;

/**
 * One record of each newer format, read from Microsoft's published examples in fixtures/formats, with every
 * field the README's input-format table maps checked against the source text.
 */
class VendorFormatsTest {
    static final Path DIR = Path.of("fixtures/formats");
    private static final AlertReader READER = new AlertReader();
    private static final List<String> CHECKED = new ArrayList<>();

    /** Counts the fields checked per format (the figure the issue asks for). */
    private static final class Fields {
        private final String format;
        private int n;

        Fields(String format) {
            this.format = format;
        }

        void eq(String field, Object expected, Object actual) {
            assertEquals(expected, actual, format + ": " + field);
            n++;
        }

        void done() {
            CHECKED.add(format + ": " + n + " fields checked");
        }
    }

    @AfterAll
    static void report() {
        CHECKED.forEach(System.out::println);
    }

    /**
     * Every published example here reads with none rejected (the Graph evidence representations are skipped as
     * no alerts), and so does every complete one in ../shared/data/formats where that folder exists (not on CI):
     * only the {@code *-elided.json} files, which hold the source's own "..." and are no JSON, are left out there.
     */
    @Test
    void everyCompleteExampleReadsWithNoneRejected() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(DIR)) {
            files.addAll(s.filter(p -> p.toString().endsWith(".json")).sorted().toList());
        }
        // Beside the project (../shared), or beside the folder of worktrees it sits in (../../shared).
        Path shared = Path.of("..", "shared", "data", "formats");
        if (!Files.isDirectory(shared)) shared = Path.of("..", "..", "shared", "data", "formats");
        if (Files.isDirectory(shared)) {
            try (Stream<Path> s = Files.list(shared)) {
                files.addAll(s.filter(p -> p.toString().endsWith(".json") && !p.toString().endsWith("-elided.json")).sorted().toList());
            }
        }
        int alerts = 0;
        int skipped = 0;
        for (Path f : files) {
            ReadResult r = READER.read(f, false);
            assertEquals(0, r.rejected(), f + ": " + r.errors());
            assertTrue(r.records().size() + r.skippedCount() > 0, f + ": neither read nor skipped");
            if (f.getFileName().toString().endsWith("-representation.json")) {
                assertEquals(1, r.skippedCount(), f.toString());
                assertTrue(r.skipped().keySet().iterator().next().startsWith("not an alert: Graph "), r.skipped().toString());
            }
            alerts += r.records().size();
            skipped += r.skippedCount();
        }
        System.out.printf("published examples: %d files read, %d alerts, 0 rejected, %d records skipped as no alerts%n",
                files.size(), alerts, skipped);
    }

    static ReadResult read(String file) {
        return READER.read(DIR.resolve(file), false);
    }

    private static Set<String> entities(Alert a) {
        Set<String> s = new TreeSet<>();
        for (Entity e : a.getEntities()) s.add(e.toString());
        return s;
    }

    private static Alert byId(ReadResult r, String id) {
        return r.records().stream().map(AlertRecord::alert).filter(a -> a.getId().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no alert " + id + " in " + r.records()));
    }

    private static final Set<String> GRAPH_ENTITIES = Set.of(
            "host:tempdns",
            "azure-resource:/subscriptions/8700d3a3-3bb7-4fbe-a090-488a1ad04161/resourcegroups/wdatpapi-eus-stg/providers/microsoft.compute/virtualmachines/nirlavitests",
            "filehash:sha1:5f1e8acedc065031aad553b710838eb366cfee9a",
            "filehash:sha256:8963a19fb992ad9a76576c5638fd68292cffb9aaac29eb8285f9abf6196a7dec",
            "file:c:\\program files\\temp\\mssense.exe",
            "process:\"mssense.exe\"",
            "account:S-1-5-18",
            "registry-key:hkey_local_machine\\system\\controlset001\\control\\wmi\\autologger\\senseauditlogger");

    @Test
    void graphAlertsV2ListPage() {
        ReadResult r = read("graph-v1-list-alerts_v2-response.json");
        assertEquals(List.of(), r.errors());
        assertEquals(Set.of(AlertFormat.GRAPH_ALERT), r.formats());
        assertEquals(1, r.records().size());
        Alert a = r.records().get(0).alert();
        Fields f = new Fields("Graph alerts_v2 (graph-v1-list-alerts_v2-response.json)");
        f.eq("id", "da637551227677560813_-961444813", a.getId());
        f.eq("tenantId", "b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c", a.getTenant());
        f.eq("severity", Severity.LOW, a.getSeverity());
        f.eq("status", AlertStatus.NEW, a.getStatus());
        f.eq("category", List.of(Tactic.DEFENSE_EVASION), a.getTactics());
        f.eq("mitreTechniques", List.of("T1564.001"), a.getTechniques());
        f.eq("firstActivityDateTime", Instant.parse("2021-04-26T07:45:50.116Z"), a.getStartTime());
        f.eq("lastActivityDateTime", Instant.parse("2021-05-02T07:56:58.222Z"), a.getEndTime());
        f.eq("createdDateTime", Instant.parse("2021-04-27T12:19:27.7211305Z"), a.getTimeGenerated());
        f.eq("title", "Suspicious execution of hidden file", a.getDisplayName());
        f.eq("detectorId", "e0da400f-affd-43ef-b1d5-afc2eb6f2756", a.getAlertType());
        f.eq("description", true, a.getDescription().startsWith("A hidden file has been launched."));
        f.eq("serviceSource", "microsoftDefenderForEndpoint", a.getProduct());
        f.eq("incidentId", "28282", a.getVendorIncidentId());
        f.eq("evidence", GRAPH_ENTITIES, entities(a));
        f.eq("evidence[].verdict", Set.of("unknown"), a.getEntities().stream().map(Entity::verdict).collect(java.util.stream.Collectors.toSet()));
        f.eq("evidence[].remediationStatus", Set.of("none"), a.getEntities().stream().map(Entity::remediationStatus).collect(java.util.stream.Collectors.toSet()));
        f.eq("evidence[2].processCommandLine as written", "\"MsSense.exe\"", shown(a, "process"));
        f.eq("evidence[1].fileDetails.filePath\\fileName as written", "C:\\Program Files\\temp\\MsSense.exe", shown(a, "file"));
        f.done();
    }

    /** The value shown for the alert's one entity of that type. */
    static String shown(Alert a, String type) {
        List<Entity> of = a.entitiesOfType(type);
        assertEquals(1, of.size(), type + " entities of " + a);
        return of.get(0).shown();
    }

    @Test
    void graphSingleAlertAndJsonLines() throws IOException {
        ReadResult r = read("graph-v1-alert-get-response.json");
        assertEquals(List.of(), r.errors());
        assertEquals(1, r.records().size());
        Alert single = r.records().get(0).alert();
        assertEquals(GRAPH_ENTITIES, entities(single));
        // The same alert as JSON lines: one alert per line.
        String one = new String(Files.readAllBytes(DIR.resolve("graph-v1-alert-get-response.json")))
                .replaceAll("\\s*\\n\\s*", " ").replace("\t", " ");
        String two = one.replace(single.getId(), "second-id");
        ReadResult lines = READER.read("graph.jsonl", new java.io.ByteArrayInputStream((one + "\n" + two + "\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)), false);
        assertEquals(List.of(), lines.errors());
        assertEquals(2, lines.records().size());
        assertEquals(GRAPH_ENTITIES, entities(byId(lines, "second-id")));
    }

    @Test
    void graphIncidentWithExpandedAlerts() {
        // The published example has two trailing commas: read leniently.
        ReadResult r = read("graph-v1-list-incidents-expand-alerts-response.json");
        assertEquals(List.of(), r.errors());
        assertEquals(1, r.records().size());
        Alert a = r.records().get(0).alert();
        Fields f = new Fields("Graph incident $expand=alerts (graph-v1-list-incidents-expand-alerts-response.json)");
        f.eq("alerts[0].id", "da637551227677560813_-961444813", a.getId());
        f.eq("id (vendor incident)", "2972395", a.getVendorIncidentId());
        f.eq("alerts[0].tenantId", "b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c", a.getTenant());
        f.eq("alerts[0].severity", Severity.LOW, a.getSeverity());
        f.eq("alerts[0].category", List.of(Tactic.DEFENSE_EVASION), a.getTactics());
        f.eq("alerts[0].firstActivityDateTime", Instant.parse("2021-04-26T07:45:50.116Z"), a.getStartTime());
        f.eq("alerts[0].evidence (host)", true, entities(a).contains("host:tempdns"));
        f.eq("incident skipped", Map.of("vendor incident (not an alert): Graph security incident", 1), r.skipped());
        f.done();
        // An incident without $expand=alerts: no alert, one vendor incident skipped, no error.
        ReadResult plain = read("graph-v1-list-incidents-response.json");
        assertEquals(List.of(), plain.errors());
        assertEquals(List.of(), plain.records());
        assertEquals(1, plain.skippedCount());
    }

    @Test
    void defenderForEndpointAlert() {
        ReadResult r = read("mde-alert-get-response.json");
        assertEquals(List.of(), r.errors());
        assertEquals(Set.of(AlertFormat.DEFENDER_ENDPOINT), r.formats());
        Alert a = r.records().get(0).alert();
        Fields f = new Fields("Defender for Endpoint (mde-alert-get-response.json)");
        f.eq("id", "da637472900382838869_1364969609", a.getId());
        f.eq("aadTenantId", "a839b112-1253-6432-9bf6-94542403f21c", a.getTenant());
        f.eq("incidentId", "1126093", a.getVendorIncidentId());
        f.eq("severity", Severity.LOW, a.getSeverity());
        f.eq("status", AlertStatus.NEW, a.getStatus());
        f.eq("category", List.of(Tactic.EXECUTION), a.getTactics());
        f.eq("mitreTechniques", List.of("T1064", "T1085", "T1220"), a.getTechniques());
        f.eq("firstEventTime", Instant.parse("2021-01-26T20:31:32.9562661Z"), a.getStartTime());
        f.eq("lastEventTime", Instant.parse("2021-01-26T20:31:33.0577322Z"), a.getEndTime());
        f.eq("alertCreationTime", Instant.parse("2021-01-26T20:33:57.7220239Z"), a.getTimeGenerated());
        f.eq("title", "Low-reputation arbitrary code executed by signed executable", a.getDisplayName());
        f.eq("detectorId", "17e10bbc-3a68-474a-8aad-faef14d43952", a.getAlertType());
        f.eq("description", true, a.getDescription().startsWith("Binaries signed by Microsoft"));
        f.eq("product", "Microsoft Defender for Endpoint", a.getProduct());
        f.eq("machineId/computerDnsName, relatedUser, evidence", Set.of(
                "host:temp123.middleeast.corp.microsoft.com",
                "account:domain\\temp123",
                "account:temp123@microsoft.com",
                "process:rundll32.exe  c:\\temp\\suspicious.dll,repeatafterme",
                "filehash:sha1:ff836cfb1af40252bd2a2ea843032e99a5b262ed",
                "filehash:sha256:a4752c71d81afd3d5865d24ddb11a6b0c615062fcc448d24050c2172d2cbccd6",
                "file:c:\\windows\\syswow64\\rundll32.exe",
                "filehash:sha1:8563f95b2f8a284fc99da44500cd51a77c1ff36c",
                "filehash:sha256:dc0ade0c95d6db98882bc8fa6707e64353cd6f7767ff48d6a81a6c2aef21c608",
                "file:c:\\temp\\suspicious.dll"), entities(a));
        f.eq("evidence[].processCommandLine as written", "rundll32.exe  c:\\temp\\suspicious.dll,RepeatAfterMe", shown(a, "process"));
        f.done();
    }

    @Test
    void defenderForEndpointEmptyPageIsNoAlertsAndNoError() {
        ReadResult r = READER.read("empty.json", new java.io.ByteArrayInputStream("{\"value\": []}".getBytes()), false);
        assertEquals(List.of(), r.errors());
        assertEquals(List.of(), r.records());
    }

    @Test
    void logAnalyticsSecurityAlertRows() {
        ReadResult r = read("loganalytics-securityalert-from-msticpy.json");
        assertEquals(List.of(), r.errors());
        assertEquals(Set.of(AlertFormat.LOG_ANALYTICS), r.formats());
        assertEquals(2, r.records().size());
        Alert a = byId(r, "047f47d6-79b7-4502-824b-97abc4905a73");
        // The same row read from the CSV export it was taken from must give the same alert.
        ReadResult csv = READER.read(Path.of("fixtures/real/msticpy/alertlist.csv"), false);
        Alert fromCsv = byId(csv, "047f47d6-79b7-4502-824b-97abc4905a73");
        Fields f = new Fields("Log Analytics (loganalytics-securityalert-from-msticpy.json)");
        f.eq("SystemAlertId", fromCsv.getId(), a.getId());
        f.eq("TenantId", "802d39e1-9d70-404d-832c-2de5e2478eda", a.getTenant());
        f.eq("TenantId = CSV", fromCsv.getTenant(), a.getTenant());
        f.eq("Severity", Severity.LOW, a.getSeverity());
        f.eq("AlertType", "DC local group addition - Demo", a.getAlertType());
        f.eq("AlertDisplayName", fromCsv.getDisplayName(), a.getDisplayName());
        f.eq("Description", fromCsv.getDescription(), a.getDescription());
        f.eq("StartTimeUtc", fromCsv.getStartTime(), a.getStartTime());
        f.eq("EndTimeUtc", fromCsv.getEndTime(), a.getEndTime());
        f.eq("TimeGenerated", fromCsv.getTimeGenerated(), a.getTimeGenerated());
        f.eq("ProviderName/VendorName", fromCsv.getProduct(), a.getProduct());
        f.eq("CompromisedEntity", fromCsv.getCompromisedEntity(), a.getCompromisedEntity());
        f.eq("ResourceId", fromCsv.getResourceId(), a.getResourceId());
        f.eq("Entities", entities(fromCsv), entities(a));
        f.eq("Entities not empty", true, entities(a).stream().anyMatch(e -> e.startsWith("host:")));
        f.done();
        // Tables of other queries are no alerts: skipped and counted, not rejected.
        ReadResult usage = read("loganalytics-query-get-example.json");
        assertEquals(List.of(), usage.errors());
        assertEquals(List.of(), usage.records());
        assertTrue(usage.skippedCount() > 0);
        ReadResult doc = read("loganalytics-response-format-doc-example.json");
        assertEquals(List.of(), doc.errors());
        assertEquals(4, doc.skippedCount());
    }

    @Test
    void eventHubsEnvelopeOfContinuousExport() {
        ReadResult r = read("eventhubs-continuous-export-records.json");
        assertEquals(List.of(), r.errors());
        assertEquals(2, r.records().size());
        Alert a = r.records().get(1).alert();
        Fields f = new Fields("Event Hubs records (eventhubs-continuous-export-records.json)");
        f.eq("properties.systemAlertId", "2518298467986649999_4d25bfef-2d77-4a08-adc0-3e35715cc92a", a.getId());
        f.eq("properties.alertType", "VM_SuspiciousScreenSaver", a.getAlertType());
        f.eq("properties.severity", Severity.MEDIUM, a.getSeverity());
        f.eq("properties.intent", List.of(Tactic.EXECUTION), a.getTactics());
        f.eq("properties.startTimeUtc", Instant.parse("2019-05-07T13:51:45.0045913Z"), a.getStartTime());
        f.eq("properties.timeGeneratedUtc", Instant.parse("2019-05-07T13:51:48.3810457Z"), a.getTimeGenerated());
        f.eq("tenant (subscription)", "20ff7fc3-e762-44dd-bd96-b71116dcdc23", a.getTenant());
        f.eq("skipped", Map.of("not an alert: Microsoft.Security/assessments", 1, "not an alert: Microsoft.Security/secureScores", 1), r.skipped());
        f.done();
        // Azure Monitor's own example envelope holds an Activity Log record of another operation: skipped.
        ReadResult monitor = read("azuremonitor-activitylog-eventhub-records-example.json");
        assertEquals(List.of(), monitor.errors());
        assertEquals(Map.of("not an alert: microsoft.support/supporttickets/write", 1), monitor.skipped());
    }

    @Test
    void activityLogAlert() {
        ReadResult r = read("mdc-activitylog-alert-example.json");
        assertEquals(List.of(), r.errors());
        Alert a = r.records().get(0).alert();
        Fields f = new Fields("Activity Log (mdc-activitylog-alert-example.json)");
        f.eq("correlationId", "2518250008431989649_e7313e05-edf4-466d-adfd-35974921aeff", a.getId());
        f.eq("eventName.value", "PREVIEW - Role binding to the cluster-admin role detected", a.getDisplayName());
        f.eq("eventTimestamp", Instant.parse("2019-12-25T18:52:36.801035Z"), a.getStartTime());
        f.eq("subscriptionId", "subscription_id", a.getTenant());
        f.eq("properties.severity", Severity.LOW, a.getSeverity());
        f.eq("properties.intent (JSON in a string)", List.of(Tactic.PERSISTENCE), a.getTactics());
        f.eq("properties.compromisedEntity", "ASC-IGNITE-DEMO", a.getCompromisedEntity());
        f.eq("level/status not read as severity/status", AlertStatus.ACTIVE, a.getStatus());
        f.done();
    }

    @Test
    void sentinelApiAlertEntityAndIncident() {
        ReadResult r = read("sentinel-2025-12-01-GetAllIncidentAlerts.json");
        assertEquals(List.of(), r.errors());
        assertEquals(Set.of(AlertFormat.SENTINEL_API), r.formats());
        Alert a = r.records().get(0).alert();
        Fields f = new Fields("Sentinel API alert (sentinel-2025-12-01-GetAllIncidentAlerts.json)");
        f.eq("properties.systemAlertId", "baa8a239-6fde-4ab7-a093-d09f7b75c58c", a.getId());
        f.eq("tenant (subscription of id)", "bd794837-4d29-4647-9105-6339bfdb4e6a", a.getTenant());
        f.eq("properties.alertDisplayName", "myAlert", a.getDisplayName());
        f.eq("properties.alertType", "myAlert", a.getAlertType());
        f.eq("properties.severity", Severity.LOW, a.getSeverity());
        f.eq("properties.status", AlertStatus.NEW, a.getStatus());
        f.eq("properties.tactics", List.of(), a.getTactics());
        f.eq("properties.startTimeUtc", Instant.parse("2020-07-20T18:21:53.6158361Z"), a.getStartTime());
        f.eq("properties.endTimeUtc", Instant.parse("2020-07-20T18:21:53.6158361Z"), a.getEndTime());
        f.eq("properties.timeGenerated", Instant.parse("2020-07-20T18:21:53.6158361Z"), a.getTimeGenerated());
        f.eq("properties.productName", "Azure Security Center", a.getProduct());
        f.done();
        ReadResult incident = read("sentinel-2025-12-01-GetIncidentById.json");
        assertEquals(List.of(), incident.errors());
        assertEquals(List.of(), incident.records());
        assertEquals(Map.of("vendor incident (not an alert): Microsoft.SecurityInsights/incidents", 1), incident.skipped());
        ReadResult entities = read("sentinel-2025-12-01-GetAllIncidentEntities.json");
        assertEquals(List.of(), entities.errors());
        assertEquals(List.of(), entities.records());
    }

    /** The REST examples mark their alerts isIncident: true: vendor incidents, skipped and counted, never rejected. */
    @Test
    void alertsMarkedAsIncidentsAreSkippedNotRejected() {
        ReadResult r = read("mdc-2022-01-01-GetAlertsSubscription_example.json");
        assertEquals(List.of(), r.errors());
        assertEquals(List.of(), r.records());
        assertEquals(Map.of("vendor incident (not an alert): IsIncident", 2), r.skipped());
    }

    /** Every published example that is a complete alert record reads without rejection. */
    @Test
    void everyPublishedExampleReadsWithoutRejection() throws IOException {
        List<String> problems = new ArrayList<>();
        int alerts = 0;
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                ReadResult r = READER.read(p, false);
                for (RecordError e : r.errors()) problems.add(e.toString());
                alerts += r.records().size();
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(alerts >= 10, "alerts read: " + alerts);
    }
}
