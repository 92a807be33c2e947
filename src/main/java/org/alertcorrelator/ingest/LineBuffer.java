package org.alertcorrelator.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without decoding it: each JSON-lines record is handed to Jackson as bytes
 * (its fastest input) and only decoded to a String when it becomes a record's original text. While
 * {@link #keepAll} is set nothing read is dropped, so the caller can still change its mind and read the whole
 * input as one JSON document ({@link #replayFromStart()}).
 */
final class LineBuffer {
    private static final int MAX_LINE = 512 << 20;

    private final InputStream in;
    private byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private int scanned;
    private boolean eof;
    private boolean keepAll = true;
    private int generation;

    /** The current line: bytes [start, end) of {@link #bytes()}, without its line break. */
    int start;
    int end;
    /** Its number, from 1. */
    int lineNumber;

    LineBuffer(InputStream in) {
        this.in = in;
    }

    byte[] bytes() {
        return buf;
    }

    /** Moves to the next line; false at the end of the input. */
    boolean next() throws IOException {
        while (true) {
            for (int i = Math.max(pos, scanned); i < limit; i++) {
                if (buf[i] == '\n') return lineAt(i, i + 1);
            }
            scanned = limit;
            if (eof) return pos < limit && lineAt(limit, limit);
            fill();
        }
    }

    private boolean lineAt(int lineEnd, int nextPos) {
        start = pos;
        end = lineEnd > start && buf[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
        pos = nextPos;
        lineNumber++;
        return true;
    }

    /** The first byte of the input that is not white space (without consuming anything), or -1. */
    int peekFirstByte() throws IOException {
        for (int i = pos; ; i++) {
            while (i >= limit) {
                if (eof) return -1;
                fill();
            }
            byte c = buf[i];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\f') return c;
        }
    }

    /** The index of the current line's first byte that is not white space ({@link #end} when there is none). */
    int firstNonBlank() {
        int i = start;
        while (i < end && isSpace(buf[i])) i++;
        return i;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\f';
    }

    /**
     * Where the whole lines in the buffer end (after the last line break, or the end of the input): the lines
     * up to there, from the current one on, stay where they are in {@link #bytes()} until {@link #generation()}
     * changes.
     */
    int wholeLinesEnd() {
        if (eof) return limit;
        int i = limit;
        while (i > end && buf[i - 1] != '\n') i--;
        return Math.max(i, end);
    }

    /** Changes whenever bytes are read in, which may move or replace the buffer. */
    int generation() {
        return generation;
    }

    /** True when the current line holds only white space. */
    boolean isBlank() {
        return firstByte() < 0;
    }

    /** The current line's first byte that is not white space, or -1. */
    int firstByte() {
        int i = firstNonBlank();
        return i < end ? buf[i] : -1;
    }

    /** From now on, bytes of lines already passed may be dropped. */
    void release() {
        keepAll = false;
    }

    /** Everything read so far and then the rest of the input, as one stream; only while nothing was dropped. */
    InputStream replayFromStart() {
        if (!keepAll) throw new IllegalStateException("lines were dropped");
        return new SequenceInputStream(new ByteArrayInputStream(buf, 0, limit), in);
    }

    private void fill() throws IOException {
        generation++;
        if (!keepAll && pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            scanned -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            if (buf.length >= MAX_LINE) {
                throw new IOException("line " + (lineNumber + 1) + " is longer than " + (MAX_LINE >> 20) + " MB");
            }
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) eof = true;
        else limit += n;
    }
}
