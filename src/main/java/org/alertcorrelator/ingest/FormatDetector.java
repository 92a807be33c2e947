package org.alertcorrelator.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * Looks at the start of an input to tell JSON from CSV (by content, never by file name), and to refuse early,
 * with a plain message, what is not alert text at all: nothing, only white space, binary data, UTF-16.
 * Gzip-compressed input is opened transparently (large replays are often kept compressed).
 */
final class FormatDetector {
    private static final int SAMPLE = 8192;

    enum Kind { JSON, CSV }

    /**
     * The kind of content and the stream to read it from (positioned after any byte-order mark), with a warning
     * for the whole input when it was not UTF-8 (null otherwise).
     */
    record Detected(Kind kind, InputStream content, String warning) {
        Detected(Kind kind, InputStream content) {
            this(kind, content, null);
        }
    }

    private FormatDetector() {
    }

    static Detected detect(String source, InputStream in) throws IOException {
        return detect(source, in, false);
    }

    private static Detected detect(String source, InputStream in, boolean unzipped) throws IOException {
        BufferedInputStream b = new BufferedInputStream(in, 1 << 16);
        b.mark(SAMPLE);
        byte[] sample = new byte[SAMPLE];
        int n = 0;
        while (n < SAMPLE) {
            int r = b.read(sample, n, SAMPLE - n);
            if (r < 0) break;
            n += r;
        }
        b.reset();
        if (n == 0) throw new InputException(source + ": empty" + (unzipped ? " (after gunzip)" : ""));
        if (!unzipped && n >= 2 && (sample[0] & 0xff) == 0x1f && (sample[1] & 0xff) == 0x8b) {
            return detect(source, new GZIPInputStream(b, 1 << 16), true);
        }
        int from = 0;
        if (n >= 3 && (sample[0] & 0xff) == 0xef && (sample[1] & 0xff) == 0xbb && (sample[2] & 0xff) == 0xbf) {
            from = 3;
            b.skipNBytes(3);
        } else if (n >= 2 && ((sample[0] & 0xff) == 0xfe && (sample[1] & 0xff) == 0xff
                || (sample[0] & 0xff) == 0xff && (sample[1] & 0xff) == 0xfe)) {
            throw new InputException(source + ": UTF-16 text; save it as UTF-8 (JSON, JSON lines or CSV)");
        }
        if (hasControlBytes(sample, from, n)) {
            throw new InputException(source + ": not text (binary content); expected JSON, JSON lines or CSV in UTF-8");
        }
        if (!isUtf8(sample, from, n)) {
            // Text, but not UTF-8: most likely saved by a Windows tool in its ANSI code page.
            Detected d = detectText(source, new java.io.BufferedInputStream(new Windows1252Stream(b), 1 << 16), sample, from, n);
            return new Detected(d.kind(), d.content(), "not valid UTF-8: read as Windows-1252");
        }
        return detectText(source, b, sample, from, n);
    }

    private static Detected detectText(String source, InputStream b, byte[] sample, int from, int n) throws IOException {
        int first = -1;
        for (int i = from; i < n && first < 0; i++) {
            byte c = sample[i];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\f') first = c;
        }
        if (first < 0) {
            if (n < SAMPLE) throw new InputException(source + ": empty (only white space)");
            first = firstAfterSample(source, (BufferedInputStream) b);
        }
        return new Detected(first == '{' || first == '[' ? Kind.JSON : Kind.CSV, b);
    }

    // More than a sample's worth of leading white space: look further (and come back).
    private static int firstAfterSample(String source, BufferedInputStream b) throws IOException {
        b.mark(Integer.MAX_VALUE);
        int c;
        while ((c = b.read()) >= 0) {
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\f') {
                b.reset();
                return c;
            }
        }
        throw new InputException(source + ": empty (only white space)");
    }

    /** NUL or other control characters than white space: binary, whatever the encoding. */
    private static boolean hasControlBytes(byte[] sample, int from, int n) {
        for (int i = from; i < n; i++) {
            int c = sample[i] & 0xff;
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') return true;
            if (c == 0x7f) return true;
        }
        return false;
    }

    /** Valid UTF-8; a sequence cut by the sample's end is fine. */
    private static boolean isUtf8(byte[] sample, int from, int n) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CoderResult r = decoder.decode(ByteBuffer.wrap(sample, from, n - from), CharBuffer.allocate(n), false);
        return !r.isError();
    }
}
