package org.alertcorrelator.service;

import java.util.Locale;

/**
 * Every setting of the service: its key in the config file, its environment variable and its default. One
 * table, so that {@code serve --help}, docs/service.md and the loader cannot disagree. Precedence: command-line
 * option, then environment variable, then config file, then default.
 */
public enum Setting {
    PORT("port", "8080", "TCP port to listen on."),
    BIND("bind", "127.0.0.1", "Address to listen on; 0.0.0.0 for every interface (put TLS in front)."),
    RULES("rules", "rules", "Rules directory."),
    DATA("data", "data", "Folder of the embedded store (SQLite), created if needed (owner only, 0700)."),
    STORE_URL("store.url", "", "JDBC URL of the store: empty for the embedded store in the data folder, or jdbc:postgresql://HOST:PORT/DB."),
    STORE_USER("store.user", "", "Store user name (PostgreSQL)."),
    STORE_PASSWORD("store.password", "", "Store password (PostgreSQL)."),
    RETENTION("retention", "90d", "Alerts and incidents older than this are purged (alerts by arrival, incidents by last change)."),
    PURGE_INTERVAL("purge-interval", "1h", "How often the retention purge runs."),
    LATENESS("lateness", "5m", "Event time an alert is held in the reorder buffer: alerts are correlated once they are this much older than the newest alert seen."),
    FLUSH_AFTER_IDLE("flush-after-idle", "30s", "Wall-clock time without any new alert after which the reorder buffer is released and event time starts to follow the wall clock."),
    MAX_REQUEST_SIZE("max-request-size", "10MB", "Largest request body accepted (larger: 413). Units B, KB, MB, GB."),
    REOPEN_CLOSED("reopen-closed", "reopen", "When an alert joins a Closed incident: reopen (it becomes Active again) or new (a new incident follows the closed one)."),
    WEBHOOK_URLS("webhook.urls", "", "Comma-separated URLs that every new or changed incident is POSTed to (JSON), at least once."),
    WEBHOOK_SECRET("webhook.secret", "", "If set, each webhook carries X-AlertCorrelator-Signature: sha256=HMAC-SHA256(secret, body)."),
    WEBHOOK_MAX_BACKOFF("webhook.max-backoff", "5m", "Longest wait between two tries of a failing webhook delivery."),
    WATCH_RULES("watch-rules", "false", "Reload the rules by themselves when a file in the rules directory changes."),
    TOKENS("tokens", "", "More API tokens, as ROLE:SHA256[:TENANT;TENANT...] separated by spaces (the config file's token.NAME.* lines are the usual way: see `token create`)."),
    SHUTDOWN_TIMEOUT("shutdown-timeout", "30s", "On SIGTERM, the longest the whole stop takes (requests in flight, then storing what was submitted, the engine's restart point); what does not fit is left to the next start, which loses nothing acknowledged."),
    MAX_ENTITIES_PER_ALERT("max-entities-per-alert", "500", "Most entities kept per alert; the rest are left out, with a warning naming the record."),
    MAX_CLOCK_SKEW("max-clock-skew", "1h", "An alert dated more than this ahead of the wall clock is rejected (its record, not the batch): no source moves the clock of the others."),
    MAX_UPLOADS_PER_TOKEN("max-uploads-per-token", "8", "Most POST /api/alerts requests one token may have in flight at once (more: 429)."),
    REQUEST_READ_TIMEOUT("request-read-timeout", "30s", "Longest wait for the next bytes of a request (headers or body); the connection is then closed."),
    MIN_REQUEST_RATE("min-request-rate", "1KB", "Slowest request body accepted, per second (after its first second): slower uploads are cut off."),
    WARM_UP("warm-up", "20000", "Generated alerts (from the rules' alert-tactics.csv) run through a session of their own at start, less those a restart replayed from the store, before the first real alert, so that a fresh JVM's compilation does not delay the first minutes' incidents; nothing of it is stored (0: off).");

    private final String key;
    private final String defaultValue;
    private final String description;

    Setting(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** ALERTCORRELATOR_ and the key in capitals, dots and dashes as underscores: ALERTCORRELATOR_STORE_URL. */
    public String env() {
        return "ALERTCORRELATOR_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The table of settings as text, for {@code serve --help}. */
    public static String table() {
        StringBuilder b = new StringBuilder();
        for (Setting s : values()) {
            b.append(String.format(Locale.ROOT, "  %-20s %-34s default: %s%n", s.key, s.env(),
                    s.defaultValue.isEmpty() ? "(none)" : s.defaultValue));
            b.append("      ").append(s.description).append(System.lineSeparator());
        }
        return b.toString();
    }
}
