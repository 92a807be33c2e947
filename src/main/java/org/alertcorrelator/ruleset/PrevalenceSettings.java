package org.alertcorrelator.ruleset;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Settings of cross-tenant prevalence and of relative infrastructure, read from {@code settings.properties}
 * with the others (keys below). Rules read them as {@code settings.prevalence.minTenants} and so on.
 *
 * @param enabled              {@code prevalence}: count step pairs and entities across tenants at all (on/off)
 * @param horizon              {@code prevalenceHorizon}: event time over which tenants are counted
 * @param minTenants           {@code prevalenceMinTenants}: distinct tenants a pair must be seen linked in
 * @param minConfidence        {@code prevalenceMinConfidence}: linked occurrences / occurrences of the rarer step
 * @param minLift              {@code prevalenceMinLift}: how many times more often linked than by chance
 * @param infrastructureMinTenants {@code infrastructureMinTenants}: an entity value seen in this many tenants is
 *                             infrastructure (0: off)
 * @param crossTenantEntityTypes {@code crossTenantEntityTypes}: entity types counted across tenants
 * @param infrastructureHostShare {@code infrastructureHostShare}: share of a tenant's active hosts above which an
 *                             entity is infrastructure in that tenant (0: off)
 * @param infrastructureMinHosts {@code infrastructureMinHosts}: the share counts only from this many hosts on
 */
public record PrevalenceSettings(boolean enabled, Duration horizon, int minTenants, double minConfidence, double minLift,
                                 int infrastructureMinTenants, Set<String> crossTenantEntityTypes,
                                 double infrastructureHostShare, int infrastructureMinHosts) {

    public static final List<String> KEYS = List.of("prevalence", "prevalenceHorizon", "prevalenceMinTenants",
            "prevalenceMinConfidence", "prevalenceMinLift", "infrastructureMinTenants", "crossTenantEntityTypes",
            "infrastructureHostShare", "infrastructureMinHosts");

    public static PrevalenceSettings defaults() {
        return new PrevalenceSettings(true, Duration.ofDays(30), 3, 0.3, 2.0, 4,
                new LinkedHashSet<>(List.of("ip", "filehash", "url")), 0.05, 5);
    }

    public long horizonMillis() {
        return horizon.toMillis();
    }

    public boolean countsAcrossTenants(String entityType) {
        return infrastructureMinTenants > 0 && crossTenantEntityTypes.contains(entityType);
    }

    /** This settings with one key set from its text. @throws IllegalArgumentException for a bad value */
    PrevalenceSettings with(String key, String value) {
        String v = value.trim();
        return switch (key) {
            case "prevalence" -> new PrevalenceSettings(onOff(v), horizon, minTenants, minConfidence, minLift,
                    infrastructureMinTenants, crossTenantEntityTypes, infrastructureHostShare, infrastructureMinHosts);
            case "prevalenceHorizon" -> new PrevalenceSettings(enabled, positive(Durations.parse(v)), minTenants, minConfidence,
                    minLift, infrastructureMinTenants, crossTenantEntityTypes, infrastructureHostShare, infrastructureMinHosts);
            case "prevalenceMinTenants" -> new PrevalenceSettings(enabled, horizon, wholeNumber(v, 2), minConfidence, minLift,
                    infrastructureMinTenants, crossTenantEntityTypes, infrastructureHostShare, infrastructureMinHosts);
            case "prevalenceMinConfidence" -> new PrevalenceSettings(enabled, horizon, minTenants, fraction(v), minLift,
                    infrastructureMinTenants, crossTenantEntityTypes, infrastructureHostShare, infrastructureMinHosts);
            case "prevalenceMinLift" -> new PrevalenceSettings(enabled, horizon, minTenants, minConfidence, nonNegative(v),
                    infrastructureMinTenants, crossTenantEntityTypes, infrastructureHostShare, infrastructureMinHosts);
            case "infrastructureMinTenants" -> new PrevalenceSettings(enabled, horizon, minTenants, minConfidence, minLift,
                    wholeNumber(v, 0), crossTenantEntityTypes, infrastructureHostShare, infrastructureMinHosts);
            case "crossTenantEntityTypes" -> new PrevalenceSettings(enabled, horizon, minTenants, minConfidence, minLift,
                    infrastructureMinTenants, types(v), infrastructureHostShare, infrastructureMinHosts);
            case "infrastructureHostShare" -> new PrevalenceSettings(enabled, horizon, minTenants, minConfidence, minLift,
                    infrastructureMinTenants, crossTenantEntityTypes, fraction(v), infrastructureMinHosts);
            case "infrastructureMinHosts" -> new PrevalenceSettings(enabled, horizon, minTenants, minConfidence, minLift,
                    infrastructureMinTenants, crossTenantEntityTypes, infrastructureHostShare, wholeNumber(v, 1));
            default -> throw new IllegalArgumentException("unknown setting");
        };
    }

    List<String> describe() {
        List<String> out = new ArrayList<>();
        out.add("prevalence = " + (enabled ? "on" : "off"));
        out.add("prevalenceHorizon = " + Durations.format(horizon));
        out.add("prevalenceMinTenants = " + minTenants);
        out.add("prevalenceMinConfidence = " + minConfidence);
        out.add("prevalenceMinLift = " + minLift);
        out.add("infrastructureMinTenants = " + infrastructureMinTenants);
        out.add("crossTenantEntityTypes = " + String.join(", ", crossTenantEntityTypes));
        out.add("infrastructureHostShare = " + infrastructureHostShare);
        out.add("infrastructureMinHosts = " + infrastructureMinHosts);
        return out;
    }

    private static boolean onOff(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw new IllegalArgumentException("\"" + v + "\" is not on or off");
        };
    }

    private static Duration positive(Duration d) {
        if (d.isZero() || d.isNegative()) throw new IllegalArgumentException("must be more than zero");
        return d;
    }

    private static int wholeNumber(String v, int min) {
        try {
            int n = Integer.parseInt(v);
            if (n < min) throw new IllegalArgumentException("must be " + min + " or more");
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + v + "\" is not a whole number");
        }
    }

    private static double number(String v) {
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + v + "\" is not a number");
        }
    }

    private static double fraction(String v) {
        double d = number(v);
        if (d < 0 || d > 1) throw new IllegalArgumentException("must be between 0 and 1");
        return d;
    }

    private static double nonNegative(String v) {
        double d = number(v);
        if (d < 0) throw new IllegalArgumentException("must be 0 or more");
        return d;
    }

    private static Set<String> types(String v) {
        Set<String> out = new LinkedHashSet<>();
        for (String p : v.split(",")) {
            String t = p.trim().toLowerCase(Locale.ROOT);
            if (!t.isEmpty()) out.add(t);
        }
        return out;
    }
}
