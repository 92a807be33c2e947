package org.alertcorrelator.ruleset;

/**
 * Address predicates for rules, on canonical IP text as the readers write it (IPv4 dotted, IPv6 compressed
 * lower-case). Import them into DRL with {@code import function}.
 */
public final class Addresses {
    private Addresses() {
    }

    /** 127.0.0.0/8 and ::1. */
    public static boolean isLoopback(String ip) {
        return ip.startsWith("127.") || ip.equals("::1");
    }

    /** 0.0.0.0 and ::. */
    public static boolean isUnspecified(String ip) {
        return ip.equals("0.0.0.0") || ip.equals("::");
    }

    /** 169.254.0.0/16 and fe80::/10. */
    public static boolean isLinkLocal(String ip) {
        if (ip.startsWith("169.254.")) return true;
        if (ip.length() < 4 || ip.indexOf(':') < 0) return false;
        String head = ip.substring(0, 4);
        return head.equals("fe80") || head.equals("fe90") || head.equals("fea0") || head.equals("feb0")
                || (head.startsWith("fe") && "89ab".indexOf(head.charAt(2)) >= 0);
    }

    /** 10/8, 172.16/12, 192.168/16 and fc00::/7: internal addresses (evidence, but worth naming in rules). */
    public static boolean isPrivate(String ip) {
        if (ip.startsWith("10.") || ip.startsWith("192.168.")) return true;
        if (ip.startsWith("172.")) {
            int dot = ip.indexOf('.', 4);
            if (dot > 4) {
                try {
                    int second = Integer.parseInt(ip.substring(4, dot));
                    return second >= 16 && second <= 31;
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        return ip.startsWith("fc") || ip.startsWith("fd");
    }
}
