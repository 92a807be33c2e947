package org.alertcorrelator.service.http;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.alertcorrelator.export.IncidentCsv;
import org.alertcorrelator.service.AnalystEdits;
import org.alertcorrelator.service.IncidentView;
import org.alertcorrelator.service.Json;
import org.alertcorrelator.service.Services;
import org.alertcorrelator.service.auth.Principal;
import org.alertcorrelator.store.IncidentRow;
import org.alertcorrelator.store.Page;
import org.alertcorrelator.store.StoredAlert;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** GET /api/incidents, /api/incidents/{id}, /api/incidents/{id}/alerts, /api/incidents.csv; PATCH /api/incidents/{id}. */
final class IncidentRoutes {
    private static final List<String> CSV_EXTRA = List.of("state", "classification", "owner", "mergedInto", "updatedAt");
    private static final Set<String> PATCH_FIELDS = Set.of("status", "classification", "owner", "comment");

    private final Services s;
    private final HttpApi api;
    private final AnalystEdits edits;

    IncidentRoutes(Services s, HttpApi api) {
        this.s = s;
        this.api = api;
        this.edits = new AnalystEdits(s.store(), s.writer(), s.wallClock());
    }

    void register(RoutesConfig r) {
        r.get("/api/incidents", api.guard(Access.ANALYST, this::list));
        r.get("/api/incidents.csv", api.guard(Access.ANALYST, this::csv));
        r.get("/api/incidents/{id}", api.guard(Access.ANALYST, this::one));
        r.get("/api/incidents/{id}/alerts", api.guard(Access.ANALYST, this::alerts));
        r.patch("/api/incidents/{id}", api.guard(Access.ANALYST, this::patch));
    }

    private void list(Context ctx) {
        Page<IncidentRow> page = s.store().incidents(Params.incidentQuery(ctx, true));
        ObjectNode o = Json.object();
        ArrayNode items = o.putArray("items");
        for (IncidentRow row : page.items()) items.add(IncidentView.of(row));
        o.put("total", page.total());
        HttpApi.json(ctx, 200, o);
    }

    /** The incident, or a 303 to where a merged one went. */
    private Optional<IncidentRow> find(Context ctx, String suffix) {
        String id = ctx.pathParam("id");
        IncidentRow row = s.store().incident(id).orElseThrow(() -> ApiException.notFound("no incident " + id));
        Params.checkTenant(HttpApi.principal(ctx), row.tenant(), "no incident " + id);
        if (IncidentRow.MERGED.equals(row.state()) && row.mergedInto() != null) {
            String into = current(row.mergedInto());
            ObjectNode extra = Json.object();
            extra.put("mergedInto", into);
            ctx.header("Location", "/api/incidents/" + into + suffix);
            throw new ApiException(303, "incident " + id + " was merged into " + into, extra);
        }
        return Optional.of(row);
    }

    /** Follows merges to the incident that stands now. */
    private String current(String id) {
        String at = id;
        for (int i = 0; i < 100; i++) {
            Optional<IncidentRow> r = s.store().incident(at);
            if (r.isEmpty() || !IncidentRow.MERGED.equals(r.get().state()) || r.get().mergedInto() == null) return at;
            at = r.get().mergedInto();
        }
        return at;
    }

    private void one(Context ctx) {
        IncidentRow row = find(ctx, "").orElseThrow();
        ObjectNode o = IncidentView.withHistory(row, s.store().history(row.id()));
        ArrayNode alerts = o.putArray("alerts");
        for (StoredAlert a : alertsOf(row)) alerts.add(AlertViews.summary(a));
        ctx.header("ETag", "\"" + row.version() + "\"");
        HttpApi.json(ctx, 200, o);
    }

    private List<StoredAlert> alertsOf(IncidentRow row) {
        List<StoredAlert> alerts = new ArrayList<>(s.store().alerts(IncidentView.alertIds(row.body())));
        alerts.removeIf(a -> !a.tenant().equals(row.tenant())); // the same id in another tenant is another alert
        alerts.sort(Comparator.comparing(StoredAlert::key));
        return alerts;
    }

    private void alerts(Context ctx) {
        IncidentRow row = find(ctx, "/alerts").orElseThrow();
        List<StoredAlert> alerts = alertsOf(row);
        ObjectNode o = Json.object();
        ArrayNode items = o.putArray("items");
        for (StoredAlert a : alerts) items.add(AlertViews.full(a));
        o.put("total", alerts.size());
        HttpApi.json(ctx, 200, o);
    }

    private void patch(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        byte[] body = AlertRoutes.readBody(ctx, 1 << 20, "empty body: send a JSON object with status, classification, owner and/or comment");
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiException.badRequest("the body is not JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) throw ApiException.badRequest("the body must be a JSON object with status, classification, owner and/or comment");
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!PATCH_FIELDS.contains(f)) throw ApiException.badRequest("unknown field \"" + f + "\" (status, classification, owner, comment)");
        }
        String status = n.hasNonNull("status") ? Params.canonical("status", text(n, "status"), Params.STATUSES) : null;
        String classification = n.hasNonNull("classification")
                ? Params.canonical("classification", text(n, "classification"), Params.CLASSIFICATIONS) : null;
        boolean ownerSet = n.has("owner");
        String owner = n.hasNonNull("owner") ? text(n, "owner").trim() : null;
        if (owner != null && owner.isEmpty()) owner = null;
        if (owner != null && owner.length() > 256) throw ApiException.badRequest("owner: at most 256 characters");
        String comment = n.hasNonNull("comment") ? text(n, "comment") : null;
        if (comment != null && comment.length() > 10_000) throw ApiException.badRequest("comment: at most 10000 characters");
        Integer ifMatch = ifMatch(ctx);
        Principal who = HttpApi.principal(ctx);
        IncidentRow row;
        try {
            row = edits.apply(who, id, new AnalystEdits.Edit(status, classification, owner, ownerSet, comment), ifMatch);
        } catch (AnalystEdits.Refused e) {
            ObjectNode extra = null;
            if (e.mergedInto != null) {
                extra = Json.object();
                extra.put("mergedInto", e.mergedInto);
            }
            throw new ApiException(e.status, e.getMessage(), extra);
        }
        ctx.header("ETag", "\"" + row.version() + "\"");
        HttpApi.json(ctx, 200, IncidentView.withHistory(row, s.store().history(row.id())));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (!v.isTextual()) throw ApiException.badRequest(field + ": expected a string");
        return v.asText();
    }

    private static Integer ifMatch(Context ctx) {
        String h = ctx.header("If-Match");
        if (h == null || h.isBlank() || h.trim().equals("*")) return null;
        String v = h.trim().replace("W/", "").replace("\"", "");
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("If-Match: expected the incident's version (its ETag), got " + h);
        }
    }

    private void csv(Context ctx) throws IOException {
        var query = Params.incidentQuery(ctx, false);
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"incidents.csv\"");
        Writer w = new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8);
        List<String> header = new ArrayList<>(IncidentCsv.HEADER);
        header.addAll(CSV_EXTRA);
        CSVPrinter printer = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).get());
        s.store().forEachIncident(query, row -> {
            try {
                printer.printRecord(org.alertcorrelator.export.CsvCells.neutralise(csvRow(row)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        printer.flush();
        w.flush();
    }

    /** IncidentCsv's columns (with the analyst's status), then the service's. */
    private static List<Object> csvRow(IncidentRow row) {
        ObjectNode v = IncidentView.of(row);
        Map<String, Object> byName = new java.util.LinkedHashMap<>();
        byName.put("id", row.id());
        byName.put("tenantId", row.tenant());
        byName.put("title", v.path("title").asText());
        byName.put("kind", row.kind());
        byName.put("severity", row.severity());
        byName.put("status", row.status());
        byName.put("tactics", join(v.path("tactics"), t -> t.asText()));
        byName.put("alertCount", row.alertCount());
        byName.put("alertIds", join(v.path("alertIds"), JsonNode::asText));
        byName.put("entities", join(v.path("entities"), e -> e.path("type").asText() + ":" + e.path("key").asText()));
        byName.put("firstActivityTime", Instant.ofEpochMilli(row.firstActivity()).toString());
        byName.put("lastActivityTime", Instant.ofEpochMilli(row.lastActivity()).toString());
        byName.put("mergedIncidentIds", join(v.path("mergedIncidentIds"), JsonNode::asText));
        byName.put("continuesIncidentId", v.path("continuesIncidentId").asText(""));
        byName.put("raisedBy", v.path("raisedBy").asText());
        byName.put("description", v.path("description").asText());
        byName.put("inferredTactics", join(v.path("inferredTactics"), JsonNode::asText));
        byName.put("reasons", IncidentCsv.reasons(v.path("reasons")));
        byName.put("severityReasons", IncidentCsv.severityReasons(v.path("severityReasons")));
        byName.put("state", row.state());
        byName.put("classification", row.classification() == null ? "" : row.classification());
        byName.put("owner", row.owner() == null ? "" : row.owner());
        byName.put("mergedInto", row.mergedInto() == null ? "" : row.mergedInto());
        byName.put("updatedAt", Instant.ofEpochMilli(row.updatedAt()).toString());
        List<Object> out = new ArrayList<>();
        for (String h : IncidentCsv.HEADER) out.add(byName.getOrDefault(h, ""));
        for (String h : CSV_EXTRA) out.add(byName.get(h));
        return out;
    }

    private static String join(JsonNode array, java.util.function.Function<JsonNode, String> f) {
        List<String> parts = new ArrayList<>();
        for (JsonNode n : array) parts.add(f.apply(n));
        return String.join(";", parts);
    }
}
