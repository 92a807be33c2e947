package org.alertcorrelator.ingest;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.AlertStatus;
import org.alertcorrelator.model.Severity;
import org.alertcorrelator.model.Tactic;

/**
 * Makes an {@link Alert} of a record's fields, whichever format they came in. Where several fields can carry
 * one value the first present (and not blank) wins, in the order below. The REST API's ARM envelope only adds
 * fallbacks: its {@code name} for the id and its {@code id} for the subscription.
 *
 * <p>Thread-safe: the caches are lock-free and the rest is read-only, so one mapper serves every reader.
 */
final class AlertMapper {
    private static final String SEVERITIES = "(Informational, Low, Medium, High)";
    private static final String STATUSES = "(New, Active, InProgress, Resolved, Dismissed)";
    private static final Severity[] SEVERITY_VALUES = Severity.values();
    private static final AlertStatus[] STATUS_VALUES = AlertStatus.values();

    private final ObjectMapper json;
    private final Interner interner;
    private final EntityNormaliser entityNormaliser;
    private final BoundedCache<String, ParsedTactics> tactics = new BoundedCache<>(4096);
    private final BoundedCache<String, List<String>> techniques = new BoundedCache<>(4096);

    /** Field limits and the entity cap (hardening, issue 7). */
    private final RecordLimits limits;

    AlertMapper(ObjectMapper json, Interner interner) {
        this(json, interner, RecordLimits.DEFAULT);
    }

    AlertMapper(ObjectMapper json, Interner interner, RecordLimits limits) {
        this.limits = limits;
        this.json = json;
        this.interner = interner;
        this.entityNormaliser = new EntityNormaliser(interner);
    }

    /**
     * @param warnings receives problems that do not reject the alert (an Entities text that is not JSON)
     * @throws RecordProblem naming the field when the record is no usable alert
     */
    Alert map(RawAlert r, List<RecordProblem> warnings) throws RecordProblem {
        String id = trim(r.get(AlertField.SYSTEM_ALERT_ID));
        if (id == null && r.rest) id = trim(r.armName);
        if (id == null) throw new RecordProblem(AlertField.SYSTEM_ALERT_ID.label, "missing");

        Severity severity = severity(r);

        Instant start = time(r, AlertField.START_TIME_UTC, AlertField.START_TIME);
        Instant end = time(r, AlertField.END_TIME_UTC, AlertField.END_TIME);
        Instant generated = time(r, AlertField.TIME_GENERATED_UTC, AlertField.TIME_GENERATED);
        if (start == null && generated == null) {
            throw new RecordProblem(AlertField.START_TIME_UTC.label, "missing (and no TimeGenerated either)");
        }

        LightJson identifiers = r.resourceIdentifiers != null ? r.resourceIdentifiers
                : jsonText(r, AlertField.RESOURCE_IDENTIFIERS, warnings);
        String resourceId = resourceId(r, identifiers);
        String tenant = tenant(r, identifiers, resourceId);

        AlertStatus status = status(r);

        LightJson entities = r.entities != null ? r.entities : jsonText(r, AlertField.ENTITIES, warnings);
        if (entities != null && !(entities.root instanceof List<?>)) {
            warnings.add(new RecordProblem(r.nameOf(AlertField.ENTITIES), entities.root instanceof LightJson.Obj
                    ? "an object, not a list; read as one entity" : "not a list; ignored"));
            if (!(entities.root instanceof LightJson.Obj)) entities = null;
        }

        Alert.Builder b = Alert.builder()
                .id(id)
                .tenant(tenant)
                .severity(severity)
                .startTime(start)
                .endTime(end)
                .timeGenerated(generated)
                .status(status)
                .alertType(intern(r.text(AlertField.ALERT_TYPE)))
                .displayName(intern(first(r, AlertField.ALERT_DISPLAY_NAME, AlertField.DISPLAY_NAME, AlertField.ALERT_NAME)))
                .description(intern(r.text(AlertField.DESCRIPTION)))
                .product(intern(first(r, AlertField.PRODUCT_NAME, AlertField.PROVIDER_NAME, AlertField.VENDOR_NAME)))
                .compromisedEntity(intern(r.text(AlertField.COMPROMISED_ENTITY)))
                .resourceId(resourceId)
                .tactics(tactics(r, warnings))
                .techniques(techniques(r.text(AlertField.TECHNIQUES)))
                .entities(limits.capEntities(entityNormaliser.normalise(entities, resourceId), warnings));
        try {
            Alert alert = b.build();
            limits.check(alert); // hardening hook: per-record field limits
            return alert;
        } catch (IllegalArgumentException | NullPointerException e) {
            // The checks above come first, so this only happens if the model adds a rule of its own.
            String m = String.valueOf(e.getMessage());
            int colon = m.indexOf(": ");
            throw colon > 0 ? new RecordProblem(m.substring(0, colon), m.substring(colon + 2)) : new RecordProblem(null, m);
        }
    }

    private Severity severity(RawAlert r) throws RecordProblem {
        AlertField f = r.has(AlertField.SEVERITY) ? AlertField.SEVERITY : AlertField.ALERT_SEVERITY;
        CharSequence written = r.text(f);
        if (written == null) throw new RecordProblem(AlertField.SEVERITY.label, "missing " + SEVERITIES);
        for (Severity s : SEVERITY_VALUES) if (s.label().contentEquals(written)) return s;
        String text = r.get(f);
        Severity s = Severity.parse(text);
        if (s == null) throw new RecordProblem(r.nameOf(f), quote(text) + " is not a severity " + SEVERITIES);
        return s;
    }

    private static AlertStatus status(RawAlert r) throws RecordProblem {
        CharSequence written = r.text(AlertField.STATUS);
        if (written == null) return AlertStatus.NEW;
        for (AlertStatus s : STATUS_VALUES) if (s.label().contentEquals(written)) return s;
        String text = r.get(AlertField.STATUS);
        AlertStatus s = AlertStatus.parse(text);
        if (s == null) throw new RecordProblem(r.nameOf(AlertField.STATUS), quote(text) + " is not a status " + STATUSES);
        return s;
    }

    private static Instant time(RawAlert r, AlertField a, AlertField b) throws RecordProblem {
        AlertField f = r.has(a) ? a : b;
        CharSequence text = r.text(f);
        if (text == null) return null;
        Instant t = Timestamps.parse(text);
        if (t == null) throw new RecordProblem(r.nameOf(f), quote(r.get(f)) + " is not a timestamp (" + Timestamps.EXPECTED + ")");
        String range = Timestamps.outOfRange(t); // hardening hook: no time the engine's clock cannot hold
        if (range != null) throw new RecordProblem(r.nameOf(f), quote(r.get(f)) + " " + range);
        return t;
    }

    /** The record's tenant as an alert of it would have it, or null when it has none (a vendor incident's tenant). */
    String tenantOrNull(RawAlert r) {
        try {
            LightJson identifiers = r.list(AlertField.RESOURCE_IDENTIFIERS);
            return tenant(r, identifiers, resourceId(r, identifiers));
        } catch (RecordProblem e) {
            return null;
        }
    }

    /** The record's Azure resource id (interned), or null. */
    private String resourceId(RawAlert r, LightJson identifiers) {
        CharSequence id = CharSlice.trimmed(first(r, AlertField.AZURE_RESOURCE_ID, AlertField.RESOURCE_ID, null));
        if (id == null) id = identifierField(identifiers, "AzureResourceId");
        return interner.intern(id);
    }

    private String tenant(RawAlert r, LightJson identifiers, String resourceId) throws RecordProblem {
        CharSequence tenant = CharSlice.trimmed(r.text(AlertField.TENANT_ID));
        if (tenant == null) tenant = identifierField(identifiers, "AadTenantId");
        if (tenant == null) tenant = identifierField(identifiers, "AzureResourceTenantId");
        if (tenant == null) tenant = subscriptionOf(resourceId);
        if (tenant == null && r.rest) tenant = subscriptionOf(r.armId);
        if (tenant == null) {
            throw new RecordProblem(AlertField.TENANT_ID.label, "missing (no TenantId, no AadTenantId or "
                    + "AzureResourceTenantId in ResourceIdentifiers, no /subscriptions/{id} in the resource id)");
        }
        // Tenant and subscription ids are GUIDs, which compare ignoring case.
        return interner.lowerCase(tenant);
    }

    /** The first value of the field (any case) among the resource identifiers, trimmed. */
    private static CharSequence identifierField(LightJson identifiers, String field) {
        if (identifiers == null) return null;
        for (LightJson.Obj identifier : identifiers.objects) {
            CharSequence v = identifier.slice(field);
            if (v != null) return v;
        }
        return null;
    }

    /** The subscription id in an Azure resource path ({@code /subscriptions/{id}/...}), or null. */
    static String subscriptionOf(String path) {
        if (path == null) return null;
        String marker = "/subscriptions/";
        int last = path.length() - marker.length();
        for (int i = 0; i <= last; i++) {
            if (path.charAt(i) == '/' && path.regionMatches(true, i, marker, 0, marker.length())) {
                int start = i + marker.length();
                int end = path.indexOf('/', start);
                if (end < 0) end = path.length();
                String id = path.substring(start, end).trim();
                return id.isEmpty() ? null : id;
            }
        }
        return null;
    }

    /** A JSON list held in a text field (Sentinel's Entities); null, with a warning, when it is not JSON. */
    private LightJson jsonText(RawAlert r, AlertField f, List<RecordProblem> warnings) {
        String text = r.get(f);
        if (text == null) return null;
        text = text.trim();
        char c = text.charAt(0);
        if (c != '[' && c != '{') {
            warnings.add(new RecordProblem(r.nameOf(f), "not a JSON list; ignored"));
            return null;
        }
        try (JsonParser p = json.createParser(text)) {
            p.nextToken();
            return LightJson.read(p);
        } catch (IOException e) {
            warnings.add(new RecordProblem(r.nameOf(f), "not valid JSON (" + JsonAlertSource.shortMessage(e) + "); ignored"));
            return null;
        }
    }

    private List<Tactic> tactics(RawAlert r, List<RecordProblem> warnings) {
        AlertField f = r.has(AlertField.TACTICS) ? AlertField.TACTICS : AlertField.INTENT;
        CharSequence written = r.text(f);
        if (written == null) return List.of();
        ParsedTactics parsed = tactics.getText(written);
        if (parsed == null) {
            String text = written.toString();
            parsed = ParsedTactics.of(text);
            tactics.put(text, parsed);
        }
        if (parsed.unknown() != null) {
            warnings.add(new RecordProblem(r.nameOf(f), quote(parsed.unknown()) + " is not a MITRE ATT&CK tactic; ignored"));
        }
        return parsed.tactics();
    }

    /** A tactics text read once: its tactics, and the first name in it that is none (null when all are). */
    record ParsedTactics(List<Tactic> tactics, String unknown) {
        // Values the products write for "no tactic": no warning.
        private static final java.util.Set<String> NONE = java.util.Set.of("unknown", "none", "n/a", "null", "[]");

        static ParsedTactics of(String text) {
            String unknown = null;
            for (String part : text.split("[,;/|]")) {
                String name = part.trim();
                if (name.isEmpty() || NONE.contains(name.toLowerCase(java.util.Locale.ROOT))) continue;
                if (Tactic.parse(name) == null) {
                    unknown = name;
                    break;
                }
            }
            return new ParsedTactics(List.copyOf(Tactic.parseList(text)), unknown);
        }
    }

    /** Techniques come as a JSON array, a JSON array held in a text, or a comma-separated text. */
    private List<String> techniques(CharSequence written) {
        if (written == null) return List.of();
        List<String> list = techniques.getText(written);
        if (list != null) return list;
        String text = written.toString();
        List<String> result = new ArrayList<>();
        String t = text.trim();
        if (t.startsWith("[")) {
            try {
                for (JsonNode n : json.readTree(t)) addTechnique(result, n.isValueNode() ? trim(n.asText()) : null);
            } catch (IOException e) {
                splitTechniques(result, t.substring(1, t.endsWith("]") ? t.length() - 1 : t.length()));
            }
        } else {
            splitTechniques(result, t);
        }
        list = List.copyOf(result);
        techniques.put(text, list);
        return list;
    }

    private void splitTechniques(List<String> result, String text) {
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == ',' || text.charAt(i) == ';') {
                String part = text.substring(start, i).trim();
                if (part.length() >= 2 && part.charAt(0) == '"' && part.charAt(part.length() - 1) == '"') {
                    part = part.substring(1, part.length() - 1).trim();
                }
                addTechnique(result, part.isEmpty() ? null : part);
                start = i + 1;
            }
        }
    }

    private void addTechnique(List<String> result, String technique) {
        if (technique == null) return;
        String t = interner.intern(technique);
        if (!result.contains(t)) result.add(t);
    }

    private String intern(CharSequence text) {
        return interner.intern(CharSlice.trimmed(text));
    }

    private static CharSequence first(RawAlert r, AlertField a, AlertField b, AlertField c) {
        CharSequence v = r.text(a);
        if (v == null && b != null) v = r.text(b);
        if (v == null && c != null) v = r.text(c);
        return v;
    }

    private static String trim(String s) {
        if (s == null) return null;
        s = s.trim();
        return s.isEmpty() ? null : s;
    }

    private static String quote(String text) {
        String t = text.length() > 80 ? text.substring(0, 77) + "..." : text;
        return '"' + t + '"';
    }
}
