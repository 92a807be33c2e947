package org.alertcorrelator.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What one write transaction can do (see {@link Store#write(Store.Work)}). */
public interface StoreTx {

    /** The stored alerts among these ids, by id. */
    Map<String, StoredAlert> findAlerts(Collection<String> ids);

    /** Every stored alert with one of these ids, in any tenant, keyed by {@link StoredAlert#identity()}. */
    Map<String, StoredAlert> findAlertsByIdentity(Collection<String> ids);

    void insertAlerts(List<StoredAlert> alerts);

    /**
     * The tenant's stored alerts whose id is {@code id~...}: the alerts that share the id {@code id} as written
     * and were kept under a new one (see {@link org.alertcorrelator.ingest.Deduplicator}), and any other alert
     * whose id merely starts so (the caller tells them apart).
     */
    List<StoredAlert> findAlertsRenamedFrom(String tenant, String id);

    /** Deletes the tenant's alert with this id (an alert that moved to another id). */
    void deleteAlert(String tenant, String id);

    /** Records that the tenant's vendor incident {@code vendorIncidentId} grouped these alerts (ids as written). */
    void addVendorIncidentMembers(String tenant, String vendorIncidentId, Collection<String> alertIds, long now);

    /** The vendor incidents that grouped any of these alerts of the tenant, sorted. */
    java.util.SortedSet<String> vendorIncidentsOf(String tenant, Collection<String> alertIds);

    /** The incidents the tenant's alerts with these ids belong to now (null ones left out). */
    java.util.Set<String> incidentsOfAlerts(String tenant, Collection<String> alertIds);

    /** Replaces an alert's record (a later version of the same alert); keeps its seq and incident. */
    void replaceAlert(StoredAlert alert);

    long maxAlertSeq();

    /** Records which incident these alerts belong to now. */
    void setAlertsIncident(String incidentId, Collection<String> alertIds);

    /** As above, for the alerts of one tenant only (an incident's alerts are all of its tenant). */
    void setAlertsIncident(String incidentId, String tenant, Collection<String> alertIds);

    /** The incident, locked for update until the transaction ends. */
    Optional<IncidentRow> lockIncident(String id);

    /** Incidents published for this engine id (the engine's own and any the service opened after it was closed). */
    List<IncidentRow> incidentsOfEngineId(String engineId);

    void insertIncident(IncidentRow row);

    /** Writes every column of the row (matched by id). */
    void updateIncident(IncidentRow row);

    void addHistory(String incidentId, HistoryEntry entry);

    void enqueueWebhook(String url, String incidentId, String event, String payload, long now);

    void saveEngineState(EngineState state);

    /** Sets an alert aside (or again, under another rule version). */
    void quarantine(QuarantinedAlert q);

    /** Forgets the set-aside alerts of every rule version but this one: a session of this version took them. */
    void keepQuarantineOf(String ruleVersion);

    /**
     * Keeps cross-tenant prevalence counts of one source (see {@link PrevalenceTables}): closed intervals, sightings,
     * how far it filed; drops its intervals before {@code keepFrom} ({@code Long.MIN_VALUE}: none).
     */
    void savePrevalence(String source, java.util.List<org.alertcorrelator.model.PrevalenceCount> counts,
                        java.util.List<org.alertcorrelator.model.PrevalenceCount.Seen> seen, long filedUntil, long keepFrom);

    /** Records a rule set version with the content of its files (kept once per version). */
    void saveRuleVersion(String version, String filesJson, long now);

    // ---- shared store (serve on Kafka: several services, one store; see JdbcStore#openShared) ----

    /** Saves the restart point of one of several engines that share the store (one per Kafka partition). */
    void saveNamedEngineState(String name, EngineState state);

    /**
     * Takes a partition for this member: raises its owner epoch (waiting for a write of the previous owner in
     * progress) and returns the new epoch, which every later write for the partition checks.
     */
    long takePartition(String name, String owner, long now);

    /** Refuses the transaction ({@link FencedException}) unless the partition's owner epoch is still this one. */
    void checkPartitionOwner(String name, long epoch);

    /** Queues an incident change for the Kafka output topic, in the transaction that made it. */
    void enqueueOutput(String tenant, String incidentId, int version, String payload, long now);
}
