package org.alertcorrelator.service.http;

import java.io.IOException;
import java.io.InputStream;

import org.alertcorrelator.service.Json;
import org.alertcorrelator.service.Services;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** GET /health, /ready, /metrics, /openapi.yaml. */
final class OpsRoutes {
    private final Services s;
    private final HttpApi api;

    OpsRoutes(Services s, HttpApi api) {
        this.s = s;
        this.api = api;
    }

    void register(RoutesConfig r) {
        r.get("/health", api.guard(Access.PUBLIC, this::health));
        r.get("/ready", api.guard(Access.ANY_TOKEN, this::ready));
        r.get("/metrics", api.guard(Access.GLOBAL_ADMIN, this::metrics));
        r.get("/openapi.yaml", api.guard(Access.ANY_TOKEN, this::openapi));
    }

    private void health(Context ctx) {
        ObjectNode o = Json.object();
        o.put("status", "ok");
        HttpApi.json(ctx, 200, o);
    }

    /** Ready: rules built, store open and answering, engine running with its session rebuilt. */
    private void ready(Context ctx) {
        ObjectNode o = Json.object();
        String problem = null;
        if (!s.store().isOpen()) problem = "the store is closed";
        else {
            try {
                s.store().engineState();
            } catch (RuntimeException e) {
                problem = "the store does not answer: " + e.getMessage();
            }
        }
        if (problem == null && s.engine().failure() != null) problem = "the engine stopped: " + s.engine().failure();
        if (problem == null && s.engine().isWarmingUp()) problem = "the engine is warming up on generated alerts (warm-up)";
        if (problem == null && !s.engine().isReady()) problem = "the engine is rebuilding its session from the store";
        o.put("ready", problem == null);
        o.put("rulesVersion", s.rules().running().version());
        o.put("store", s.store().describe());
        o.put("schemaVersion", s.store().schemaVersion());
        if (problem == null) {
            o.put("startupMillis", s.engine().startupMillis());
            o.put("startupReplayedAlerts", s.engine().startupReplayed());
            HttpApi.json(ctx, 200, o);
        } else {
            o.put("error", problem);
            HttpApi.json(ctx, 503, o);
        }
    }

    private void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8");
        ctx.result(s.metrics().render());
    }

    private void openapi(Context ctx) throws IOException {
        try (InputStream in = OpsRoutes.class.getResourceAsStream("/openapi.yaml")) {
            if (in == null) throw ApiException.notFound("openapi.yaml is not in this build");
            ctx.contentType("application/yaml");
            ctx.result(in.readAllBytes());
        }
    }
}
