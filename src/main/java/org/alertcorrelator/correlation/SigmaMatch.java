package org.alertcorrelator.correlation;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.alertcorrelator.model.Alert;

/**
 * Sigma field matching on alerts, for the DRL generated from Sigma detection rules. Each call names the field and
 * its modifiers exactly as the Sigma rule writes them, then the values:
 * {@code SigmaMatch.test( $a, "AlertName|contains|all", "brute", "force" )}. Compiled once per distinct
 * (key, values) and cached.
 *
 * <p>Semantics (Sigma specification v2): strings compare case-insensitively unless {@code cased} or {@code re};
 * {@code *} and {@code ?} are wildcards in plain values ({@code \*} a literal star); values are alternatives unless
 * {@code all}; a field with several values (an alert's tactics, hosts) matches when any value matches;
 * {@code null} matches a field without a value; {@code exists: true/false}; {@code cidr} on IPv4 and IPv6;
 * {@code windash} accepts {@code -}, {@code /}, en dash, em dash and horizontal bar for a leading dash;
 * {@code lt lte gt gte} compare numbers.
 */
public final class SigmaMatch {
    /** Modifiers this project supports; any other is an error at build time. */
    public static final Set<String> MODIFIERS = Set.of("contains", "startswith", "endswith", "all", "re", "i", "m", "s",
            "cidr", "windash", "exists", "cased", "lt", "lte", "gt", "gte");

    private static final ConcurrentHashMap<List<String>, Matcher> CACHE = new ConcurrentHashMap<>();

    private SigmaMatch() {
    }

    /** Whether the alert's field, read through the modifiers in {@code key} ("Field|mod|mod"), matches the values. */
    public static boolean test(Alert a, String key, String... values) {
        return test(a, null, key, values);
    }

    /** The same, with RiskScore read from {@code risk} (the generator passes it for RiskScore fields). */
    public static boolean test(Alert a, RiskTable risk, String key, String... values) {
        List<String> cacheKey = new ArrayList<>(values.length + 1);
        cacheKey.add(key);
        cacheKey.addAll(Arrays.asList(values));
        Matcher m = CACHE.get(cacheKey);
        if (m == null) {
            m = compile(key, values);
            if (CACHE.size() < 100_000) CACHE.put(cacheKey, m);
        }
        return m.matches(AlertFields.values(a, m.field, risk));
    }

    /** Whether any field of the alert contains any of the keywords (Sigma keyword lists), case-insensitively. */
    public static boolean keywords(Alert a, String... words) {
        for (String name : AlertFields.NAMES) {
            if (name.equals("RiskScore")) continue;
            for (String v : AlertFields.values(a, name)) {
                String lv = v.toLowerCase(Locale.ROOT);
                for (String w : words) if (lv.contains(w.toLowerCase(Locale.ROOT))) return true;
            }
        }
        return false;
    }

    /**
     * Checks a key and its values without an alert: the generator calls it to report a bad modifier, regular
     * expression or CIDR at build time. @throws IllegalArgumentException saying what is wrong
     */
    public static void validate(String key, String... values) {
        compile(key, values);
    }

    private interface ValueTest {
        boolean test(String fieldValue);
    }

    private record Matcher(String field, List<ValueTest> tests, boolean all, Boolean exists, boolean nullMatch) {
        boolean matches(List<String> fieldValues) {
            if (exists != null) return exists != fieldValues.isEmpty();
            if (fieldValues.isEmpty()) return nullMatch;
            if (tests.isEmpty()) return nullMatch && fieldValues.isEmpty();
            if (all) {
                for (ValueTest t : tests) if (!any(t, fieldValues)) return false;
                return true;
            }
            for (ValueTest t : tests) if (any(t, fieldValues)) return true;
            return false;
        }

        private static boolean any(ValueTest t, List<String> fieldValues) {
            for (String v : fieldValues) if (t.test(v)) return true;
            return false;
        }
    }

    private static Matcher compile(String key, String[] values) {
        String[] parts = key.split("\\|", -1);
        String field = parts[0];
        if (!AlertFields.isKnown(field)) {
            throw new IllegalArgumentException("unknown alert field \"" + field + "\" (known: " + String.join(", ", AlertFields.NAMES) + ")");
        }
        List<String> mods = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String mod = parts[i].toLowerCase(Locale.ROOT);
            if (!MODIFIERS.contains(mod)) throw new IllegalArgumentException("unsupported modifier \"" + parts[i] + "\"");
            mods.add(mod);
        }
        boolean all = mods.contains("all");
        if (mods.contains("exists")) {
            if (values.length != 1 || !(values[0].equalsIgnoreCase("true") || values[0].equalsIgnoreCase("false"))) {
                throw new IllegalArgumentException("exists takes true or false");
            }
            return new Matcher(field, List.of(), false, Boolean.parseBoolean(values[0].toLowerCase(Locale.ROOT)), false);
        }
        boolean nullMatch = false;
        List<ValueTest> tests = new ArrayList<>();
        for (String v : values) {
            if (v == null) {
                nullMatch = true;
                continue;
            }
            tests.add(valueTest(mods, v));
        }
        return new Matcher(field, List.copyOf(tests), all, null, nullMatch);
    }

    private static ValueTest valueTest(List<String> mods, String value) {
        if (mods.contains("re")) {
            int flags = 0;
            if (mods.contains("i")) flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
            if (mods.contains("m")) flags |= Pattern.MULTILINE;
            if (mods.contains("s")) flags |= Pattern.DOTALL;
            Pattern p;
            try {
                p = Pattern.compile(value, flags);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("bad regular expression \"" + value + "\": " + e.getMessage());
            }
            return v -> p.matcher(v).find();
        }
        if (mods.contains("cidr")) return cidr(value);
        for (String op : List.of("lt", "lte", "gt", "gte")) {
            if (mods.contains(op)) {
                double limit;
                try {
                    limit = Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(op + " needs a number, got \"" + value + "\"");
                }
                return v -> {
                    double d;
                    try {
                        d = Double.parseDouble(v);
                    } catch (NumberFormatException e) {
                        return false;
                    }
                    return switch (op) {
                        case "lt" -> d < limit;
                        case "lte" -> d <= limit;
                        case "gt" -> d > limit;
                        default -> d >= limit;
                    };
                };
            }
        }
        List<String> variants = mods.contains("windash") ? windash(value) : List.of(value);
        String prefix = mods.contains("contains") || mods.contains("endswith") ? ".*" : "";
        String suffix = mods.contains("contains") || mods.contains("startswith") ? ".*" : "";
        int flags = Pattern.DOTALL | (mods.contains("cased") ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        List<Pattern> patterns = new ArrayList<>();
        for (String variant : variants) patterns.add(Pattern.compile(prefix + wildcards(variant) + suffix, flags));
        return v -> {
            for (Pattern p : patterns) if (p.matcher(v).matches()) return true;
            return false;
        };
    }

    /** A Sigma value as a regular expression: * any text, ? one character, \ escapes them and itself. */
    static String wildcards(String value) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() && "*?\\".indexOf(value.charAt(i + 1)) >= 0) {
                literal.append(value.charAt(++i));
            } else if (c == '*' || c == '?') {
                if (!literal.isEmpty()) re.append(Pattern.quote(literal.toString()));
                literal.setLength(0);
                re.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) re.append(Pattern.quote(literal.toString()));
        return re.toString();
    }

    private static List<String> windash(String value) {
        List<String> out = new ArrayList<>();
        for (String dash : List.of("-", "/", "\u2013", "\u2014", "\u2015")) {
            out.add(value.replaceAll("(^|\\s)-", "$1" + java.util.regex.Matcher.quoteReplacement(dash)));
        }
        return out.stream().distinct().toList();
    }

    private static ValueTest cidr(String value) {
        int slash = value.indexOf('/');
        String addr = slash < 0 ? value : value.substring(0, slash);
        byte[] net = literal(addr);
        if (net == null) throw new IllegalArgumentException("cidr: \"" + value + "\" is not an IP network");
        int bits;
        try {
            bits = slash < 0 ? net.length * 8 : Integer.parseInt(value.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cidr: \"" + value + "\" has no valid prefix length");
        }
        if (bits < 0 || bits > net.length * 8) throw new IllegalArgumentException("cidr: \"" + value + "\" has no valid prefix length");
        BigInteger mask = bits == 0 ? BigInteger.ZERO
                : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftLeft(net.length * 8 - bits);
        BigInteger network = new BigInteger(1, net).and(mask);
        int length = net.length;
        return v -> {
            byte[] ip = literal(v);
            return ip != null && ip.length == length && new BigInteger(1, ip).and(mask).equals(network);
        };
    }

    /** The bytes of an IP literal, or null; never a DNS lookup (only literals are parsed). */
    private static byte[] literal(String text) {
        String t = text.trim();
        boolean v4 = t.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = t.contains(":") && t.matches("[0-9A-Fa-f:.]+");
        if (!v4 && !v6) return null;
        try {
            return InetAddress.getByName(t).getAddress();
        } catch (UnknownHostException | RuntimeException e) {
            return null;
        }
    }
}
