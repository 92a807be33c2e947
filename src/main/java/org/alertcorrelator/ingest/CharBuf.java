package org.alertcorrelator.ingest;

import java.io.IOException;
import java.util.Arrays;

import com.fasterxml.jackson.core.JsonParser;

/**
 * The text of a record's scalars, one after another in one char array reused record after record: a value is
 * copied here from the parser's own buffer instead of becoming a String, and read back as a {@link CharSlice}.
 */
final class CharBuf {
    // Kept between records up to this size; a larger record's buffer is dropped (hostile input must not leave
    // a reader holding megabytes).
    private static final int KEEP = 1 << 16;
    // Longer texts go through JsonParser.getText(), which checks Jackson's length limit on every text (the
    // char view checks it only as the text grows), so that a huge value fails as it always did.
    static final int LONG_TEXT = 1 << 16;

    char[] chars = new char[0];
    int used;

    void clear() {
        if (chars.length > KEEP) chars = new char[0];
        used = 0;
    }

    /** Appends the text of the parser's current scalar token; returns where it starts (its end is {@link #used}). */
    int append(JsonParser p) throws IOException {
        int length = p.getTextLength();
        if (length > LONG_TEXT) return append(p.getText());
        int start = reserve(length);
        System.arraycopy(p.getTextCharacters(), p.getTextOffset(), chars, start, length);
        return start;
    }

    int append(String s) {
        int start = reserve(s.length());
        s.getChars(0, s.length(), chars, start);
        return start;
    }

    private int reserve(int length) {
        int start = used;
        if (start + length > chars.length) chars = Arrays.copyOf(chars, Math.max(Math.max(1024, chars.length * 2), start + length));
        used = start + length;
        return start;
    }
}
