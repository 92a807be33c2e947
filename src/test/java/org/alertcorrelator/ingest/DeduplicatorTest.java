package org.alertcorrelator.ingest;

import static org.alertcorrelator.ingest.TestFiles.readText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.alertcorrelator.model.AlertStatus;

class DeduplicatorTest {

    private static String alert(String id, String start, String generated, String end, String status, String extra) {
        return "{\"SystemAlertId\":\"" + id + "\",\"TenantId\":\"t\",\"Severity\":\"Low\",\"StartTimeUtc\":\"" + start + "\""
                + (generated == null ? "" : ",\"TimeGenerated\":\"" + generated + "\"")
                + (end == null ? "" : ",\"EndTimeUtc\":\"" + end + "\"")
                + (status == null ? "" : ",\"Status\":\"" + status + "\"")
                + (extra == null ? "" : ",\"Description\":\"" + extra + "\"") + "}";
    }

    private static List<AlertRecord> records() {
        String day = "2024-03-01T";
        List<String> first = List.of(
                // Later TimeGenerated wins, even over a later end time and status.
                alert("gen", day + "10:00:00Z", day + "10:05:00Z", day + "10:00:00Z", "New", "second"),
                alert("gen", day + "10:00:00Z", day + "10:01:00Z", day + "11:00:00Z", "Resolved", "first"),
                alert("gen", day + "10:00:00Z", null, day + "12:00:00Z", "Dismissed", "no time generated"),
                // Same time generated: the later end time wins.
                alert("end", day + "09:00:00Z", day + "10:00:00Z", day + "09:30:00Z", "Active", "shorter"),
                alert("end", day + "09:00:00Z", day + "10:00:00Z", day + "09:45:00Z", "New", "longer"));
        List<String> second = List.of(
                // Same times: the more advanced status wins.
                alert("status", day + "08:00:00Z", day + "10:00:00Z", null, "InProgress", "x"),
                alert("status", day + "08:00:00Z", day + "10:00:00Z", null, null, "x"),
                alert("status", day + "08:00:00Z", day + "10:00:00Z", null, "Active", "x"),
                // Equal times, and Resolved ranks with Dismissed: the greater original text wins.
                alert("text", day + "08:00:00Z", day + "10:00:00Z", null, "Resolved", "aaa"),
                alert("text", day + "08:00:00Z", day + "10:00:00Z", null, "Resolved", "bbb"),
                alert("text", day + "08:00:00Z", day + "10:00:00Z", null, "Dismissed", "aab"),
                alert("single", day + "07:00:00Z", null, null, null, null));
        List<AlertRecord> all = new ArrayList<>(readText("one.jsonl", String.join("\n", first)).records());
        all.addAll(readText("two.jsonl", String.join("\n", second)).records());
        return all;
    }

    @Test
    void theLaterRecordByContentWins() {
        List<AlertRecord> latest = Deduplicator.latestById(records());
        assertEquals(List.of("single", "status", "text", "end", "gen"), latest.stream().map(r -> r.alert().getId()).toList(),
                "ordered by event time, then id");
        assertEquals("second", latest.get(4).alert().getDescription());
        assertEquals("longer", latest.get(3).alert().getDescription());
        assertEquals(AlertStatus.IN_PROGRESS, latest.get(1).alert().getStatus());
        assertEquals("bbb", latest.get(2).alert().getDescription());
    }

    @Test
    void theOrderOfTheInputDoesNotMatter() {
        List<AlertRecord> records = records();
        List<AlertRecord> expected = Deduplicator.latestById(records);
        Random random = new Random(42);
        for (int i = 0; i < 50; i++) {
            List<AlertRecord> shuffled = new ArrayList<>(records);
            Collections.shuffle(shuffled, random);
            assertEquals(expected, Deduplicator.latestById(shuffled));
        }
    }

    @Test
    void identicalCopiesInTwoFilesGiveOneRecordWhateverTheOrder() {
        String text = alert("dup", "2024-03-01T10:00:00Z", null, null, null, null);
        AlertRecord a = readText("a.jsonl", text).records().get(0);
        AlertRecord b = readText("b.jsonl", text).records().get(0);
        assertEquals(Deduplicator.latestById(List.of(a, b)), Deduplicator.latestById(List.of(b, a)));
        assertEquals(1, Deduplicator.latestById(List.of(a, b)).size());
    }
    private static AlertRecord record(String source, String json) {
        return readText(source, json).records().get(0);
    }

    private static String typed(String tenant, String id, String type, String product, String generated) {
        return "{\"SystemAlertId\":\"" + id + "\",\"TenantId\":\"" + tenant + "\",\"Severity\":\"Low\",\"StartTimeUtc\":\"2024-03-01T10:00:00Z\""
                + ",\"TimeGenerated\":\"" + generated + "\",\"AlertType\":\"" + type + "\",\"ProductName\":\"" + product + "\"}";
    }

    @Test
    void twoTenantsMayShareAnAlertId() {
        AlertRecord a = record("a.jsonl", typed("tenant-a", "same", "T", "P", "2024-03-01T10:01:00Z"));
        AlertRecord b = record("b.jsonl", typed("tenant-b", "same", "T", "P", "2024-03-01T10:02:00Z"));
        List<AlertRecord> latest = Deduplicator.latestById(List.of(a, b));
        assertEquals(2, latest.size(), "one alert per tenant, not the later of the two");
        assertEquals(List.of("tenant-a", "tenant-b"), latest.stream().map(r -> r.alert().getTenant()).sorted().toList());
        assertEquals(List.of("same", "same"), latest.stream().map(r -> r.alert().getId()).toList());
    }

    @Test
    void oneIdWithAnotherTypeOrProductIsAnotherAlertKeptWithAWarning() {
        AlertRecord first = record("one.jsonl", typed("t", "x1", "VM_A", "Azure Security Center", "2024-03-01T10:01:00Z"));
        AlertRecord newer = record("one.jsonl", typed("t", "x1", "VM_A", "Azure Security Center", "2024-03-01T10:05:00Z"));
        AlertRecord otherType = record("two.jsonl", typed("t", "x1", "VM_B", "Azure Security Center", "2024-03-01T10:02:00Z"));
        AlertRecord otherProduct = record("three.jsonl", typed("t", "x1", "VM_B", "Azure Sentinel", "2024-03-01T10:03:00Z"));
        // The same type and product in other case and spacing is the same alert.
        AlertRecord sameAgain = record("four.jsonl", typed("t", "x1", " vm_a", "AzureSecurityCenter", "2024-03-01T10:00:00Z"));
        List<AlertRecord> all = new ArrayList<>(List.of(first, newer, otherType, otherProduct, sameAgain));
        List<RecordError> warnings = new ArrayList<>();
        List<AlertRecord> latest = Deduplicator.latestById(all, warnings);
        assertEquals(3, latest.size(), latest.toString());
        assertEquals(List.of("x1", "x1~VM_A", "x1~VM_B~Azure Security Center"),
                latest.stream().map(r -> r.alert().getId()).sorted().toList());
        AlertRecord keptA = latest.stream().filter(r -> r.alert().getId().equals("x1~VM_A")).findFirst().orElseThrow();
        assertEquals(newer.original(), keptA.original(), "versions of one alert: the later still wins");
        assertEquals("Azure Sentinel", latest.stream().filter(r -> r.alert().getId().equals("x1")).findFirst().orElseThrow().alert().getProduct());
        assertEquals(2, warnings.size(), warnings.toString());
        for (RecordError w : warnings) {
            assertEquals("SystemAlertId", w.field());
            assertTrue(w.message().contains("\"x1\" is also the id of an alert of type \"VM_B\", product \"Azure Sentinel\" (three.jsonl:1)"), w.toString());
        }
        assertTrue(warnings.get(0).toString().startsWith("one.jsonl:1: SystemAlertId:") || warnings.get(1).toString().startsWith("one.jsonl:1: SystemAlertId:"), warnings.toString());
        Random random = new Random(7);
        for (int i = 0; i < 30; i++) {
            Collections.shuffle(all, random);
            List<RecordError> again = new ArrayList<>();
            assertEquals(idsAndText(latest), idsAndText(Deduplicator.latestById(all, again)), "same alerts and ids whatever the order");
            assertEquals(Set.copyOf(warnings), Set.copyOf(again));
        }
    }

    /** Two alerts of one type under other products, and a third type: three distinct ids, whatever the order. */
    @Test
    void twoOfOneTypeBesideAnotherTypeGetIdsOfTheirOwn() {
        AlertRecord a1 = record("one.jsonl", typed("t", "x2", "VM_A", "Azure Security Center", "2024-03-01T10:01:00Z"));
        AlertRecord a2 = record("two.jsonl", typed("t", "x2", "VM_A", "Azure Sentinel", "2024-03-01T10:02:00Z"));
        AlertRecord z = record("three.jsonl", typed("t", "x2", "VM_Z", "Azure Security Center", "2024-03-01T10:03:00Z"));
        List<AlertRecord> all = new ArrayList<>(List.of(a1, a2, z));
        List<String> expected = List.of("x2", "x2~VM_A~Azure Security Center", "x2~VM_A~Azure Sentinel");
        Random random = new Random(3);
        for (int i = 0; i < 10; i++) {
            Collections.shuffle(all, random);
            assertEquals(expected, Deduplicator.latestById(all).stream().map(r -> r.alert().getId()).sorted().toList());
        }
    }

    private static List<String> idsAndText(List<AlertRecord> records) {
        return records.stream().map(r -> r.alert().getId() + " " + r.original()).toList();
    }

    @Test
    void graphAndDefenderForEndpointNameOneProductAlike() {
        AlertRecord graph = record("g.json", "{\"id\":\"da1_2\",\"tenantId\":\"t\",\"severity\":\"low\",\"detectorId\":\"d-1\","
                + "\"serviceSource\":\"microsoftDefenderForEndpoint\",\"firstActivityDateTime\":\"2024-03-01T10:00:00Z\",\"createdDateTime\":\"2024-03-01T10:01:00Z\"}");
        AlertRecord mde = record("m.json", "{\"id\":\"da1_2\",\"aadTenantId\":\"t\",\"severity\":\"Low\",\"detectorId\":\"d-1\","
                + "\"machineId\":\"m\",\"firstEventTime\":\"2024-03-01T10:00:00Z\",\"alertCreationTime\":\"2024-03-01T10:02:00Z\"}");
        assertTrue(Deduplicator.sameAlert(graph.alert(), mde.alert()));
        assertEquals(List.of(mde), Deduplicator.latestById(List.of(graph, mde)));
    }
}
