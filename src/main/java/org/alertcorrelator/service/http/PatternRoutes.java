package org.alertcorrelator.service.http;

import java.time.Instant;

import org.alertcorrelator.model.StepPair;
import org.alertcorrelator.service.Json;
import org.alertcorrelator.service.Services;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * GET /api/patterns (admin): the step pairs seen linked in two or more tenants, with their counts, as the running
 * session sees them. Alert types and counts only: no tenant, entity or alert id crosses tenants, here either.
 */
final class PatternRoutes {
    private final Services s;
    private final HttpApi api;

    PatternRoutes(Services s, HttpApi api) {
        this.s = s;
        this.api = api;
    }

    void register(RoutesConfig r) {
        r.get("/api/patterns", api.guard(Access.ADMIN, this::list));
    }

    private void list(Context ctx) {
        int minTenants = 2;
        String q = ctx.queryParam("minTenants");
        if (q != null) {
            try {
                minTenants = Integer.parseInt(q.trim());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("minTenants: \"" + q + "\" is not a whole number");
            }
        }
        ObjectNode o = Json.object();
        ArrayNode items = o.putArray("items");
        for (StepPair p : s.engine().patterns()) {
            if (p.getTenants() < minTenants) continue;
            ObjectNode n = items.addObject();
            n.put("name", p.getName());
            n.put("first", p.getFirst());
            n.put("then", p.getThen());
            n.put("tenants", p.getTenants());
            n.put("linked", p.getLinked());
            n.put("reverse", p.getReverse());
            n.put("firstCount", p.getFirstCount());
            n.put("thenCount", p.getThenCount());
            n.put("confidence", p.getConfidence());
            n.put("lift", p.getLift());
            n.put("firstSeen", Instant.ofEpochMilli(p.getFirstSeen()).toString());
            n.put("lastSeen", Instant.ofEpochMilli(p.getLastSeen()).toString());
        }
        o.put("total", items.size());
        HttpApi.json(ctx, 200, o);
    }
}
