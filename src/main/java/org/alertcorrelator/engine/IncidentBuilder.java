package org.alertcorrelator.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.AlertGroup;
import org.alertcorrelator.model.Entity;
import org.alertcorrelator.model.EntityType;
import org.alertcorrelator.model.Incident;
import org.alertcorrelator.model.IncidentAlert;
import org.alertcorrelator.model.IncidentKind;
import org.alertcorrelator.model.LinkReason;
import org.alertcorrelator.model.PrevalentPattern;
import org.alertcorrelator.model.Tactic;

/**
 * Writes a raised alert group as incidents: one per page (a group holds at most the configured number of
 * alerts per incident; later pages continue the first). Titles and descriptions are built here, from what
 * the rules decided (kind, severity) and what the group holds.
 */
public final class IncidentBuilder {
    public static final String STATUS_NEW = "New";

    private IncidentBuilder() {
    }

    public static List<Incident> build(AlertGroup g) {
        if (!g.isRaised() || g.getSize() == 0) return List.of();
        List<List<Alert>> pages = g.pages();
        List<String> ids = g.pageIds();
        // Each link is shown on the page of its later alert (and on its earlier alert's page, if different):
        // bucket them in one pass, so a group of many pages costs no more than one of a single page.
        Map<String, Integer> pageOfAlert = new java.util.HashMap<>(g.getSize() * 2);
        for (int i = 0; i < pages.size(); i++) for (Alert a : pages.get(i)) pageOfAlert.put(a.getId(), i);
        List<List<LinkReason>> reasonsByPage = new ArrayList<>(pages.size());
        for (int i = 0; i < pages.size(); i++) reasonsByPage.add(new ArrayList<>());
        Set<List<Object>> seen = new java.util.HashSet<>();
        for (LinkReason r : g.reasons()) {
            // One reason per alert pair and entity (a rule's reason: per pair and rule), however often it was made.
            if (!seen.add(java.util.Arrays.asList(r.earlierAlertId(), r.laterAlertId(), r.entity() != null ? r.entity() : r.rule()))) continue;
            Integer later = pageOfAlert.get(r.laterAlertId());
            Integer earlier = pageOfAlert.get(r.earlierAlertId());
            if (later != null) reasonsByPage.get(later).add(r);
            if (earlier != null && !earlier.equals(later)) reasonsByPage.get(earlier).add(r);
        }
        List<Incident> incidents = new ArrayList<>(pages.size());
        for (int i = 0; i < pages.size(); i++) {
            incidents.add(page(g, pages.get(i), reasonsByPage.get(i), ids.get(i), i, i == 0 ? null : ids.get(0)));
        }
        return incidents;
    }

    private static Incident page(AlertGroup g, List<Alert> members, List<LinkReason> reasons, String id, int pageIndex,
                                 String continues) {
        List<Alert> alerts = new ArrayList<>(members);
        alerts.sort(Alert::byEventTimeThenId);
        List<String> alertIds = new ArrayList<>(alerts.size());
        List<IncidentAlert> listed = new ArrayList<>(alerts.size());
        Set<Tactic> tactics = new LinkedHashSet<>();
        Set<Tactic> fromRecords = new java.util.HashSet<>();
        Set<Entity> entities = new TreeSet<>();
        Set<String> vendorIncidents = new TreeSet<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (Alert a : alerts) {
            alertIds.add(a.getId());
            listed.add(IncidentAlert.of(a));
            tactics.addAll(a.getTactics());
            if (!a.isTacticsFromTable()) fromRecords.addAll(a.getTactics());
            entities.addAll(a.getEntities());
            if (a.getVendorIncidentId() != null) vendorIncidents.add(a.getVendorIncidentId());
            first = Math.min(first, a.getEventTime());
            last = Math.max(last, a.getActivityEnd());
        }
        List<Tactic> ordered = g.killChain().inOrder(tactics);
        List<Tactic> inferred = new ArrayList<>(ordered);
        inferred.removeAll(fromRecords);
        Entity main = mainEntity(reasons, alerts);
        List<String> patterns = new ArrayList<>();
        for (PrevalentPattern p : g.patterns()) patterns.add(p.describe());
        String title = (g.getTitle() != null ? g.getTitle() : title(g.getKind(), ordered, main, alerts.size(), g.patterns())) + (pageIndex > 0 ? " (continued, part " + (pageIndex + 1) + ")" : "");
        String description = description(g, alerts, reasons, first, last);
        return new Incident(id, g.getTenant(), title, description, g.getKind(), g.getSeverity(), STATUS_NEW,
                List.copyOf(ordered), List.copyOf(alertIds), List.copyOf(entities),
                Instant.ofEpochMilli(first), Instant.ofEpochMilli(last), List.copyOf(reasons),
                pageIndex == 0 ? List.copyOf(g.mergedIncidentIds()) : List.of(), continues, g.getRaisedBy(),
                List.copyOf(g.getSeverityReasons()), List.copyOf(inferred), List.copyOf(listed),
                List.copyOf(vendorIncidents), List.copyOf(patterns));
    }

    /** The entity behind most links (ties: host before account before IP ..., then by key). */
    static Entity mainEntity(List<LinkReason> reasons, List<Alert> alerts) {
        Map<Entity, Integer> counts = new LinkedHashMap<>();
        for (LinkReason r : reasons) if (r.entity() != null) counts.merge(r.entity(), 1, Integer::sum);
        if (counts.isEmpty()) {
            for (Alert a : alerts) for (Entity e : a.getEntities()) counts.merge(e, 1, Integer::sum);
        }
        return counts.entrySet().stream()
                .max(Comparator.<Map.Entry<Entity, Integer>>comparingInt(Map.Entry::getValue)
                        .thenComparing(e -> -typeRank(e.getKey().type()))
                        .thenComparing(e -> e.getKey(), Comparator.reverseOrder()))
                .map(Map.Entry::getKey).orElse(null);
    }

    private static final List<String> TYPE_ORDER = List.of(EntityType.HOST, EntityType.ACCOUNT, EntityType.IP,
            EntityType.MAILBOX, EntityType.AZURE_RESOURCE, EntityType.FILE_HASH, EntityType.URL);

    private static int typeRank(String type) {
        int i = TYPE_ORDER.indexOf(type);
        return i < 0 ? TYPE_ORDER.size() : i;
    }

    static String describe(Entity e) {
        if (e == null) return "shared entities";
        String type = switch (e.type()) {
            case EntityType.IP -> "IP";
            case EntityType.FILE_HASH -> "file hash";
            case EntityType.AZURE_RESOURCE -> "Azure resource";
            default -> e.type();
        };
        return type + " " + e.key();
    }

    private static String title(String kind, List<Tactic> tactics, Entity main, int alertCount, List<PrevalentPattern> patterns) {
        if (IncidentKind.PrevalentPattern.equals(kind) && !patterns.isEmpty()) {
            PrevalentPattern p = patterns.get(0);
            return "Prevalent pattern on " + describe(main) + ": " + p.getFirst() + " > " + p.getThen()
                    + " (seen in " + p.getTenants() + " tenants)";
        }
        if (IncidentKind.KillChain.equals(kind)) {
            List<String> names = tactics.stream().map(Tactic::label).toList();
            return "Kill chain on " + describe(main) + ": " + String.join(" > ", names);
        }
        if (IncidentKind.SharedContext.equals(kind)) return alertCount + " related alerts on " + describe(main);
        return kind + ": " + alertCount + " alerts on " + describe(main);
    }

    private static String description(AlertGroup g, List<Alert> alerts, List<LinkReason> reasons, long first, long last) {
        StringBuilder b = new StringBuilder();
        b.append(alerts.size()).append(" alerts from ").append(Instant.ofEpochMilli(first))
                .append(" to ").append(Instant.ofEpochMilli(last)).append(": ");
        Set<String> names = new LinkedHashSet<>();
        for (Alert a : alerts) names.add(a.getDisplayName());
        List<String> shown = new ArrayList<>(names);
        b.append(String.join("; ", shown.subList(0, Math.min(5, shown.size()))));
        if (shown.size() > 5) b.append("; and ").append(shown.size() - 5).append(" more");
        b.append(". ");
        Map<Entity, Integer> counts = new LinkedHashMap<>();
        Map<String, Integer> byRule = new java.util.TreeMap<>();
        for (LinkReason r : reasons) {
            if (r.entity() != null) counts.merge(r.entity(), 1, Integer::sum);
            else byRule.merge(r.rule(), 1, Integer::sum);
        }
        if (!byRule.isEmpty()) {
            List<String> parts = new ArrayList<>();
            byRule.forEach((rule, n) -> parts.add("\"" + rule + "\""));
            b.append("Grouped by the rule").append(parts.size() == 1 ? " " : "s ").append(String.join(", ", parts)).append(". ");
        }
        if (!counts.isEmpty()) {
            b.append("Linked by ");
            List<String> parts = new ArrayList<>();
            counts.entrySet().stream()
                    .sorted(Map.Entry.<Entity, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(5)
                    .forEach(e -> parts.add(describe(e.getKey()) + " (" + e.getValue() + (e.getValue() == 1 ? " link)" : " links)")));
            b.append(String.join(", ", parts));
            if (counts.size() > 5) b.append(" and ").append(counts.size() - 5).append(" more entities");
            b.append(". ");
        }
        b.append("Raised by the rule \"").append(g.getRaisedBy()).append("\".");
        if (!g.patterns().isEmpty()) {
            List<String> named = new ArrayList<>();
            for (PrevalentPattern p : g.patterns()) named.add(p.describe());
            b.append(named.size() == 1 ? " A prevalent pattern across tenants: " : " Prevalent patterns across tenants: ")
                    .append(String.join("; ", named)).append('.');
        }
        List<String> merged = g.mergedIncidentIds();
        if (!merged.isEmpty()) {
            b.append(" Absorbed incidents: ").append(String.join(", ", merged.subList(0, Math.min(5, merged.size()))));
            if (merged.size() > 5) b.append(" and ").append(merged.size() - 5).append(" more");
            b.append('.');
        }
        return b.toString();
    }
}
