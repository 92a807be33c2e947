package org.alertcorrelator.ingest;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;

/**
 * A reader that keeps the text read since a position its user no longer needs, so that a CSV parser stopped by
 * a syntax error can be restarted on the line after the row at fault with the text it had already taken in.
 * What is kept is one record and the parser's read-ahead, except after an unterminated quote, where the parser
 * has read to the end.
 */
final class RetainingReader extends Reader {
    private final Reader in;
    private final StringBuilder kept = new StringBuilder();
    // Character position (from the start of this reader) of kept.charAt(0).
    private long base;

    RetainingReader(Reader in) {
        this.in = in;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        int n = in.read(buf, off, len);
        if (n > 0) kept.append(buf, off, n);
        return n;
    }

    /** The text before this position will not be asked for again. */
    void discardBefore(long position) {
        int drop = (int) Math.min(kept.length(), Math.max(0, position - base));
        // Dropping in chunks keeps the cost of deleting from a StringBuilder low.
        if (drop >= 1 << 16 || drop > kept.length() / 2 && drop > 0) {
            kept.delete(0, drop);
            base += drop;
        }
    }

    /**
     * The rest of the input after {@code lines} lines counted from {@code position}: the text already read,
     * then what was not read yet (the line at fault may not have been read to its end); null when nothing is left.
     */
    Reader restAfterLines(long position, int lines) throws IOException {
        int i = (int) Math.max(0, position - base);
        int seen = 0;
        boolean afterCr = false;
        while (seen < lines) {
            int c;
            if (i < kept.length()) {
                c = kept.charAt(i++);
            } else if ((c = in.read()) < 0) {
                return null;
            }
            if (c == '\r') {
                seen++;
                afterCr = true;
            } else {
                if (c == '\n' && !afterCr) seen++;
                afterCr = false;
            }
        }
        String tail = i < kept.length() ? kept.substring(i) : "";
        kept.setLength(0);
        if (afterCr) {
            // A CRLF line end whose LF is still to come belongs to the line skipped.
            if (!tail.isEmpty()) {
                if (tail.charAt(0) == '\n') tail = tail.substring(1);
            } else {
                int c = in.read();
                if (c < 0) return null;
                if (c != '\n') tail = String.valueOf((char) c);
            }
        }
        return new ConcatReader(new StringReader(tail), in);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** One reader, then another. */
    private static final class ConcatReader extends Reader {
        private Reader first;
        private final Reader second;

        ConcatReader(Reader first, Reader second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            if (first != null) {
                int n = first.read(buf, off, len);
                if (n > 0) return n;
                first = null;
            }
            return second.read(buf, off, len);
        }

        @Override
        public void close() throws IOException {
            second.close();
        }
    }
}
