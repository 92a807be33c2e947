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
            Refs refs = new Refs(entities);
            for (LightJson.Obj o : entities.objects) {
                Entity e = entityOf(o, refs, 0);
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

    /**
     * The objects of one entity list by their {@code $id}, for {@code $ref}s: the map is made when the first
     * reference is met, so that a list without any (most) costs nothing.
     */
    private static final class Refs {
        private final LightJson entities;
        private Map<String, LightJson.Obj> byId;

        Refs(LightJson entities) {
            this.entities = entities;
        }

        LightJson.Obj get(String id) {
            if (byId == null) {
                byId = new HashMap<>();
                for (LightJson.Obj o : entities.objects) {
                    String i = o.text(EntityField.REF_ID);
                    if (i != null) byId.putIfAbsent(i, o);
                }
            }
            return byId.get(id);
        }
    }

    /** The object a {@code {"$ref": "N"}} stands for, or the value itself. */
    private static Object resolve(Object value, Refs refs) {
        if (value instanceof LightJson.Obj o && o.size() == 1 && o.field(0) == EntityField.REF) {
            return o.value(0) instanceof String ref ? refs.get(ref.trim()) : null;
        }
        return value;
    }

    private Entity entityOf(LightJson.Obj o, Refs refs, int depth) {
        CharSequence rawType = o.slice(EntityField.TYPE);
        if (rawType == null) return null;
        String type = typeName(rawType);
        // Command lines and file paths are matched in lower case but shown as written (case matters on Linux
        // and in base64 payloads): the written form rides along, only when it differs from the key. Made once,
        // for both.
        boolean shownAsWritten = type.equals(EntityType.PROCESS) || type.equals(EntityType.FILE);
        CharSequence written = !shownAsWritten ? null : type.equals(EntityType.PROCESS) ? processAsWritten(o, refs) : filePathAsWritten(o);
        String key = shownAsWritten ? lower(written) : keyOf(type, o, refs, depth);
        if (key == null || key.isEmpty()) return null;
        Entity e = interner.entity(type, key);
        if (written != null && !key.contentEquals(written)) return e.withDetails(EntityDetails.of(written.toString(), null, null));
        return e;
    }

    private static CharSequence processAsWritten(LightJson.Obj o, Refs refs) {
        CharSequence commandLine = o.slice(EntityField.COMMAND_LINE);
        if (commandLine != null) return commandLine;
        Object image = resolve(o.get(EntityField.IMAGE_FILE), refs);
        CharSequence imageName = image instanceof LightJson.Obj file ? file.slice(EntityField.NAME) : null;
        if (imageName == null) return null;
        CharSequence pid = o.slice(EntityField.PROCESS_ID);
        return pid == null ? imageName : imageName + ":" + pid;
    }

    private String keyOf(String type, LightJson.Obj o, Refs refs, int depth) {
        switch (type) {
            case EntityType.HOST: {
                CharSequence host = o.slice(EntityField.HOST_NAME);
                if (host != null) {
                    CharSequence domain = o.slice(EntityField.DNS_DOMAIN);
                    if (domain == null || isQualifiedBy(host, domain)) return lower(host);
                    return lower(host + "." + domain);
                }
                return lower(first(o, EntityField.FQDN, EntityField.NET_BIOS_NAME, EntityField.AZURE_ID));
            }
            case EntityType.ACCOUNT: {
                CharSequence name = o.slice(EntityField.NAME);
                CharSequence upnSuffix = o.slice(EntityField.UPN_SUFFIX);
                if (name != null && upnSuffix != null) return lower(contains(name, '@') ? name : name + "@" + upnSuffix);
                CharSequence aad = o.slice(EntityField.AAD_USER_ID);
                if (aad != null) return lower(aad);
                CharSequence sid = o.slice(EntityField.SID);
                if (sid != null && isWindowsSid(sid)) return interner.upperCase(sid.toString());
                CharSequence domain = o.slice(EntityField.NT_DOMAIN);
                if (name != null && domain == null && sid != null && depth < MAX_DEPTH) {
                    // A Linux "SID" is uid:gid (1001:1001 is every VM's first user): the account is its host's.
                    Object host = resolve(o.get(EntityField.HOST), refs);
                    String hostKey = host instanceof LightJson.Obj h ? keyOf(EntityType.HOST, h, refs, depth + 1) : null;
                    if (hostKey != null) return lower(hostKey + "\\" + name);
                }
                return lower(name != null && domain != null ? domain + "\\" + name : name);
            }
            case EntityType.IP: {
                CharSequence address = o.slice(EntityField.ADDRESS);
                if (address == null) return null;
                // Interned first: an address met before is then canonical already, with no copy made.
                String canonical = IpAddresses.canonical(interner.intern(address));
                return canonical == null ? null : interner.intern(canonical);
            }
            case EntityType.FILE:
                return filePath(o);
            case EntityType.FILE_HASH: {
                CharSequence value = o.slice(EntityField.VALUE);
                if (value == null) return null;
                CharSequence algorithm = o.slice(EntityField.ALGORITHM);
                return lower(algorithm == null ? value : algorithm + ":" + value);
            }
            case EntityType.URL:
                return interner.intern(o.slice(EntityField.URL));
            case EntityType.AZURE_RESOURCE:
                return lower(o.slice(EntityField.RESOURCE_ID));
            case EntityType.MAILBOX:
                return lower(first(o, EntityField.MAILBOX_PRIMARY_ADDRESS, EntityField.UPN, EntityField.AAD_ID));
            case EntityType.CLOUD_APPLICATION: {
                CharSequence appId = o.slice(EntityField.APP_ID);
                return appId != null ? interner.intern(appId) : lower(o.slice(EntityField.NAME));
            }
            case EntityType.DNS:
                return lower(o.slice(EntityField.DOMAIN_NAME));
            case EntityType.MALWARE:
                return lower(o.slice(EntityField.NAME));
            case EntityType.REGISTRY_KEY:
                return registryKeyPath(o);
            case EntityType.REGISTRY_VALUE: {
                Object key = resolve(o.get(EntityField.KEY), refs);
                String path = key instanceof LightJson.Obj k ? registryKeyPath(k)
                        : key instanceof String s && !s.isBlank() ? lower(s.trim()) : null;
                if (path == null) return null;
                CharSequence name = o.slice(EntityField.NAME);
                return name == null ? path : lower(path + "\\" + name);
            }
            case EntityType.PROCESS:
                return lower(processAsWritten(o, refs));
            default: {
                for (EntityField name : NAME_LIKE) {
                    CharSequence v = o.slice(name);
                    if (v != null) return interner.intern(v);
                }
                StringBuilder b = new StringBuilder(64);
                canonical(b, o, refs, depth, true);
                return b.length() <= 2 ? null : interner.intern(b.toString());
            }
        }
    }

    private static boolean contains(CharSequence s, char c) {
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) == c) return true;
        return false;
    }

    /** Windows and Entra SIDs ({@code S-1-...}) identify an account; a Linux uid:gid does not. */
    static boolean isWindowsSid(CharSequence sid) {
        return sid.length() > 4 && CharSlice.regionMatchesIgnoreCase(sid, 0, "S-1-", 0, 4);
    }

    private String filePath(LightJson.Obj o) {
        CharSequence path = filePathAsWritten(o);
        return path == null ? null : lower(path);
    }

    private static CharSequence filePathAsWritten(LightJson.Obj o) {
        CharSequence name = o.slice(EntityField.NAME);
        if (name == null) return null;
        CharSequence dir = o.slice(EntityField.DIRECTORY);
        if (dir == null) return name;
        char last = dir.charAt(dir.length() - 1);
        if (last == '\\' || last == '/') return dir.toString() + name;
        // Windows paths join with '\'; a directory written only with '/' (Linux) keeps its own separator.
        char sep = contains(dir, '/') && !contains(dir, '\\') ? '/' : '\\';
        return dir.toString() + sep + name;
    }

    private String registryKeyPath(LightJson.Obj o) {
        CharSequence key = o.slice(EntityField.KEY);
        if (key == null) return null;
        CharSequence hive = o.slice(EntityField.HIVE);
        return lower(hive == null ? key : hive + "\\" + key);
    }

    /** True when the host name already ends with ".domain" (some products write the FQDN as HostName). */
    private static boolean isQualifiedBy(CharSequence host, CharSequence domain) {
        int at = host.length() - domain.length();
        return at > 1 && host.charAt(at - 1) == '.' && CharSlice.regionMatchesIgnoreCase(host, at, domain.toString(), 0, domain.length());
    }

    /**
     * A stable text for an entity of a type we do not know and that has no name-like field: its fields other than
     * the type and the {@code $} bookkeeping, sorted by lower-case name, scalars as JSON strings, nested entities
     * as their type:key.
     */
    private void canonical(StringBuilder b, Object value, Refs refs, int depth, boolean outer) {
        value = resolve(value, refs);
        if (depth > MAX_DEPTH) {
            b.append("\"...\"");
        } else if (value instanceof LightJson.Obj o) {
            if (!outer && o.text(EntityField.TYPE) != null) {
                Entity e = entityOf(o, refs, depth + 1);
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
                canonical(b, field.getValue(), refs, depth + 1, false);
            }
            b.append('}');
        } else if (value instanceof List<?> list) {
            b.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) b.append(',');
                canonical(b, list.get(i), refs, depth + 1, false);
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

    private String typeName(CharSequence written) {
        String t = typeNames.getText(written);
        if (t != null) return t;
        String raw = written.toString();
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

    private String lower(CharSequence s) {
        return s == null ? null : interner.lowerCase(s);
    }

    private static CharSequence first(LightJson.Obj o, EntityField a, EntityField b, EntityField c) {
        CharSequence v = o.slice(a);
        if (v == null) v = o.slice(b);
        if (v == null) v = o.slice(c);
        return v;
    }
}
