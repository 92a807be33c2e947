package org.alertcorrelator.ingest;

import java.time.Instant;

/**
 * Reads the timestamp spellings alerts come with, without regexes or formatters (this runs several times per
 * record):
 * <ul>
 * <li>ISO-8601: {@code 2019-01-15T09:15:03.3338239Z}, a {@code T} or a space between date and time, seconds
 * optional, 0 to 9 fractional digits (. or ,), then {@code Z}, an offset ({@code +01:00}, {@code +0100},
 * {@code +01}) or nothing, which means UTC;</li>
 * <li>the Sentinel portal's CSV style: {@code 1/15/2019, 9:15:03.333 AM} or {@code 1/15/2019 9:15:03 AM}
 * (month first; without AM/PM the hour is 0-23), always UTC.</li>
 * </ul>
 */
public final class Timestamps {
    /** How the accepted spellings are described in error messages. */
    public static final String EXPECTED = "expected ISO-8601 like 2019-01-15T09:15:03.333Z or M/d/yyyy h:mm:ss AM";

    private Timestamps() {
    }

    /** The earliest alert time taken: 1970-01-01T00:00:00Z (earlier is a placeholder such as .NET's 0001-01-01). */
    public static final Instant EARLIEST = Instant.EPOCH;
    /** The latest alert time taken: 2100-01-01T00:00:00Z (later is a mistake; the engine's clock must not jump there). */
    public static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");

    /** Why an alert time cannot be taken ("before 1970-01-01T00:00:00Z", ...), or null when it is in range. */
    public static String outOfRange(Instant t) {
        if (t.isBefore(EARLIEST)) return "is before " + EARLIEST + " (the earliest alert time taken)";
        if (!t.isBefore(LATEST)) return "is after " + LATEST + " (the latest alert time taken)";
        return null;
    }

    /** @return the instant, or null when the text is no timestamp in an accepted spelling */
    public static Instant parse(CharSequence text) {
        CharSequence s = CharSlice.trimmed(text);
        if (s == null) return null;
        if (s.length() >= 16 && s.charAt(4) == '-') return parseIso(s);
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '/') return i > 0 ? parseMonthFirst(s) : null;
        }
        return null;
    }

    private static Instant parseIso(CharSequence s) {
        int n = s.length();
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        if (year < 0 || month < 0 || day < 0 || s.charAt(7) != '-') return null;
        char sep = s.charAt(10);
        if (sep != 'T' && sep != 't' && sep != ' ') return null;
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        if (hour < 0 || minute < 0 || s.charAt(13) != ':') return null;
        int i = 16;
        int second = 0;
        int nanos = 0;
        if (i < n && s.charAt(i) == ':') {
            second = digits(s, i + 1, 2);
            if (second < 0) return null;
            i += 3;
            if (i < n && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
                int start = ++i;
                while (i < n && isDigit(s.charAt(i))) i++;
                nanos = fraction(s, start, i);
                if (nanos < 0) return null;
            }
        }
        int offsetSeconds = 0;
        if (i < n) {
            char z = s.charAt(i);
            if ((z == 'Z' || z == 'z') && i == n - 1) {
                offsetSeconds = 0;
            } else if (z == '+' || z == '-') {
                offsetSeconds = offset(s, i + 1);
                if (offsetSeconds == Integer.MIN_VALUE) return null;
                if (z == '-') offsetSeconds = -offsetSeconds;
            } else {
                return null;
            }
        }
        return toInstant(year, month, day, hour, minute, second, nanos, offsetSeconds);
    }

    // M/d/yyyy[,] h:mm[:ss[.fff]] [AM|PM]
    private static Instant parseMonthFirst(CharSequence s) {
        int n = s.length();
        int i = 0;
        int start = i;
        while (i < n && isDigit(s.charAt(i))) i++;
        int month = i - start >= 1 && i - start <= 2 ? digits(s, start, i - start) : -1;
        if (month < 0 || i >= n || s.charAt(i++) != '/') return null;
        start = i;
        while (i < n && isDigit(s.charAt(i))) i++;
        int day = i - start >= 1 && i - start <= 2 ? digits(s, start, i - start) : -1;
        if (day < 0 || i >= n || s.charAt(i++) != '/') return null;
        int year = digits(s, i, 4);
        if (year < 0) return null;
        i += 4;
        if (i < n && s.charAt(i) == ',') i++;
        if (i >= n || s.charAt(i) != ' ') return null;
        while (i < n && s.charAt(i) == ' ') i++;
        start = i;
        while (i < n && isDigit(s.charAt(i))) i++;
        int hour = i - start >= 1 && i - start <= 2 ? digits(s, start, i - start) : -1;
        if (hour < 0 || i >= n || s.charAt(i++) != ':') return null;
        int minute = digits(s, i, 2);
        if (minute < 0) return null;
        i += 2;
        int second = 0;
        int nanos = 0;
        if (i < n && s.charAt(i) == ':') {
            second = digits(s, i + 1, 2);
            if (second < 0) return null;
            i += 3;
            if (i < n && s.charAt(i) == '.') {
                start = ++i;
                while (i < n && isDigit(s.charAt(i))) i++;
                nanos = fraction(s, start, i);
                if (nanos < 0) return null;
            }
        }
        while (i < n && s.charAt(i) == ' ') i++;
        if (i < n) {
            if (i + 2 != n || (s.charAt(i + 1) != 'M' && s.charAt(i + 1) != 'm')) return null;
            char ap = s.charAt(i);
            boolean pm;
            if (ap == 'A' || ap == 'a') pm = false;
            else if (ap == 'P' || ap == 'p') pm = true;
            else return null;
            if (hour < 1 || hour > 12) return null;
            hour = hour % 12 + (pm ? 12 : 0);
        }
        return toInstant(year, month, day, hour, minute, second, nanos, 0);
    }

    private static Instant toInstant(int year, int month, int day, int hour, int minute, int second, int nanos,
                                     int offsetSeconds) {
        if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
        if (hour > 23 || minute > 59 || second > 59) return null;
        long epochSecond = epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    // Days from 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil).
    private static long epochDay(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        int era = (y >= 0 ? y : y - 399) / 400;
        int yoe = y - era * 400;
        int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097L + doe - 719_468L;
    }

    private static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** [+-] already read: HH, HH:MM or HHMM, then the end of the text. */
    private static int offset(CharSequence s, int i) {
        int n = s.length();
        int hours = digits(s, i, 2);
        if (hours < 0) return Integer.MIN_VALUE;
        i += 2;
        int minutes = 0;
        if (i < n && s.charAt(i) == ':') i++;
        if (i < n) {
            minutes = digits(s, i, 2);
            if (minutes < 0) return Integer.MIN_VALUE;
            i += 2;
        }
        if (i != n || hours > 18 || minutes > 59) return Integer.MIN_VALUE;
        return hours * 3600 + minutes * 60;
    }

    /** Fractional digits [start, end) as nanoseconds; -1 when there are none or more than 9. */
    private static int fraction(CharSequence s, int start, int end) {
        int len = end - start;
        if (len < 1 || len > 9) return -1;
        int v = digits(s, start, len);
        for (int k = len; k < 9; k++) v *= 10;
        return v;
    }

    /** The number written by exactly {@code len} digits at {@code from}, else -1. */
    private static int digits(CharSequence s, int from, int len) {
        if (from + len > s.length()) return -1;
        int v = 0;
        for (int i = from; i < from + len; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
