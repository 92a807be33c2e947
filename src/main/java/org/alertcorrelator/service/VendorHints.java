package org.alertcorrelator.service;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

import org.alertcorrelator.ingest.VendorIncident;
import org.alertcorrelator.model.Incident;
import org.alertcorrelator.store.StoreTx;

/**
 * Vendor incidents posted among alerts (a Sentinel Fusion incident, {@code IsIncident} true) in the service, as
 * {@code replay} has them ({@link VendorIncident#nameIn}): never correlated, their member lists kept in the store
 * (they outlive a restart and may come before or after their alerts), and an incident of ours holding one of
 * those alerts, in the same tenant, names the vendor incident in {@code vendorIncidentIds}. Hints that come first
 * are read whenever an incident is written; hints that come after their alerts' incident are written into it
 * at once.
 */
public final class VendorHints {
    private final IncidentWriter writer;
    /** Whether the store holds any hint: until one comes, writing an incident looks nothing up. */
    private final AtomicBoolean any = new AtomicBoolean();

    /** @param writer writes a hint into incidents already stored (null: leaves them to their next change) */
    public VendorHints(IncidentWriter writer) {
        this.writer = writer;
    }

    /** Whether the store may hold hints (set once at start from the store, then by {@link #record}). */
    public void storeHasHints(boolean has) {
        if (has) any.set(true);
    }

    /** Keeps a vendor incident's members and names it in the tenant's stored incidents that hold one of them. */
    void record(StoreTx tx, VendorIncident v, long now) {
        any.set(true);
        tx.addVendorIncidentMembers(v.tenant(), v.id(), v.alertIds(), now);
        if (writer == null) return;
        for (String incidentId : tx.incidentsOfAlerts(v.tenant(), v.alertIds())) {
            writer.nameVendorIncidents(tx, incidentId, v.tenant(), List.of(v.id()), now);
        }
    }

    /** The incident with every vendor incident that grouped one of its alerts named (the same one if none). */
    Incident named(StoreTx tx, Incident i) {
        if (!any.get()) return i;
        SortedSet<String> vendor = tx.vendorIncidentsOf(i.tenantId(), i.alertIds());
        if (i.vendorIncidentIds().containsAll(vendor)) return i;
        TreeSet<String> all = new TreeSet<>(i.vendorIncidentIds());
        all.addAll(vendor);
        return VendorIncident.withVendorIncidentIds(i, List.copyOf(all));
    }
}
