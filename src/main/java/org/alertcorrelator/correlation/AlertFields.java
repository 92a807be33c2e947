package org.alertcorrelator.correlation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.Entity;
import org.alertcorrelator.model.EntityType;
import org.alertcorrelator.model.Tactic;

/**
 * An alert seen as named fields, for group-by keys, distinct counts, sums and Sigma selections. Names are
 * case-insensitive. A field may hold several values (an alert's tactics, its hosts): a selection matches when
 * any value matches, and a group-by makes one key per value. The names are those of Sentinel's SecurityAlert
 * table where there is one, plus one field per entity type.
 */
public final class AlertFields {
    /** Entity fields: field name (lower case) to entity type. */
    private static final Map<String, String> ENTITY_FIELDS = new LinkedHashMap<>();
    private static final Map<String, BiFunction<Alert, RiskTable, List<String>>> FIELDS = new LinkedHashMap<>();
    /** Every field name, in the spelling the README shows. */
    public static final List<String> NAMES;

    static {
        List<String> names = new ArrayList<>();
        field(names, "AlertType", (a, r) -> one(a.getAlertType()));
        field(names, "AlertName", (a, r) -> one(a.getDisplayName()));
        FIELDS.put("title", FIELDS.get("alertname"));
        FIELDS.put("displayname", FIELDS.get("alertname"));
        FIELDS.put("alertdisplayname", FIELDS.get("alertname"));
        field(names, "Description", (a, r) -> one(a.getDescription()));
        field(names, "Severity", (a, r) -> one(a.getSeverity().label()));
        FIELDS.put("alertseverity", FIELDS.get("severity"));
        field(names, "Tactics", (a, r) -> labels(a.getTactics()));
        field(names, "Techniques", (a, r) -> a.getTechniques());
        field(names, "ProductName", (a, r) -> one(a.getProduct()));
        FIELDS.put("product", FIELDS.get("productname"));
        field(names, "Status", (a, r) -> a.getStatus() == null ? List.of() : one(a.getStatus().label()));
        field(names, "TenantId", (a, r) -> one(a.getTenant()));
        FIELDS.put("tenant", FIELDS.get("tenantid"));
        field(names, "SystemAlertId", (a, r) -> one(a.getId()));
        FIELDS.put("id", FIELDS.get("systemalertid"));
        field(names, "CompromisedEntity", (a, r) -> one(a.getCompromisedEntity()));
        field(names, "ResourceId", (a, r) -> one(a.getResourceId()));
        field(names, "RiskScore", (a, r) -> List.of(Integer.toString(r == null ? a.getRiskScoreOr(0) : r.scoreOf(a))));
        entity(names, "Host", EntityType.HOST);
        entity(names, "Account", EntityType.ACCOUNT);
        FIELDS.put("user", FIELDS.get("account"));
        entity(names, "IP", EntityType.IP);
        entity(names, "FileHash", EntityType.FILE_HASH);
        entity(names, "File", EntityType.FILE);
        entity(names, "Process", EntityType.PROCESS);
        entity(names, "Url", EntityType.URL);
        entity(names, "AzureResource", EntityType.AZURE_RESOURCE);
        entity(names, "Mailbox", EntityType.MAILBOX);
        entity(names, "CloudApplication", EntityType.CLOUD_APPLICATION);
        entity(names, "Dns", EntityType.DNS);
        entity(names, "Malware", EntityType.MALWARE);
        entity(names, "RegistryKey", EntityType.REGISTRY_KEY);
        entity(names, "RegistryValue", EntityType.REGISTRY_VALUE);
        NAMES = List.copyOf(names);
    }

    private static void field(List<String> names, String name, BiFunction<Alert, RiskTable, List<String>> getter) {
        names.add(name);
        FIELDS.put(name.toLowerCase(Locale.ROOT), getter);
    }

    private static void entity(List<String> names, String name, String type) {
        ENTITY_FIELDS.put(name.toLowerCase(Locale.ROOT), type);
        ENTITY_FIELDS.put(type, type); // the entity type's own name works too: host, filehash, azure-resource
        field(names, name, (a, r) -> keysOf(a, type));
    }

    private AlertFields() {
    }

    private static List<String> one(String v) {
        return v == null || v.isEmpty() ? List.of() : List.of(v);
    }

    // Read for every alert a tactics block is fed: a plain loop, no stream.
    private static List<String> labels(List<Tactic> tactics) {
        if (tactics.isEmpty()) return List.of();
        String[] out = new String[tactics.size()];
        for (int i = 0; i < out.length; i++) out[i] = tactics.get(i).label();
        return List.of(out);
    }

    private static List<String> keysOf(Alert a, String type) {
        List<String> out = null;
        for (Entity e : a.getEntities()) {
            if (!e.type().equals(type)) continue;
            if (out == null) out = new ArrayList<>(2);
            if (!out.contains(e.key())) out.add(e.key());
        }
        return out == null ? List.of() : out;
    }

    /**
     * What reads field {@code name} as a number straight from the alert (RiskScore), or null for a field read as
     * text and parsed: a risk block is fed by every alert, and the score need not go through its text.
     */
    static java.util.function.ToDoubleBiFunction<Alert, RiskTable> numberReader(String name) {
        if (!name.equalsIgnoreCase("RiskScore")) return null;
        return (a, r) -> r == null ? a.getRiskScoreOr(0) : r.scoreOf(a);
    }

    /** Whether {@code name} is a field this class knows. */
    public static boolean isKnown(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return FIELDS.containsKey(n) || ENTITY_FIELDS.containsKey(n);
    }

    /** Names accepted besides {@link #NAMES} (aliases and entity type names). */
    public static Set<String> allNames() {
        Set<String> s = new java.util.TreeSet<>(FIELDS.keySet());
        s.addAll(ENTITY_FIELDS.keySet());
        return s;
    }

    /**
     * The values of a field of an alert (empty when it has none). Entity keys are the normalised keys (host
     * names lower case with their DNS domain, IPs canonical, ...). {@code risk} gives RiskScore its value from
     * the risk table; without one, RiskScore is what a rule set on the alert, else 0.
     */
    public static List<String> values(Alert a, String name, RiskTable risk) {
        return reader(name).apply(a, risk);
    }

    /** What reads field {@code name} of an alert (looked up once: blocks read the same fields of every alert). */
    static BiFunction<Alert, RiskTable, List<String>> reader(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        BiFunction<Alert, RiskTable, List<String>> f = FIELDS.get(n);
        if (f != null) return f;
        String type = ENTITY_FIELDS.get(n);
        if (type != null) return (a, r) -> keysOf(a, type);
        throw new IllegalArgumentException("unknown alert field \"" + name + "\" (known: " + String.join(", ", NAMES) + ")");
    }

    public static List<String> values(Alert a, String name) {
        return values(a, name, null);
    }
}
