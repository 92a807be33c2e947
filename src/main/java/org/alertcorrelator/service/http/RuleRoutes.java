package org.alertcorrelator.service.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.alertcorrelator.ruleset.RuleSet;
import org.alertcorrelator.service.Json;
import org.alertcorrelator.service.RuleManager;
import org.alertcorrelator.service.Services;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** GET /api/rules and POST /api/rules/reload. */
final class RuleRoutes {
    private final Services s;
    private final HttpApi api;

    RuleRoutes(Services s, HttpApi api) {
        this.s = s;
        this.api = api;
    }

    void register(RoutesConfig r) {
        r.get("/api/rules", api.guard(Access.ANALYST, this::show));
        r.post("/api/rules/reload", api.guard(Access.ADMIN, this::reload));
    }

    private void show(Context ctx) {
        RuleManager m = s.rules();
        RuleSet rs = m.running();
        ObjectNode o = Json.object();
        o.put("directory", m.directory().toAbsolutePath().toString());
        o.put("version", rs.version());
        o.put("loadedAt", m.loadedAt().toString());
        ArrayNode files = o.putArray("files");
        for (Path f : rs.files()) {
            ObjectNode n = files.addObject();
            n.put("name", f.getFileName().toString());
            try {
                n.put("bytes", Files.size(f));
            } catch (IOException e) {
                n.putNull("bytes");
            }
        }
        o.set("lastBuild", build(m.lastBuild()));
        o.put("reloads", s.metrics().ruleReloads.sum());
        o.put("reloadFailures", s.metrics().ruleReloadFailures.sum());
        HttpApi.json(ctx, 200, o);
    }

    private static ObjectNode build(RuleManager.BuildResult b) {
        ObjectNode n = Json.object();
        n.put("ok", b.ok());
        n.put("at", b.at().toString());
        if (b.version() == null) n.putNull("version");
        else n.put("version", b.version());
        n.put("buildMillis", b.buildMillis());
        ArrayNode p = n.putArray("problems");
        b.problems().forEach(p::add);
        return n;
    }

    private void reload(Context ctx) throws InterruptedException {
        if (!HttpApi.principal(ctx).allTenants()) {
            throw ApiException.forbidden("a token limited to some tenants cannot reload the rules, which serve every tenant");
        }
        if (!s.engine().isReady()) throw new ApiException(503, "the engine is still starting; try again shortly");
        RuleManager.Outcome out;
        try {
            out = s.rules().reload();
        } catch (IllegalStateException e) {
            throw new ApiException(500, e.getMessage());
        }
        ObjectNode o = Json.object();
        o.put("reloaded", out.swapped());
        o.put("version", out.version());
        o.put("previousVersion", out.previousVersion());
        o.put("buildMillis", out.buildMillis());
        ArrayNode problems = o.putArray("problems");
        out.problems().forEach(problems::add);
        if (!out.built()) {
            o.put("error", "the rules do not build; version " + out.version() + " keeps running: "
                    + String.join("; ", out.problems()));
            HttpApi.json(ctx, 422, o);
            return;
        }
        if (out.reload() != null) {
            o.put("replayedAlerts", out.reload().replayedAlerts());
            o.put("rebuildMillis", out.reload().rebuildMillis());
            o.put("incidentsRepublished", out.reload().incidentsRepublished());
            o.put("incidentsRetired", out.reload().incidentsRetired());
        } else {
            o.put("message", "the rules are unchanged (same version); nothing to do");
        }
        HttpApi.json(ctx, 200, o);
    }
}
