package org.alertcorrelator.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import org.alertcorrelator.ingest.AlertReader;
import org.alertcorrelator.ingest.AlertRecord;
import org.alertcorrelator.ingest.ReadResult;
import org.alertcorrelator.ingest.RecordError;
import org.alertcorrelator.service.TestService.Response;

/**
 * Malformed records of every format (mutations of the fixtures: truncation, wrong types, huge and odd values,
 * bad encodings, out-of-range dates, missing fields) mixed with good records, fed through replay's reader and
 * through POST /api/alerts. No exception may escape, every bad record that is not read must have an error that
 * names its place, and every good record of the batch must be kept. Deterministic (fixed seed).
 */
class FormatFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder().enable(JsonReadFeature.ALLOW_TRAILING_COMMA).build());
    private static final int BATCHES = 110;
    private static final int BAD_PER_BATCH = 95;
    private static final int GOOD_PER_BATCH = 10;
    private static final String[] ODD = {"", " ", "\u0000", "\uD800", "\uFFFF", "\u202Eevil", "💥💥", "-1", "1e309", "NaN",
            "..\\..\\windows\\system32", "<script>alert(1)</script>", "'; DROP TABLE alerts;--", "null", "[]", "{}", "\\u0000",
            "Ünïcödé", "\t\r\n"};
    private static final String[] DATES = {"+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "0000-00-00T00:00:00Z",
            "9999-12-31T23:59:59.9999999Z", "1969-12-31T23:59:59Z", "2024-02-30T10:00:00Z", "2024-13-01T00:00:00Z",
            "99999999999999999999", "1/1/0001 12:00:00 AM", "12/31/9999 11:59:59 PM", "-1", "2024-05-01T25:61:61Z"};

    @TempDir
    static Path dir;
    static TestService svc;
    static List<JsonNode> seeds;

    @BeforeAll
    static void start() throws Exception {
        seeds = seeds();
        svc = TestService.start(dir, Map.of(Setting.MAX_REQUEST_SIZE, "16MB"));
    }

    @AfterAll
    static void stop() {
        if (svc != null) svc.close();
    }

    /** One record of each format, from the fixtures. */
    static List<JsonNode> seeds() throws IOException {
        Path f = Path.of("fixtures/formats");
        Path s = Path.of("fixtures/scenarios");
        List<JsonNode> list = new ArrayList<>();
        list.add(read(f.resolve("graph-v1-alert-get-response.json")));
        list.add(read(f.resolve("mde-alert-get-response.json")));
        list.add(read(f.resolve("graph-v1-list-incidents-expand-alerts-response.json")).path("value").get(0));
        list.add(read(f.resolve("loganalytics-securityalert-from-msticpy.json")));
        list.add(read(f.resolve("eventhubs-continuous-export-records.json")));
        list.add(read(f.resolve("mdc-activitylog-alert-example.json")));
        list.add(read(f.resolve("sentinel-2025-12-01-GetAllIncidentAlerts.json")).path("responses").path("200").path("body").path("value").get(0));
        list.add(read(s.resolve("19-one-attack-in-three-formats/export.json")).get(0));
        list.add(read(s.resolve("01-host-kill-chain/alerts.json")).get(0));
        list.add(JSON.readTree(IngestApiTest.row("seed", "High", "2024-05-01T10:01:00Z", "New")));
        return list;
    }

    private static JsonNode read(Path p) throws IOException {
        return JSON.readTree(Files.readAllBytes(p));
    }

    /** A batch: JSON lines, bad and good records mixed; remembers which lines hold good records and their ids. */
    record Batch(byte[] body, Set<Integer> goodLines, Set<String> goodIds, int bad) {
    }

    static Batch batch(Random rnd, String prefix) throws IOException {
        return batch(rnd, prefix, 8_000);
    }

    /**
     * @param huge the longest text or number a mutation writes (8,000 characters for replay's reader and the
     *             service alike: an over-long id or tenant is that record's error under the field limits)
     */
    static Batch batch(Random rnd, String prefix, int huge) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Set<Integer> goodLines = new HashSet<>();
        Set<String> goodIds = new HashSet<>();
        int total = BAD_PER_BATCH + GOOD_PER_BATCH;
        int bad = 0;
        for (int line = 1; line <= total; line++) {
            boolean good = line == 1 || rnd.nextInt(total) < GOOD_PER_BATCH;
            if (good) {
                String id = prefix + "-good-" + line;
                out.write(good(rnd, id).getBytes(StandardCharsets.UTF_8));
                goodLines.add(line);
                goodIds.add(id);
            } else {
                out.write(mutate(rnd, seeds.get(rnd.nextInt(seeds.size())).deepCopy(), huge));
                bad++;
            }
            out.write('\n');
        }
        return new Batch(out.toByteArray(), goodLines, goodIds, bad);
    }

    /** A good record in one of three formats (Sentinel row, Graph alert, Defender for Endpoint alert). */
    static String good(Random rnd, String id) {
        int k = rnd.nextInt(3);
        if (k == 0) return IngestApiTest.row(id, "High", "2024-05-01T10:01:00Z", "New");
        ObjectNode a = (ObjectNode) seeds.get(k == 1 ? 0 : 1).deepCopy();
        a.put("id", id);
        return a.toString();
    }

    /** One malformed record: one or two mutations of a seed. */
    static byte[] mutate(Random rnd, JsonNode seed, int huge) {
        int rounds = 1 + rnd.nextInt(2);
        JsonNode node = seed;
        byte[] bytes = null;
        for (int i = 0; i < rounds; i++) {
            int op = rnd.nextInt(8);
            if (op == 0 || op == 1) {
                bytes = null;
                node = mutateTree(rnd, node, op == 0 ? 1 : rnd.nextInt(2) + 2, huge);
            } else if (op == 2) {
                node = mutateTree(rnd, node, 4, huge);
            } else if (op == 3) {
                node = mutateTree(rnd, node, 5, huge);
            } else if (op == 4) {
                node = mutateTree(rnd, node, 6, huge);
            } else if (op == 5) {
                byte[] b = node.toString().getBytes(StandardCharsets.UTF_8);
                bytes = java.util.Arrays.copyOf(b, 1 + rnd.nextInt(b.length - 1));
                break;
            } else {
                byte[] b = node.toString().getBytes(StandardCharsets.UTF_8);
                int at = 1 + rnd.nextInt(b.length - 1);
                byte[][] junk = {{(byte) 0xff}, {(byte) 0xc3, 0x28}, {(byte) 0xe2, (byte) 0x82}, {(byte) 0x80}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}};
                byte[] j = junk[rnd.nextInt(junk.length)];
                bytes = new byte[b.length + j.length];
                System.arraycopy(b, 0, bytes, 0, at);
                System.arraycopy(j, 0, bytes, at, j.length);
                System.arraycopy(b, at, bytes, at + j.length, b.length - at);
                break;
            }
        }
        return bytes != null ? bytes : node.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** kinds: 1 wrong type, 2/3 huge value, 4 odd value, 5 out-of-range date, 6 field removed. */
    static JsonNode mutateTree(Random rnd, JsonNode root, int kind, int huge) {
        List<Object[]> slots = new ArrayList<>();
        collect(root, slots, kind == 5);
        if (slots.isEmpty()) collect(root, slots, false);
        if (slots.isEmpty()) return root;
        Object[] slot = slots.get(rnd.nextInt(slots.size()));
        JsonNode value = switch (kind) {
            case 1 -> switch (rnd.nextInt(6)) {
                case 0 -> JsonNodeFactory.instance.objectNode().put("x", 1);
                case 1 -> JsonNodeFactory.instance.arrayNode().add(1).add("two");
                case 2 -> JsonNodeFactory.instance.numberNode(rnd.nextInt());
                case 3 -> JsonNodeFactory.instance.booleanNode(true);
                case 4 -> JsonNodeFactory.instance.nullNode();
                default -> JsonNodeFactory.instance.numberNode(-1.5e300);
            };
            case 2 -> new TextNode("A".repeat(huge / 8 + rnd.nextInt(huge - huge / 8)));
            case 3 -> JsonNodeFactory.instance.numberNode(new java.math.BigInteger("9".repeat(Math.min(900, huge / 10 + rnd.nextInt(huge - huge / 10)))));
            case 4 -> new TextNode(ODD[rnd.nextInt(ODD.length)]);
            case 5 -> new TextNode(DATES[rnd.nextInt(DATES.length)]);
            default -> null;
        };
        if (slot[0] instanceof ObjectNode o) {
            if (value == null) o.remove((String) slot[1]);
            else o.set((String) slot[1], value);
        } else if (slot[0] instanceof ArrayNode a) {
            int i = (Integer) slot[1];
            if (value == null) a.remove(i);
            else a.set(i, value);
        }
        return root;
    }

    private static void collect(JsonNode node, List<Object[]> slots, boolean timesOnly) {
        if (node instanceof ObjectNode o) {
            for (var e : o.properties()) {
                String name = e.getKey().toLowerCase(java.util.Locale.ROOT);
                if (!timesOnly || name.contains("time") || name.contains("date")) slots.add(new Object[] {o, e.getKey()});
                collect(e.getValue(), slots, timesOnly);
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (!timesOnly) slots.add(new Object[] {a, i});
                collect(a.get(i), slots, timesOnly);
            }
        }
    }

    @Test
    void replaysReaderSurvivesMalformedRecordsOfEveryFormat() throws IOException {
        Random rnd = new Random(20261130L);
        AlertReader reader = new AlertReader();
        int fed = 0;
        int located = 0;
        int escaped = 0;
        int goodKept = 0;
        int goodTotal = 0;
        List<String> failures = new ArrayList<>();
        for (int b = 0; b < BATCHES; b++) {
            Batch batch = batch(rnd, "r" + b);
            fed += batch.bad();
            goodTotal += batch.goodIds().size();
            Path file = Files.write(dir.resolve("fuzz-" + b + ".jsonl"), batch.body());
            ReadResult r;
            try {
                r = reader.read(file, false);
            } catch (RuntimeException | Error e) {
                escaped++;
                failures.add(file + ": " + e);
                continue;
            }
            Set<String> ids = new HashSet<>();
            Set<Integer> linesWithOutcome = new HashSet<>();
            for (AlertRecord rec : r.records()) {
                ids.add(rec.alert().getId());
                linesWithOutcome.add(lineOf(rec.origin()));
            }
            for (RecordError e : r.errors()) {
                if (e.line() > 0 && e.source().equals(file.toString()) && !e.message().isBlank()) located++;
                else failures.add("not located: " + e);
                if (batch.goodLines().contains(e.line())) failures.add("error on a good line: " + e);
                assertClean(e.toString(), failures);
                linesWithOutcome.add(e.line());
            }
            for (String id : batch.goodIds()) {
                if (ids.contains(id)) goodKept++;
                else failures.add(file + ": good record " + id + " lost");
            }
            // A line without alert nor error must be a record that is no alert (skipped and counted).
            int silent = 0;
            int lines = batch.goodLines().size() + batch.bad();
            for (int line = 1; line <= lines; line++) if (!linesWithOutcome.contains(line)) silent++;
            if (silent > r.skippedCount() + blankLines(batch.body())) {
                failures.add(file + ": " + silent + " lines gave no alert, error nor skip (skipped " + r.skippedCount() + ")");
            }
        }
        System.out.printf("fuzz (replay's reader): %d malformed records fed, %d errors located, %d exceptions escaped, %d/%d good records kept%n",
                fed, located, escaped, goodKept, goodTotal);
        assertEquals(List.of(), failures.subList(0, Math.min(20, failures.size())));
        assertEquals(0, escaped);
        assertTrue(fed >= 10_000, "fed " + fed);
        assertEquals(goodTotal, goodKept);
    }

    @Test
    void postApiAlertsSurvivesMalformedRecordsOfEveryFormat() throws Exception {
        Random rnd = new Random(7L);
        int fed = 0;
        int located = 0;
        int goodTotal = 0;
        int serverErrors = 0;
        List<String> failures = new ArrayList<>();
        List<String> someGood = new ArrayList<>();
        List<String> allGood = new ArrayList<>();
        for (int b = 0; b < BATCHES; b++) {
            Batch batch = batch(rnd, "p" + b, 8_000);
            fed += batch.bad();
            goodTotal += batch.goodIds().size();
            Response resp = svc.postBytes("/api/alerts", TestService.INGEST, "application/x-ndjson", batch.body());
            if (resp.status() >= 500) serverErrors++;
            assertClean(resp.body(), failures);
            if (resp.status() != 202) {
                failures.add("batch " + b + ": status " + resp.status() + " " + resp.body().substring(0, Math.min(300, resp.body().length())));
                continue;
            }
            JsonNode n = resp.json();
            int taken = n.path("accepted").asInt() + n.path("duplicates").asInt() + n.path("updated").asInt();
            if (taken < batch.goodIds().size()) failures.add("batch " + b + ": only " + taken + " taken of " + batch.goodIds().size() + " good");
            for (JsonNode e : n.path("errors")) {
                int line = e.path("line").asInt();
                if ((line > 0 || e.path("index").asInt() > 0) && !e.path("reason").asText().isBlank()) located++;
                else failures.add("batch " + b + ": error not located: " + e);
                if (batch.goodLines().contains(line)) failures.add("batch " + b + ": error on a good line: " + e);
            }
            if (b % 10 == 0) someGood.add(batch.goodIds().iterator().next());
            allGood.addAll(batch.goodIds());
        }
        for (String id : someGood) {
            Response a = svc.get("/api/alerts/" + id, TestService.ANALYST);
            if (a.status() != 200) failures.add("good alert " + id + " not stored: " + a.status());
        }
        // Every good record of every batch is in the store (not only counted as taken).
        int goodStored = 0;
        for (String id : allGood) {
            if (!svc.service().store().alertsWithId(id).isEmpty()) goodStored++;
            else failures.add("good alert " + id + " not stored");
        }
        // Everything posted is correlated without a rule or the engine failing (a late alert once did: LateAlertTest).
        svc.settle();
        String metrics = svc.get("/metrics", TestService.ADMIN).body();
        assertTrue(metrics.contains("\nalertcorrelator_correlation_failures_total 0"), "the engine failed on fuzzed alerts");
        System.out.printf("fuzz (POST /api/alerts): %d malformed records fed, %d errors located, %d server errors, %d/%d good records stored%n",
                fed, located, serverErrors, goodStored, goodTotal);
        assertEquals(List.of(), failures.subList(0, Math.min(20, failures.size())));
        assertEquals(0, serverErrors);
        assertTrue(fed >= 10_000, "fed " + fed);
        assertEquals(goodTotal, goodStored);
    }

    /** Sentinel CSV rows with stray and unterminated quotes, wrong cell counts, huge cells, bad bytes and dates. */
    @Test
    void csvRowsSurviveQuotesAndOtherDamage() throws IOException {
        Random rnd = new Random(99L);
        AlertReader reader = new AlertReader();
        String header = "TenantId,SystemAlertId,AlertName,AlertSeverity,StartTime,Description,Entities\n";
        int fed = 0;
        int escaped = 0;
        int goodTotal = 0;
        List<String> failures = new ArrayList<>();
        for (int b = 0; b < 20; b++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(header.getBytes(StandardCharsets.UTF_8));
            Set<String> good = new HashSet<>();
            for (int k = 0; k < 100; k++) {
                String id = "c" + b + "-" + k;
                String row = "t1," + id + ",Name " + k + ",High,2024-05-01T10:00:00Z,\"a, \"\"quoted\"\" text\",\"[{\"\"HostName\"\":\"\"h" + k + "\"\",\"\"Type\"\":\"\"host\"\"}]\"";
                if (k == 0 || rnd.nextInt(5) == 0) {
                    good.add(id);
                    out.write((row + "\n").getBytes(StandardCharsets.UTF_8));
                    continue;
                }
                fed++;
                byte[] bytes = switch (rnd.nextInt(7)) {
                    case 0 -> row.substring(0, 1 + rnd.nextInt(row.length() - 1)).getBytes(StandardCharsets.UTF_8);
                    case 1 -> row.replace(",Name ", ",\"Name ").getBytes(StandardCharsets.UTF_8);
                    case 2 -> row.replace("\"a, ", "\"a\"x, ").getBytes(StandardCharsets.UTF_8);
                    case 3 -> (row + ",extra,cells").getBytes(StandardCharsets.UTF_8);
                    case 4 -> row.replace("Name ", "N".repeat(20_000)).getBytes(StandardCharsets.UTF_8);
                    case 5 -> row.replace("2024-05-01T10:00:00Z", DATES[rnd.nextInt(DATES.length)]).getBytes(StandardCharsets.UTF_8);
                    default -> {
                        byte[] r = row.getBytes(StandardCharsets.UTF_8);
                        r[5 + rnd.nextInt(r.length - 6)] = (byte) 0xff;
                        yield r;
                    }
                };
                out.write(bytes);
                out.write('\n');
            }
            goodTotal += good.size();
            Path file = Files.write(dir.resolve("fuzz-" + b + ".csv"), out.toByteArray());
            try {
                ReadResult r = reader.read(file, false);
                Set<String> ids = new HashSet<>();
                for (AlertRecord rec : r.records()) ids.add(rec.alert().getId());
                for (String id : good) if (!ids.contains(id)) failures.add(file + ": good row " + id + " lost");
                for (RecordError e : r.errors()) {
                    if (e.line() <= 0) failures.add("not located: " + e);
                    assertClean(e.toString(), failures);
                }
            } catch (RuntimeException | Error e) {
                escaped++;
                failures.add(file + ": " + e);
            }
        }
        System.out.printf("fuzz (CSV through replay's reader): %d damaged rows fed, %d exceptions escaped, %d good rows%n", fed, escaped, goodTotal);
        assertEquals(List.of(), failures.subList(0, Math.min(20, failures.size())));
    }

    /** No stack trace, class name or library internals in what a user sees. */
    private static void assertClean(String text, List<String> failures) {
        for (String bad : List.of("Exception", "at org.", "at java.", "com.fasterxml", "StreamReadConstraints", "REDACTED", "SQL", "org.h2")) {
            if (text.contains(bad)) {
                failures.add("shows '" + bad + "': " + text.substring(0, Math.min(400, text.length())));
                return;
            }
        }
    }

    private static int lineOf(String origin) {
        int hash = origin.indexOf('#');
        String s = hash >= 0 ? origin.substring(0, hash) : origin;
        int colon = s.lastIndexOf(':');
        try {
            return colon < 0 ? 0 : Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int blankLines(byte[] body) {
        int blank = 0;
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '\n') {
                boolean empty = true;
                for (int k = start; k < i; k++) if (body[k] > ' ') empty = false;
                if (empty && i > start - 1 && i < body.length) blank++;
                start = i + 1;
            }
        }
        return blank;
    }

    @Test
    void batchIsDeterministic() throws IOException {
        assertEquals(new String(batch(new Random(1), "x").body(), StandardCharsets.ISO_8859_1),
                new String(batch(new Random(1), "x").body(), StandardCharsets.ISO_8859_1));
        assertFalse(new ByteArrayInputStream(batch(new Random(2), "y").body()).readAllBytes().length == 0);
    }
}
