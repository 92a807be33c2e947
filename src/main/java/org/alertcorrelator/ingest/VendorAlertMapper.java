package org.alertcorrelator.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.AlertStatus;
import org.alertcorrelator.model.Entity;
import org.alertcorrelator.model.EntityDetails;
import org.alertcorrelator.model.EntityType;
import org.alertcorrelator.model.Severity;
import org.alertcorrelator.model.Tactic;

/**
 * Makes an {@link Alert} of the alert records of Microsoft's newer APIs, which share no field names with the
 * Defender for Cloud and Sentinel records {@link AlertMapper} reads:
 * <ul>
 * <li>Microsoft Graph security {@code alerts_v2} (Defender XDR): entities from {@code evidence[]} by {@code @odata.type};</li>
 * <li>Defender for Endpoint {@code /api/alerts}: host, related user and flat {@code evidence[]} by {@code entityType};</li>
 * <li>Defender for Cloud alerts as Azure Activity Log events (and their Event Hubs resource-log form).</li>
 * </ul>
 * Field names in errors are the record's own ({@code severity}, {@code evidence[2].ipAddress}). Entity keys are
 * made the way {@link EntityNormaliser} makes them, so a host or account named by Graph and by Defender for Cloud
 * is one entity. Thread-safe.
 */
final class VendorAlertMapper {
    private final Interner interner;
    /** Field limits and the entity cap, as for the other formats. */
    private final RecordLimits limits;

    VendorAlertMapper(Interner interner) {
        this(interner, RecordLimits.DEFAULT);
    }

    VendorAlertMapper(Interner interner, RecordLimits limits) {
        this.interner = interner;
        this.limits = limits;
    }

    // ---- Graph security alerts_v2 -------------------------------------------------------------------------

    /**
     * @param vendorIncidentId the incident that lists the alert (a Graph incident read with $expand=alerts), or
     *                         null to take the alert's own {@code incidentId}
     */
    Alert graphAlert(JsonNode a, String vendorIncidentId, List<RecordProblem> warnings) throws RecordProblem {
        String id = required(a, "id");
        Instant start = time(a, "firstActivityDateTime");
        Instant end = time(a, "lastActivityDateTime");
        Instant created = time(a, "createdDateTime");
        if (start == null && created == null) throw new RecordProblem("firstActivityDateTime", "missing (and no createdDateTime either)");
        List<Entity> entities = new ArrayList<>();
        JsonNode evidence = a.get("evidence");
        if (evidence != null && !evidence.isNull()) {
            if (!evidence.isArray()) {
                warnings.add(new RecordProblem("evidence", "not a list (" + kind(evidence) + "); ignored"));
            } else {
                for (int i = 0; i < evidence.size(); i++) graphEvidence(evidence.get(i), "evidence[" + i + "]", entities, warnings);
            }
        }
        String product = firstText(a, "serviceSource", "detectionSource");
        return build(Alert.builder()
                .id(id)
                .tenant(tenant(a, "tenantId"))
                .severity(severity(a, "severity"))
                .status(status(a, "status"))
                .startTime(start)
                .endTime(end)
                .timeGenerated(created)
                .alertType(intern(firstText(a, "detectorId", "title")))
                .displayName(intern(text(a, "title")))
                .description(intern(text(a, "description")))
                .product(intern(product))
                .tactics(tactic(a, "category", warnings))
                .techniques(techniques(a, "mitreTechniques", warnings))
                .entities(limits.capEntities(entities, warnings))
                .vendorIncidentId(vendorIncidentId != null ? vendorIncidentId : text(a, "incidentId")));
    }

    private void graphEvidence(JsonNode ev, String at, List<Entity> out, List<RecordProblem> warnings) {
        if (!ev.isObject()) {
            warnings.add(new RecordProblem(at, "not an object (" + kind(ev) + "); ignored"));
            return;
        }
        String odata = text(ev, "@odata.type");
        if (odata == null) {
            warnings.add(new RecordProblem(at + ".@odata.type", "missing; the evidence is ignored"));
            return;
        }
        String kind = odata.substring(odata.lastIndexOf('.') + 1);
        if (kind.endsWith("Evidence")) kind = kind.substring(0, kind.length() - "Evidence".length());
        int before = out.size();
        graphEntities(ev, kind, out);
        // The product's verdict and remediation status belong to the evidence: kept on each entity it gave.
        String verdict = enumText(ev, "verdict", at, warnings);
        String remediation = enumText(ev, "remediationStatus", at, warnings);
        if (verdict != null || remediation != null) {
            for (int i = before; i < out.size(); i++) {
                Entity e = out.get(i);
                out.set(i, e.withDetails(EntityDetails.of(e.details() == null ? null : e.details().value(),
                        intern(verdict), intern(remediation))));
            }
        }
    }

    /** An enumeration value as written; one longer than any such name is a warning and left out. */
    private static String enumText(JsonNode ev, String field, String at, List<RecordProblem> warnings) {
        String t = text(ev, field);
        if (t == null || t.length() <= MAX_ENUM_TEXT) return t;
        warnings.add(new RecordProblem(at + "." + field, "longer than " + MAX_ENUM_TEXT + " characters; ignored"));
        return null;
    }

    private static final int MAX_ENUM_TEXT = 64;

    private void graphEntities(JsonNode ev, String kind, List<Entity> out) {
        switch (kind.toLowerCase(Locale.ROOT)) {
            case "device" -> {
                host(out, firstText(ev, "deviceDnsName", "mdeDeviceId", "azureAdDeviceId"));
                azureResource(out, text(ev.path("vmMetadata"), "resourceId"));
            }
            case "user" -> graphAccount(out, ev.get("userAccount"));
            case "ip" -> ip(out, text(ev, "ipAddress"));
            case "file" -> file(out, ev.get("fileDetails"));
            case "process" -> {
                process(out, text(ev, "processCommandLine"), ev.path("imageFile"));
                file(out, ev.get("imageFile"));
                graphAccount(out, ev.get("userAccount"));
            }
            case "url" -> url(out, text(ev, "url"));
            case "mailbox" -> {
                mailbox(out, firstText(ev, "primaryAddress", "upn"));
                graphAccount(out, ev.get("userAccount"));
            }
            case "cloudapplication" -> weak(out, EntityType.CLOUD_APPLICATION, firstText(ev, "appId", "displayName"));
            case "analyzedmessage" -> {
                mailbox(out, text(ev.path("p1Sender"), "emailAddress"));
                mailbox(out, text(ev.path("p2Sender"), "emailAddress"));
                mailbox(out, text(ev, "recipientEmailAddress"));
                ip(out, text(ev, "senderIp"));
                JsonNode urls = ev.get("urls");
                if (urls != null && urls.isArray()) for (JsonNode u : urls) url(out, u.isTextual() ? u.asText() : null);
                weak(out, "mail-message", text(ev, "networkMessageId"));
            }
            case "azureresource" -> azureResource(out, text(ev, "resourceId"));
            case "registrykey" -> registryKey(out, text(ev, "registryHive"), text(ev, "registryKey"));
            case "registryvalue" -> {
                String key = registryPath(text(ev, "registryHive"), text(ev, "registryKey"));
                String name = text(ev, "registryValueName");
                if (key != null) weak(out, EntityType.REGISTRY_VALUE, name == null ? key : key + '\\' + name);
            }
            default -> weak(out, kind.toLowerCase(Locale.ROOT), firstText(ev, "id", "name", "displayName",
                    "appId", "resourceId", "networkMessageId", "clusterBy", "securityGroupId"));
        }
    }

    private void graphAccount(List<Entity> out, JsonNode u) {
        if (u == null || !u.isObject()) return;
        account(out, text(u, "userPrincipalName"), text(u, "azureAdUserId"), text(u, "userSid"),
                text(u, "domainName"), text(u, "accountName"));
    }

    // ---- Defender for Endpoint /api/alerts -------------------------------------------------------------

    Alert mdeAlert(JsonNode a, List<RecordProblem> warnings) throws RecordProblem {
        String id = required(a, "id");
        Instant start = time(a, "firstEventTime");
        Instant end = time(a, "lastEventTime");
        Instant created = time(a, "alertCreationTime");
        if (start == null && created == null) throw new RecordProblem("firstEventTime", "missing (and no alertCreationTime either)");
        List<Entity> entities = new ArrayList<>();
        host(entities, firstText(a, "computerDnsName", "machineId"));
        JsonNode user = a.get("relatedUser");
        if (user != null && user.isObject()) account(entities, null, null, null, text(user, "domainName"), text(user, "userName"));
        JsonNode evidence = a.get("evidence");
        if (evidence != null && !evidence.isNull()) {
            if (!evidence.isArray()) {
                warnings.add(new RecordProblem("evidence", "not a list (" + kind(evidence) + "); ignored"));
            } else {
                for (int i = 0; i < evidence.size(); i++) mdeEvidence(evidence.get(i), "evidence[" + i + "]", entities, warnings);
            }
        }
        return build(Alert.builder()
                .id(id)
                .tenant(tenant(a, "aadTenantId"))
                .severity(severity(a, "severity"))
                .status(status(a, "status"))
                .startTime(start)
                .endTime(end)
                .timeGenerated(created)
                .alertType(intern(firstText(a, "detectorId", "title")))
                .displayName(intern(text(a, "title")))
                .description(intern(text(a, "description")))
                .product("Microsoft Defender for Endpoint")
                .tactics(tactic(a, "category", warnings))
                .techniques(techniques(a, "mitreTechniques", warnings))
                .entities(limits.capEntities(entities, warnings))
                .vendorIncidentId(text(a, "incidentId")));
    }

    private void mdeEvidence(JsonNode ev, String at, List<Entity> out, List<RecordProblem> warnings) {
        if (!ev.isObject()) {
            warnings.add(new RecordProblem(at, "not an object (" + kind(ev) + "); ignored"));
            return;
        }
        String type = text(ev, "entityType");
        if (type == null) {
            warnings.add(new RecordProblem(at + ".entityType", "missing; the evidence is ignored"));
            return;
        }
        switch (type.toLowerCase(Locale.ROOT)) {
            case "file" -> file(out, ev);
            case "process" -> {
                process(out, text(ev, "processCommandLine"), ev);
                file(out, ev);
            }
            case "user" -> account(out, text(ev, "userPrincipalName"), text(ev, "aadUserId"), text(ev, "userSid"),
                    text(ev, "domainName"), text(ev, "accountName"));
            case "ip" -> ip(out, text(ev, "ipAddress"));
            case "url" -> url(out, text(ev, "url"));
            case "mailbox" -> mailbox(out, firstText(ev, "userPrincipalName", "accountName"));
            case "machine" -> host(out, firstText(ev, "deviceDnsName", "computerDnsName", "machineId", "deviceId"));
            case "registry", "registrykey" -> registryKey(out, text(ev, "registryHive"), text(ev, "registryKey"));
            default -> weak(out, type.toLowerCase(Locale.ROOT), firstText(ev, "sha256", "sha1", "url", "ipAddress",
                    "registryKey", "accountName", "fileName"));
        }
    }

    // ---- Defender for Cloud alert as an Activity Log event ------------------------------------------------

    /**
     * The Activity Log form: id {@code correlationId}, title {@code eventName.value}, time {@code eventTimestamp},
     * and {@code properties} with severity, intent (JSON held in a string) and compromisedEntity. Its top-level
     * {@code level} and {@code status} are always Informational / Active and are not the alert's.
     */
    Alert activityLogAlert(JsonNode e, List<RecordProblem> warnings) throws RecordProblem {
        String id = required(e, "correlationId");
        JsonNode props = e.path("properties");
        Instant time = time(e, "eventTimestamp");
        if (time == null) throw new RecordProblem("eventTimestamp", "missing");
        String title = e.path("eventName").isObject() ? text(e.path("eventName"), "value") : text(e, "eventName");
        String resourceId = text(e, "resourceId");
        String tenant = text(e, "subscriptionId");
        if (tenant == null) tenant = AlertMapper.subscriptionOf(resourceId);
        if (tenant == null) throw new RecordProblem("subscriptionId", "missing (and no /subscriptions/{id} in resourceId)");
        String severityText = text(props, "severity");
        if (severityText == null) throw new RecordProblem("properties.severity", "missing (Informational, Low, Medium, High)");
        Severity severity = Severity.parse(severityText);
        if (severity == null) throw new RecordProblem("properties.severity", quote(severityText) + " is not a severity (Informational, Low, Medium, High)");
        List<Tactic> tactics = new ArrayList<>();
        String intent = text(props, "intent");
        if (intent != null) {
            for (String name : intent.replace("[", "").replace("]", "").replace("\"", "").split(",")) {
                if (name.isBlank()) continue;
                Tactic t = Tactic.parse(name.trim());
                if (t != null) tactics.add(t);
                else warnings.add(new RecordProblem("properties.intent", quote(name.trim()) + " is not a MITRE ATT&CK tactic; ignored"));
            }
        }
        List<Entity> entities = new ArrayList<>();
        String compromised = text(props, "compromisedEntity");
        return build(Alert.builder()
                .id(id)
                .tenant(interner.lowerCase(tenant))
                .severity(severity)
                .status(AlertStatus.ACTIVE)
                .startTime(time)
                .timeGenerated(time)
                .alertType(intern(title))
                .displayName(intern(title))
                .description(intern(text(e, "description")))
                .product("Microsoft Defender for Cloud")
                .compromisedEntity(intern(compromised))
                .tactics(tactics)
                .entities(limits.capEntities(entities, warnings)));
    }

    // ---- entities, keyed as EntityNormaliser keys them ---------------------------------------------------

    private void host(List<Entity> out, String name) {
        if (name != null) add(out, EntityType.HOST, interner.lowerCase(name));
    }

    private void azureResource(List<Entity> out, String resourceId) {
        if (resourceId != null) add(out, EntityType.AZURE_RESOURCE, interner.lowerCase(resourceId));
    }

    /** Keyed as Defender for Cloud accounts are: UPN, else Entra object id, else a Windows SID, else domain\name. */
    private void account(List<Entity> out, String upn, String aadUserId, String sid, String domain, String name) {
        String key;
        if (upn != null) key = interner.lowerCase(upn);
        else if (aadUserId != null) key = interner.lowerCase(aadUserId);
        else if (sid != null && EntityNormaliser.isWindowsSid(sid)) key = interner.upperCase(sid);
        else if (name != null) key = interner.lowerCase(domain != null ? domain + '\\' + name : name);
        else key = null;
        if (key != null) add(out, EntityType.ACCOUNT, key);
    }

    private void ip(List<Entity> out, String address) {
        String canonical = IpAddresses.canonical(address);
        if (canonical != null) add(out, EntityType.IP, interner.intern(canonical));
    }

    private void url(List<Entity> out, String url) {
        if (url != null) add(out, EntityType.URL, interner.intern(url));
    }

    private void mailbox(List<Entity> out, String address) {
        if (address != null) add(out, EntityType.MAILBOX, interner.lowerCase(address));
    }

    /** A file's hashes (strong) and path (weak); {@code details} has sha1/sha256/fileName/filePath. */
    private void file(List<Entity> out, JsonNode details) {
        if (details == null || !details.isObject()) return;
        String sha256 = text(details, "sha256");
        String sha1 = text(details, "sha1");
        if (sha256 != null) add(out, EntityType.FILE_HASH, interner.lowerCase("SHA256:" + sha256));
        if (sha1 != null) add(out, EntityType.FILE_HASH, interner.lowerCase("SHA1:" + sha1));
        String name = text(details, "fileName");
        if (name != null) {
            String dir = text(details, "filePath");
            String path = dir == null ? name : dir.endsWith("\\") || dir.endsWith("/") ? dir + name
                    : dir + (dir.indexOf('/') >= 0 && dir.indexOf('\\') < 0 ? '/' : '\\') + name;
            addAsWritten(out, EntityType.FILE, path);
        }
    }

    /**
     * A process is a weak entity keyed by its command line in lower case, as Defender for Cloud and Sentinel
     * processes are; the command line as written (case matters on Linux and in base64) is what is shown.
     */
    private void process(List<Entity> out, String commandLine, JsonNode image) {
        if (commandLine != null) {
            addAsWritten(out, EntityType.PROCESS, commandLine);
        } else if (image != null && image.isObject() && text(image, "fileName") != null) {
            addAsWritten(out, EntityType.PROCESS, text(image, "fileName"));
        }
    }

    /** Keyed in lower case for matching; the value as written kept when it differs. */
    private void addAsWritten(List<Entity> out, String type, String written) {
        String key = interner.lowerCase(written);
        Entity e = interner.entity(type, key);
        if (!key.equals(written)) e = e.withDetails(EntityDetails.of(written, null, null));
        if (!out.contains(e)) out.add(e);
    }

    private void registryKey(List<Entity> out, String hive, String key) {
        String path = registryPath(hive, key);
        if (path != null) add(out, EntityType.REGISTRY_KEY, path);
    }

    private String registryPath(String hive, String key) {
        if (key == null) return null;
        return interner.lowerCase(hive == null ? key : hive + '\\' + key);
    }

    private void weak(List<Entity> out, String type, String key) {
        if (key != null && !type.isBlank()) add(out, interner.intern(type), interner.intern(key));
    }

    private void add(List<Entity> out, String type, String key) {
        Entity e = interner.entity(type, key);
        if (!out.contains(e)) out.add(e);
    }

    // ---- fields -----------------------------------------------------------------------------------------

    private Alert build(Alert.Builder b) throws RecordProblem {
        try {
            Alert alert = b.build();
            limits.check(alert);
            return alert;
        } catch (IllegalArgumentException | NullPointerException | ArithmeticException e) {
            String m = String.valueOf(e.getMessage());
            int colon = m.indexOf(": ");
            throw colon > 0 ? new RecordProblem(m.substring(0, colon), m.substring(colon + 2)) : new RecordProblem(null, m);
        }
    }

    private static String required(JsonNode a, String field) throws RecordProblem {
        JsonNode v = a.get(field);
        if (v != null && v.isContainerNode()) throw new RecordProblem(field, "expected a text value, found " + kind(v));
        String t = text(a, field);
        if (t == null) throw new RecordProblem(field, "missing");
        return t;
    }

    private String tenant(JsonNode a, String field) throws RecordProblem {
        return interner.lowerCase(required(a, field));
    }

    /** Graph: informational|low|medium|high|unknown; Defender for Endpoint adds UnSpecified. Unknown reads as Informational. */
    private static Severity severity(JsonNode a, String field) throws RecordProblem {
        JsonNode v = a.get(field);
        if (v == null || v.isNull()) throw new RecordProblem(field, "missing (informational, low, medium, high)");
        if (!v.isTextual()) throw new RecordProblem(field, "expected a severity name, found " + kind(v));
        String text = v.asText().trim();
        Severity s = Severity.parse(text);
        if (s != null && !Character.isDigit(text.isEmpty() ? 'x' : text.charAt(0))) return s;
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.equals("unknown") || lower.equals("unspecified") || lower.equals("unknownfuturevalue")) return Severity.INFORMATIONAL;
        throw new RecordProblem(field, quote(text) + " is not a severity (informational, low, medium, high, unknown)");
    }

    private static AlertStatus status(JsonNode a, String field) throws RecordProblem {
        JsonNode v = a.get(field);
        if (v == null || v.isNull()) return AlertStatus.NEW;
        if (!v.isTextual()) throw new RecordProblem(field, "expected a status name, found " + kind(v));
        String text = v.asText().trim();
        if (text.isEmpty() || text.equalsIgnoreCase("unknown") || text.equalsIgnoreCase("unknownFutureValue")) return AlertStatus.NEW;
        AlertStatus s = AlertStatus.parse(text);
        if (s == null) throw new RecordProblem(field, quote(text) + " is not a status (new, inProgress, resolved)");
        return s;
    }

    private static Instant time(JsonNode a, String field) throws RecordProblem {
        JsonNode v = a.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw new RecordProblem(field, "expected a timestamp text, found " + kind(v));
        String text = v.asText();
        if (text.isBlank()) return null;
        Instant t = Timestamps.parse(text);
        if (t == null) throw new RecordProblem(field, quote(text) + " is not a timestamp (" + Timestamps.EXPECTED + ")");
        String range = Timestamps.outOfRange(t);
        if (range != null) throw new RecordProblem(field, quote(text) + " " + range);
        return t;
    }

    /** Graph's {@code category} is one ATT&CK tactic; Defender for Endpoint's may be its own category (Malware). */
    private static List<Tactic> tactic(JsonNode a, String field, List<RecordProblem> warnings) {
        String text = text(a, field);
        if (text == null) return List.of();
        Tactic t = Tactic.parse(text);
        if (t != null) return List.of(t);
        if (!MDE_CATEGORIES.containsKey(text.toLowerCase(Locale.ROOT).replace(" ", ""))) {
            warnings.add(new RecordProblem(field, quote(text) + " is not a MITRE ATT&CK tactic; the alert has no tactic from it"));
        }
        return List.of();
    }

    /** Defender's own categories that are no ATT&CK tactic: not worth a warning. */
    private static final Map<String, Boolean> MDE_CATEGORIES = Map.of(
            "malware", true, "suspiciousactivity", true, "unwantedsoftware", true, "ransomware", true,
            "exploit", true, "threatmanagement", true, "general", true, "none", true, "unknown", true, "customdetection", true);

    private List<String> techniques(JsonNode a, String field, List<RecordProblem> warnings) {
        JsonNode v = a.get(field);
        if (v == null || v.isNull()) return List.of();
        List<String> out = new ArrayList<>();
        if (v.isArray()) {
            for (JsonNode t : v) if (t.isTextual() && !t.asText().isBlank()) out.add(interner.intern(t.asText().trim()));
        } else if (v.isTextual()) {
            for (String t : v.asText().split("[,;]")) if (!t.isBlank()) out.add(interner.intern(t.trim()));
        } else {
            warnings.add(new RecordProblem(field, "not a list (" + kind(v) + "); ignored"));
        }
        return out;
    }

    private String intern(String s) {
        return interner.intern(s);
    }

    /** The field's text trimmed; null when absent, null, blank or not a scalar. Numbers give their text. */
    static String text(JsonNode o, String field) {
        if (o == null) return null;
        JsonNode v = o.get(field);
        if (v == null || !v.isValueNode() || v.isNull()) return null;
        String t = v.asText().trim();
        return t.isEmpty() ? null : t;
    }

    static String firstText(JsonNode o, String... fields) {
        for (String f : fields) {
            String t = text(o, f);
            if (t != null) return t;
        }
        return null;
    }

    static String kind(JsonNode v) {
        if (v.isObject()) return "an object";
        if (v.isArray()) return "an array";
        if (v.isTextual()) return "a string";
        if (v.isNumber()) return "a number";
        if (v.isBoolean()) return "a boolean";
        return "null";
    }

    static String quote(String text) {
        String t = text.length() > 80 ? text.substring(0, 77) + "..." : text;
        return '"' + t + '"';
    }
}
