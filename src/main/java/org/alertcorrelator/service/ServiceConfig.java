package org.alertcorrelator.service;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

import org.alertcorrelator.ruleset.Durations;
import org.alertcorrelator.service.auth.Role;
import org.alertcorrelator.service.auth.TokenEntry;
import org.alertcorrelator.store.JdbcStore;

/**
 * The service's settings, resolved: command line over environment over config file over defaults (see
 * {@link Setting}). The config file is Java properties; tokens are its {@code token.NAME.role},
 * {@code token.NAME.sha256} and {@code token.NAME.tenants} lines.
 */
public record ServiceConfig(int port, String bind, Path rulesDir, Path dataDir, String storeUrl, String storeUser,
                            String storePassword, Duration retention, Duration purgeInterval, Duration lateness,
                            Duration flushAfterIdle, long maxRequestBytes, ReopenPolicy reopenClosed,
                            List<URI> webhookUrls, String webhookSecret, Duration webhookMaxBackoff,
                            boolean watchRules, List<TokenEntry> tokens, Duration shutdownTimeout, Path configFile,
                            ServiceLimits limits, int warmUpAlerts) {

    /** The JDBC URL to open: the configured one, else the embedded store in the data folder. */
    public String effectiveStoreUrl() {
        return storeUrl == null || storeUrl.isBlank() ? JdbcStore.embeddedUrl(dataDir) : storeUrl;
    }

    /**
     * Resolves the settings.
     *
     * @param configFile the config file, or null; a missing file named explicitly is an error
     * @param env        environment variables (System.getenv() in production)
     * @param options    values given on the command line
     */
    public static ServiceConfig load(Path configFile, Map<String, String> env, Map<Setting, String> options) {
        Properties file = new Properties();
        if (configFile != null) {
            if (!Files.isRegularFile(configFile)) throw new ConfigException(configFile + ": no such config file");
            try (Reader r = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
                file.load(r);
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException(configFile + ": cannot read: " + e.getMessage(), e);
            }
        }
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        Map<Setting, String> sources = new EnumMap<>(Setting.class);
        String fileName = configFile == null ? "" : configFile.toString();
        for (Setting s : Setting.values()) {
            String v = s.defaultValue();
            String src = "default";
            if (file.getProperty(s.key()) != null) {
                v = file.getProperty(s.key()).trim();
                src = fileName + ": " + s.key();
            }
            if (env.get(s.env()) != null) {
                v = env.get(s.env()).trim();
                src = s.env();
            }
            if (options.get(s) != null) {
                v = options.get(s).trim();
                src = "--" + s.key();
            }
            values.put(s, v);
            sources.put(s, src);
        }
        Parser p = new Parser(values, sources);
        List<TokenEntry> tokens = new ArrayList<>(tokensFromFile(file, fileName));
        tokens.addAll(p.tokens());
        List<URI> hooks = new ArrayList<>();
        for (String u : values.get(Setting.WEBHOOK_URLS).split("[,\\s]+")) {
            if (u.isBlank()) continue;
            hooks.add(p.url(Setting.WEBHOOK_URLS, u));
        }
        return new ServiceConfig(p.port(), values.get(Setting.BIND), Path.of(values.get(Setting.RULES)),
                Path.of(values.get(Setting.DATA)), values.get(Setting.STORE_URL), values.get(Setting.STORE_USER),
                values.get(Setting.STORE_PASSWORD), p.duration(Setting.RETENTION), p.duration(Setting.PURGE_INTERVAL),
                p.durationOrZero(Setting.LATENESS), p.durationOrZero(Setting.FLUSH_AFTER_IDLE),
                p.size(Setting.MAX_REQUEST_SIZE), p.reopen(), List.copyOf(hooks), values.get(Setting.WEBHOOK_SECRET),
                p.duration(Setting.WEBHOOK_MAX_BACKOFF), p.bool(Setting.WATCH_RULES), List.copyOf(tokens),
                p.duration(Setting.SHUTDOWN_TIMEOUT), configFile,
                new ServiceLimits(p.count(Setting.MAX_ENTITIES_PER_ALERT), p.duration(Setting.MAX_CLOCK_SKEW),
                        p.count(Setting.MAX_UPLOADS_PER_TOKEN), p.duration(Setting.REQUEST_READ_TIMEOUT),
                        p.size(Setting.MIN_REQUEST_RATE)), p.countOrZero(Setting.WARM_UP));
    }

    /** token.NAME.role / token.NAME.sha256 / token.NAME.tenants */
    static List<TokenEntry> tokensFromFile(Properties file, String fileName) {
        Map<String, Map<String, String>> byName = new TreeMap<>();
        for (String key : file.stringPropertyNames()) {
            if (!key.startsWith("token.")) continue;
            int dot = key.lastIndexOf('.');
            if (dot <= "token.".length()) throw new ConfigException(fileName + ": " + key + ": expected token.NAME.role, token.NAME.sha256 or token.NAME.tenants");
            String name = key.substring("token.".length(), dot);
            byName.computeIfAbsent(name, n -> new LinkedHashMap<>()).put(key.substring(dot + 1), file.getProperty(key).trim());
        }
        List<TokenEntry> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> e : byName.entrySet()) {
            String name = e.getKey();
            Map<String, String> f = e.getValue();
            String where = fileName + ": token." + name;
            for (String k : f.keySet()) {
                if (!Set.of("role", "sha256", "tenants").contains(k)) throw new ConfigException(where + "." + k + ": unknown (role, sha256, tenants)");
            }
            String hash = f.get("sha256");
            if (hash == null || !hash.matches("[0-9a-fA-F]{64}")) throw new ConfigException(where + ".sha256: expected 64 hex digits (the SHA-256 of the token)");
            if (f.get("role") == null) throw new ConfigException(where + ".role: missing (ingest, analyst or admin)");
            Role role;
            try {
                role = Role.parse(f.get("role"));
            } catch (IllegalArgumentException ex) {
                throw new ConfigException(where + ".role: " + ex.getMessage());
            }
            out.add(new TokenEntry(name, hash.toLowerCase(Locale.ROOT), role, tenantList(f.getOrDefault("tenants", ""))));
        }
        return out;
    }

    static Set<String> tenantList(String text) {
        Set<String> tenants = new LinkedHashSet<>();
        for (String t : text.split("[,;\\s]+")) if (!t.isBlank()) tenants.add(t.trim());
        return tenants;
    }

    /** Reads values and names the source of a bad one. */
    private record Parser(Map<Setting, String> values, Map<Setting, String> sources) {
        private ConfigException bad(Setting s, String why) {
            return new ConfigException(sources.get(s) + ": \"" + values.get(s) + "\" " + why);
        }

        int port() {
            try {
                int port = Integer.parseInt(values.get(Setting.PORT));
                if (port < 0 || port > 65535) throw bad(Setting.PORT, "is not a port number (0-65535)");
                return port;
            } catch (NumberFormatException e) {
                throw bad(Setting.PORT, "is not a port number (0-65535)");
            }
        }

        Duration duration(Setting s) {
            Duration d = durationOrZero(s);
            if (d.isZero()) throw bad(s, "must be more than zero");
            return d;
        }

        Duration durationOrZero(Setting s) {
            String v = values.get(s);
            if (v.equals("0")) return Duration.ZERO;
            try {
                Duration d = Durations.parse(v);
                if (d.isNegative()) throw bad(s, "must not be negative");
                return d;
            } catch (IllegalArgumentException e) {
                throw bad(s, "is not a duration (e.g. 90d, 24h, 5m, 30s): " + e.getMessage());
            }
        }

        long size(Setting s) {
            String v = values.get(s).trim().toUpperCase(Locale.ROOT).replace(" ", "");
            long unit = 1;
            for (String[] u : new String[][] {{"GB", "1073741824"}, {"MB", "1048576"}, {"KB", "1024"}, {"G", "1073741824"},
                    {"M", "1048576"}, {"K", "1024"}, {"B", "1"}}) {
                if (v.endsWith(u[0])) {
                    unit = Long.parseLong(u[1]);
                    v = v.substring(0, v.length() - u[0].length());
                    break;
                }
            }
            try {
                long n = Long.parseLong(v) * unit;
                if (n <= 0) throw bad(s, "must be more than zero");
                return n;
            } catch (NumberFormatException e) {
                throw bad(s, "is not a size (e.g. 10MB, 512KB)");
            }
        }

        int countOrZero(Setting s) {
            return values.get(s).trim().equals("0") ? 0 : count(s);
        }

        int count(Setting s) {
            try {
                int n = Integer.parseInt(values.get(s).trim());
                if (n < 1) throw bad(s, "must be at least 1");
                return n;
            } catch (NumberFormatException e) {
                throw bad(s, "is not a whole number");
            }
        }

        boolean bool(Setting s) {
            return switch (values.get(s).trim().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on", "1" -> true;
                case "false", "no", "off", "0", "" -> false;
                default -> throw bad(s, "is neither true nor false");
            };
        }

        ReopenPolicy reopen() {
            try {
                return ReopenPolicy.parse(values.get(Setting.REOPEN_CLOSED));
            } catch (IllegalArgumentException e) {
                throw bad(Setting.REOPEN_CLOSED, "is neither reopen nor new");
            }
        }

        URI url(Setting s, String text) {
            try {
                URI u = URI.create(text.trim());
                if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) throw new IllegalArgumentException("not http(s)");
                if (u.getHost() == null) throw new IllegalArgumentException("no host");
                return u;
            } catch (IllegalArgumentException e) {
                throw new ConfigException(sources.get(s) + ": \"" + text + "\" is not an http(s) URL");
            }
        }

        List<TokenEntry> tokens() {
            List<TokenEntry> out = new ArrayList<>();
            int n = 0;
            for (String item : values.get(Setting.TOKENS).split("[,\\s]+")) {
                if (item.isBlank()) continue;
                n++;
                String[] parts = item.split(":", 3);
                if (parts.length < 2 || !parts[1].matches("[0-9a-fA-F]{64}")) {
                    throw new ConfigException(sources.get(Setting.TOKENS) + ": token " + n + ": expected ROLE:SHA256[:TENANT;TENANT]");
                }
                Role role;
                try {
                    role = Role.parse(parts[0]);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(sources.get(Setting.TOKENS) + ": token " + n + ": " + e.getMessage());
                }
                out.add(new TokenEntry(Setting.TOKENS.env().toLowerCase(Locale.ROOT) + "-" + n, parts[1].toLowerCase(Locale.ROOT),
                        role, parts.length == 3 ? tenantList(parts[2]) : Set.of()));
            }
            return out;
        }
    }
}
