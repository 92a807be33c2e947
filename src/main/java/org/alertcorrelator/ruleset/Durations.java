package org.alertcorrelator.ruleset;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Reads durations as rule authors write them: {@code 24h}, {@code 30m}, {@code 90s}, {@code 2d}, {@code 1h30m}, or ISO {@code PT24H}. */
public final class Durations {
    private Durations() {
    }

    public static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("p")) {
            try {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("\"" + text + "\" is not a duration");
            }
        }
        long millis = 0;
        int i = 0;
        if (t.isEmpty()) throw new IllegalArgumentException("empty duration");
        while (i < t.length()) {
            int start = i;
            while (i < t.length() && Character.isDigit(t.charAt(i))) i++;
            if (start == i) throw new IllegalArgumentException("\"" + text + "\" is not a duration (write e.g. 24h, 30m, 2d)");
            long n = Long.parseLong(t.substring(start, i));
            int unitStart = i;
            while (i < t.length() && Character.isLetter(t.charAt(i))) i++;
            String unit = t.substring(unitStart, i);
            millis += switch (unit) {
                case "d" -> n * 86_400_000L;
                case "h" -> n * 3_600_000L;
                case "m" -> n * 60_000L;
                case "s" -> n * 1_000L;
                case "ms" -> n;
                default -> throw new IllegalArgumentException("\"" + text + "\" has unit \"" + unit + "\" (use d, h, m, s or ms)");
            };
            while (i < t.length() && t.charAt(i) == ' ') i++;
        }
        return Duration.ofMillis(millis);
    }

    /** The shortest spelling in the units above, e.g. 24h, 90m, 1d12h. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) return "0s";
        StringBuilder b = new StringBuilder();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
        String[] units = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms >= sizes[i]) {
                b.append(ms / sizes[i]).append(units[i]);
                ms %= sizes[i];
            }
        }
        return b.toString();
    }
}
