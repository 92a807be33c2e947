package org.alertcorrelator.ingest;

/**
 * Canonical text of IP address literals, so that one address spelled two ways is one entity: IPv4 dotted
 * decimal, IPv6 in RFC 5952 form (lower-case, leading zeros dropped, the longest run of zero groups written
 * {@code ::}), and an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) as its IPv4 address. Only literals are
 * parsed (never {@code InetAddress.getByName}, which would look a name up in DNS while reading alerts).
 */
final class IpAddresses {
    private IpAddresses() {
    }

    /** @return the canonical text, or null when the text is no IP address literal */
    static String canonical(String text) {
        if (text == null) return null;
        String s = text.trim();
        if (s.length() > 2 && s.charAt(0) == '[' && s.charAt(s.length() - 1) == ']') s = s.substring(1, s.length() - 1);
        if (s.indexOf(':') >= 0) return ipv6(s);
        int[] v4 = new int[4];
        if (!ipv4(s, 0, s.length(), v4)) return null;
        return isCanonicalIpv4(s, v4) ? s : v4[0] + "." + v4[1] + "." + v4[2] + "." + v4[3];
    }

    private static boolean ipv4(String s, int from, int to, int[] out) {
        int part = 0;
        int value = 0;
        int digits = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++digits > 3) return false;
                value = value * 10 + (c - '0');
            } else if (c == '.') {
                if (digits == 0 || value > 255 || part == 3) return false;
                out[part++] = value;
                value = 0;
                digits = 0;
            } else {
                return false;
            }
        }
        if (digits == 0 || value > 255 || part != 3) return false;
        out[3] = value;
        return true;
    }

    private static boolean isCanonicalIpv4(String s, int[] v4) {
        int len = 3;
        for (int v : v4) len += v >= 100 ? 3 : v >= 10 ? 2 : 1;
        return s.length() == len;
    }

    private static String ipv6(String s) {
        int zone = s.indexOf('%');
        int end = zone >= 0 ? zone : s.length();
        if (end == 0) return null;
        int[] groups = new int[8];
        int count = 0;
        int gap = -1;
        int i = 0;
        if (s.startsWith("::")) {
            gap = 0;
            i = 2;
            if (i == end) return format(groups);
        } else if (s.charAt(0) == ':') {
            return null;
        }
        while (i < end) {
            int start = i;
            int value = 0;
            while (i < end && i - start < 5) {
                int d = hexDigit(s.charAt(i));
                if (d < 0) break;
                value = value * 16 + d;
                i++;
            }
            if (i < end && s.charAt(i) == '.') {
                // Dotted IPv4 in the last 32 bits.
                int[] v4 = new int[4];
                if (count > 6 || !ipv4(s, start, end, v4)) return null;
                groups[count++] = v4[0] << 8 | v4[1];
                groups[count++] = v4[2] << 8 | v4[3];
                i = end;
                break;
            }
            if (i == start || i - start > 4 || count == 8) return null;
            groups[count++] = value;
            if (i == end) break;
            if (s.charAt(i) != ':') return null;
            i++;
            if (i < end && s.charAt(i) == ':') {
                if (gap >= 0) return null;
                gap = count;
                i++;
            } else if (i == end) {
                return null; // trailing single colon
            }
        }
        if (gap >= 0) {
            if (count == 8) return null;
            int move = count - gap;
            System.arraycopy(groups, gap, groups, 8 - move, move);
            for (int k = gap; k < 8 - move; k++) groups[k] = 0;
        } else if (count != 8) {
            return null;
        }
        return format(groups);
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    private static String format(int[] g) {
        if (g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xffff) {
            return (g[6] >> 8) + "." + (g[6] & 0xff) + "." + (g[7] >> 8) + "." + (g[7] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int k = 0; k < 8; ) {
            if (g[k] != 0) {
                k++;
                continue;
            }
            int start = k;
            while (k < 8 && g[k] == 0) k++;
            if (k - start > bestLen) {
                bestStart = start;
                bestLen = k - start;
            }
        }
        StringBuilder b = new StringBuilder(39);
        for (int k = 0; k < 8; k++) {
            if (k == bestStart) {
                b.append("::");
                k += bestLen - 1;
                continue;
            }
            if (b.length() > 0 && b.charAt(b.length() - 1) != ':') b.append(':');
            b.append(Integer.toHexString(g[k]));
        }
        return b.toString();
    }
}
