package org.alertcorrelator.ingest;

import static org.alertcorrelator.ingest.TestFiles.readText;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

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
}
