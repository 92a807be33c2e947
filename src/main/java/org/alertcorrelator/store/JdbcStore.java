package org.alertcorrelator.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The store on JDBC: an embedded H2 file by default ({@link #embeddedUrl(Path)}), PostgreSQL for shared
 * deployments. Same schema ({@link Migrations}) and same SQL on both; {@link Dialect} holds the differences.
 * One service instance per store: H2's file lock or a PostgreSQL advisory lock keeps a second one out.
 */
public final class JdbcStore implements Store {
    private static final int POOL_SIZE = 8;
    private static final int PAGE = 2000;
    private static final String ALERT_COLUMNS =
            "seq, id, tenant, event_time, received_at, severity, display_name, origin, original, alert_json, entity_keys, incident_id";
    private static final String INCIDENT_COLUMNS =
            "id, engine_id, tenant, state, merged_into, followed_by, reopened_from, status, classification, owner, kind, "
                    + "severity, first_activity, last_activity, alert_count, created_at, updated_at, version, body, entity_keys";

    private final String description;
    private final Dialect dialect;
    /** Write transactions in turn, first come first served, where the database has one writer (see {@link Dialect#singleWriter}). */
    private final java.util.concurrent.locks.ReentrantLock writeLock;
    private final ConnectionPool pool;
    private final Connection instanceLock;
    /** SQLite: the lock file that keeps a second process off the database (held for the store's life). */
    private final EmbeddedFiles.Lock fileLock;
    private final int schemaVersion;
    /** How ids sort: as Java compares strings (code points), never by a locale, so replay order is the engine's. */
    private final String idOrder;
    /** Several services share this store (serve on Kafka): see {@link #openShared}. */
    private final boolean shared;
    private volatile boolean open;

    private JdbcStore(String url, String user, String password, java.time.Duration lockWait) {
        this(url, user, password, lockWait, false);
    }

    private JdbcStore(String url, String user, String password, java.time.Duration lockWait, boolean shared) {
        this.shared = shared;
        this.dialect = Dialect.of(url);
        this.writeLock = dialect.singleWriter() ? new java.util.concurrent.locks.ReentrantLock(true) : null;
        this.description = describe(url, dialect);
        this.idOrder = dialect == Dialect.POSTGRESQL ? "id COLLATE \"C\"" : "id";
        this.fileLock = dialect == Dialect.SQLITE ? EmbeddedFiles.prepare(url, lockWait) : null;
        this.pool = new ConnectionPool(url, user, password, POOL_SIZE, shared ? sharedDriverProperties(dialect) : dialect.driverProperties());
        Connection lock = null;
        try {
            // A service that has just stopped (or died) may hold it for a moment more: wait a little for it.
            long giveUp = System.nanoTime() + lockWait.toNanos();
            lock = openFirstConnection(giveUp);
            while (!(shared ? dialect.tryLockShared(lock) : dialect.tryLockInstance(lock))) {
                if (System.nanoTime() > giveUp) {
                    throw new StoreException(description + " is in use by another alert-correlator service (one service per store)");
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreException("interrupted waiting for " + description);
                }
            }
            if (shared) dialect.lockMigration(lock, true);
            this.schemaVersion = Migrations.migrate(lock, dialect);
            if (shared) {
                SharedTables.create(lock);
                dialect.lockMigration(lock, false);
            }
            if (dialect != Dialect.POSTGRESQL) {
                ConnectionPool.quietlyClose(lock); // a file lock protects the embedded stores; nothing to hold
                lock = null;
            }
            pool.start();
        } catch (SQLException e) {
            if (lock != null) ConnectionPool.quietlyClose(lock);
            pool.close();
            if (fileLock != null) fileLock.release();
            throw new StoreException("cannot open the store " + description + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (lock != null) ConnectionPool.quietlyClose(lock);
            pool.close();
            if (fileLock != null) fileLock.release();
            throw e;
        }
        this.instanceLock = lock;
        this.open = true;
    }

    /**
     * A member of a group frozen in the middle of a transaction (a long pause) would hold the row lock of its
     * partition's owner epoch, and the member that takes the partition over would wait for it as long: PostgreSQL
     * ends a transaction left idle this long, which lets the lock go (and the frozen member's write fail).
     */
    static final int SHARED_IDLE_TRANSACTION_TIMEOUT_MS = 10_000;

    static java.util.Map<String, String> sharedDriverProperties(Dialect dialect) {
        java.util.Map<String, String> p = new java.util.HashMap<>(dialect.driverProperties());
        if (dialect == Dialect.POSTGRESQL) p.putIfAbsent("options", "-c idle_in_transaction_session_timeout=" + SHARED_IDLE_TRANSACTION_TIMEOUT_MS);
        return p;
    }

    /**
     * The store's first connection, retried while the database answers busy: switching a new SQLite file to WAL
     * takes an exclusive lock for a moment, before the connection's busy timeout applies.
     */
    private Connection openFirstConnection(long giveUpNanos) throws SQLException {
        while (true) {
            try {
                return pool.open();
            } catch (SQLException e) {
                if (!dialect.isTransient(e) || System.nanoTime() > giveUpNanos) throw e;
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Opens (creating or migrating as needed) the store at a JDBC URL. */
    public static JdbcStore open(String url, String user, String password) {
        return open(url, user, password, java.time.Duration.ofSeconds(10));
    }

    /**
     * Opens a PostgreSQL store that several services share (serve on Kafka, each owning some tenants): each
     * holds the instance lock shared, so a service that wants the store alone cannot start beside them.
     */
    public static JdbcStore openShared(String url, String user, String password) {
        return new JdbcStore(url, user, password, java.time.Duration.ofSeconds(10), true);
    }

    /** @param lockWait how long to wait for another service to let go of the store */
    public static JdbcStore open(String url, String user, String password, java.time.Duration lockWait) {
        return new JdbcStore(url, user, password, lockWait);
    }

    /**
     * The default embedded store: a SQLite file in {@code dataDir} (WAL, synchronous=FULL: see {@link Dialect#SQLITE}).
     * H2 was the default before; it lost acknowledged commits under kill -9 with concurrent writers (docs/service.md).
     */
    public static String embeddedUrl(Path dataDir) {
        return "jdbc:sqlite:" + dataDir.toAbsolutePath().normalize().resolve("alert-correlator.db");
    }

    /**
     * An embedded H2 file in {@code dataDir}, as the default was before SQLite: still opened when named by
     * {@code store.url}. WRITE_DELAY=0 writes each commit out at once; DB_CLOSE_ON_EXIT=FALSE leaves closing to
     * the service's own shutdown, which flushes first.
     */
    public static String h2Url(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("alert-correlator")
                + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000";
    }

    private static String describe(String url, Dialect d) {
        if (d == Dialect.SQLITE) return "SQLite " + EmbeddedFiles.databasePath(url);
        if (d == Dialect.H2) {
            String path = url.substring("jdbc:h2:".length());
            int semi = path.indexOf(';');
            if (semi >= 0) path = path.substring(0, semi);
            if (path.startsWith("file:")) path = path.substring(5);
            return "H2 " + path + ".mv.db";
        }
        String rest = url.substring("jdbc:postgresql:".length());
        int q = rest.indexOf('?');
        return "PostgreSQL " + (q >= 0 ? rest.substring(0, q) : rest); // never the query string: it may hold a password
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public int schemaVersion() {
        return schemaVersion;
    }

    // ---- transactions ----

    @Override
    public <T> T write(Work<T> work) {
        return write(work, true);
    }

    @Override
    public <T> T writeDerived(Work<T> work) {
        return write(work, false);
    }

    private <T> T write(Work<T> work, boolean durable) {
        if (writeLock == null) return writeOnce(work, durable);
        writeLock.lock();
        try {
            return writeOnce(work, durable);
        } finally {
            writeLock.unlock();
        }
    }

    private <T> T writeOnce(Work<T> work, boolean durable) {
        for (int attempt = 1; ; attempt++) {
            Connection c = borrow();
            boolean broken = false;
            try {
                dialect.beginWrite(c, durable);
                c.setAutoCommit(false);
                T result = work.run(new JdbcTx(c));
                c.commit();
                if (durable) dialect.syncAfterCommit(c);
                return result;
            } catch (SQLException | RuntimeException e) {
                broken = rollback(c);
                SQLException sql = e instanceof SQLException s ? s : e.getCause() instanceof SQLException s ? s : null;
                if (sql != null && dialect.isTransient(sql) && attempt < 4) continue;
                if (e instanceof RuntimeException r && !(r.getCause() instanceof SQLException)) throw r;
                throw new StoreException("store write failed: " + (sql != null ? sql.getMessage() : e.getMessage()), e);
            } finally {
                pool.giveBack(c, broken);
            }
        }
    }

    private static boolean rollback(Connection c) {
        try {
            c.rollback();
            return false;
        } catch (SQLException e) {
            return true;
        }
    }

    private Connection borrow() {
        if (!open) throw new StoreException("the store is closed");
        try {
            return pool.borrow();
        } catch (SQLException e) {
            throw new StoreException("cannot reach the store " + description + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Read<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T read(Read<T> r) {
        Connection c = borrow();
        boolean broken = false;
        try {
            return r.run(c);
        } catch (SQLException e) {
            broken = true;
            throw new StoreException("store read failed: " + e.getMessage(), e);
        } finally {
            pool.giveBack(c, broken);
        }
    }

    // ---- alerts ----

    @Override
    public boolean hasVendorIncidentMembers() {
        return read(c -> {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM (SELECT 1 FROM vendor_incident_members) v")) {
                return rs.next() && rs.getLong(1) > 0;
            }
        });
    }

    @Override
    public Optional<StoredAlert> alert(String id) {
        return read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + ALERT_COLUMNS + " FROM alerts WHERE id = ?")) {
                p.setString(1, id);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(alertFrom(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<StoredAlert> alertsWithId(String id) {
        return read(c -> {
            List<StoredAlert> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT " + ALERT_COLUMNS + " FROM alerts WHERE id = ? ORDER BY tenant")) {
                p.setString(1, id);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) out.add(alertFrom(rs));
                }
            }
            return out;
        });
    }

    @Override
    public List<StoredAlert> alerts(Collection<String> ids) {
        return read(c -> new ArrayList<>(findAlerts(c, ids).values()));
    }

    private static Map<String, StoredAlert> findAlerts(Connection c, Collection<String> ids) throws SQLException {
        return findAlerts(c, ids, false);
    }

    /** @param byIdentity key by tenant and id (every tenant's alert), else by id (one alert per id) */
    private static Map<String, StoredAlert> findAlerts(Connection c, Collection<String> ids, boolean byIdentity) throws SQLException {
        Map<String, StoredAlert> found = new HashMap<>();
        List<String> all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += 500) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + 500));
            String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement p = c.prepareStatement("SELECT " + ALERT_COLUMNS + " FROM alerts WHERE id IN (" + marks + ")")) {
                for (int i = 0; i < chunk.size(); i++) p.setString(i + 1, chunk.get(i));
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        StoredAlert a = alertFrom(rs);
                        found.put(byIdentity ? a.identity() : a.id(), a);
                    }
                }
            }
        }
        return found;
    }

    private record Where(String sql, List<Object> params) {
    }

    /** A WHERE clause built from optional filters: a filter without a value adds nothing. */
    private static final class Filters {
        private final StringBuilder sql = new StringBuilder(" WHERE 1=1");
        private final List<Object> params = new ArrayList<>();

        /** {@code clause} (with one {@code ?}) when the value is given. */
        Filters when(String clause, Object value) {
            if (value != null) {
                sql.append(" AND ").append(clause);
                params.add(value);
            }
            return this;
        }

        /** {@code column IN (...)}: nothing matches an empty list (a token limited to no tenant sees nothing). */
        Filters in(String column, Collection<String> values) {
            if (values == null) return this;
            if (values.isEmpty()) {
                sql.append(" AND 1=0");
                return this;
            }
            sql.append(" AND ").append(column).append(" IN (")
                    .append(String.join(",", java.util.Collections.nCopies(values.size(), "?"))).append(')');
            params.addAll(values);
            return this;
        }

        /** {@code column IN (...)} when any value is given; an empty list is no filter. */
        Filters anyOf(String column, Collection<String> values) {
            return values == null || values.isEmpty() ? this : in(column, values);
        }

        Filters entity(String entity, String entityType) {
            return when("entity_keys LIKE ? ESCAPE '!'", entity == null ? null : EntityKeys.pattern(entity, entityType));
        }

        Where build() {
            return new Where(sql.toString(), params);
        }
    }

    private static Where alertWhere(AlertQuery q) {
        return new Filters()
                .in("tenant", q.tenants())
                .when("tenant = ?", q.tenant())
                .anyOf("severity", q.severities())
                .when("event_time >= ?", q.since())
                .when("event_time <= ?", q.until())
                .entity(q.entity(), q.entityType())
                .when("incident_id = ?", q.incident())
                .build();
    }

    private static void bind(PreparedStatement p, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object v = params.get(i);
            if (v instanceof Long l) p.setLong(i + 1, l);
            else if (v instanceof Integer n) p.setInt(i + 1, n);
            else p.setString(i + 1, (String) v);
        }
    }

    @Override
    public Page<StoredAlert> alerts(AlertQuery q) {
        Where w = alertWhere(q);
        return read(c -> {
            long total = count(c, "alerts", w);
            List<StoredAlert> items = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT " + ALERT_COLUMNS + " FROM alerts" + w.sql()
                    + " ORDER BY event_time DESC, " + idOrder + " LIMIT ? OFFSET ?")) {
                bind(p, w.params());
                p.setInt(w.params().size() + 1, q.limit());
                p.setInt(w.params().size() + 2, q.offset());
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) items.add(alertFrom(rs));
                }
            }
            return new Page<>(items, total);
        });
    }

    private static long count(Connection c, String table, Where w) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM " + table + w.sql())) {
            bind(p, w.params());
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public void forEachAlert(AlertQuery q, Consumer<StoredAlert> action) {
        Where w = alertWhere(q);
        int limit = q.limit() > 0 ? q.limit() : Integer.MAX_VALUE;
        int offset = Math.max(0, q.offset());
        int done = 0;
        while (done < limit) {
            int n = Math.min(PAGE, limit - done);
            int from = offset + done;
            List<StoredAlert> page = read(c -> {
                List<StoredAlert> items = new ArrayList<>();
                try (PreparedStatement p = c.prepareStatement("SELECT " + ALERT_COLUMNS + " FROM alerts" + w.sql()
                        + " ORDER BY event_time, " + idOrder + " LIMIT ? OFFSET ?")) {
                    bind(p, w.params());
                    p.setInt(w.params().size() + 1, n);
                    p.setInt(w.params().size() + 2, from);
                    try (ResultSet rs = p.executeQuery()) {
                        while (rs.next()) items.add(alertFrom(rs));
                    }
                }
                return items;
            });
            page.forEach(action);
            done += page.size();
            if (page.size() < n) break;
        }
    }

    @Override
    public void forEachAlertToReplay(long fromEventTime, AlertKey mark, long maxSeq, Consumer<StoredAlert> action) {
        scanByEventTime(fromEventTime, mark.eventTime(), AlertFilter.seqAtMost(maxSeq), a -> {
            if (a.key().compareTo(mark) <= 0) action.accept(a);
        });
    }

    @Override
    public void forEachAlertAbove(AlertKey mark, long maxSeq, Consumer<StoredAlert> action) {
        scanByEventTime(mark.eventTime(), Long.MAX_VALUE, AlertFilter.seqAtMost(maxSeq), a -> {
            if (a.key().compareTo(mark) > 0) action.accept(a);
        });
    }

    /** The condition a scan adds beside event time: its SQL, and the parameters it binds (Long or String). */
    private record AlertFilter(String sql, List<Object> params) {
        static AlertFilter seqAtMost(long maxSeq) {
            return new AlertFilter("seq <= ?", List.of(maxSeq));
        }

        static AlertFilter tenantIn(Collection<String> tenants) {
            return new AlertFilter("tenant IN (" + SharedTables.marks(tenants.size()) + ")", List.copyOf(tenants));
        }

        void bind(PreparedStatement p, int first) throws SQLException {
            int i = first;
            for (Object v : params) {
                if (v instanceof Long l) p.setLong(i++, l);
                else p.setString(i++, (String) v);
            }
        }
    }

    /**
     * Alerts with event time in [from, to] and matching the filter, in key order (event time, then id as Java
     * compares strings). Pages go by event time alone, which the index serves on any database; the order of ids
     * within a page is put right in Java, so no database collation is involved.
     */
    private void scanByEventTime(long from, long to, AlertFilter filter, Consumer<StoredAlert> action) {
        long start = from;
        while (true) {
            long lower = start;
            List<StoredAlert> page = read(c -> {
                List<StoredAlert> items = new ArrayList<>();
                try (PreparedStatement p = c.prepareStatement("SELECT " + ALERT_COLUMNS + " FROM alerts WHERE event_time >= ? "
                        + "AND event_time <= ? AND " + filter.sql() + " ORDER BY event_time LIMIT " + PAGE)) {
                    p.setLong(1, lower);
                    p.setLong(2, to);
                    filter.bind(p, 3);
                    try (ResultSet rs = p.executeQuery()) {
                        while (rs.next()) items.add(alertFrom(rs));
                    }
                }
                return items;
            });
            if (page.size() < PAGE) {
                page.sort(Comparator.comparing(StoredAlert::key));
                page.forEach(action);
                return;
            }
            // A full page: its last event time may go on in the next one; take that time whole, on its own.
            long last = page.get(page.size() - 1).eventTime();
            List<StoredAlert> before = new ArrayList<>(page.size());
            for (StoredAlert a : page) if (a.eventTime() < last) before.add(a);
            before.sort(Comparator.comparing(StoredAlert::key));
            before.forEach(action);
            List<StoredAlert> atLast = read(c -> {
                List<StoredAlert> items = new ArrayList<>();
                try (PreparedStatement p = c.prepareStatement("SELECT " + ALERT_COLUMNS + " FROM alerts WHERE event_time = ? AND " + filter.sql())) {
                    p.setLong(1, last);
                    filter.bind(p, 2);
                    try (ResultSet rs = p.executeQuery()) {
                        while (rs.next()) items.add(alertFrom(rs));
                    }
                }
                return items;
            });
            atLast.sort(Comparator.comparing(StoredAlert::key));
            atLast.forEach(action);
            if (last == Long.MAX_VALUE || last >= to) return;
            start = last + 1;
        }
    }

    @Override
    public long maxAlertSeq() {
        return read(JdbcStore::maxSeq);
    }

    private static long maxSeq(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(seq) FROM alerts")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    @Override
    public long alertCount() {
        return read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM alerts")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static StoredAlert alertFrom(ResultSet rs) throws SQLException {
        return new StoredAlert(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                rs.getString(12));
    }

    // ---- incidents ----

    @Override
    public Optional<IncidentRow> incident(String id) {
        return read(c -> findIncident(c, id, false));
    }

    private Optional<IncidentRow> findIncident(Connection c, String id, boolean forUpdate) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT " + INCIDENT_COLUMNS + " FROM incidents WHERE id = ?"
                + (forUpdate ? dialect.forUpdate() : ""))) {
            p.setString(1, id);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(incidentFrom(rs)) : Optional.empty();
            }
        }
    }

    private static Where incidentWhere(IncidentQuery q) {
        List<String> states = q.states() == null || q.states().isEmpty() ? List.of(IncidentRow.LIVE, IncidentRow.FINAL) : q.states();
        return new Filters()
                .in("tenant", q.tenants())
                .when("tenant = ?", q.tenant())
                .in("state", states)
                .anyOf("status", q.statuses())
                .anyOf("severity", q.severities())
                .anyOf("kind", q.kinds())
                .when("last_activity >= ?", q.since())
                .when("first_activity <= ?", q.until())
                .when("updated_at >= ?", q.updatedSince())
                .entity(q.entity(), q.entityType())
                .build();
    }

    @Override
    public Page<IncidentRow> incidents(IncidentQuery q) {
        Where w = incidentWhere(q);
        return read(c -> {
            long total = count(c, "incidents", w);
            return new Page<>(incidentPage(c, w, q.offset(), q.limit()), total);
        });
    }

    private static List<IncidentRow> incidentPage(Connection c, Where w, int offset, int limit) throws SQLException {
        List<IncidentRow> items = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT " + INCIDENT_COLUMNS + " FROM incidents" + w.sql()
                + " ORDER BY first_activity DESC, id LIMIT ? OFFSET ?")) {
            bind(p, w.params());
            p.setInt(w.params().size() + 1, limit);
            p.setInt(w.params().size() + 2, offset);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) items.add(incidentFrom(rs));
            }
        }
        return items;
    }

    @Override
    public void forEachIncident(IncidentQuery q, Consumer<IncidentRow> action) {
        Where w = incidentWhere(q);
        int limit = q.limit() > 0 ? q.limit() : Integer.MAX_VALUE;
        int offset = Math.max(0, q.offset());
        int done = 0;
        while (done < limit) {
            int n = Math.min(PAGE, limit - done);
            int from = offset + done;
            List<IncidentRow> page = read(c -> incidentPage(c, w, from, n));
            page.forEach(action);
            done += page.size();
            if (page.size() < n) break;
        }
    }

    @Override
    public List<IncidentRow> liveIncidents() {
        return read(c -> {
            List<IncidentRow> rows = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT " + INCIDENT_COLUMNS + " FROM incidents WHERE state = ?")) {
                p.setString(1, IncidentRow.LIVE);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) rows.add(incidentFrom(rs));
                }
            }
            return rows;
        });
    }

    @Override
    public List<HistoryEntry> history(String incidentId) {
        return read(c -> {
            List<HistoryEntry> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT at, actor, action, details FROM incident_history WHERE incident_id = ? ORDER BY id")) {
                p.setString(1, incidentId);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) out.add(new HistoryEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
            return out;
        });
    }

    private static IncidentRow incidentFrom(ResultSet rs) throws SQLException {
        return new IncidentRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                rs.getString(12), rs.getLong(13), rs.getLong(14), rs.getInt(15), rs.getLong(16), rs.getLong(17),
                rs.getInt(18), rs.getString(19), rs.getString(20));
    }

    // ---- engine ----

    @Override
    public Optional<EngineState> engineState() {
        return read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT replay_watermark, mark_time, mark_id, clock, rule_version FROM engine_state WHERE id = 1")) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(new EngineState(rs.getLong(1), AlertKey.stored(rs.getLong(2), rs.getString(3)),
                        rs.getLong(4), rs.getString(5)));
            }
        });
    }

    @Override
    public List<QuarantinedAlert> quarantinedAlerts() {
        return read(c -> {
            List<QuarantinedAlert> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT tenant, id, rule_version, quarantined_at, "
                    + "reason FROM quarantined_alerts ORDER BY quarantined_at, tenant, id")) {
                while (rs.next()) {
                    out.add(new QuarantinedAlert(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5)));
                }
            }
            return out;
        });
    }

    @Override
    public PrevalenceTables.Stored prevalence(String source, long fromBucket) {
        return read(c -> PrevalenceTables.load(c, source, fromBucket));
    }

    /** How far each of these sources has filed its prevalence counts (a source that never filed is left out). */
    public java.util.Map<String, Long> prevalenceFiledUntil(java.util.Collection<String> sources) {
        return read(c -> PrevalenceTables.filedUntil(c, sources));
    }

    /** The counts these sources filed for intervals in [fromBucket, toBucket), without sightings. */
    public List<org.alertcorrelator.model.PrevalenceCount> prevalenceCounts(java.util.Collection<String> sources, long fromBucket,
                                                                             long toBucket) {
        return read(c -> PrevalenceTables.loadCounts(c, sources, fromBucket, toBucket));
    }

    // ---- webhooks ----

    @Override
    public List<OutboxItem> dueWebhooks(long now, int limit) {
        return read(c -> {
            List<OutboxItem> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT id, url, incident_id, event, payload, created_at, attempts, "
                    + "next_attempt_at, last_error FROM webhook_outbox WHERE next_attempt_at <= ? ORDER BY id LIMIT "
                    + limit)) {
                p.setLong(1, now);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(new OutboxItem(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getLong(6), rs.getInt(7), rs.getLong(8), rs.getString(9)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public List<String> webhookUrls() {
        return read(c -> {
            List<String> urls = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT DISTINCT url FROM webhook_outbox")) {
                while (rs.next()) urls.add(rs.getString(1));
            }
            return urls;
        });
    }

    @Override
    public List<OutboxItem> webhookQueue(String url, int limit) {
        return read(c -> {
            List<OutboxItem> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT id, url, incident_id, event, payload, created_at, attempts, "
                    + "next_attempt_at, last_error FROM webhook_outbox WHERE url = ? ORDER BY id LIMIT " + limit)) {
                p.setString(1, url);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(new OutboxItem(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getLong(6), rs.getInt(7), rs.getLong(8), rs.getString(9)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public long pendingWebhooks() {
        return read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM webhook_outbox")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public void webhookDelivered(long id) {
        writeDerived(tx -> {
            ((JdbcTx) tx).update("DELETE FROM webhook_outbox WHERE id = ?", id);
            return null;
        });
    }

    @Override
    public void webhookFailed(long id, int attempts, long nextAttemptAt, String error) {
        writeDerived(tx -> {
            ((JdbcTx) tx).update("UPDATE webhook_outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?",
                    attempts, nextAttemptAt, error, id);
            return null;
        });
    }

    // ---- retention ----

    @Override
    public PurgeResult purge(long receivedBefore, long eventTimeBefore, long incidentsChangedBefore) {
        return write(tx -> {
            JdbcTx t = (JdbcTx) tx;
            int alerts = t.update("DELETE FROM alerts WHERE received_at < ? AND event_time < ?", receivedBefore, eventTimeBefore);
            // Vendor incident hints go with the alerts of their age (a hint is as old as when it came).
            t.update("DELETE FROM vendor_incident_members WHERE received_at < ?", receivedBefore);
            t.update("DELETE FROM incident_history WHERE incident_id IN (SELECT id FROM incidents WHERE state <> ? AND updated_at < ?)",
                    IncidentRow.LIVE, incidentsChangedBefore);
            int incidents = t.update("DELETE FROM incidents WHERE state <> ? AND updated_at < ?", IncidentRow.LIVE, incidentsChangedBefore);
            return new PurgeResult(alerts, incidents);
        });
    }

    @Override
    public void close() {
        if (!open) return;
        open = false;
        if (dialect == Dialect.H2) {
            // A clean close: everything written and the file compacted a little, so the next open is quick.
            try (Connection c = pool.open(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            } catch (SQLException ignored) {
                // already closed
            }
        }
        pool.close();
        if (instanceLock != null) {
            try {
                if (shared) SharedTables.unlockShared(instanceLock);
                else dialect.unlockInstance(instanceLock);
            } catch (SQLException ignored) {
                // the connection is gone, and its lock with it
            }
            ConnectionPool.quietlyClose(instanceLock);
        }
        if (fileLock != null) fileLock.release();
    }

    // ---- the write transaction ----

    private final class JdbcTx implements StoreTx {
        private final Connection c;

        JdbcTx(Connection c) {
            this.c = c;
        }

        int update(String sql, Object... params) {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    Object v = params[i];
                    if (v == null) p.setNull(i + 1, Types.VARCHAR);
                    else if (v instanceof Long l) p.setLong(i + 1, l);
                    else if (v instanceof Integer n) p.setInt(i + 1, n);
                    else p.setString(i + 1, v.toString());
                }
                return p.executeUpdate();
            } catch (SQLException e) {
                throw new StoreException(e.getMessage(), e);
            }
        }

        @Override
        public Map<String, StoredAlert> findAlerts(Collection<String> ids) {
            try {
                return JdbcStore.findAlerts(c, ids);
            } catch (SQLException e) {
                throw new StoreException(e.getMessage(), e);
            }
        }

        @Override
        public Map<String, StoredAlert> findAlertsByIdentity(Collection<String> ids) {
            try {
                return JdbcStore.findAlerts(c, new java.util.LinkedHashSet<>(ids), true);
            } catch (SQLException e) {
                throw new StoreException(e.getMessage(), e);
            }
        }

        @Override
        public void insertAlerts(List<StoredAlert> alerts) {
            if (alerts.isEmpty()) return;
            try (PreparedStatement p = c.prepareStatement("INSERT INTO alerts (" + ALERT_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
                for (StoredAlert a : alerts) {
                    p.setLong(1, a.seq());
                    p.setString(2, a.id());
                    p.setString(3, a.tenant());
                    p.setLong(4, a.eventTime());
                    p.setLong(5, a.receivedAt());
                    p.setString(6, a.severity());
                    p.setString(7, a.displayName());
                    p.setString(8, a.origin());
                    p.setString(9, a.original());
                    p.setString(10, a.alertJson());
                    p.setString(11, a.entityKeys());
                    p.setString(12, a.incidentId());
                    p.addBatch();
                }
                p.executeBatch();
            } catch (SQLException e) {
                throw new StoreException(e.getMessage(), e);
            }
        }

        @Override
        public List<StoredAlert> findAlertsRenamedFrom(String tenant, String id) {
            String prefix = id + '~';
            String like = prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
            List<StoredAlert> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT " + ALERT_COLUMNS + " FROM alerts WHERE tenant = ? AND id LIKE ? ESCAPE '!'")) {
                p.setString(1, tenant);
                p.setString(2, like);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        StoredAlert a = alertFrom(rs);
                        // SQLite's LIKE ignores the case of ASCII letters: keep only the exact prefix.
                        if (a.id().startsWith(prefix)) out.add(a);
                    }
                }
            } catch (SQLException e) {
                throw new StoreException(e.getMessage(), e);
            }
            return out;
        }

        @Override
        public void deleteAlert(String tenant, String id) {
            update("DELETE FROM alerts WHERE tenant = ? AND id = ?", tenant, id);
        }

        @Override
        public void addVendorIncidentMembers(String tenant, String vendorIncidentId, Collection<String> alertIds, long now) {
            if (alertIds.isEmpty()) return;
            java.util.Set<String> had = new java.util.HashSet<>();
            stringsWhereIn("SELECT alert_id FROM vendor_incident_members WHERE tenant = ? AND vendor_incident_id = ? AND alert_id",
                    "", List.of(tenant, vendorIncidentId), alertIds, had);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO vendor_incident_members (tenant, alert_id, "
                    + "vendor_incident_id, received_at) VALUES (?, ?, ?, ?)")) {
                boolean any = false;
                for (String a : new java.util.LinkedHashSet<>(alertIds)) {
                    if (had.contains(a)) continue;
                    p.setString(1, tenant);
                    p.setString(2, a);
                    p.setString(3, vendorIncidentId);
                    p.setLong(4, now);
                    p.addBatch();
                    any = true;
                }
                if (any) p.executeBatch();
            } catch (SQLException e) {
                throw new StoreException(e.getMessage(), e);
            }
        }

        @Override
        public java.util.SortedSet<String> vendorIncidentsOf(String tenant, Collection<String> alertIds) {
            java.util.SortedSet<String> out = new java.util.TreeSet<>();
            stringsWhereIn("SELECT DISTINCT vendor_incident_id FROM vendor_incident_members WHERE tenant = ? AND alert_id", "",
                    List.of(tenant), alertIds, out);
            return out;
        }

        @Override
        public java.util.Set<String> incidentsOfAlerts(String tenant, Collection<String> alertIds) {
            java.util.Set<String> out = new java.util.TreeSet<>();
            stringsWhereIn("SELECT incident_id FROM alerts WHERE tenant = ? AND id", " AND incident_id IS NOT NULL",
                    List.of(tenant), alertIds, out);
            return out;
        }

        /**
         * Adds to {@code into} the first column of {@code select + " IN (values) " + after}, the {@code leading}
         * parameters first; the values (each once) are asked 500 at a time, under every database's parameter limit.
         */
        private void stringsWhereIn(String select, String after, List<String> leading, Collection<String> values,
                                    Collection<String> into) {
            for (List<String> chunk : chunks(values)) {
                String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
                try (PreparedStatement p = c.prepareStatement(select + " IN (" + marks + ")" + after)) {
                    int i = 1;
                    for (String v : leading) p.setString(i++, v);
                    for (String v : chunk) p.setString(i++, v);
                    try (ResultSet rs = p.executeQuery()) {
                        while (rs.next()) into.add(rs.getString(1));
                    }
                } catch (SQLException e) {
                    throw new StoreException(e.getMessage(), e);
                }
            }
        }

        private static List<List<String>> chunks(Collection<String> values) {
            List<String> all = new ArrayList<>(new java.util.LinkedHashSet<>(values));
            List<List<String>> out = new ArrayList<>();
            for (int from = 0; from < all.size(); from += 500) out.add(all.subList(from, Math.min(all.size(), from + 500)));
            return out;
        }

        @Override
        public void replaceAlert(StoredAlert a) {
            update("UPDATE alerts SET tenant = ?, event_time = ?, severity = ?, display_name = ?, origin = ?, original = ?, "
                            + "alert_json = ?, entity_keys = ? WHERE id = ? AND tenant = ?",
                    a.tenant(), a.eventTime(), a.severity(), a.displayName(), a.origin(), a.original(), a.alertJson(),
                    a.entityKeys(), a.id(), a.tenant());
        }

        @Override
        public long maxAlertSeq() {
            try {
                return maxSeq(c);
            } catch (SQLException e) {
                throw new StoreException(e.getMessage(), e);
            }
        }

        @Override
        public void setAlertsIncident(String incidentId, Collection<String> alertIds) {
            if (alertIds.isEmpty()) return;
            try (PreparedStatement p = c.prepareStatement("UPDATE alerts SET incident_id = ? WHERE id = ?")) {
                for (String id : alertIds) {
                    p.setString(1, incidentId);
                    p.setString(2, id);
                    p.addBatch();
                }
                p.executeBatch();
            } catch (SQLException e) {
                throw new StoreException(e.getMessage(), e);
            }
        }

        @Override
        public void setAlertsIncident(String incidentId, String tenant, Collection<String> alertIds) {
            if (alertIds.isEmpty()) return;
            try (PreparedStatement p = c.prepareStatement("UPDATE alerts SET incident_id = ? WHERE id = ? AND tenant = ?")) {
                for (String id : alertIds) {
                    p.setString(1, incidentId);
                    p.setString(2, id);
                    p.setString(3, tenant);
                    p.addBatch();
                }
                p.executeBatch();
            } catch (SQLException e) {
                throw new StoreException(e.getMessage(), e);
            }
        }

        @Override
        public Optional<IncidentRow> lockIncident(String id) {
            try {
                return findIncident(c, id, true);
            } catch (SQLException e) {
                throw new StoreException(e.getMessage(), e);
            }
        }

        @Override
        public List<IncidentRow> incidentsOfEngineId(String engineId) {
            try (PreparedStatement p = c.prepareStatement("SELECT " + INCIDENT_COLUMNS + " FROM incidents WHERE engine_id = ?" + dialect.forUpdate())) {
                p.setString(1, engineId);
                List<IncidentRow> rows = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) rows.add(incidentFrom(rs));
                }
                return rows;
            } catch (SQLException e) {
                throw new StoreException(e.getMessage(), e);
            }
        }

        @Override
        public void insertIncident(IncidentRow r) {
            update("INSERT INTO incidents (" + INCIDENT_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    r.id(), r.engineId(), r.tenant(), r.state(), r.mergedInto(), r.followedBy(), r.reopenedFrom(), r.status(),
                    r.classification(), r.owner(), r.kind(), r.severity(), r.firstActivity(), r.lastActivity(), r.alertCount(),
                    r.createdAt(), r.updatedAt(), r.version(), r.body(), r.entityKeys());
        }

        @Override
        public void updateIncident(IncidentRow r) {
            update("UPDATE incidents SET engine_id = ?, tenant = ?, state = ?, merged_into = ?, followed_by = ?, reopened_from = ?, "
                            + "status = ?, classification = ?, owner = ?, kind = ?, severity = ?, first_activity = ?, last_activity = ?, "
                            + "alert_count = ?, created_at = ?, updated_at = ?, version = ?, body = ?, entity_keys = ? WHERE id = ?",
                    r.engineId(), r.tenant(), r.state(), r.mergedInto(), r.followedBy(), r.reopenedFrom(), r.status(),
                    r.classification(), r.owner(), r.kind(), r.severity(), r.firstActivity(), r.lastActivity(), r.alertCount(),
                    r.createdAt(), r.updatedAt(), r.version(), r.body(), r.entityKeys(), r.id());
        }

        @Override
        public void addHistory(String incidentId, HistoryEntry e) {
            update("INSERT INTO incident_history (incident_id, at, actor, action, details) VALUES (?,?,?,?,?)",
                    incidentId, e.at(), e.actor(), e.action(), e.details());
        }

        @Override
        public void enqueueWebhook(String url, String incidentId, String event, String payload, long now) {
            update("INSERT INTO webhook_outbox (url, incident_id, event, payload, created_at, attempts, next_attempt_at) "
                    + "VALUES (?,?,?,?,?,?,?)", url, incidentId, event, payload, now, 0, now);
        }

        @Override
        public void saveEngineState(EngineState s) {
            long now = System.currentTimeMillis();
            int n = update("UPDATE engine_state SET replay_watermark = ?, mark_time = ?, mark_id = ?, clock = ?, rule_version = ?, "
                            + "updated_at = ? WHERE id = 1", s.replayWatermark(), s.mark().eventTime(), s.mark().id(), s.clock(),
                    s.ruleVersion(), now);
            if (n == 0) {
                update("INSERT INTO engine_state (id, replay_watermark, mark_time, mark_id, clock, rule_version, updated_at) "
                        + "VALUES (1,?,?,?,?,?,?)", s.replayWatermark(), s.mark().eventTime(), s.mark().id(), s.clock(),
                        s.ruleVersion(), now);
            }
        }

        @Override
        public void quarantine(QuarantinedAlert q) {
            update("DELETE FROM quarantined_alerts WHERE tenant = ? AND id = ?", q.tenant(), q.id());
            update("INSERT INTO quarantined_alerts (tenant, id, rule_version, quarantined_at, reason) VALUES (?,?,?,?,?)",
                    q.tenant(), q.id(), q.ruleVersion(), q.quarantinedAt(), q.reason());
        }

        @Override
        public void keepQuarantineOf(String ruleVersion) {
            update("DELETE FROM quarantined_alerts WHERE rule_version <> ?", ruleVersion);
        }

        @Override
        public void savePrevalence(String source, List<org.alertcorrelator.model.PrevalenceCount> counts,
                                   List<org.alertcorrelator.model.PrevalenceCount.Seen> seen, long filedUntil, long keepFrom) {
            try {
                PrevalenceTables.save(c, source, counts, seen, filedUntil, keepFrom);
            } catch (SQLException e) {
                throw new StoreException(e.getMessage(), e);
            }
        }

        @Override
        public void saveRuleVersion(String version, String filesJson, long now) {
            try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM rule_versions WHERE version = ?")) {
                p.setString(1, version);
                try (ResultSet rs = p.executeQuery()) {
                    if (rs.next()) return;
                }
            } catch (SQLException e) {
                throw new StoreException(e.getMessage(), e);
            }
            update("INSERT INTO rule_versions (version, first_loaded_at, files) VALUES (?,?,?)", version, now, filesJson);
        }
    
        @Override
        public void saveNamedEngineState(String name, EngineState st) {
            SharedTables.saveState(this::update, name, st);
        }

        @Override
        public long takePartition(String name, String owner, long now) {
            try {
                return SharedTables.takeOwnership(c, this::update, name, owner, now);
            } catch (SQLException e) {
                throw new StoreException(e.getMessage(), e);
            }
        }

        @Override
        public void checkPartitionOwner(String name, long epoch) {
            SharedTables.checkOwner(this::update, name, epoch);
        }

        @Override
        public void enqueueOutput(String tenant, String incidentId, int version, String payload, long now) {
            update("INSERT INTO kafka_outbox (tenant, incident_id, version, payload, created_at) VALUES (?,?,?,?,?)",
                    tenant, incidentId, version, payload, now);
        }
    }

    // ---- shared store: what the Kafka consumers of serve read (org.alertcorrelator.kafka) ----

    /** A named engine's restart point (see {@link StoreTx#saveNamedEngineState}). */
    public Optional<EngineState> namedEngineState(String name) {
        return read(c -> SharedTables.state(c, name));
    }

    /** A partition's owner epoch (0 before anyone took it). */
    public long partitionEpoch(String name) {
        return read(c -> SharedTables.epoch(c, name));
    }

    /** Every tenant that has stored alerts. */
    public List<String> tenants() {
        return read(SharedTables::tenants);
    }

    /** Live incidents of these tenants (what a rebuild of their session must produce again). */
    public List<IncidentRow> liveIncidents(Collection<String> tenants) {
        if (tenants.isEmpty()) return List.of();
        return read(c -> {
            List<IncidentRow> rows = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT " + INCIDENT_COLUMNS + " FROM incidents WHERE state = ? AND tenant IN ("
                    + SharedTables.marks(tenants.size()) + ")")) {
                p.setString(1, IncidentRow.LIVE);
                int i = 2;
                for (String t : tenants) p.setString(i++, t);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) rows.add(incidentFrom(rs));
                }
            }
            return rows;
        });
    }

    /** These tenants' alerts with event time at or after {@code fromEventTime}, in key order (event time, then id). */
    public void forEachTenantAlert(Collection<String> tenants, long fromEventTime, Consumer<StoredAlert> action) {
        if (tenants.isEmpty()) return;
        scanByEventTime(fromEventTime, Long.MAX_VALUE, AlertFilter.tenantIn(tenants), action);
    }

    /** Queued output-topic changes of these tenants, oldest first. */
    public List<SharedTables.Output> pendingOutput(Collection<String> tenants, int limit) {
        if (tenants.isEmpty()) return List.of();
        return read(c -> SharedTables.pendingOutput(c, tenants, limit));
    }

    /** Removes output rows once the broker has them. */
    public void outputSent(List<Long> ids) {
        if (ids.isEmpty()) return;
        writeDerived(tx -> {
            for (Long id : ids) ((JdbcTx) tx).update("DELETE FROM kafka_outbox WHERE id = ?", id);
            return null;
        });
    }

    public long pendingOutputCount() {
        return read(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM kafka_outbox")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
