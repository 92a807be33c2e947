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
        RetainingReader retained = new RetainingReader(in);
        CSVParser parser = CSVParser.builder().setReader(retained).setFormat(FORMAT).get();
        Iterator<CSVRecord> rows = parser.iterator();
        if (!rows.hasNext()) throw new InputException(out.source + ": empty CSV (no header row)");
        CSVRecord headerRow = rows.next();
        List<String> header = headerRow.toList();
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
        Rows state = new Rows(header, columns);
        state.keep(headerRow, 1, (int) parser.getCurrentLineNumber());
        int lineOffset = 0;
        while (retained != null) {
            RetainingReader rest = readRows(parser, retained, state, lineOffset);
            if (rest == null) break;
            retained = rest;
            parser = CSVParser.builder().setReader(retained).setFormat(FORMAT).get();
            lineOffset = state.keptLine - 1;
        }
    }

    /** Where reading stands: the columns, the records counted, and the last record read whole. */
    private static final class Rows {
        final List<String> header;
        final AlertField[] columns;
        int index;
        // The last record read whole: where it starts in the retained text, its first line and its line count.
        long keptAt;
        int keptLine;
        int keptLines;

        Rows(List<String> header, AlertField[] columns) {
            this.header = header;
            this.columns = columns;
        }

        void keep(CSVRecord row, int firstLine, int lastLine) {
            keptAt = row.getCharacterPosition();
            keptLine = firstLine;
            keptLines = lastLine - firstLine + 1;
        }
    }

    /**
     * Reads rows until the end, or until a syntax error; then the row at fault is lost (one error) and reading
     * starts again on the line after its first line. An unterminated quote thus costs the row it opens (and any
     * lines that then read as broken rows, each counted), not the rest of the file.
     *
     * @param lineOffset lines before the parser's input (a restart reads the rest of the file)
     * @return the rest of the input to read after a syntax error, or null at the end
     */
    private RetainingReader readRows(CSVParser parser, RetainingReader retained, Rows state, int lineOffset) throws IOException {
        Iterator<CSVRecord> rows = parser.iterator();
        RawAlert raw = new RawAlert();
        while (true) {
            CSVRecord row;
            try {
                if (!rows.hasNext()) return null;
                row = rows.next();
            } catch (UncheckedIOException | IllegalStateException e) {
                String why = e instanceof UncheckedIOException u ? JsonAlertSource.shortMessage(u.getCause()) : "unreadable row";
                // The parser's own position counts from where it started, which after a restart is not the file's.
                why = why.replaceAll("\\s*at line: [0-9,]+, position: [0-9,]+", "");
                int badLine = state.keptLine + state.keptLines;
                out.error(badLine, ++state.index, null, "CSV syntax error: " + why + "; the row is lost, reading goes on at line " + (badLine + 1));
                Reader rest = retained.restAfterLines(state.keptAt, state.keptLines + 1);
                if (rest == null) return null;
                state.keptAt = 0;
                state.keptLine = badLine + 1;
                state.keptLines = 0;
                return new RetainingReader(rest);
            }
            int index = ++state.index;
            // The parser's line count stands at the record's last line; a cell's own line breaks come before.
            int lastLine = lineOffset + (int) parser.getCurrentLineNumber();
            int line = lastLine - lineBreaksIn(row);
            if (lastLine > line && row.size() != state.columns.length) {
                // A quote left open ran over the next lines and closed on a later one: those lines are rows of
                // their own. This one is lost; reading goes on at its second line.
                out.error(line, index, null, "CSV syntax error: a quote opened on this line runs over " + (lastLine - line)
                        + " more line(s) (" + row.size() + " cells, the header has " + state.columns.length
                        + "); the row is lost, reading goes on at line " + (line + 1));
                Reader rest = retained.restAfterLines(row.getCharacterPosition(), 1);
                if (rest == null) return null;
                state.keptAt = 0;
                state.keptLine = line + 1;
                state.keptLines = 0;
                return new RetainingReader(rest);
            }
            state.keep(row, line, lastLine);
            retained.discardBefore(row.getCharacterPosition());
            raw.clear();
            raw.fromCsv = true;
            int n = Math.min(row.size(), state.columns.length);
            for (int i = 0; i < n; i++) {
                if (state.columns[i] != null) raw.set(state.columns[i], state.header.get(i), row.get(i), false);
            }
            Alert alert = out.map(raw, line, index);
            if (alert != null) out.add(alert, out.keepsOriginal() ? asJson(state.header, row) : null, out.source + ":" + line);
            else if (out.tookVendorIncident()) out.vendorIncident(rowAsObject(state.header, row));
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
    /** The row as a JSON object of column to cell (for a vendor incident's members; rare). */
    private static com.fasterxml.jackson.databind.node.ObjectNode rowAsObject(List<String> header, CSVRecord row) {
        com.fasterxml.jackson.databind.node.ObjectNode o = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        int n = Math.min(header.size(), row.size());
        for (int i = 0; i < n; i++) o.put(header.get(i), row.get(i));
        return o;
    }

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
