package org.alertcorrelator.ingest;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import org.alertcorrelator.model.Alert;

/**
 * Reads Sentinel / Log Analytics SecurityAlert rows from CSV with a header row (RFC 4180: quoted cells may
 * hold commas, doubled quotes and line breaks, as the JSON of Entities does). Columns are matched by name
 * ignoring case and a " [UTC]" suffix; unknown columns (the unnamed index column of a pandas export, for one)
 * are kept in the original text only.
 */
final class CsvAlertSource {
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

    private final RecordCollector out;

    CsvAlertSource(RecordCollector out) {
        this.out = out;
    }

    void read(Reader in) throws IOException {
        CSVParser parser = CSVParser.builder().setReader(in).setFormat(FORMAT).get();
        Iterator<CSVRecord> rows = parser.iterator();
        if (!rows.hasNext()) throw new InputException(out.source + ": empty CSV (no header row)");
        List<String> header = rows.next().toList();
        AlertField[] columns = new AlertField[header.size()];
        boolean hasId = false;
        for (int i = 0; i < columns.length; i++) {
            String name = header.get(i).strip();
            header.set(i, name);
            columns[i] = AlertField.INDEX.lookup(withoutUtcSuffix(name));
            hasId |= columns[i] == AlertField.SYSTEM_ALERT_ID;
        }
        if (!hasId) {
            String shown = String.join(",", header.subList(0, Math.min(header.size(), 8)));
            throw new InputException(out.source + ": not an alert file: the first line is not a CSV header with a "
                    + "SystemAlertId column (it reads: " + (shown.length() > 120 ? shown.substring(0, 117) + "..." : shown) + ")");
        }
        RawAlert raw = new RawAlert();
        int index = 0;
        long lastLine = parser.getCurrentLineNumber();
        while (true) {
            CSVRecord row;
            try {
                if (!rows.hasNext()) break;
                row = rows.next();
            } catch (UncheckedIOException e) {
                out.error((int) lastLine + 1, index + 1, null, "CSV syntax error: " + JsonAlertSource.shortMessage(e.getCause()));
                return;
            }
            index++;
            // The parser's line count stands at the record's last line; a cell's own line breaks come before.
            int line = (int) (parser.getCurrentLineNumber() - lineBreaksIn(row));
            lastLine = parser.getCurrentLineNumber();
            raw.clear();
            raw.fromCsv = true;
            int n = Math.min(row.size(), columns.length);
            for (int i = 0; i < n; i++) {
                if (columns[i] != null) raw.set(columns[i], header.get(i), row.get(i), false);
            }
            Alert alert = out.map(raw, line, index);
            if (alert != null) out.add(alert, out.keepsOriginal() ? asJson(header, row) : null, out.source + ":" + line);
        }
    }

    // The Log Analytics portal exports "TimeGenerated [UTC]": the same column, its zone said in the name.
    private static String withoutUtcSuffix(String name) {
        return name.regionMatches(true, Math.max(0, name.length() - 6), " [UTC]", 0, 6)
                ? name.substring(0, name.length() - 6).strip() : name;
    }

    private static int lineBreaksIn(CSVRecord row) {
        int breaks = 0;
        for (int i = 0; i < row.size(); i++) {
            String v = row.get(i);
            for (int k = 0; k < v.length(); k++) {
                char c = v.charAt(k);
                if (c == '\n' || (c == '\r' && (k + 1 == v.length() || v.charAt(k + 1) != '\n'))) breaks++;
            }
        }
        return breaks;
    }

    /** The row as a JSON object of column to value (columns beyond the header are named by their position). */
    private static String asJson(List<String> header, CSVRecord row) {
        int size = 2;
        for (int i = 0; i < row.size(); i++) size += row.get(i).length() + 8 + (i < header.size() ? header.get(i).length() : 10);
        // Room for escapes: an Entities cell is about one quote in five characters.
        StringBuilder b = new StringBuilder(size + (size >> 1));
        b.append('{');
        for (int i = 0; i < row.size(); i++) {
            if (i > 0) b.append(',');
            jsonString(b, i < header.size() ? header.get(i) : "column" + (i + 1));
            b.append(':');
            jsonString(b, row.get(i));
        }
        return b.append('}').toString();
    }

    // By hand rather than with a JsonGenerator: the Entities cell is JSON itself, full of quotes to escape, and
    // writing the original text was a third of the time spent on a CSV row.
    private static void jsonString(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c >= 0x20) {
                b.append(c);
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c == '\t') {
                b.append("\\t");
            } else {
                b.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            }
        }
        b.append('"');
    }
}
