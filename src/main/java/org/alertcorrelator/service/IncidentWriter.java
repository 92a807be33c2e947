package org.alertcorrelator.service;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.alertcorrelator.export.IncidentJson;
import org.alertcorrelator.model.Incident;
import org.alertcorrelator.model.IncidentIds;
import org.alertcorrelator.service.IncidentPublisher.Publication;
import org.alertcorrelator.service.IncidentPublisher.Retirement;
import org.alertcorrelator.service.IncidentPublisher.Upsert;
import org.alertcorrelator.store.EntityKeys;
import org.alertcorrelator.store.HistoryEntry;
import org.alertcorrelator.store.IncidentRow;
import org.alertcorrelator.store.StoreTx;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes incident changes into the store, inside the caller's transaction: the engine's view replaces the
 * stored one while the analyst's state (status, classification, owner, history) is kept by id. Here live the
 * rules about analyst state: an alert that joins a Closed incident reopens it or opens a follow-up (the
 * reopen-closed setting); an incident that replaces another (merged, or its id changed) takes over the
 * analyst state of the one it replaces when it has none of its own. Every change is queued for the webhooks
 * in the same transaction.
 */
public final class IncidentWriter {
    /** The actor named in history for what the correlator did. */
    public static final String CORRELATOR = "correlator";
    public static final String STATUS_NEW = "New";
    public static final String STATUS_ACTIVE = "Active";
    public static final String STATUS_CLOSED = "Closed";

    /** What one write did, for the metrics (counted once the transaction has committed). */
    public static final class Effects {
        public int opened;
        public int updated;
        public int merged;
        public int withdrawn;
        public int reopened;
    }

    private final ReopenPolicy reopenPolicy;
    private final List<URI> webhooks;
    private final ChangeListener listener;

    /** Told of every incident change inside the transaction that makes it (serve on Kafka: the output topic). */
    @FunctionalInterface
    public interface ChangeListener {
        void changed(StoreTx tx, IncidentRow row, String event, long now);
    }

    public IncidentWriter(ReopenPolicy reopenPolicy, List<URI> webhooks) {
        this(reopenPolicy, webhooks, null);
    }

    public IncidentWriter(ReopenPolicy reopenPolicy, List<URI> webhooks, ChangeListener listener) {
        this.reopenPolicy = reopenPolicy;
        this.webhooks = List.copyOf(webhooks);
        this.listener = listener;
    }

    public Effects apply(StoreTx tx, Publication p, long now) {
        Effects fx = new Effects();
        for (Upsert u : p.upserts()) upsert(tx, u, now, fx);
        for (Retirement r : p.retirements()) retire(tx, r, now, fx);
        return fx;
    }

    /** Vendor incidents to name in incidents as they are written (issue 8); set once at start. */
    private VendorHints vendorHints;

    /** Names, in every incident written from now on, the vendor incidents that grouped its alerts. */
    public void useVendorHints(VendorHints hints) {
        this.vendorHints = hints;
    }

    /**
     * Names vendor incidents in a stored incident (hints that came after it was written), if it stands (live or
     * final) and is of the tenant; a change like any other: version, history, webhooks.
     */
    public void nameVendorIncidents(StoreTx tx, String incidentId, String tenant, List<String> vendorIds, long now) {
        Optional<IncidentRow> found = tx.lockIncident(incidentId);
        if (found.isEmpty() || !found.get().isCurrent() || !found.get().tenant().equalsIgnoreCase(tenant)) return;
        IncidentRow row = found.get();
        ObjectNode body = (ObjectNode) Json.parse(row.body());
        java.util.TreeSet<String> named = new java.util.TreeSet<>();
        body.path("vendorIncidentIds").forEach(v -> named.add(v.asText()));
        if (named.containsAll(vendorIds)) return;
        List<String> added = new ArrayList<>(vendorIds);
        added.removeAll(named);
        named.addAll(vendorIds);
        // Where IncidentJson writes it: before the patterns, else last.
        ObjectNode out = Json.object();
        for (var e : body.properties()) {
            if (e.getKey().equals("vendorIncidentIds")) continue;
            if (e.getKey().equals("patterns")) out.set("vendorIncidentIds", array(List.copyOf(named)));
            out.set(e.getKey(), e.getValue());
        }
        if (!out.has("vendorIncidentIds")) out.set("vendorIncidentIds", array(List.copyOf(named)));
        IncidentRow changed = new IncidentRow(row.id(), row.engineId(), row.tenant(), row.state(), row.mergedInto(),
                row.followedBy(), row.reopenedFrom(), row.status(), row.classification(), row.owner(), row.kind(),
                row.severity(), row.firstActivity(), row.lastActivity(), row.alertCount(), row.createdAt(), now,
                row.version() + 1, out.toString(), row.entityKeys());
        tx.updateIncident(changed);
        ObjectNode d = Json.object();
        d.set("vendorIncidentIds", array(added));
        history(tx, row.id(), now, CORRELATOR, "updated", d);
        notify(tx, changed, "updated", now);
    }

    private void upsert(StoreTx tx, Upsert u, long now, Effects fx) {
        Incident inc = vendorHints == null ? u.incident() : vendorHints.named(tx, u.incident());
        String state = u.isFinal() ? IncidentRow.FINAL : IncidentRow.LIVE;
        Optional<IncidentRow> existing = tx.lockIncident(inc.id());
        if (existing.isEmpty()) {
            IncidentRow row = newRow(inc, inc.id(), state, null, now);
            tx.insertIncident(row);
            tx.setAlertsIncident(row.id(), inc.tenantId(), inc.alertIds());
            ObjectNode d = Json.object();
            d.put("rule", inc.raisedBy());
            d.put("kind", inc.kind());
            d.put("severity", inc.severity().label());
            d.put("alerts", inc.alertIds().size());
            history(tx, row.id(), now, CORRELATOR, "opened", d);
            notify(tx, row, "opened", now);
            fx.opened++;
            return;
        }
        IncidentRow target = existing.get();
        // reopen-closed = new: a closed incident may have been followed; the engine's changes go to the follower
        Set<String> seen = new HashSet<>();
        while (target.followedBy() != null && seen.add(target.id())) {
            Optional<IncidentRow> next = tx.lockIncident(target.followedBy());
            if (next.isEmpty()) break;
            target = next.get();
        }
        List<String> joined = new ArrayList<>(inc.alertIds());
        joined.removeAll(new HashSet<>(IncidentView.alertIds(target.body())));
        if (STATUS_CLOSED.equals(target.status())) {
            if (joined.isEmpty()) {
                // Nothing new for the analyst: the incident stays as it was closed; only its lifecycle moves on.
                if (!target.state().equals(state) && target.isCurrent()) tx.updateIncident(target.withState(state, null, now));
                return;
            }
            if (reopenPolicy == ReopenPolicy.NEW) {
                openFollower(tx, target, inc, state, joined, now, fx);
                return;
            }
            IncidentRow row = engineView(target, inc, state, now).withAnalyst(STATUS_ACTIVE, target.classification(), target.owner(), now);
            tx.updateIncident(row);
            tx.setAlertsIncident(row.id(), inc.tenantId(), joined);
            ObjectNode d = Json.object();
            d.put("from", STATUS_CLOSED);
            d.put("to", STATUS_ACTIVE);
            d.set("alerts", array(joined));
            history(tx, row.id(), now, CORRELATOR, "reopened", d);
            notify(tx, row, "reopened", now);
            fx.reopened++;
            return;
        }
        IncidentRow row = engineView(target, inc, state, now);
        if (row.body().equals(target.body()) && row.state().equals(target.state())) return;
        tx.updateIncident(row);
        if (!joined.isEmpty()) tx.setAlertsIncident(row.id(), inc.tenantId(), joined);
        ObjectNode d = Json.object();
        if (!joined.isEmpty()) d.set("alertsAdded", array(joined));
        if (!row.severity().equals(target.severity())) d.put("severity", target.severity() + " -> " + row.severity());
        if (!row.kind().equals(target.kind())) d.put("kind", target.kind() + " -> " + row.kind());
        if (!row.state().equals(target.state())) d.put("state", target.state() + " -> " + row.state());
        if (d.size() > 0) history(tx, row.id(), now, CORRELATOR, "updated", d);
        notify(tx, row, "updated", now);
        fx.updated++;
    }

    private void openFollower(StoreTx tx, IncidentRow closed, Incident inc, String state, List<String> joined, long now, Effects fx) {
        String id = IncidentIds.derive(closed.tenant(), "follows:" + closed.id() + ":" + joined.get(0));
        IncidentRow follower = newRow(inc, id, state, closed.id(), now);
        tx.insertIncident(follower);
        tx.setAlertsIncident(id, inc.tenantId(), inc.alertIds());
        tx.updateIncident(closed.withFollowedBy(id, now));
        ObjectNode d = Json.object();
        d.put("follows", closed.id());
        d.set("alerts", array(joined));
        history(tx, id, now, CORRELATOR, "opened", d);
        ObjectNode c = Json.object();
        c.put("followedBy", id);
        c.set("alerts", array(joined));
        history(tx, closed.id(), now, CORRELATOR, "followed", c);
        notify(tx, follower, "opened", now);
        fx.opened++;
    }

    private void retire(StoreTx tx, Retirement r, long now, Effects fx) {
        for (IncidentRow row : tx.incidentsOfEngineId(r.id())) {
            if (!row.isCurrent()) continue;
            String state = r.mergedInto() == null ? IncidentRow.WITHDRAWN : IncidentRow.MERGED;
            if (r.mergedInto() != null && r.mergedInto().equals(row.id())) continue;
            IncidentRow retired = row.withState(state, r.mergedInto(), now);
            tx.updateIncident(retired);
            ObjectNode d = Json.object();
            d.put("reason", r.reason());
            if (r.mergedInto() != null) d.put("into", r.mergedInto());
            history(tx, row.id(), now, CORRELATOR, state, d);
            notify(tx, retired, state, now);
            if (r.mergedInto() == null) {
                fx.withdrawn++;
            } else {
                fx.merged++;
                takeOverAnalystState(tx, row, r.mergedInto(), now);
            }
        }
    }

    /** The incident that replaces another keeps the other's analyst state when it has none of its own. */
    private void takeOverAnalystState(StoreTx tx, IncidentRow from, String intoId, long now) {
        Optional<IncidentRow> into = tx.lockIncident(intoId);
        if (into.isEmpty()) return;
        IncidentRow y = into.get();
        ObjectNode d = Json.object();
        d.put("incident", from.id());
        boolean untouched = STATUS_NEW.equals(y.status()) && y.owner() == null && y.classification() == null;
        boolean hasState = !STATUS_NEW.equals(from.status()) || from.owner() != null || from.classification() != null;
        if (untouched && hasState) {
            y = y.withAnalyst(from.status(), from.classification(), from.owner(), now);
            tx.updateIncident(y);
            d.put("status", from.status());
            if (from.classification() != null) d.put("classification", from.classification());
            if (from.owner() != null) d.put("owner", from.owner());
        }
        history(tx, y.id(), now, CORRELATOR, "absorbed", d);
    }

    private static IncidentRow newRow(Incident inc, String id, String state, String reopenedFrom, long now) {
        String body = IncidentJson.toJson(id.equals(inc.id()) ? inc : withId(inc, id));
        return new IncidentRow(id, inc.id(), inc.tenantId(), state, null, null, reopenedFrom, STATUS_NEW, null, null,
                inc.kind(), inc.severity().label(), inc.firstActivityTime().toEpochMilli(),
                inc.lastActivityTime().toEpochMilli(), inc.alertIds().size(), now, now, 1, body, EntityKeys.of(inc.entities()));
    }

    private static IncidentRow engineView(IncidentRow target, Incident inc, String state, long now) {
        String body = IncidentJson.toJson(target.id().equals(inc.id()) ? inc : withId(inc, target.id()));
        return target.withEngineView(state, inc.kind(), inc.severity().label(), inc.firstActivityTime().toEpochMilli(),
                inc.lastActivityTime().toEpochMilli(), inc.alertIds().size(), body, EntityKeys.of(inc.entities()), now);
    }

    static Incident withId(Incident i, String id) {
        return new Incident(id, i.tenantId(), i.title(), i.description(), i.kind(), i.severity(), i.status(), i.tactics(),
                i.alertIds(), i.entities(), i.firstActivityTime(), i.lastActivityTime(), i.reasons(), i.mergedIncidentIds(),
                i.continuesIncidentId(), i.raisedBy(), i.severityReasons(), i.inferredTactics(), i.alerts(),
                i.vendorIncidentIds(), i.patterns());
    }

    static void history(StoreTx tx, String incidentId, long now, String actor, String action, ObjectNode details) {
        tx.addHistory(incidentId, new HistoryEntry(now, actor, action, details.toString()));
    }

    /** Queues the incident as it is now for every webhook URL. */
    public void notify(StoreTx tx, IncidentRow row, String event, long now) {
        if (listener != null) listener.changed(tx, row, event, now);
        if (webhooks.isEmpty()) return;
        ObjectNode payload = Json.object();
        payload.put("event", event);
        payload.put("at", Instant.ofEpochMilli(now).toString());
        payload.set("incident", IncidentView.of(row));
        String text = payload.toString();
        for (URI url : webhooks) tx.enqueueWebhook(url.toString(), row.id(), event, text, now);
    }

    private static ArrayNode array(List<String> values) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        values.forEach(a::add);
        return a;
    }
}
