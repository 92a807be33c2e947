package org.alertcorrelator.service.http;

import java.time.Instant;

import org.alertcorrelator.service.Json;
import org.alertcorrelator.service.Services;
import org.alertcorrelator.store.QuarantinedAlert;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * GET /api/quarantined-alerts (admin of every tenant): the alerts the engine set aside because a rule failed on
 * them, with the rule and the rule version. They stay stored and readable at /api/alerts; rules of another version
 * (after a reload) try them again.
 */
final class QuarantineRoutes {
    private final Services s;
    private final HttpApi api;

    QuarantineRoutes(Services s, HttpApi api) {
        this.s = s;
        this.api = api;
    }

    void register(RoutesConfig r) {
        r.get("/api/quarantined-alerts", api.guard(Access.GLOBAL_ADMIN, this::list));
    }

    private void list(Context ctx) {
        ObjectNode o = Json.object();
        ArrayNode items = o.putArray("items");
        for (QuarantinedAlert q : s.store().quarantinedAlerts()) {
            ObjectNode n = items.addObject();
            n.put("tenantId", q.tenant());
            n.put("alertId", q.id());
            n.put("ruleVersion", q.ruleVersion());
            n.put("quarantinedAt", Instant.ofEpochMilli(q.quarantinedAt()).toString());
            n.put("reason", q.reason());
        }
        o.put("total", items.size());
        HttpApi.json(ctx, 200, o);
    }
}
