package org.alertcorrelator.web;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.Entity;
import org.alertcorrelator.model.KillChain;
import org.alertcorrelator.model.Tactic;
import org.alertcorrelator.ruleset.RuleSet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON that {@code web/render.js} draws an incident from, built the same way for the service's web view
 * ({@code GET /api/incidents/{id}/view}) and for the {@code replay --html} report, so both show the same thing.
 * An alert's lane on the kill-chain timeline is the earliest stage among its tactics (as the rules' kill-chain
 * table places them); the tactics are those the alert came with, else those the rules' tactic table gives it,
 * as the rule "An alert without tactics takes those of its type or name" does.
 */
public final class IncidentModel {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private IncidentModel() {
    }

    /** One alert as the renderer needs it. */
    public static ObjectNode alert(Alert a, RuleSet rules) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", a.getId());
        o.put("tenantId", a.getTenant());
        o.put("displayName", a.getDisplayName());
        o.put("alertType", a.getAlertType());
        o.put("severity", a.getSeverity().label());
        o.put("status", a.getStatus().label());
        o.put("product", a.getProduct());
        o.put("description", a.getDescription());
        o.put("eventTime", java.time.Instant.ofEpochMilli(a.getEventTime()).toString());
        o.put("endTime", java.time.Instant.ofEpochMilli(a.getActivityEnd()).toString());
        boolean fromTable = !a.hasTactics();
        List<Tactic> tactics = fromTable ? rules.tacticTable().tacticsFor(a) : a.getTactics();
        o.put("tacticsFromTable", fromTable && !tactics.isEmpty());
        KillChain kc = rules.killChain();
        ArrayNode t = o.putArray("tactics");
        int stage = 0;
        for (Tactic tactic : kc.inOrder(tactics)) {
            t.add(tactic.label());
            int s = kc.stageOf(tactic);
            if (s > 0 && (stage == 0 || s < stage)) stage = s;
        }
        o.put("stage", stage);
        ArrayNode e = o.putArray("entities");
        for (Entity en : a.getEntities()) {
            ObjectNode n = e.addObject().put("type", en.type()).put("key", en.key());
            // As the incident JSON has them: the value as written (when not the key), the product's verdict and remediation.
            if (!en.shown().equals(en.key())) n.put("value", en.shown());
            if (!en.verdict().isEmpty()) n.put("verdict", en.verdict());
            if (!en.remediationStatus().isEmpty()) n.put("remediationStatus", en.remediationStatus());
        }
        return o;
    }

    /** The kill chain as stages in order, each with its tactics: the timeline's lanes. */
    public static ArrayNode killChain(RuleSet rules) {
        KillChain kc = rules.killChain();
        Map<Integer, ArrayNode> byStage = new TreeMap<>();
        ArrayNode out = MAPPER.createArrayNode();
        for (Tactic t : Tactic.values()) {
            int s = kc.stageOf(t);
            if (s == 0) continue;
            byStage.computeIfAbsent(s, k -> MAPPER.createArrayNode()).add(t.label());
        }
        byStage.forEach((stage, tactics) -> {
            ObjectNode n = out.addObject();
            n.put("stage", stage);
            n.set("tactics", tactics);
        });
        return out;
    }

    /** The strong entity types of the rules: the entities that can link alerts (the graph shows the others apart). */
    public static ArrayNode strongTypes(RuleSet rules) {
        ArrayNode out = MAPPER.createArrayNode();
        for (String type : new java.util.TreeSet<>(rules.settings().getStrongEntityTypes())) out.add(type);
        return out;
    }
}
