package org.alertcorrelator.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.alertcorrelator.model.Entity;
import org.alertcorrelator.model.EntityDetails;
import org.alertcorrelator.model.EntityType;

/**
 * Turns an alert's entity list into the (type, key) pairs correlation compares. Entities nest other entities
 * (a process's ImageFile, an account's Host) and refer to ones already written with {@code {"$ref": "N"}}
 * (Json.NET's reference handling), so every object with a type is taken wherever it sits, and references are
 * resolved through the {@code $id}s of the same alert. Types we do not know are kept. An entity without a
 * usable key is skipped: entities never reject an alert.
 *
 * <p>Keys are normalised as {@link EntityType} describes, so that the same host or account named by different
 * products, in different case or with an empty domain, is one entity.
 */
final class EntityNormaliser {
    // Deeper than any real nesting of entities in a key; bounds the work on reference cycles.
    private static final int MAX_DEPTH = 4;
    private static final EntityField[] NAME_LIKE = {
            EntityField.NAME, EntityField.ID, EntityField.VALUE, EntityField.ADDRESS, EntityField.URL,
            EntityField.URI, EntityField.DISPLAY_NAME, EntityField.RESOURCE_ID};
    private static final Map<String, String> KNOWN_TYPES = new HashMap<>();

    static {
        for (String t : List.of(EntityType.HOST, EntityType.ACCOUNT, EntityType.IP, EntityType.FILE,
                EntityType.FILE_HASH, EntityType.PROCESS, EntityType.URL, EntityType.AZURE_RESOURCE,
                EntityType.MAILBOX, EntityType.CLOUD_APPLICATION, EntityType.DNS, EntityType.MALWARE,
                EntityType.REGISTRY_KEY, EntityType.REGISTRY_VALUE)) {
            KNOWN_TYPES.put(squash(t), t);
        }
        // Other spellings of the same types (Sentinel's entity kinds, older Defender names).
        KNOWN_TYPES.put("ipaddress", EntityType.IP);
        KNOWN_TYPES.put("dnsresolution", EntityType.DNS);
        KNOWN_TYPES.put("cloudapp", EntityType.CLOUD_APPLICATION);
    }

    private final Interner interner;
    private final BoundedCache<String, String> typeNames = new BoundedCache<>(1024);

    EntityNormaliser(Interner interner) {
        this.interner = interner;
    }

    /**
     * @param entities   the entity list (or one entity), may be null
     * @param resourceId the alert's Azure resource id, which becomes an azure-resource entity; may be null
     */
    List<Entity> normalise(LightJson entities, String resourceId) {
        List<Entity> out = new ArrayList<>(entities == null ? 1 : entities.objects.size() + 1);
        Set<Entity> seen = null;
        if (entities != null) {
            Map<String, LightJson.Obj> byId = idsOf(entities);
            for (LightJson.Obj o : entities.objects) {
                Entity e = entityOf(o, byId, 0);
                if (e == null) continue;
                if (seen == null && out.size() >= 32) seen = new HashSet<>(out);
                if (seen != null ? seen.add(e) : !out.contains(e)) out.add(e);
            }
        }
        if (resourceId != null) {
            Entity e = interner.entity(EntityType.AZURE_RESOURCE, interner.lowerCase(resourceId));
            if (!out.contains(e)) out.add(e);
        }
        return out;
    }

    private static Map<String, LightJson.Obj> idsOf(LightJson entities) {
        Map<String, LightJson.Obj> byId = null;
        for (LightJson.Obj o : entities.objects) {
            String id = o.text(EntityField.REF_ID);
            if (id == null) continue;
            if (byId == null) byId = new HashMap<>();
            byId.putIfAbsent(id, o);
        }
        return byId == null ? Map.of() : byId;
    }

    /** The object a {@code {"$ref": "N"}} stands for, or the value itself. */
    private static Object resolve(Object value, Map<String, LightJson.Obj> byId) {
        if (value instanceof LightJson.Obj o && o.size() == 1 && o.field(0) == EntityField.REF) {
            return o.value(0) instanceof String ref ? byId.get(ref.trim()) : null;
        }
        return value;
    }

    private Entity entityOf(LightJson.Obj o, Map<String, LightJson.Obj> byId, int depth) {
        String rawType = o.text(EntityField.TYPE);
        if (rawType == null) return null;
        String type = typeName(rawType);
        String key = keyOf(type, o, byId, depth);
        if (key == null || key.isEmpty()) return null;
        Entity e = interner.entity(type, key);
        // Command lines and file paths are matched in lower case but shown as written (case matters on Linux
        // and in base64 payloads): the written form rides along, only when it differs from the key.
        if (type.equals(EntityType.PROCESS) || type.equals(EntityType.FILE)) {
            String written = type.equals(EntityType.PROCESS) ? processAsWritten(o, byId) : filePathAsWritten(o);
            if (written != null && !written.equals(key)) return e.withDetails(EntityDetails.of(written, null, null));
        }
        return e;
    }

    private static String processAsWritten(LightJson.Obj o, Map<String, LightJson.Obj> byId) {
        String commandLine = o.text(EntityField.COMMAND_LINE);
        if (commandLine != null) return commandLine;
        Object image = resolve(o.get(EntityField.IMAGE_FILE), byId);
        String imageName = image instanceof LightJson.Obj file ? file.text(EntityField.NAME) : null;
        if (imageName == null) return null;
        String pid = o.text(EntityField.PROCESS_ID);
        return pid == null ? imageName : imageName + ':' + pid;
    }

    private String keyOf(String type, LightJson.Obj o, Map<String, LightJson.Obj> byId, int depth) {
        switch (type) {
            case EntityType.HOST: {
                String host = o.text(EntityField.HOST_NAME);
                if (host != null) {
                    String domain = o.text(EntityField.DNS_DOMAIN);
                    if (domain == null || isQualifiedBy(host, domain)) return lower(host);
                    return lower(host + '.' + domain);
                }
                return lower(first(o, EntityField.FQDN, EntityField.NET_BIOS_NAME, EntityField.AZURE_ID));
            }
            case EntityType.ACCOUNT: {
                String name = o.text(EntityField.NAME);
                String upnSuffix = o.text(EntityField.UPN_SUFFIX);
                if (name != null && upnSuffix != null) return lower(name.indexOf('@') >= 0 ? name : name + '@' + upnSuffix);
                String aad = o.text(EntityField.AAD_USER_ID);
                if (aad != null) return lower(aad);
                String sid = o.text(EntityField.SID);
                if (sid != null && isWindowsSid(sid)) return interner.upperCase(sid);
                String domain = o.text(EntityField.NT_DOMAIN);
                if (name != null && domain == null && sid != null && depth < MAX_DEPTH) {
                    // A Linux "SID" is uid:gid (1001:1001 is every VM's first user): the account is its host's.
                    Object host = resolve(o.get(EntityField.HOST), byId);
                    String hostKey = host instanceof LightJson.Obj h ? keyOf(EntityType.HOST, h, byId, depth + 1) : null;
                    if (hostKey != null) return lower(hostKey + '\\' + name);
                }
                return lower(name != null && domain != null ? domain + '\\' + name : name);
            }
            case EntityType.IP: {
                String canonical = IpAddresses.canonical(o.text(EntityField.ADDRESS));
                return canonical == null ? null : interner.intern(canonical);
            }
            case EntityType.FILE:
                return filePath(o);
            case EntityType.FILE_HASH: {
                String value = o.text(EntityField.VALUE);
                if (value == null) return null;
                String algorithm = o.text(EntityField.ALGORITHM);
                return lower(algorithm == null ? value : algorithm + ':' + value);
            }
            case EntityType.URL:
                return interner.intern(o.text(EntityField.URL));
            case EntityType.AZURE_RESOURCE:
                return lower(o.text(EntityField.RESOURCE_ID));
            case EntityType.MAILBOX:
                return lower(first(o, EntityField.MAILBOX_PRIMARY_ADDRESS, EntityField.UPN, EntityField.AAD_ID));
            case EntityType.CLOUD_APPLICATION: {
                String appId = o.text(EntityField.APP_ID);
                return appId != null ? interner.intern(appId) : lower(o.text(EntityField.NAME));
            }
            case EntityType.DNS:
                return lower(o.text(EntityField.DOMAIN_NAME));
            case EntityType.MALWARE:
                return lower(o.text(EntityField.NAME));
            case EntityType.REGISTRY_KEY:
                return registryKeyPath(o);
            case EntityType.REGISTRY_VALUE: {
                Object key = resolve(o.get(EntityField.KEY), byId);
                String path = key instanceof LightJson.Obj k ? registryKeyPath(k)
                        : key instanceof String s && !s.isBlank() ? lower(s.trim()) : null;
                if (path == null) return null;
                String name = o.text(EntityField.NAME);
                return name == null ? path : lower(path + '\\' + name);
            }
            case EntityType.PROCESS: {
                String commandLine = o.text(EntityField.COMMAND_LINE);
                if (commandLine != null) return lower(commandLine);
                Object image = resolve(o.get(EntityField.IMAGE_FILE), byId);
                String imageName = image instanceof LightJson.Obj file ? file.text(EntityField.NAME) : null;
                if (imageName == null) return null;
                String pid = o.text(EntityField.PROCESS_ID);
                return lower(pid == null ? imageName : imageName + ':' + pid);
            }
            default: {
                for (EntityField name : NAME_LIKE) {
                    String v = o.text(name);
                    if (v != null) return interner.intern(v);
                }
                StringBuilder b = new StringBuilder(64);
                canonical(b, o, byId, depth, true);
                return b.length() <= 2 ? null : interner.intern(b.toString());
            }
        }
    }

    /** Windows and Entra SIDs ({@code S-1-...}) identify an account; a Linux uid:gid does not. */
    static boolean isWindowsSid(String sid) {
        return sid.length() > 4 && sid.regionMatches(true, 0, "S-1-", 0, 4);
    }

    private String filePath(LightJson.Obj o) {
        String path = filePathAsWritten(o);
        return path == null ? null : lower(path);
    }

    private static String filePathAsWritten(LightJson.Obj o) {
        String name = o.text(EntityField.NAME);
        if (name == null) return null;
        String dir = o.text(EntityField.DIRECTORY);
        if (dir == null) return name;
        char last = dir.charAt(dir.length() - 1);
        if (last == '\\' || last == '/') return dir + name;
        // Windows paths join with '\'; a directory written only with '/' (Linux) keeps its own separator.
        char sep = dir.indexOf('/') >= 0 && dir.indexOf('\\') < 0 ? '/' : '\\';
        return dir + sep + name;
    }

    private String registryKeyPath(LightJson.Obj o) {
        String key = o.text(EntityField.KEY);
        if (key == null) return null;
        String hive = o.text(EntityField.HIVE);
        return lower(hive == null ? key : hive + '\\' + key);
    }

    /** True when the host name already ends with ".domain" (some products write the FQDN as HostName). */
    private static boolean isQualifiedBy(String host, String domain) {
        int at = host.length() - domain.length();
        return at > 1 && host.charAt(at - 1) == '.' && host.regionMatches(true, at, domain, 0, domain.length());
    }

    /**
     * A stable text for an entity of a type we do not know and that has no name-like field: its fields other than
     * the type and the {@code $} bookkeeping, sorted by lower-case name, scalars as JSON strings, nested entities
     * as their type:key.
     */
    private void canonical(StringBuilder b, Object value, Map<String, LightJson.Obj> byId, int depth, boolean outer) {
        value = resolve(value, byId);
        if (depth > MAX_DEPTH) {
            b.append("\"...\"");
        } else if (value instanceof LightJson.Obj o) {
            if (!outer && o.text(EntityField.TYPE) != null) {
                Entity e = entityOf(o, byId, depth + 1);
                if (e != null) {
                    quoted(b, e.toString());
                    return;
                }
            }
            Map<String, Object> sorted = new TreeMap<>();
            for (int i = 0; i < o.size(); i++) {
                String name = o.name(i);
                if (name.startsWith("$") || outer && o.field(i) == EntityField.TYPE) continue;
                sorted.putIfAbsent(name.toLowerCase(Locale.ROOT), o.value(i));
            }
            b.append('{');
            for (Map.Entry<String, Object> field : sorted.entrySet()) {
                if (b.charAt(b.length() - 1) != '{') b.append(',');
                quoted(b, field.getKey());
                b.append(':');
                canonical(b, field.getValue(), byId, depth + 1, false);
            }
            b.append('}');
        } else if (value instanceof List<?> list) {
            b.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) b.append(',');
                canonical(b, list.get(i), byId, depth + 1, false);
            }
            b.append(']');
        } else if (value == null) {
            b.append("null");
        } else {
            quoted(b, value.toString());
        }
    }

    private static void quoted(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') b.append('\\');
            b.append(c);
        }
        b.append('"');
    }

    private String typeName(String raw) {
        String t = typeNames.get(raw);
        if (t != null) return t;
        String lower = raw.toLowerCase(Locale.ROOT);
        t = interner.intern(KNOWN_TYPES.getOrDefault(squash(lower), lower));
        typeNames.put(raw, t);
        return t;
    }

    private static String squash(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '-' && c != '_' && c != ' ') b.append(Character.toLowerCase(c));
        }
        return b.toString();
    }

    private String lower(String s) {
        return s == null ? null : interner.lowerCase(s);
    }

    private static String first(LightJson.Obj o, EntityField a, EntityField b, EntityField c) {
        String v = o.text(a);
        if (v == null) v = o.text(b);
        if (v == null) v = o.text(c);
        return v;
    }
}
