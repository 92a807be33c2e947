package org.alertcorrelator.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.alertcorrelator.engine.Replay;
import org.alertcorrelator.ingest.AlertReader;
import org.alertcorrelator.ingest.AlertRecord;
import org.alertcorrelator.ingest.Deduplicator;
import org.alertcorrelator.model.Incident;
import org.alertcorrelator.model.Tactic;
import org.alertcorrelator.ruleset.RuleSet;
import org.alertcorrelator.service.TestService.Response;
import org.alertcorrelator.store.AlertCodec;
import org.alertcorrelator.store.AlertQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 8 in the service: the same records posted in any order and any batching give the alerts (ids included)
 * and the incidents (vendor incidents named) that replay of them gives. Records share ids across alert types and
 * products (kept side by side, one renamed {@code <id>~<type>} by content), come in several versions, and vendor
 * incidents (Fusion, IsIncident) name alerts before or after those alerts come, in their own tenant only.
 */
class SharedIdsServeTest {
    private static final String A = "4c8e2a1b-7d3f-4e5a-9b6c-0d1e2f3a4b36";
    private static final String B = "7f0d2c4e-1b3a-4c5d-8e9f-0a1b2c3d4e36";
    private static final String HEADER = "TenantId,SystemAlertId,AlertName,AlertType,Severity,Tactics,StartTime,EndTime,"
            + "TimeGenerated,ProviderName,Entities,ExtendedProperties,IsIncident,Status";

    private static String row(String tenant, String id, String type, String severity, String tactic, String time,
                              String generated, String product, String entities, String extended, boolean incident, String status) {
        return String.join(",", tenant, id, "\"" + type + " alert\"", type, severity, "\"" + tactic + "\"", time, time, generated,
                "\"" + product + "\"", "\"" + entities.replace("\"", "\"\"") + "\"", "\"" + extended.replace("\"", "\"\"") + "\"",
                incident ? "True" : "False", status);
    }

    private static String host(String h) {
        return "[{\"HostName\": \"" + h + "\", \"Type\": \"host\", \"$id\": \"1\"}]";
    }

    private static String account(String name, String suffix) {
        return "[{\"Name\": \"" + name + "\", \"UPNSuffix\": \"" + suffix + "\", \"Type\": \"account\", \"$id\": \"1\"}]";
    }

    /** The records: shared ids across types and products, versions, two tenants, vendor incidents. */
    static List<String> records() {
        String d = "2024-05-09T";
        return List.of(
                // Tenant A: a Fusion incident naming fx-1 and fx-2 (scenario 36's).
                row(A, "fx-1", "AnonymousIpSignIn", "Medium", "InitialAccess", d + "08:00:00Z", d + "08:01:00Z", "IPC", account("kim", "northwind.com"), "{}", false, "New"),
                row(A, "fx-2", "InboxRuleForwarding", "Medium", "Collection", d + "08:20:00Z", d + "08:21:00Z", "MCAS", account("kim", "northwind.com"), "{}", false, "New"),
                row(A, "fx-fusion", "KillChainFusionIncident", "High", "InitialAccess, Collection", d + "08:00:00Z", d + "08:25:00Z",
                        "Azure Sentinel", account("kim", "northwind.com"), "{\"AlertIds\": \"[\\\"fx-1\\\", \\\"fx-2\\\"]\"}", true, "New"),
                // Tenant A: one id, three alerts (two of one type, another product): dup-1 kept by VM_Z, the others renamed.
                row(A, "dup-1", "VM_A", "Medium", "InitialAccess", d + "07:00:00Z", d + "07:01:00Z", "Azure Security Center", host("h1"), "{}", false, "New"),
                row(A, "dup-1", "VM_A", "Medium", "InitialAccess", d + "07:00:00Z", d + "07:05:00Z", "Azure Security Center", host("h1"), "{}", false, "InProgress"),
                row(A, "dup-1", "VM_A", "Low", "Execution", d + "07:10:00Z", d + "07:11:00Z", "Azure Sentinel", host("h1"), "{}", false, "New"),
                row(A, "dup-1", "VM_Z", "Medium", "Persistence", d + "07:30:00Z", d + "07:31:00Z", "Azure Security Center", host("h1"), "{}", false, "New"),
                row(A, "dup-1", "VM_Z", "High", "Persistence", d + "07:30:00Z", d + "07:40:00Z", "Azure Security Center", host("h1"), "{}", false, "Resolved"),
                // A vendor incident naming dup-1 as written: our incident holding dup-1 of tenant A (not B's dup-1).
                row(A, "fusion-2", "KillChainFusionIncident", "High", "Execution", d + "07:00:00Z", d + "07:50:00Z",
                        "Azure Sentinel", host("h1"), "{\"AlertIds\": \"dup-1\"}", true, "New"),
                // Tenant B: the same ids, other alerts; its own Fusion incident; one names tenant A's fx-2 (must not reach A).
                row(B, "fx-1", "AnonymousIpSignIn", "Medium", "InitialAccess", d + "09:00:00Z", d + "09:01:00Z", "IPC", account("ola", "contoso.com"), "{}", false, "New"),
                row(B, "fx-3", "InboxRuleForwarding", "Medium", "Collection", d + "09:20:00Z", d + "09:21:00Z", "MCAS", account("ola", "contoso.com"), "{}", false, "New"),
                row(B, "dup-1", "VM_A", "Medium", "Discovery", d + "10:00:00Z", d + "10:01:00Z", "Azure Security Center", account("ola", "contoso.com"), "{}", false, "New"),
                row(B, "fusion-b", "KillChainFusionIncident", "High", "Collection", d + "09:00:00Z", d + "09:25:00Z",
                        "Azure Sentinel", account("ola", "contoso.com"), "{\"AlertIds\": \"fx-3, fx-2\"}", true, "New"));
    }

    /** Stored alerts by tenant and id: the alert as stored. */
    static Map<String, String> storedAlerts(TestService svc) {
        Map<String, String> out = new TreeMap<>();
        svc.service().store().forEachAlert(new AlertQuery(null, null, null, null, null, null, null, null, 0, 0),
                a -> out.put(a.tenant() + " " + a.id(), a.alertJson()));
        return out;
    }

    static Map<String, String> replayedAlerts(List<AlertRecord> records) {
        Map<String, String> out = new TreeMap<>();
        for (AlertRecord r : Deduplicator.latestById(records)) out.put(r.alert().getTenant() + " " + r.alert().getId(), AlertCodec.toJson(r.alert()));
        return out;
    }

    /** Incidents as comparable text, with their vendor incidents. */
    static Map<String, String> fromReplay(List<Incident> incidents) {
        Map<String, String> out = new TreeMap<>();
        for (Incident i : incidents) {
            List<String> alerts = new ArrayList<>(i.alertIds());
            Collections.sort(alerts);
            out.put(i.id(), i.tenantId() + " " + i.kind() + " " + i.severity().label() + " "
                    + i.tactics().stream().map(Tactic::label).toList() + " " + alerts + " vendor " + i.vendorIncidentIds());
        }
        return out;
    }

    static Map<String, String> fromService(TestService svc) throws Exception {
        Map<String, String> out = new TreeMap<>();
        Response r = svc.get("/api/incidents?limit=1000", TestService.ADMIN);
        assertEquals(200, r.status(), r.toString());
        for (JsonNode i : r.json().path("items")) {
            List<String> alerts = new ArrayList<>();
            i.path("alertIds").forEach(a -> alerts.add(a.asText()));
            Collections.sort(alerts);
            List<String> tactics = new ArrayList<>();
            i.path("tactics").forEach(t -> tactics.add(t.asText()));
            List<String> vendor = new ArrayList<>();
            i.path("vendorIncidentIds").forEach(v -> vendor.add(v.asText()));
            out.put(i.path("id").asText(), i.path("tenantId").asText() + " " + i.path("kind").asText() + " "
                    + i.path("severity").asText() + " " + tactics + " " + alerts + " vendor " + vendor);
        }
        return out;
    }

    private static Response post(TestService svc, List<String> rows) throws Exception {
        Response r = svc.post("/api/alerts", TestService.INGEST, "text/csv", HEADER + "\n" + String.join("\n", rows) + "\n");
        assertEquals(202, r.status(), r.toString());
        assertEquals(0, r.json().path("rejected").asInt(), r.toString());
        return r;
    }

    @Test
    void anyOrderAndBatchingGivesTheAlertsIdsAndIncidentsOfReplay(@TempDir Path dir) throws Exception {
        List<String> rows = records();
        Path file = dir.resolve("all.csv");
        Files.writeString(file, HEADER + "\n" + String.join("\n", rows) + "\n");
        List<AlertRecord> read = new AlertReader().read(file, true).records();
        Map<String, String> expectedAlerts = replayedAlerts(read);
        assertTrue(expectedAlerts.containsKey(A + " dup-1~VM_A~Azure Security Center"), expectedAlerts.keySet().toString());
        assertTrue(expectedAlerts.containsKey(A + " dup-1~VM_A~Azure Sentinel"), expectedAlerts.keySet().toString());
        assertTrue(expectedAlerts.containsKey(B + " dup-1"), expectedAlerts.keySet().toString());
        Map<String, String> expected = fromReplay(Replay.run(RuleSet.load(Path.of("rules")), List.of(file), true).incidents());
        assertTrue(expected.values().stream().anyMatch(v -> v.startsWith(A) && v.endsWith("vendor [fx-fusion]")), expected.toString());
        assertTrue(expected.values().stream().anyMatch(v -> v.startsWith(A) && v.contains("dup-1~VM_A~Azure Sentinel") && v.contains("fusion-2")), expected.toString());
        assertTrue(expected.values().stream().anyMatch(v -> v.startsWith(B) && v.contains("fusion-b")), expected.toString());
        assertFalse(expected.values().stream().anyMatch(v -> v.startsWith(A) && v.contains("fusion-b")), expected.toString());
        assertFalse(expected.values().stream().anyMatch(v -> v.startsWith(B) && v.contains("fusion-2")), expected.toString());

        Random rnd = new Random(8);
        for (int round = 0; round < 3; round++) {
            Path data = Files.createDirectories(dir.resolve("round-" + round));
            // Everything waits in the reorder buffer until it is all in (as replay sees it all), then correlated.
            try (TestService svc = TestService.start(data, Map.of(Setting.LATENESS, "3650d", Setting.FLUSH_AFTER_IDLE, "2s"))) {
                List<String> shuffled = new ArrayList<>(rows);
                Collections.shuffle(shuffled, rnd);
                StringBuilder batches = new StringBuilder();
                for (int i = 0; i < shuffled.size(); ) {
                    int n = 1 + rnd.nextInt(4);
                    List<String> batch = shuffled.subList(i, Math.min(shuffled.size(), i + n));
                    post(svc, batch);
                    batches.append(batch.size()).append(' ');
                    i += n;
                }
                svc.settle();
                String what = "round " + round + " (batches " + batches.toString().trim() + ")";
                assertEquals(expectedAlerts, storedAlerts(svc), what + ": stored alerts");
                ReplayEquivalenceTest.assertSame(expected, fromService(svc));
                // The hints and the alerts outlive a restart; the rebuilt session gives the same incidents.
                svc.restart();
                assertEquals(expectedAlerts, storedAlerts(svc), what + ": stored alerts after a restart");
                ReplayEquivalenceTest.assertSame(expected, fromService(svc));
                System.out.println("SharedIdsServeTest: " + what + ": " + storedAlerts(svc).size() + " alerts, "
                        + expected.size() + " incidents, same as replay");
            }
        }
    }

    /**
     * The alert stored first under an id is the one replay renames, and the engine had correlated it already:
     * the store moves it and the engine takes its session again from the store.
     */
    @Test
    void anAlertAlreadyCorrelatedThatReplayRenamesIsMovedAndCorrelatedAgain(@TempDir Path dir) throws Exception {
        List<String> all = records();
        List<String> first = new ArrayList<>();
        List<String> last = new ArrayList<>();
        for (String r : all) (r.contains("VM_Z") || r.contains("fusion-2") ? last : first).add(r);
        Path file = dir.resolve("all.csv");
        Files.writeString(file, HEADER + "\n" + String.join("\n", all) + "\n");
        Map<String, String> expectedAlerts = replayedAlerts(new AlertReader().read(file, true).records());
        Map<String, String> expected = fromReplay(Replay.run(RuleSet.load(Path.of("rules")), List.of(file), true).incidents());
        try (TestService svc = TestService.start(Files.createDirectories(dir.resolve("svc")), Map.of(Setting.LATENESS, "0s", Setting.FLUSH_AFTER_IDLE, "300ms"))) {
            post(svc, first);
            svc.settle();
            assertTrue(storedAlerts(svc).containsKey(A + " dup-1"));
            // Now dup-1 (VM_Z) comes: replay keeps it as dup-1 and the VM_A alert correlated under dup-1 moves.
            Response moved = post(svc, last);
            assertTrue(moved.json().path("warnings").toString().contains("kept as \\\"dup-1~VM_A~Azure Sentinel\\\""), moved.toString());
            svc.settle();
            assertEquals(expectedAlerts, storedAlerts(svc));
            ReplayEquivalenceTest.assertSame(expected, fromService(svc));
        }
    }

    /** A token limited to one tenant cannot name anything of another tenant's with a vendor incident. */
    @Test
    void anotherTenantsVendorIncidentIsRejectedAndNamesNothing(@TempDir Path dir) throws Exception {
        try (TestService svc = TestService.start(dir)) {
            String other = "0a0a0a0a-0000-4000-8000-000000000001";
            String own = TestService.CONTOSO;
            String d = "2024-05-09T";
            post(svc, List.of(
                    row(own, "c-1", "AnonymousIpSignIn", "Medium", "InitialAccess", d + "08:00:00Z", d + "08:01:00Z", "IPC", account("kim", "contoso.com"), "{}", false, "New"),
                    row(own, "c-2", "InboxRuleForwarding", "Medium", "Collection", d + "08:20:00Z", d + "08:21:00Z", "MCAS", account("kim", "contoso.com"), "{}", false, "New")));
            svc.settle();
            Response r = svc.post("/api/alerts", TestService.CONTOSO_INGEST, "text/csv", HEADER + "\n"
                    + row(other, "evil", "KillChainFusionIncident", "High", "Collection", d + "08:00:00Z", d + "08:30:00Z",
                    "Azure Sentinel", "[]", "{\"AlertIds\": \"c-1, c-2\"}", true, "New") + "\n");
            assertEquals(400, r.status(), r.toString());
            assertTrue(r.body().contains("outside this token's tenants"), r.toString());
            // The same vendor incident in the token's own tenant is taken.
            Response ok = svc.post("/api/alerts", TestService.CONTOSO_INGEST, "text/csv", HEADER + "\n"
                    + row(own, "mine", "KillChainFusionIncident", "High", "Collection", d + "08:00:00Z", d + "08:30:00Z",
                    "Azure Sentinel", "[]", "{\"AlertIds\": \"c-1\"}", true, "New") + "\n");
            assertEquals(202, ok.status(), ok.toString());
            svc.settle();
            Map<String, String> incidents = fromService(svc);
            assertEquals(1, incidents.size(), incidents.toString());
            assertTrue(incidents.values().iterator().next().endsWith("vendor [mine]"), incidents.toString());
        }
    }
}
