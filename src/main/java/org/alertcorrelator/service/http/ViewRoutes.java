package org.alertcorrelator.service.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.alertcorrelator.ruleset.RuleSet;
import org.alertcorrelator.service.IncidentView;
import org.alertcorrelator.service.Json;
import org.alertcorrelator.service.Services;
import org.alertcorrelator.store.AlertCodec;
import org.alertcorrelator.store.IncidentRow;
import org.alertcorrelator.store.StoredAlert;
import org.alertcorrelator.web.IncidentModel;
import org.alertcorrelator.web.WebAssets;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * The web view: its page and files ({@link WebAssets}), and GET /api/incidents/{id}/view, an incident with its
 * history, its alerts as the renderer draws them and the kill chain's stages (the same model the
 * {@code replay --html} report embeds).
 */
final class ViewRoutes {
    private final Services s;
    private final HttpApi api;

    ViewRoutes(Services s, HttpApi api) {
        this.s = s;
        this.api = api;
    }

    void register(RoutesConfig r) {
        new WebAssets().register(r);
        r.get("/api/incidents/{id}/view", api.guard(Access.ANALYST, this::view));
    }

    private void view(Context ctx) {
        String id = ctx.pathParam("id");
        IncidentRow row = s.store().incident(id).orElseThrow(() -> ApiException.notFound("no incident " + id));
        Params.checkTenant(HttpApi.principal(ctx), row.tenant(), "no incident " + id);
        RuleSet rules = s.rules().running();
        ObjectNode o = Json.object();
        o.set("incident", IncidentView.withHistory(row, s.store().history(row.id())));
        List<StoredAlert> stored = new ArrayList<>(s.store().alerts(IncidentView.alertIds(row.body())));
        stored.removeIf(a -> !a.tenant().equals(row.tenant())); // the same alert id in another tenant is another alert
        stored.sort(Comparator.comparing(StoredAlert::key));
        ArrayNode alerts = o.putArray("alerts");
        for (StoredAlert a : stored) alerts.add(IncidentModel.alert(AlertCodec.fromJson(a.alertJson()), rules));
        o.set("killChain", IncidentModel.killChain(rules));
        o.set("strongTypes", IncidentModel.strongTypes(rules));
        ctx.header("ETag", "\"" + row.version() + "\"");
        HttpApi.json(ctx, 200, o);
    }
}
