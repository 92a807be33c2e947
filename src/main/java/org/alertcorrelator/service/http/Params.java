package org.alertcorrelator.service.http;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.alertcorrelator.model.IncidentKind;
import org.alertcorrelator.model.Severity;
import org.alertcorrelator.service.auth.Principal;
import org.alertcorrelator.store.AlertQuery;
import org.alertcorrelator.store.IncidentQuery;
import org.alertcorrelator.store.IncidentRow;

import io.javalin.http.Context;

/** Query parameters, read and checked; a bad one is a 400 naming it. */
final class Params {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final List<String> STATUSES = List.of("New", "Active", "Closed");
    static final List<String> CLASSIFICATIONS = List.of("TruePositive", "BenignPositive", "FalsePositive", "Undetermined");

    private Params() {
    }

    static IncidentQuery incidentQuery(Context ctx, boolean paged) {
        Principal p = HttpApi.principal(ctx);
        String tenant = tenant(ctx, p);
        List<String> states = list(ctx, "state", s -> {
            String v = s.toLowerCase(Locale.ROOT);
            if (v.equals("all")) return "all";
            if (!List.of(IncidentRow.LIVE, IncidentRow.FINAL, IncidentRow.MERGED, IncidentRow.WITHDRAWN).contains(v)) {
                throw ApiException.badRequest("state: \"" + s + "\" is not one of live, final, merged, withdrawn, all");
            }
            return v;
        });
        if (states.contains("all")) states = List.of(IncidentRow.LIVE, IncidentRow.FINAL, IncidentRow.MERGED, IncidentRow.WITHDRAWN);
        return new IncidentQuery(p.tenantFilter(), tenant,
                list(ctx, "status", s -> canonical("status", s, STATUSES)),
                list(ctx, "severity", Params::severity),
                list(ctx, "kind", s -> canonical("kind", s, List.of(IncidentKind.KillChain.name(), IncidentKind.SharedContext.name(),
                        IncidentKind.PrevalentPattern.name()))),
                time(ctx, "since"), time(ctx, "until"), time(ctx, "updatedSince"),
                text(ctx, "entity"), text(ctx, "entityType"), states,
                paged ? limit(ctx) : optionalLimit(ctx), offset(ctx));
    }

    static AlertQuery alertQuery(Context ctx, boolean paged) {
        Principal p = HttpApi.principal(ctx);
        return new AlertQuery(p.tenantFilter(), tenant(ctx, p), list(ctx, "severity", Params::severity),
                time(ctx, "since"), time(ctx, "until"), text(ctx, "entity"), text(ctx, "entityType"), text(ctx, "incident"),
                paged ? limit(ctx) : optionalLimit(ctx), offset(ctx));
    }

    private static String tenant(Context ctx, Principal p) {
        String tenant = text(ctx, "tenant");
        if (tenant != null && !p.mayAccess(tenant)) throw ApiException.forbidden("tenant " + tenant + " is outside this token's tenants");
        return tenant;
    }

    static String text(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    static <T> List<T> list(Context ctx, String name, Function<String, T> parse) {
        List<T> out = new ArrayList<>();
        for (String v : ctx.queryParams(name)) {
            for (String part : v.split(",")) if (!part.isBlank()) out.add(parse.apply(part.trim()));
        }
        return out;
    }

    static String canonical(String name, String value, List<String> allowed) {
        for (String a : allowed) if (a.equalsIgnoreCase(value)) return a;
        throw ApiException.badRequest(name + ": \"" + value + "\" is not one of " + String.join(", ", allowed));
    }

    static String severity(String s) {
        Severity sev = Severity.parse(s);
        if (sev == null) throw ApiException.badRequest("severity: \"" + s + "\" is not one of Informational, Low, Medium, High");
        return sev.label();
    }

    /** An ISO-8601 instant (2024-03-04T08:00:00Z), a date (2024-03-04, midnight UTC) or epoch milliseconds. */
    static Long time(Context ctx, String name) {
        String v = text(ctx, name);
        if (v == null) return null;
        try {
            if (v.matches("-?\\d{9,}")) return Long.parseLong(v);
            if (v.length() == 10) return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            return Instant.parse(v).toEpochMilli();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw ApiException.badRequest(name + ": \"" + v + "\" is not a time (write e.g. 2024-03-04T08:00:00Z or 2024-03-04)");
        }
    }

    static int limit(Context ctx) {
        Integer n = integer(ctx, "limit");
        if (n == null) return DEFAULT_LIMIT;
        if (n < 1 || n > MAX_LIMIT) throw ApiException.badRequest("limit: must be from 1 to " + MAX_LIMIT + " (page with offset)");
        return n;
    }

    /** For exports: no limit unless asked. */
    static int optionalLimit(Context ctx) {
        Integer n = integer(ctx, "limit");
        if (n == null) return 0;
        if (n < 1) throw ApiException.badRequest("limit: must be 1 or more");
        return n;
    }

    static int offset(Context ctx) {
        Integer n = integer(ctx, "offset");
        if (n == null) return 0;
        if (n < 0) throw ApiException.badRequest("offset: must be 0 or more");
        return n;
    }

    private static Integer integer(Context ctx, String name) {
        String v = text(ctx, name);
        if (v == null) return null;
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + ": \"" + v + "\" is not a whole number");
        }
    }

    static void checkTenant(Principal p, String tenant, String what) {
        if (!p.mayAccess(tenant)) throw ApiException.forbidden(what + " belongs to tenant " + tenant + ", outside this token's tenants");
    }
}
