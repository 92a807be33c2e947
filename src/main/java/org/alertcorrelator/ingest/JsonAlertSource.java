package org.alertcorrelator.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.alertcorrelator.model.Alert;

/**
 * Reads alerts from JSON in any of its shapes: one object, an array of objects, a REST list page
 * ({@code {"value": [...], "nextLink": ...}}), several objects one after another, or one object per line
 * (JSON lines). JSON lines are read line by line so that a broken line loses only its own record; a JSON
 * document is read as a token stream, where a syntax error ends the read (what came before is kept).
 *
 * <p>The input is JSON lines when its first line is a whole JSON object by itself, or when its first line is
 * not but the next line starts a new object at its first column (a broken first record). Pretty-printed
 * documents never look like that: their first line is an unfinished object and their next line is indented or
 * a field.
 *
 * <p>One instance per read: it counts the records of its source.
 */
final class JsonAlertSource {
    private final ObjectMapper mapper;
    private final JsonFactory factory;
    private final AlertFieldReader reader;
    private final RecordCollector out;
    private final RawAlert raw = new RawAlert();
    private final VendorRecords vendor;
    private int index;
    // The record being read when the token stream breaks (0 between records).
    private int inRecord;

    JsonAlertSource(ObjectMapper mapper, AlertFieldReader reader, RecordCollector out, VendorAlertMapper vendorMapper) {
        this.mapper = mapper;
        this.factory = mapper.getFactory();
        this.reader = reader;
        this.out = out;
        this.vendor = new VendorRecords(this, out, vendorMapper);
    }

    /** Numbers the next record (records inside envelopes and incidents are numbered as they are met). */
    int nextIndex() {
        return ++index;
    }

    /** Reads a record found inside another (an envelope's record, an API example's body) as if it stood alone. */
    void readNested(JsonNode node, int line) throws IOException {
        index++;
        readObject(node, line);
    }

    void read(InputStream in) throws IOException {
        LineBuffer lines = new LineBuffer(in);
        if (lines.peekFirstByte() != '{') {
            readDocument(lines.replayFromStart());
            return;
        }
        nextNonBlank(lines);
        int firstStart = lines.start;
        int firstEnd = lines.end;
        int firstLine = lines.lineNumber;
        if (!isWholeObject(lines.bytes(), firstStart, firstEnd)) {
            if (!nextNonBlank(lines) || lines.bytes()[lines.start] != '{') {
                readDocument(lines.replayFromStart());
                return;
            }
            readLine(lines.bytes(), firstStart, firstEnd, firstLine);
        }
        readLine(lines.bytes(), lines.start, lines.end, lines.lineNumber);
        lines.release();
        readLines(lines);
    }

    /**
     * The lines after the first record, read by one parser over all the whole lines in the buffer rather than one
     * parser per line: a parser brings its own buffers, symbol table and contexts, which per line were an eighth
     * of the reader's allocation. A line that parser does not read as one whole object (a syntax error, another
     * value after it, an object running over the line's end, anything but white space around it) is read again
     * by a parser of its own, as every line was before, so that its errors stay what they were; the shared
     * parser then starts over at the next line.
     */
    private void readLines(LineBuffer lines) throws IOException {
        JsonParser shared = null;
        int base = 0;
        int blockEnd = 0;
        int generation = 0;
        try {
            while (nextNonBlank(lines)) {
                if (shared == null || generation != lines.generation() || lines.end > blockEnd) {
                    if (shared != null) shared.close();
                    base = lines.start;
                    blockEnd = lines.wholeLinesEnd();
                    generation = lines.generation();
                    shared = factory.createParser(lines.bytes(), base, blockEnd - base);
                }
                if (!readShared(shared, base, lines)) {
                    shared.close();
                    shared = null;
                    readLine(lines.bytes(), lines.start, lines.end, lines.lineNumber);
                }
            }
        } finally {
            if (shared != null) shared.close();
        }
    }

    /**
     * Reads the current line's record with the shared parser, whose input starts at {@code base}; false, with
     * nothing counted or kept, when the line is not exactly one object and white space.
     */
    private boolean readShared(JsonParser p, int base, LineBuffer lines) throws IOException {
        byte[] buf = lines.bytes();
        try {
            if (p.nextToken() != JsonToken.START_OBJECT || base + p.currentTokenLocation().getByteOffset() != lines.firstNonBlank()) {
                return false;
            }
            raw.clear();
            reader.read(p, raw);
            long after = base + p.currentLocation().getByteOffset();
            if (after > lines.end) return false;
            for (int i = (int) after; i < lines.end; i++) {
                if (buf[i] != ' ' && buf[i] != '\t' && buf[i] != '\r') return false;
            }
        } catch (IOException | RecordProblem e) {
            return false;
        }
        take(buf, lines.start, lines.end, lines.lineNumber, ++index);
        return true;
    }

    private static boolean nextNonBlank(LineBuffer lines) throws IOException {
        while (lines.next()) {
            if (!lines.isBlank()) return true;
        }
        return false;
    }

    private boolean isWholeObject(byte[] buf, int start, int end) {
        try (JsonParser p = factory.createParser(buf, start, end - start)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return false;
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    private void readLine(byte[] buf, int start, int end, int line) throws IOException {
        int n = ++index;
        try (JsonParser p = factory.createParser(buf, start, end - start)) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) {
                out.error(line, n, null, "expected a JSON object, found " + describe(t));
                return;
            }
            raw.clear();
            reader.read(p, raw);
            if (p.nextToken() != null) {
                out.error(line, n, null, "JSON syntax error: more than one JSON value on the line");
                return;
            }
        } catch (JsonProcessingException e) {
            out.error(line, n, null, "JSON syntax error: " + shortMessage(e));
            return;
        } catch (RecordProblem p) {
            out.error(line, n, p.field(), p.getMessage());
            return;
        }
        take(buf, start, end, line, n);
    }

    /** The record of the line [start, end), numbered n, just read into {@link #raw}. */
    private void take(byte[] buf, int start, int end, int line, int n) throws IOException {
        try {
            if (raw.isPage()) {
                index--;
                readPage(mapper.readTree(buf, start, end - start), line);
                return;
            }
            if (raw.vendor) {
                index--;
                vendor.read(mapper.readTree(buf, start, end - start), line);
                return;
            }
            Alert alert = out.map(raw, line, n);
            if (alert != null) {
                String original = out.keepsOriginal() ? new String(buf, start, end - start, StandardCharsets.UTF_8) : null;
                out.add(alert, original, out.source + ":" + line);
            } else if (out.tookVendorIncident()) {
                out.vendorIncident(mapper.readTree(buf, start, end - start));
            }
        } catch (JsonProcessingException e) {
            out.error(line, n, null, "JSON syntax error: " + shortMessage(e));
        }
    }

    private void readDocument(InputStream in) throws IOException {
        try (JsonParser p = factory.createParser(in)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                int line = lineOf(p);
                if (t == JsonToken.START_ARRAY) {
                    readArray(p);
                } else if (t == JsonToken.START_OBJECT) {
                    readRootObject(p, line);
                } else {
                    out.error(line, index + 1, null, "expected a JSON object or array, found " + describe(t));
                    return;
                }
            }
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            out.error(Math.max(line, 0), inRecord > 0 ? inRecord : index + 1, null, "JSON syntax error: " + shortMessage(e));
        }
    }

    private void readArray(JsonParser p) throws IOException {
        JsonToken t;
        // Jackson reports an array cut short as a syntax error; the null check only guards the loop.
        while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
            int line = lineOf(p);
            inRecord = ++index;
            if (t == JsonToken.START_OBJECT) {
                readObject(mapper.readTree(p), line);
            } else {
                p.skipChildren();
                out.error(line, index, null, "expected a JSON object, found " + describe(t));
            }
            inRecord = 0;
        }
    }

    /** A top-level object: a list page is streamed element by element, anything else is one record. */
    private void readRootObject(JsonParser p, int line) throws IOException {
        ObjectNode fields = mapper.createObjectNode();
        boolean page = false;
        inRecord = index + 1;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_ARRAY && !page && AlertField.INDEX.lookup(name) == AlertField.VALUE && !hasAlertId(fields)) {
                page = true;
                inRecord = 0;
                readArray(p);
                inRecord = index + 1;
            } else {
                JsonNode value = mapper.readTree(p);
                if (!fields.has(name)) fields.set(name, value == null ? NullNode.getInstance() : value);
            }
        }
        inRecord = 0;
        if (!page) {
            index++;
            readObject(fields, line);
        }
    }

    private static boolean hasAlertId(ObjectNode fields) {
        for (Map.Entry<String, JsonNode> e : fields.properties()) {
            AlertField f = AlertField.INDEX.lookup(e.getKey());
            if (f == AlertField.SYSTEM_ALERT_ID || f == AlertField.PROPERTIES) return true;
        }
        return false;
    }

    /** One record already parsed (array element, page element, root object), numbered {@link #index}. */
    private void readObject(JsonNode node, int line) throws IOException {
        int n = index;
        raw.clear();
        try (JsonParser p = node.traverse(mapper)) {
            p.nextToken();
            reader.read(p, raw);
        } catch (RecordProblem e) {
            out.error(line, n, e.field(), e.getMessage());
            return;
        }
        if (raw.isPage()) {
            index--;
            readPage(node, line);
            return;
        }
        if (raw.vendor) {
            index--;
            vendor.read(node, line);
            return;
        }
        Alert alert = out.map(raw, line, n);
        if (alert != null) out.add(alert, out.keepsOriginal() ? node.toString() : null, out.source + "#" + n);
        else if (out.tookVendorIncident()) out.vendorIncident(node);
    }

    private void readPage(JsonNode page, int line) throws IOException {
        JsonNode value = null;
        for (Map.Entry<String, JsonNode> e : page.properties()) {
            if (e.getValue().isArray() && AlertField.INDEX.lookup(e.getKey()) == AlertField.VALUE) {
                value = e.getValue();
                break;
            }
        }
        if (value == null) return;
        for (JsonNode element : value) {
            index++;
            if (element.isObject()) readObject(element, line);
            else out.error(line, index, null, "expected a JSON object, found " + describe(element.asToken()));
        }
    }

    private static int lineOf(JsonParser p) {
        return Math.max(p.currentTokenLocation().getLineNr(), 0);
    }

    private static String describe(JsonToken t) {
        if (t == null) return "nothing";
        return switch (t) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.toString();
        };
    }

    /**
     * Jackson's message without its location and source excerpt (the error names the line itself), and without
     * the library's own names (a {@code StreamReadConstraints} setting, a {@code Source: REDACTED} note), which
     * mean nothing to the user.
     */
    static String shortMessage(IOException e) {
        String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        if (m == null) return "unreadable input";
        int nl = m.indexOf('\n');
        m = (nl >= 0 ? m.substring(0, nl) : m).trim();
        m = m.replaceAll("\\s*\\(from `[^`]*`\\)", "").replaceAll(",? ?from `[^`]*`", "");
        int source = m.indexOf("Source: REDACTED");
        if (source >= 0) m = m.substring(0, source).trim();
        m = m.replace("StreamReadConstraints", "the reader's limits").replaceAll("`[A-Za-z0-9_.$]+\\.[A-Za-z0-9_$]+\\(\\)`", "").trim();
        if (m.endsWith(";") || m.endsWith(",")) m = m.substring(0, m.length() - 1);
        return m.isEmpty() ? "unreadable input" : m;
    }
}
