package org.alertcorrelator.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;

import org.kie.api.definition.type.Modifies;
import org.kie.api.definition.type.PropertyReactive;

/**
 * One security alert, normalised from whichever format it came in. In the rules it is an event: its event
 * time is its start time (else the time it was generated), and it leaves working memory one correlation window
 * later (the {@code declare Alert} in {@code rules/events.drl}).
 *
 * <p>The fields read from the record never change, but for tactics, which the rules may fill in from the
 * reference table. One piece of state belongs to a rule session and is set only by it: {@link #getGroup() group}
 * (the alert group it belongs to, if any). {@link #freshCopy()} gives a copy without it for a new session.
 */
@PropertyReactive
public final class Alert {
    private final String id;
    private final String tenant;
    private final String alertType;
    private final String displayName;
    private final String description;
    private final String product;
    private final Severity severity;
    private final List<String> techniques;
    // Times as epoch nanoseconds (exact, and a fifth of the memory of three Instants per alert).
    private final long startNanos;
    private final long endNanos;
    private final long generatedNanos;
    private final AlertStatus status;
    private final String compromisedEntity;
    private final String resourceId;
    private final List<Entity> entities;
    // The incident the vendor (Defender XDR, Defender for Endpoint) put this alert in; a hint, never our id.
    private final String vendorIncidentId;

    // Tactics may be filled in by the rules from rules/alert-tactics.csv when the record has none.
    private List<Tactic> tactics;
    private boolean tacticsFromTable;


    // Risk score set by a rule (rules/risk-scores.csv gives the others); NO_RISK_SCORE until then. An int
    // fills the object's alignment padding, so it costs no memory per alert.
    private int riskScore = NO_RISK_SCORE;
    public static final int NO_RISK_SCORE = Integer.MIN_VALUE;

    // Session state (see class comment).
    private AlertGroup group;
    private boolean inSession;
    // This alert's position among the members an AlertGroup is regrouping (-1 when it is not).
    int regroupIndex = -1;

    private Alert(Builder b) {
        this.id = require(b.id, "SystemAlertId");
        this.tenant = require(b.tenant, "TenantId");
        this.alertType = b.alertType == null ? "" : b.alertType;
        this.displayName = b.displayName == null ? this.alertType : b.displayName;
        this.description = b.description == null ? "" : b.description;
        this.product = b.product == null ? "" : b.product;
        if (b.severity == null) throw new IllegalArgumentException("Severity: missing");
        this.severity = b.severity;
        this.tactics = List.copyOf(new LinkedHashSet<>(b.tactics));
        this.tacticsFromTable = b.tacticsFromTable && !this.tactics.isEmpty();
        this.techniques = List.copyOf(b.techniques);
        Instant start = b.startTime != null ? b.startTime : b.timeGenerated;
        if (start == null) throw new IllegalArgumentException("StartTimeUtc: the alert has no start time and no time generated");
        Instant end = b.endTime == null || b.endTime.isBefore(start) ? start : b.endTime;
        this.startNanos = nanos(start);
        this.endNanos = nanos(end);
        this.generatedNanos = b.timeGenerated == null ? NO_TIME : nanos(b.timeGenerated);
        this.status = b.status == null ? AlertStatus.NEW : b.status;
        this.compromisedEntity = b.compromisedEntity == null ? "" : b.compromisedEntity;
        this.resourceId = b.resourceId == null ? "" : b.resourceId;
        this.entities = List.copyOf(new LinkedHashSet<>(b.entities));
        this.vendorIncidentId = b.vendorIncidentId == null || b.vendorIncidentId.isBlank() ? null : b.vendorIncidentId;
    }

    private static final long NO_TIME = Long.MIN_VALUE;

    private static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    private static String require(String value, String field) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException(field + ": missing");
        return value;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * This alert, marked as taken by a rule session, if no session has taken it yet; else a fresh copy. Saves a
     * copy per alert in a replay, and keeps two sessions (a rebuild beside a running one) from sharing state.
     */
    public Alert forSession() {
        if (!inSession) {
            inSession = true;
            return this;
        }
        return freshCopy();
    }

    /** A copy with the same record fields and no session state, for a new rule session. */
    public Alert freshCopy() {
        return toBuilder().build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.tenant = tenant;
        b.alertType = alertType;
        b.displayName = displayName;
        b.description = description;
        b.product = product;
        b.severity = severity;
        b.tactics = new ArrayList<>(tactics);
        b.tacticsFromTable = tacticsFromTable;
        b.techniques = new ArrayList<>(techniques);
        b.startTime = getStartTime();
        b.endTime = getEndTime();
        b.timeGenerated = getTimeGenerated();
        b.status = status;
        b.compromisedEntity = compromisedEntity;
        b.resourceId = resourceId;
        b.entities = new ArrayList<>(entities);
        b.vendorIncidentId = vendorIncidentId;
        return b;
    }

    /** SystemAlertId. */
    public String getId() {
        return id;
    }

    public String getTenant() {
        return tenant;
    }

    public String getAlertType() {
        return alertType;
    }

    public String getDisplayName() {
        return displayName;
    }

    /** The step this alert stands for in an attack sequence: its alert type, else its display name. */
    public String getStep() {
        return alertType == null || alertType.isBlank() ? (displayName == null ? "" : displayName) : alertType;
    }

    public String getDescription() {
        return description;
    }

    public String getProduct() {
        return product;
    }

    public Severity getSeverity() {
        return severity;
    }

    public List<Tactic> getTactics() {
        return tactics;
    }

    /** Used by the rule that fills tactics from the reference table. */
    @Modifies({"tactics"})
    public void setTactics(List<Tactic> tactics) {
        this.tactics = List.copyOf(new LinkedHashSet<>(tactics));
    }

    /**
     * Used by the rule that fills tactics from the reference table (rules/alert-tactics.csv): sets them and
     * marks them as the table's, not the record's ({@link #isTacticsFromTable()}).
     */
    @Modifies({"tactics", "tacticsFromTable"})
    public void setTacticsFromTable(List<Tactic> tactics) {
        setTactics(tactics);
        this.tacticsFromTable = !this.tactics.isEmpty();
    }

    /** True when the tactics came from rules/alert-tactics.csv, not from the alert record. */
    public boolean isTacticsFromTable() {
        return tacticsFromTable;
    }

    public boolean hasTactics() {
        return !tactics.isEmpty();
    }

    /** The risk score a rule set on this alert, else {@code fallback} (the risk table gives it: RiskTable.scoreOf). */
    public int getRiskScoreOr(int fallback) {
        return riskScore == NO_RISK_SCORE ? fallback : riskScore;
    }

    public boolean hasRiskScore() {
        return riskScore != NO_RISK_SCORE;
    }

    /** Sets the alert's risk score (e.g. doubled for a privileged account): blocks that sum RiskScore read it. */
    public void setRiskScore(int riskScore) {
        this.riskScore = riskScore;
    }

    public List<String> getTechniques() {
        return techniques;
    }

    /** Start of the alert's activity (else the time it was generated). */
    public Instant getStartTime() {
        return instant(startNanos);
    }

    /** End of the alert's activity (never before its start). */
    public Instant getEndTime() {
        return instant(endNanos);
    }

    /** When the product generated the alert, or null when the record does not say. */
    public Instant getTimeGenerated() {
        return generatedNanos == NO_TIME ? null : instant(generatedNanos);
    }

    /** Event time in epoch milliseconds: the start time, else the time generated. */
    public long getEventTime() {
        // Derived rather than stored: 16 bytes less for each of the window's alerts.
        return Math.floorDiv(startNanos, 1_000_000L);
    }

    /** End of the alert's activity in epoch milliseconds (never before its event time). */
    public long getActivityEnd() {
        return Math.floorDiv(endNanos, 1_000_000L);
    }

    public AlertStatus getStatus() {
        return status;
    }

    public boolean isDismissed() {
        return status == AlertStatus.DISMISSED;
    }

    public String getCompromisedEntity() {
        return compromisedEntity;
    }

    public String getResourceId() {
        return resourceId;
    }

    /** The distinct entities the alert names. */
    public List<Entity> getEntities() {
        return entities;
    }

    /** The entities of one type. */
    public List<Entity> entitiesOfType(String type) {
        List<Entity> result = new ArrayList<>(2);
        for (Entity e : entities) if (e.isA(type)) result.add(e);
        return Collections.unmodifiableList(result);
    }

    /**
     * The hosts this alert happened on, for counting on how many hosts an entity is seen: the keys of its
     * host entities, else of its Azure resources, else its compromised entity (lower-case).
     */
    public List<String> getHostKeys() {
        // Derived at each call rather than kept: it is needed only while the alert is being correlated, and a
        // list kept on each of the window's alerts costs more than finding the one or two hosts again.
        // Indexed loops: asked several times per alert and rule, and an iterator per call added up to 0.3 GB in
        // a 1M-alert replay.
        String type = hostType();
        if (type == null) return compromisedEntity.isBlank() ? List.of() : List.of(compromisedHost());
        List<String> found = null;
        for (int i = 0; i < entities.size(); i++) if (entities.get(i).isA(type)) found = add(found, entities.get(i).key());
        return found;
    }

    /** How many hosts {@link #getHostKeys()} names, without making the list (asked per entity and rule). */
    public int hostCount() {
        String type = hostType();
        if (type == null) return compromisedEntity.isBlank() ? 0 : 1;
        int n = 0;
        for (int i = 0; i < entities.size(); i++) if (entities.get(i).isA(type)) n++;
        return n;
    }

    /** Whether {@link #getHostKeys()} names {@code hostKey}, without making the list. */
    public boolean happenedOn(String hostKey) {
        String type = hostType();
        if (type == null) return !compromisedEntity.isBlank() && compromisedHost().equals(hostKey);
        for (int i = 0; i < entities.size(); i++) if (entities.get(i).isA(type) && entities.get(i).key().equals(hostKey)) return true;
        return false;
    }

    /** The entity type the host keys come from: host if the alert names one, else azure-resource, else null. */
    private String hostType() {
        String type = null;
        for (int i = 0; i < entities.size(); i++) {
            if (entities.get(i).isA(EntityType.HOST)) return EntityType.HOST;
            if (entities.get(i).isA(EntityType.AZURE_RESOURCE)) type = EntityType.AZURE_RESOURCE;
        }
        return type;
    }

    private String compromisedHost() {
        return compromisedEntity.trim().toLowerCase(java.util.Locale.ROOT);
    }

    private static List<String> add(List<String> list, String key) {
        if (list == null) list = new ArrayList<>(2);
        list.add(key);
        return list;
    }

    /** The vendor's incident id for this alert (Graph/Defender {@code incidentId}), or null: shown, never used as ours. */
    public String getVendorIncidentId() {
        return vendorIncidentId;
    }

    /** The group this alert belongs to in the current session, or null (session state). */
    public AlertGroup getGroup() {
        return group;
    }

    void setGroup(AlertGroup group) {
        this.group = group;
    }

    /** Orders alerts as the engine processes them: by event time, then by id. */
    public static int byEventTimeThenId(Alert a, Alert b) {
        int c = Long.compare(a.getEventTime(), b.getEventTime());
        if (c != 0) return c;
        c = a.id.compareTo(b.id);
        // Two tenants may send one id at one time: their order must not depend on the order of the input.
        return c != 0 ? c : java.util.Objects.compare(a.tenant, b.tenant, java.util.Comparator.nullsFirst(java.util.Comparator.<String>naturalOrder()));
    }

    @Override
    public String toString() {
        return "Alert[" + id + " " + tenant + " " + severity + " " + displayName + " @" + getStartTime() + "]";
    }

    /** Builds an alert; {@link #build()} checks the required fields and names the one missing. */
    public static final class Builder {
        private String id;
        private String tenant;
        private String alertType;
        private String displayName;
        private String description;
        private String product;
        private Severity severity;
        private List<Tactic> tactics = new ArrayList<>();
        private boolean tacticsFromTable;
        private List<String> techniques = new ArrayList<>();
        private Instant startTime;
        private Instant endTime;
        private Instant timeGenerated;
        private AlertStatus status;
        private String compromisedEntity;
        private String resourceId;
        private List<Entity> entities = new ArrayList<>();
        private String vendorIncidentId;

        public Builder id(String v) { id = v; return this; }
        public Builder tenant(String v) { tenant = v; return this; }
        public Builder alertType(String v) { alertType = v; return this; }
        public Builder displayName(String v) { displayName = v; return this; }
        public Builder description(String v) { description = v; return this; }
        public Builder product(String v) { product = v; return this; }
        public Builder severity(Severity v) { severity = v; return this; }
        public Builder tactics(List<Tactic> v) { tactics = new ArrayList<>(v); return this; }
        public Builder tactic(Tactic v) { tactics.add(v); return this; }
        /** Marks the tactics as filled in from rules/alert-tactics.csv (a copy of an alert the rules completed). */
        public Builder tacticsFromTable(boolean v) { tacticsFromTable = v; return this; }
        public Builder techniques(List<String> v) { techniques = new ArrayList<>(v); return this; }
        public Builder startTime(Instant v) { startTime = v; return this; }
        public Builder endTime(Instant v) { endTime = v; return this; }
        public Builder timeGenerated(Instant v) { timeGenerated = v; return this; }
        public Builder status(AlertStatus v) { status = v; return this; }
        public Builder compromisedEntity(String v) { compromisedEntity = v; return this; }
        public Builder resourceId(String v) { resourceId = v; return this; }
        public Builder entities(List<Entity> v) { entities = new ArrayList<>(v); return this; }
        public Builder entity(Entity v) { entities.add(v); return this; }
        public Builder entity(String type, String key) { entities.add(new Entity(type, key)); return this; }

        public Builder vendorIncidentId(String v) { vendorIncidentId = v; return this; }

        public Alert build() {
            return new Alert(this);
        }
    }
}
