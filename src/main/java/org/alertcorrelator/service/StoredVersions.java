package org.alertcorrelator.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.alertcorrelator.ingest.AlertRecord;
import org.alertcorrelator.ingest.Deduplicator;
import org.alertcorrelator.ingest.RecordError;
import org.alertcorrelator.model.Alert;
import org.alertcorrelator.store.AlertCodec;
import org.alertcorrelator.store.EntityKeys;
import org.alertcorrelator.store.StoreTx;
import org.alertcorrelator.store.StoredAlert;

/**
 * The service's side of replay's {@link Deduplicator}, inside one store transaction: posted records are merged
 * with what the store holds so that, whatever the order and batching of the requests, the store ends with the
 * alerts, and the ids, that replay of all those records gives.
 *
 * <p>An alert is its tenant, its id as written, its alert type and its product. Records of one alert are
 * versions (the later wins, by replay's rule). Alerts that share a tenant and id are kept side by side, under
 * the ids {@link Deduplicator#keptUnderOwnIds} gives them; those ids depend on every alert sharing the id, so a
 * new one may move an alert already stored to another id (the one stored under {@code X} may be the one replay
 * keeps as {@code X~type}). Such a move is reported: the engine must then take its session again from the
 * store, as it may have correlated the alert under its old id.
 */
final class StoredVersions {

    /** A change of a stored alert row, for the engine. */
    record Handed(long seq, Alert alert, boolean replacement) {
    }

    /** What one request's records did. */
    record Counts(int accepted, int duplicates, int updated) {
    }

    /** One alert of a group: its latest record (the id as written) and the row it is stored in now, if any. */
    private static final class Member {
        AlertRecord latest;
        final StoredAlert row;
        boolean changed;

        Member(AlertRecord latest, StoredAlert row) {
            this.latest = latest;
            this.row = row;
        }
    }

    /** The alerts of one tenant that share one id as written. */
    private static final class Group {
        final String tenant;
        final String id;
        final List<Member> members = new ArrayList<>();
        /** The requests (their number in the transaction) that brought a record of this id. */
        final java.util.Set<Integer> requests = new java.util.TreeSet<>();
        boolean siblingsLoaded;

        Group(String tenant, String id) {
            this.tenant = tenant;
            this.id = id;
        }

        Member find(Alert a) {
            for (Member m : members) if (Deduplicator.sameAlert(m.latest.alert(), a)) return m;
            return null;
        }

        boolean changed() {
            for (Member m : members) if (m.changed) return true;
            return false;
        }
    }

    private final StoreTx tx;
    private final Map<String, StoredAlert> stored;
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final long receivedAt;
    private final Map<Alert, String> encoded;
    private int requests;

    /**
     * @param ids     the ids (as written) of every record the transaction will take
     * @param encoded the stored JSON of posted alerts, by identity, made beforehand on the requests' threads
     *                ({@link AlertCodec#toJson} of one alert costs as much as storing it); others are made here
     */
    StoredVersions(StoreTx tx, List<String> ids, long receivedAt, Map<Alert, String> encoded) {
        this.tx = tx;
        this.stored = tx.findAlertsByIdentity(ids);
        this.receivedAt = receivedAt;
        this.encoded = encoded;
    }

    private String json(Alert a) {
        String json = encoded.get(a);
        return json != null ? json : AlertCodec.toJson(a);
    }

    /** Takes one request's records into the groups; counts what each was. */
    Counts take(List<AlertRecord> records) {
        int request = requests++;
        int accepted = 0, duplicates = 0, updated = 0;
        for (AlertRecord rec : records) {
            Alert a = rec.alert();
            Group g = group(a.getTenant(), a.getId());
            g.requests.add(request);
            Member m = g.find(a);
            if (m == null && !g.siblingsLoaded && !g.members.isEmpty()) {
                // Another alert than the one stored under this id: the others that share it may be stored too.
                loadSiblings(g);
                m = g.find(a);
            }
            if (m == null) {
                Member added = new Member(rec, null);
                added.changed = true;
                g.members.add(added);
                accepted++;
                continue;
            }
            String json = json(a);
            boolean later = !json.equals(json(m.latest.alert()))
                    && Deduplicator.latestById(List.of(m.latest, rec)).get(0) == rec;
            if (!later) {
                duplicates++;
                continue;
            }
            m.latest = rec;
            m.changed = true;
            updated++;
        }
        return new Counts(accepted, duplicates, updated);
    }

    /** What the transaction writes: inserts, replacements and moves; the alerts the engine is handed. */
    /**
     * @param movedFrom the (tenant, id) of rows that no longer hold the alert they held
     * @param warnings  per request (by its number in the transaction): the alerts of an id it brought a record of
     *                  that are kept under another id, as replay warns of them
     */
    record Writes(List<StoredAlert> inserts, List<StoredAlert> replaces, List<StoredAlert> deletes, List<Handed> handed,
                  List<String[]> movedFrom, long nextSeq, Map<Integer, List<RecordError>> warnings) {
    }

    /** Writes every changed group to the store; new rows get seqs from {@code firstSeq} on. */
    Writes write(long firstSeq) {
        long seq = firstSeq;
        List<StoredAlert> inserts = new ArrayList<>();
        List<StoredAlert> replaces = new ArrayList<>();
        List<StoredAlert> deletes = new ArrayList<>();
        List<Handed> handed = new ArrayList<>();
        List<String[]> movedFrom = new ArrayList<>();
        Map<Integer, List<RecordError>> warnings = new HashMap<>();
        for (Group g : groups.values()) {
            if (!g.changed()) continue;
            List<AlertRecord> latest = new ArrayList<>(g.members.size());
            for (Member m : g.members) latest.add(m.latest);
            // Each alert's id: the written one for a lone alert, else as replay's de-duplication gives them.
            List<RecordError> renamed = new ArrayList<>();
            List<AlertRecord> kept = latest.size() == 1 ? latest : Deduplicator.keptUnderOwnIds(latest, renamed);
            for (int request : g.requests) warnings.computeIfAbsent(request, k -> new ArrayList<>()).addAll(renamed);
            Map<String, StoredAlert> rowsById = new HashMap<>();
            for (Member m : g.members) if (m.row != null) rowsById.put(m.row.id(), m.row);
            Map<String, Boolean> idsUsed = new HashMap<>();
            for (int i = 0; i < kept.size(); i++) {
                AlertRecord k = kept.get(i);
                Member m = g.find(k.alert().toBuilder().id(g.id).build()); // members differ in type or product
                idsUsed.put(k.alert().getId(), true);
                StoredAlert row = rowsById.get(k.alert().getId());
                String json = json(k.alert());
                if (row == null) {
                    StoredAlert a = toStored(seq++, k, m.row != null ? m.row.receivedAt() : receivedAt, json);
                    inserts.add(a);
                    handed.add(new Handed(a.seq(), k.alert(), false));
                    // stored under another id before: that row is deleted or holds another alert now (both below)
                    continue;
                }
                if (row.alertJson().equals(json)) continue;
                boolean sameAlert = row == m.row;
                replaces.add(new StoredAlert(row.seq(), row.id(), row.tenant(), k.alert().getEventTime(), row.receivedAt(),
                        k.alert().getSeverity().label(), k.alert().getDisplayName(), k.origin(), k.original(), json,
                        EntityKeys.of(k.alert().getEntities()), row.incidentId()));
                handed.add(new Handed(row.seq(), k.alert(), sameAlert));
                if (!sameAlert) movedFrom.add(new String[] {row.tenant(), row.id()}); // another alert now holds this id
            }
            for (StoredAlert row : rowsById.values()) {
                if (idsUsed.containsKey(row.id())) continue;
                deletes.add(row); // its alert moved to another id
                movedFrom.add(new String[] {row.tenant(), row.id()});
            }
        }
        return new Writes(inserts, replaces, deletes, handed, movedFrom, seq, warnings);
    }

    private Group group(String tenant, String id) {
        String identity = StoredAlert.identity(tenant, id);
        Group g = groups.get(identity);
        if (g != null) return g;
        g = new Group(tenant, id);
        StoredAlert row = stored.get(identity);
        if (row != null) g.members.add(new Member(asWritten(row, id), row));
        groups.put(identity, g);
        return g;
    }

    /** The alerts stored under {@code id~...} that were written with the group's id. */
    private void loadSiblings(Group g) {
        g.siblingsLoaded = true;
        for (StoredAlert row : tx.findAlertsRenamedFrom(g.tenant, g.id)) {
            Alert a = AlertCodec.fromJson(row.alertJson());
            if (Deduplicator.isRenamedFrom(a, g.id)) g.members.add(new Member(asWritten(row, g.id), row));
        }
    }

    /** A stored alert as its record was written: its id as written, whatever id it is kept under. */
    private static AlertRecord asWritten(StoredAlert row, String writtenId) {
        Alert a = AlertCodec.fromJson(row.alertJson());
        if (!a.getId().equals(writtenId)) a = a.toBuilder().id(writtenId).build();
        return new AlertRecord(a, row.original(), row.origin());
    }

    static StoredAlert toStored(long seq, AlertRecord rec, long receivedAt, String json) {
        Alert a = rec.alert();
        return new StoredAlert(seq, a.getId(), a.getTenant(), a.getEventTime(), receivedAt, a.getSeverity().label(),
                a.getDisplayName(), rec.origin(), rec.original(), json, EntityKeys.of(a.getEntities()), null);
    }
}
