package org.alertcorrelator.ingest;

import static org.alertcorrelator.ingest.TestFiles.READER;
import static org.alertcorrelator.ingest.TestFiles.read;
import static org.alertcorrelator.ingest.TestFiles.readText;
import static org.alertcorrelator.ingest.TestFiles.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BadInputTest {
    @TempDir
    Path tmp;

    private static List<String> errors(ReadResult r, Path file) {
        String prefix = file.toString();
        return r.errors().stream().map(e -> e.toString().replace(prefix, "F")).toList();
    }

    @Test
    void badJsonLinesAreReportedAndTheRestIsRead() {
        Path file = sample("alerts.jsonl");
        ReadResult r = READER.read(file, false);
        assertEquals(List.of("jl-1", "jl-2", "alert-rest-1", "jl-10"), r.records().stream().map(x -> x.alert().getId()).toList());
        assertEquals(List.of(
                "F:4: record 3: Severity: \"Severe\" is not a severity (Informational, Low, Medium, High)",
                "F:5: record 4: SystemAlertId: missing",
                "F:6: record 5: TenantId: missing (no TenantId, no AadTenantId or AzureResourceTenantId in ResourceIdentifiers, no /subscriptions/{id} in the resource id)",
                "F:7: record 6: StartTimeUtc: \"2019-02-30T10:00:00Z\" is not a timestamp (" + Timestamps.EXPECTED + ")",
                "F:8: record 7: JSON syntax error: Unexpected character (',' (code 44)): expected a value",
                "F:10: record 9: Status: \"Closed?\" is not a status (New, Active, InProgress, Resolved, Dismissed)"),
                errors(r, file));
        assertEquals(6, r.rejected());
        assertEquals(List.of("F:1", "F:2", "F:9", "F:11"), r.records().stream().map(x -> x.origin().replace(file.toString(), "F")).toList());
        assertEquals(Set.of(AlertFormat.DEFENDER_EXPORT, AlertFormat.SENTINEL_JSON, AlertFormat.DEFENDER_REST), r.formats());

        RecordError first = r.errors().get(0);
        assertEquals(4, first.line());
        assertEquals(3, first.index());
        assertEquals("Severity", first.field());
    }

    @Test
    void entitiesThatAreNotJsonOnlyWarn() {
        ReadResult r = read("alerts.jsonl");
        assertEquals(1, r.warnings().size());
        RecordError w = r.warnings().get(0);
        assertEquals(11, w.line());
        assertEquals("Entities", w.field());
        assertTrue(r.records().get(3).alert().getEntities().isEmpty());
    }

    @Test
    void aSyntaxErrorInAnArrayEndsTheFileAndKeepsWhatCameBefore() {
        Path file = sample("broken-array.json");
        ReadResult r = READER.read(file, false);
        assertEquals(List.of("jl-21", "jl-22"), r.records().stream().map(x -> x.alert().getId()).toList());
        assertEquals(1, r.rejected());
        RecordError e = r.errors().get(0);
        assertEquals(45, e.line());
        assertEquals(3, e.index());
        assertTrue(e.toString().startsWith(file + ":45: record 3: JSON syntax error: Unexpected character"), e.toString());
    }

    @Test
    void anArrayCutShort() {
        ReadResult r = readText("cut.json", "[{\"SystemAlertId\":\"a\",\"TenantId\":\"t\",\"Severity\":\"Low\",\"StartTimeUtc\":\"2024-01-01T00:00:00Z\"},\n{\"SystemAlertId\":");
        assertEquals(1, r.records().size());
        assertTrue(r.errors().get(0).toString().startsWith("cut.json:2: record 2: JSON syntax error: Unexpected end-of-input"), r.errors().toString());
    }

    @Test
    void badRecordInAnArrayNamesItsIndex() {
        ReadResult r = readText("a.json", "[\n{\"SystemAlertId\":\"a\",\"TenantId\":\"t\",\"Severity\":\"Low\",\"StartTimeUtc\":\"2024-01-01T00:00:00Z\"},\n"
                + "{\"SystemAlertId\":\"b\",\"TenantId\":\"t\",\"Severity\":\"Low\"},\n 42,\n"
                + "{\"SystemAlertId\":\"c\",\"TenantId\":\"t\",\"Severity\":[\"Low\"],\"StartTimeUtc\":\"2024-01-01T00:00:00Z\"}\n]");
        assertEquals(List.of(
                        "a.json:3: record 2: StartTimeUtc: missing (and no TimeGenerated either)",
                        "a.json:4: record 3: expected a JSON object, found a number",
                        "a.json:5: record 4: Severity: expected a text value, found an array"),
                r.errors().stream().map(RecordError::toString).toList());
        assertEquals("a.json#1", r.records().get(0).origin());
    }

    @Test
    void restFieldsAreNamedAsTheRecordSpellsThem() {
        ReadResult r = readText("rest.json", "{\"id\":\"/subscriptions/s1/providers/Microsoft.Security/locations/l/alerts/n1\",\"name\":\"n1\","
                + "\"properties\":{\"severity\":\"Severe\",\"startTimeUtc\":\"2024-01-01T00:00:00Z\"}}");
        assertEquals("rest.json:1: record 1: properties.severity: \"Severe\" is not a severity (Informational, Low, Medium, High)",
                r.errors().get(0).toString());
    }

    @Test
    void csvLineNumbersCountTheLinesOfMultiLineCells() {
        Path file = sample("multiline.csv");
        ReadResult r = READER.read(file, false);
        assertEquals(List.of("F:2", "F:3", "F:11"), r.records().stream().map(x -> x.origin().replace(file.toString(), "F")).toList());
        assertEquals(List.of(
                        "F:7: record 3: AlertSeverity: \"Severe\" is not a severity (Informational, Low, Medium, High)",
                        "F:9: record 4: StartTime: \"2024-13-01T10:15:00Z\" is not a timestamp (" + Timestamps.EXPECTED + ")"),
                errors(r, file));
        assertEquals(2, r.records().get(1).alert().getEntities().size());
    }

    @Test
    void csvWithAnUnterminatedQuoteEndsWithAnError() {
        ReadResult r = readText("q.csv", "SystemAlertId,TenantId,Severity,StartTime\na,t,Low,2024-01-01T00:00:00Z\nb,t,\"Low,2024-01-01T00:00:00Z\n");
        assertEquals(1, r.records().size());
        assertEquals(1, r.rejected());
        assertTrue(r.errors().get(0).toString().startsWith("q.csv:3: record 2: CSV syntax error:"), r.errors().get(0).toString());
    }

    @Test
    void strictModeThrowsTheFirstBadRecord() {
        InputException e = assertThrows(InputException.class, () -> READER.read(sample("alerts.jsonl"), true));
        assertTrue(e.getMessage().endsWith("alerts.jsonl:4: record 3: Severity: \"Severe\" is not a severity (Informational, Low, Medium, High)"),
                e.getMessage());
        assertNotNull(e.error());
        assertEquals(4, e.error().line());
        assertEquals(2, READER.read(sample("rest-array.json"), true).records().size(), "strict reads good input");
        assertThrows(InputException.class, () -> READER.read(sample("broken-array.json"), true));
    }

    @Test
    void missingFile() {
        Path missing = tmp.resolve("nope.json");
        InputException e = assertThrows(InputException.class, () -> READER.read(missing, false));
        assertEquals(missing + ": no such file", e.getMessage());
    }

    @Test
    void directory() {
        InputException e = assertThrows(InputException.class, () -> READER.read(tmp, false));
        assertEquals(tmp + ": is a directory, not a file", e.getMessage());
    }

    @Test
    void emptyAndBlankFiles() throws IOException {
        Path empty = Files.writeString(tmp.resolve("empty.json"), "");
        assertEquals(empty + ": empty", assertThrows(InputException.class, () -> READER.read(empty, false)).getMessage());
        Path blank = Files.writeString(tmp.resolve("blank.jsonl"), "  \n\n\t\r\n");
        assertEquals(blank + ": empty (only white space)", assertThrows(InputException.class, () -> READER.read(blank, false)).getMessage());
        assertEquals("body: empty", assertThrows(InputException.class,
                () -> READER.read("body", new ByteArrayInputStream(new byte[0]), false)).getMessage());
    }

    @Test
    void binaryGarbage() throws IOException {
        byte[] zip = new byte[300];
        for (int i = 0; i < zip.length; i++) zip[i] = (byte) (i * 37);
        zip[0] = 'P';
        zip[1] = 'K';
        Path file = Files.write(tmp.resolve("alerts.json"), zip);
        InputException e = assertThrows(InputException.class, () -> READER.read(file, false));
        assertEquals(file + ": not text (binary content); expected JSON, JSON lines or CSV in UTF-8", e.getMessage());

        byte[] utf16 = "\uFEFF{\"a\":1}".getBytes(StandardCharsets.UTF_16LE);
        Path wide = Files.write(tmp.resolve("wide.json"), utf16);
        assertTrue(assertThrows(InputException.class, () -> READER.read(wide, false)).getMessage().contains("UTF-16"));

        Path badGzip = Files.write(tmp.resolve("x.gz"), new byte[] {0x1f, (byte) 0x8b, 1, 2, 3});
        assertTrue(assertThrows(InputException.class, () -> READER.read(badGzip, false)).getMessage().startsWith(badGzip + ": cannot read:"));
    }

    @Test
    void textThatIsNoAlertCsv() {
        InputException e = assertThrows(InputException.class, () -> READER.read(sample("not-alerts.csv"), false));
        assertTrue(e.getMessage().endsWith("not-alerts.csv: not an alert file: the first line is not a CSV header with a SystemAlertId column (it reads: name,age)"),
                e.getMessage());
    }

    @Test
    void jsonThatIsNoObject() {
        ReadResult r = readText("n.json", "[1, \"x\", null]");
        assertEquals(List.of("n.json:1: record 1: expected a JSON object, found a number",
                        "n.json:1: record 2: expected a JSON object, found a string",
                        "n.json:1: record 3: expected a JSON object, found null"),
                r.errors().stream().map(RecordError::toString).toList());
        ReadResult lines = readText("l.jsonl", "{\"a\": 1}\n[1]\n");
        assertEquals("l.jsonl:2: record 2: expected a JSON object, found an array", lines.errors().get(1).toString());
    }

    @Test
    void aTextOverJacksonsLengthLimitFailsItsRecordWhereverItIs() {
        // Values are read as chars, not Strings; the limit must still apply to each, kept or not (a second Description).
        String huge = "x".repeat(20_000_001);
        String head = "{\"SystemAlertId\":\"a\",\"TenantId\":\"t\",\"Severity\":\"Low\",\"StartTimeUtc\":\"2024-01-01T00:00:00Z\"";
        String good = head.replace("\"a\"", "\"ok\"") + "}";
        ReadResult r = readText("h.jsonl", head + ",\"Description\":\"" + huge + "\"}\n"
                + head + ",\"Description\":\"d\",\"Description\":\"" + huge + "\"}\n"
                + head + ",\"Entities\":[{\"Type\":\"host\",\"HostName\":\"" + huge + "\"}]}\n" + good + "\n");
        String error = "JSON syntax error: String value length (20000001) exceeds the maximum allowed (20000000)";
        assertEquals(List.of("h.jsonl:1: record 1: " + error, "h.jsonl:2: record 2: " + error, "h.jsonl:3: record 3: " + error),
                r.errors().stream().map(RecordError::toString).toList());
        assertEquals(List.of("ok"), r.records().stream().map(x -> x.alert().getId()).toList());
    }

    @Test
    void manyLinesReadByOneParserStillFailOneByOne() {
        // JSON lines are read by one parser per buffer of lines; a line it cannot take is read on its own.
        StringBuilder text = new StringBuilder();
        List<String> ids = new java.util.ArrayList<>();
        for (int line = 1; line <= 3000; line++) {
            String id = "a" + line;
            String good = "{\"SystemAlertId\":\"" + id + "\",\"TenantId\":\"t\",\"Severity\":\"Low\","
                    + "\"StartTimeUtc\":\"2024-01-01T00:00:00Z\",\"Entities\":[{\"Type\":\"host\",\"HostName\":\"H" + line % 7 + "\"}]}";
            switch (line) {
                case 700 -> text.append(good).append(' ').append(good);
                case 1000 -> text.append("  ");
                case 1500 -> text.append("{\"SystemAlertId\":\"cut\",");
                case 1800 -> text.append(good.replace("\"Low\"", "\"Low\",\"Description\":\"" + "d".repeat(100_000) + "\""));
                case 2200 -> text.append(good).append(" x");
                default -> {
                    text.append(line % 3 == 0 ? "  " : "").append(good).append(line % 5 == 0 ? " \t" : "");
                    ids.add(id);
                }
            }
            text.append(line % 2 == 0 ? "\r\n" : "\n");
        }
        ReadResult r = readText("m.jsonl", text.toString());
        assertEquals(ids, r.records().stream().map(x -> x.alert().getId()).toList());
        assertEquals(List.of("m.jsonl:700: record 700: JSON syntax error: more than one JSON value on the line",
                "m.jsonl:1500: record 1499: JSON syntax error: Unexpected end-of-input within/between Object entries",
                "m.jsonl:1800: record 1799: Description: 100000 characters, over the limit of 65536",
                "m.jsonl:2200: record 2199: JSON syntax error: Unrecognized token 'x': was expecting (JSON String, Number, "
                        + "Array, Object or token 'null', 'true' or 'false')"),
                r.errors().stream().map(RecordError::toString).toList());
        assertEquals("h3", r.records().get(2).alert().getEntities().get(0).key());
    }

    @Test
    void aBrokenFirstLineDoesNotHideTheJsonLinesAfterIt() {
        String good = "{\"SystemAlertId\":\"a\",\"TenantId\":\"t\",\"Severity\":\"Low\",\"StartTimeUtc\":\"2024-01-01T00:00:00Z\"}";
        ReadResult r = readText("x.jsonl", "{\"SystemAlertId\": \n" + good + "\n" + good.replace("\"a\"", "\"b\"") + "\n");
        assertEquals(2, r.records().size());
        assertTrue(r.errors().get(0).toString().startsWith("x.jsonl:1: record 1: JSON syntax error"), r.errors().get(0).toString());
    }

}
