package org.alertcorrelator.service;

import java.util.Objects;
import java.util.Optional;

import org.alertcorrelator.service.auth.Principal;
import org.alertcorrelator.store.IncidentRow;
import org.alertcorrelator.store.Store;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An analyst's change to an incident: status, classification, owner, a comment. Kept in the incident's
 * history (who, when, what changed from what) and sent to the webhooks, in one transaction.
 */
public final class AnalystEdits {

    /**
     * What to change; null fields stay as they are.
     *
     * @param ownerSet true when the owner is to be set (to {@code owner}, or unassigned when null)
     */
    public record Edit(String status, String classification, String owner, boolean ownerSet, String comment) {
    }

    /** Why an edit was refused. */
    public static final class Refused extends RuntimeException {
        public final int status;
        public final String mergedInto;

        Refused(int status, String message, String mergedInto) {
            super(message, null, false, false);
            this.status = status;
            this.mergedInto = mergedInto;
        }
    }

    private final Store store;
    private final IncidentWriter writer;
    private final java.util.function.LongSupplier wallClock;

    public AnalystEdits(Store store, IncidentWriter writer, java.util.function.LongSupplier wallClock) {
        this.store = store;
        this.writer = writer;
        this.wallClock = wallClock;
    }

    /**
     * @param expectedVersion the version the analyst saw (If-Match), or null
     * @return the incident after the change
     */
    public IncidentRow apply(Principal who, String id, Edit edit, Integer expectedVersion) {
        return store.write(tx -> {
            long now = wallClock.getAsLong();
            Optional<IncidentRow> found = tx.lockIncident(id);
            if (found.isEmpty() || !who.mayAccess(found.get().tenant())) {
                // another tenant's incident answers exactly as a missing one
                throw new Refused(404, "no incident " + id, null);
            }
            IncidentRow row = found.get();
            if (IncidentRow.MERGED.equals(row.state())) {
                throw new Refused(409, "incident " + id + " was merged into " + row.mergedInto() + "; change that one", row.mergedInto());
            }
            if (expectedVersion != null && expectedVersion != row.version()) {
                throw new Refused(412, "incident " + id + " is at version " + row.version() + ", not " + expectedVersion
                        + ": someone changed it; read it again", null);
            }
            ObjectNode changes = Json.object();
            String status = change(changes, "status", row.status(), edit.status(), edit.status() != null);
            String classification = change(changes, "classification", row.classification(), edit.classification(),
                    edit.classification() != null);
            String owner = change(changes, "owner", row.owner(), edit.owner(), edit.ownerSet());
            boolean comment = edit.comment() != null && !edit.comment().isBlank();
            if (changes.isEmpty() && !comment) return row;
            IncidentRow updated = row.withAnalyst(status, classification, owner, now);
            tx.updateIncident(updated);
            ObjectNode details = Json.object();
            if (!changes.isEmpty()) details.set("changes", changes);
            if (comment) details.put("comment", edit.comment());
            IncidentWriter.history(tx, id, now, who.name(), changes.isEmpty() ? "comment" : "update", details);
            writer.notify(tx, updated, "analyst-update", now);
            return updated;
        });
    }

    /** The new value if it is set and differs (recorded in changes), else the old one. */
    private static String change(ObjectNode changes, String field, String from, String to, boolean set) {
        if (!set || Objects.equals(from, to)) return from;
        ObjectNode c = changes.putObject(field);
        if (from == null) c.putNull("from");
        else c.put("from", from);
        if (to == null) c.putNull("to");
        else c.put("to", to);
        return to;
    }
}
