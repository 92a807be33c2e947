package org.alertcorrelator.service;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.alertcorrelator.engine.Correlator;
import org.alertcorrelator.engine.IncidentBuilder;
import org.alertcorrelator.model.AlertGroup;
import org.alertcorrelator.model.Incident;

/**
 * Turns what the rules did to alert groups into incident changes to store. It keeps, per live group, the
 * incident ids it last published for it, and the last content of each live incident, and diffs: an incident's
 * id can change when an older alert joins its group (the id comes from the earliest alert), a group can be
 * merged into another, or withdrawn when an entity that linked it turns out to be infrastructure. Ids that no
 * group publishes any more are retired: merged into where their alerts went, or withdrawn.
 * Not thread-safe: the engine thread owns it.
 */
public final class IncidentPublisher {

    /** Incident content to write; {@code alertsMoved} are the alerts that were not in it when last published. */
    public record Upsert(Incident incident, boolean isFinal, Collection<String> alertsMoved) {
    }

    /**
     * An id no group publishes any more.
     *
     * @param mergedInto where its alerts went, or null when withdrawn
     * @param reason     merged, earlier-alert (its id changed), withdrawn, or rebuilt (regrouped by a rebuilt session)
     */
    public record Retirement(String id, String mergedInto, String reason) {
    }

    public record Publication(List<Upsert> upserts, List<Retirement> retirements) {
        public boolean isEmpty() {
            return upserts.isEmpty() && retirements.isEmpty();
        }
    }

    private final Map<AlertGroup, List<String>> publishedIds = new IdentityHashMap<>();
    private final Map<String, Incident> lastContent = new HashMap<>();

    /** The incidents of the groups the rules changed since the last call. */
    public Publication collect(List<AlertGroup> changed) {
        Map<String, Upsert> upserts = new LinkedHashMap<>();
        List<Object[]> orphans = new ArrayList<>(); // {id, group that published it}
        for (AlertGroup g : changed) {
            List<String> before = publishedIds.getOrDefault(g, List.of());
            boolean gone = g.getMergedInto() != null || g.isFinalised();
            List<Incident> now = g.getMergedInto() == null ? IncidentBuilder.build(g) : List.of();
            List<String> nowIds = now.stream().map(Incident::id).toList();
            for (Incident i : now) {
                Incident last = lastContent.get(i.id());
                if (last != null && last.equals(i) && !g.isFinalised()) continue; // nothing new to say
                Set<String> moved = new LinkedHashSet<>(i.alertIds());
                if (last != null) last.alertIds().forEach(moved::remove);
                upserts.put(i.id(), new Upsert(i, g.isFinalised(), moved));
                if (g.isFinalised()) lastContent.remove(i.id());
                else lastContent.put(i.id(), i);
            }
            for (String id : before) if (!nowIds.contains(id)) orphans.add(new Object[] {id, g});
            if (gone || nowIds.isEmpty()) publishedIds.remove(g);
            else publishedIds.put(g, nowIds);
        }
        Set<String> stillPublished = new HashSet<>(upserts.keySet());
        for (List<String> ids : publishedIds.values()) stillPublished.addAll(ids);
        List<Retirement> retirements = new ArrayList<>();
        for (Object[] o : orphans) {
            String id = (String) o[0];
            AlertGroup g = (AlertGroup) o[1];
            if (stillPublished.contains(id)) continue;
            lastContent.remove(id);
            AlertGroup survivor = g;
            while (survivor.getMergedInto() != null) survivor = survivor.getMergedInto();
            // Where its alerts are now: an incident only if that group is raised and holds alerts (the survivor of
            // a merge may itself have fallen apart since, when an entity turned out to be infrastructure).
            String into = survivor.isRaised() && survivor.getSize() > 0 ? survivor.pageIds().get(0) : null;
            if (into == null || into.equals(id)) retirements.add(new Retirement(id, null, "withdrawn"));
            else retirements.add(new Retirement(id, into, survivor == g ? "earlier-alert" : "merged"));
        }
        return new Publication(new ArrayList<>(upserts.values()), retirements);
    }

    /**
     * Starts over from a rebuilt session (restart or rule reload). The incidents it holds are published as they
     * are; those final during the rebuild are published only if they re-derive an incident that was live before
     * (the other final ones are stored already and stay as they are). Incidents live before that no group
     * produces now are retired: merged into the incident that holds their alerts now, else withdrawn.
     *
     * @param previouslyLive id and alert ids of each incident that was live before
     */
    public Publication rebuiltFrom(Correlator session, Map<String, List<String>> previouslyLive) {
        publishedIds.clear();
        lastContent.clear();
        session.drainChangedGroups();
        Map<String, Upsert> upserts = new LinkedHashMap<>();
        for (AlertGroup g : session.liveGroups()) {
            List<Incident> incidents = IncidentBuilder.build(g);
            if (incidents.isEmpty()) continue;
            publishedIds.put(g, incidents.stream().map(Incident::id).toList());
            for (Incident i : incidents) {
                lastContent.put(i.id(), i);
                upserts.put(i.id(), new Upsert(i, false, i.alertIds()));
            }
        }
        Set<String> previousAlerts = new HashSet<>();
        previouslyLive.values().forEach(previousAlerts::addAll);
        for (Incident i : session.collector().finalIncidents()) {
            if (upserts.containsKey(i.id())) continue;
            boolean rederived = previouslyLive.containsKey(i.id()) || i.alertIds().stream().anyMatch(previousAlerts::contains);
            if (rederived) upserts.put(i.id(), new Upsert(i, true, i.alertIds()));
        }
        Map<String, String> incidentOfAlert = new HashMap<>();
        for (Upsert u : upserts.values()) for (String a : u.incident().alertIds()) incidentOfAlert.put(a, u.incident().id());
        List<Retirement> retirements = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : previouslyLive.entrySet()) {
            if (upserts.containsKey(e.getKey())) continue;
            String into = e.getValue().stream().map(incidentOfAlert::get).filter(Objects::nonNull).findFirst().orElse(null);
            retirements.add(new Retirement(e.getKey(), into, into == null ? "withdrawn" : "rebuilt"));
        }
        return new Publication(new ArrayList<>(upserts.values()), retirements);
    }

    /** Ids of the incidents live now. */
    public Set<String> liveIds() {
        Set<String> ids = new LinkedHashSet<>();
        publishedIds.values().forEach(ids::addAll);
        return ids;
    }
}
