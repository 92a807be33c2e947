package org.alertcorrelator.ingest;

/**
 * A field's text as a range of a record's char buffer, so that a value can be compared, parsed, interned or
 * lower-cased without first becoming a String of its own: most values of a record (tenant, alert names, host
 * names, entity types) are ones already met, and the {@link Interner} hands back the String it already holds.
 * Only {@link #toString()} copies.
 *
 * <p>Its {@link #hashCode()} is {@link String#hashCode()} of the same text, so that a slice finds the String
 * it equals in a table of Strings (compared with {@link String#contentEquals}; a slice is never a key itself).
 * Valid only until the buffer is reused (the next record).
 */
final class CharSlice implements CharSequence {
    private final char[] chars;
    private final int offset;
    private final int length;

    CharSlice(char[] chars, int offset, int length) {
        this.chars = chars;
        this.offset = offset;
        this.length = length;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        return chars[offset + index];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new CharSlice(chars, offset + start, end - start);
    }

    @Override
    public String toString() {
        return new String(chars, offset, length);
    }

    /** The same value as {@link String#hashCode()} of the text. */
    @Override
    public int hashCode() {
        int h = 0;
        for (int i = offset, end = offset + length; i < end; i++) h = 31 * h + chars[i];
        return h;
    }

    /** {@code s} trimmed as {@link String#trim()} does, or null when nothing is left. */
    static CharSequence trimmed(CharSequence s) {
        if (s == null) return null;
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) <= ' ') start++;
        while (end > start && s.charAt(end - 1) <= ' ') end--;
        if (start == end) return null;
        return start == 0 && end == s.length() ? s : s.subSequence(start, end);
    }

    /** {@link String#equalsIgnoreCase} for any text. */
    static boolean equalsIgnoreCase(CharSequence a, String b) {
        return a.length() == b.length() && regionMatchesIgnoreCase(a, 0, b, 0, b.length());
    }

    /** {@link String#regionMatches(boolean, int, String, int, int)} ignoring case, for any text. */
    static boolean regionMatchesIgnoreCase(CharSequence a, int from, String b, int bFrom, int len) {
        if (from < 0 || bFrom < 0 || from + len > a.length() || bFrom + len > b.length()) return false;
        for (int i = 0; i < len; i++) {
            char c1 = a.charAt(from + i);
            char c2 = b.charAt(bFrom + i);
            if (c1 == c2) continue;
            // As String.regionMatches compares ignoring case: upper case, then lower case of that (Georgian).
            char u1 = Character.toUpperCase(c1);
            char u2 = Character.toUpperCase(c2);
            if (u1 != u2 && Character.toLowerCase(u1) != Character.toLowerCase(u2)) return false;
        }
        return true;
    }
}
