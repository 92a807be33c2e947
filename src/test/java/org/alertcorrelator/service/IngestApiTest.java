package org.alertcorrelator.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.alertcorrelator.service.TestService.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** POST /api/alerts: every format replay reads, bad records, the size limit, idempotence. */
class IngestApiTest {
    @TempDir
    static Path dir;
    static TestService svc;

    @BeforeAll
    static void start() throws Exception {
        svc = TestService.start(dir, Map.of(Setting.MAX_REQUEST_SIZE, "64KB"));
    }

    @AfterAll
    static void stop() {
        svc.close();
    }

    static final String SENTINEL_ROW = """
            {"TenantId": "tenant-ingest", "SystemAlertId": "%s", "AlertName": "Suspicious login", "AlertSeverity": "%s",
             "StartTime": "2024-05-01T10:00:00Z", "EndTime": "2024-05-01T10:00:00Z", "TimeGenerated": "%s",
             "Status": "%s", "Entities": "[{\\"$id\\": \\"1\\", \\"HostName\\": \\"h1\\", \\"Type\\": \\"host\\"}]"}""";

    static String row(String id, String severity, String generated, String status) {
        return SENTINEL_ROW.formatted(id, severity, generated, status).replace("\n", "");
    }

    @Test
    void acceptsEveryFormatReplayReads() throws Exception {
        Path scenario = TestService.SCENARIOS.resolve("19-one-attack-in-three-formats");
        int total = 0;
        for (Path f : TestService.alertFiles(scenario)) {
            Response r = svc.postFile(f, TestService.INGEST);
            JsonNode n = r.json();
            assertEquals(0, n.path("rejected").asInt(), r.toString());
            total += n.path("accepted").asInt() + n.path("duplicates").asInt();
        }
        assertEquals(3, total);
        Response jsonl = svc.postFile(TestService.SCENARIOS.resolve("03-shared-external-ip-across-hosts/export.jsonl"), TestService.INGEST);
        assertEquals(4, jsonl.json().path("accepted").asInt(), jsonl.toString());
        Response csv = svc.postFile(TestService.SCENARIOS.resolve("04-transitive-chain/alerts.csv"), TestService.INGEST);
        assertEquals(3, csv.json().path("accepted").asInt(), csv.toString());

        Response alert = svc.get("/api/alerts/ip-1", TestService.ANALYST);
        assertEquals(200, alert.status(), alert.toString());
        assertEquals("ip-1", alert.json().path("id").asText());
        assertEquals("NetworkC2", alert.json().path("original").path("AlertType").asText(), "the record as it came");
        assertEquals("HIGH", alert.json().path("alert").path("severity").asText(), "the normalised alert");
        assertEquals(404, svc.get("/api/alerts/no-such-alert", TestService.ANALYST).status());
    }

    @Test
    void badRecordsAreRejectedOneByOneWithIndexFieldAndReason() throws Exception {
        String body = row("bad-ok-1", "High", "2024-05-01T10:01:00Z", "New") + "\n"
                + row("bad-sev", "Severe", "2024-05-01T10:01:00Z", "New") + "\n"
                + "{\"TenantId\": \"tenant-ingest\", \"AlertName\": \"no id\", \"AlertSeverity\": \"Low\", \"StartTime\": \"2024-05-01T10:00:00Z\"}\n"
                + "{not json\n"
                + row("bad-ok-2", "Low", "2024-05-01T10:01:00Z", "New") + "\n";
        Response r = svc.post("/api/alerts", TestService.INGEST, "application/x-ndjson", body);
        assertEquals(202, r.status(), r.toString());
        JsonNode n = r.json();
        assertEquals(2, n.path("accepted").asInt(), r.toString());
        assertEquals(3, n.path("rejected").asInt(), r.toString());
        JsonNode errors = n.path("errors");
        assertEquals(3, errors.size());
        assertEquals(2, errors.get(0).path("index").asInt());
        assertEquals("Severity", errors.get(0).path("field").asText().replace("AlertSeverity", "Severity"), errors.toString());
        assertTrue(errors.get(0).path("reason").asText().contains("Severe"), errors.toString());
        assertEquals(3, errors.get(1).path("index").asInt());
        assertEquals(4, errors.get(2).path("index").asInt());
        assertFalse(r.body().contains("\tat "), "no stack trace");
    }

    @Test
    void allRecordsBadIs400AndNotAlertTextIs400() throws Exception {
        Response r = svc.post("/api/alerts", TestService.INGEST, "application/x-ndjson", row("x", "Severe", "2024-05-01T10:01:00Z", "New"));
        assertEquals(400, r.status(), r.toString());
        assertEquals(1, r.json().path("rejected").asInt());
        assertTrue(r.json().path("error").asText().contains("no record was accepted"), r.toString());

        Response binary = svc.postBytes("/api/alerts", TestService.INGEST, "application/octet-stream", new byte[] {0, 1, 2, 3, (byte) 0xff, 0});
        assertEquals(400, binary.status(), binary.toString());
        assertTrue(binary.json().path("error").asText().contains("not text"), binary.toString());

        Response empty = svc.post("/api/alerts", TestService.INGEST, "application/json", "");
        assertEquals(400, empty.status(), empty.toString());
        assertTrue(empty.json().has("error"));
    }

    @Test
    void overTheSizeLimitIs413() throws Exception {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (b.length() < 70 * 1024) b.append(row("big-" + i++, "Low", "2024-05-01T10:01:00Z", "New")).append('\n');
        Response r = svc.post("/api/alerts", TestService.INGEST, "application/x-ndjson", b.toString());
        assertEquals(413, r.status(), r.toString());
        assertTrue(r.json().path("error").asText().contains("limit"), r.toString());
        assertEquals(404, svc.get("/api/alerts/big-0", TestService.ANALYST).status(), "nothing of it stored");
    }

    @Test
    void gzipBodiesAreReadAndAGzipBombIs413() throws Exception {
        Response small = svc.postBytes("/api/alerts", TestService.INGEST, "application/x-ndjson",
                gzip(row("gz-1", "Low", "2024-05-01T10:01:00Z", "New").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(202, small.status(), small.toString());
        assertEquals(1, small.json().path("accepted").asInt(), small.toString());

        byte[] spaces = new byte[8 * 1024 * 1024];
        java.util.Arrays.fill(spaces, (byte) ' ');
        byte[] bomb = gzip(spaces);
        assertTrue(bomb.length < 64 * 1024, "the bomb itself is under the limit: " + bomb.length);
        Response r = svc.postBytes("/api/alerts", TestService.INGEST, "application/x-ndjson", bomb);
        assertEquals(413, r.status(), r.toString());
        assertTrue(r.json().path("error").asText().contains("unzipped"), r.toString());

        byte[] whole = gzip(row("gz-2", "Low", "2024-05-01T10:01:00Z", "New").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Response broken = svc.postBytes("/api/alerts", TestService.INGEST, "application/x-ndjson", java.util.Arrays.copyOf(whole, whole.length / 2));
        assertEquals(400, broken.status(), broken.toString());
        assertTrue(broken.json().path("error").asText().contains("gzip"), broken.toString());
    }

    private static byte[] gzip(byte[] plain) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(out)) {
            z.write(plain);
        }
        return out.toByteArray();
    }

    @Test
    void aBodyManyTimesTheLimitStillGetsA413TheClientCanRead() throws Exception {
        // The server answers before the body is in; it must still read (and drop) what the client
        // sends, or closing the socket resets the connection and the client never sees the 413.
        byte[] huge = new byte[4 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) ' ');
        for (int attempt = 0; attempt < 5; attempt++) {
            Response r = svc.postBytes("/api/alerts", TestService.INGEST, "application/x-ndjson", huge);
            assertEquals(413, r.status(), r.toString());
        }
        assertEquals(200, svc.get("/health", null).status(), "the server still answers");
    }

    @Test
    void theSameAlertPostedTwiceIsStoredOnceAndALaterVersionReplacesIt() throws Exception {
        String first = row("twice-1", "Medium", "2024-05-01T10:01:00Z", "New");
        Response a = svc.post("/api/alerts", TestService.INGEST, "application/x-ndjson", first);
        assertEquals(1, a.json().path("accepted").asInt(), a.toString());
        long count = svc.service().store().alertCount();
        Response b = svc.post("/api/alerts", TestService.INGEST, "application/x-ndjson", first);
        assertEquals(202, b.status());
        assertEquals(0, b.json().path("accepted").asInt(), b.toString());
        assertEquals(1, b.json().path("duplicates").asInt(), b.toString());
        assertEquals(count, svc.service().store().alertCount());

        String later = row("twice-1", "Medium", "2024-05-01T11:30:00Z", "Resolved");
        Response c = svc.post("/api/alerts", TestService.INGEST, "application/x-ndjson", later);
        assertEquals(1, c.json().path("updated").asInt(), c.toString());
        assertEquals(count, svc.service().store().alertCount());
        assertEquals("RESOLVED", svc.get("/api/alerts/twice-1", TestService.ANALYST).json().path("alert").path("status").asText());
        // an older version does not replace the later one
        Response d = svc.post("/api/alerts", TestService.INGEST, "application/x-ndjson", first);
        assertEquals(1, d.json().path("duplicates").asInt(), d.toString());
    }

    @Test
    void unknownEndpointsAndMethodsAnswerJson() throws Exception {
        Response r = svc.get("/api/nothing-here", TestService.ADMIN);
        assertEquals(404, r.status());
        assertTrue(r.json().has("error"), r.toString());
        Response bad = svc.post("/api/incidents", TestService.ADMIN, "application/json", "{}");
        assertTrue(bad.status() == 404 || bad.status() == 405, bad.toString());
        assertTrue(bad.json().has("error"), bad.toString());
    }

    @Test
    void writesNothingToDiskOutsideTheDataFolder() throws Exception {
        assertTrue(Files.exists(dir.resolve("data").resolve("alert-correlator.db")));
        assertTrue(Files.readString(svc.config, StandardCharsets.UTF_8).contains("sha256"));
    }
}
