package org.alertcorrelator.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stores made before Flyway took the migrations over (a {@code schema_version} table, versions 1..N, written by
 * the runner that {@link #migrateTheOldWay} repeats) open with Flyway on every database: nothing they list is
 * applied again, the versions they lack are, and their data stays.
 */
class SchemaBeforeFlywayTest {
    @TempDir
    Path dir;
    private String pgUrl;

    @AfterEach
    void dropSchema() {
        if (pgUrl != null) PostgresTestDatabase.dropSchema(pgUrl);
    }

    private String url(String database) {
        return switch (database) {
            case "sqlite" -> JdbcStore.embeddedUrl(dir.resolve("data"));
            case "h2" -> JdbcStore.h2Url(dir.resolve("data"));
            default -> pgUrl = PostgresTestDatabase.newSchema();
        };
    }

    /**
     * What {@code Migrations.migrate} did before Flyway (commit c79d1f1): a {@code schema_version} table, then each
     * migration up to {@code upTo} in its own transaction with its row in that table.
     */
    static void migrateTheOldWay(Connection c, Dialect dialect, int upTo) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                    + "description VARCHAR(256) NOT NULL, applied_at BIGINT NOT NULL)");
        }
        c.commit();
        for (Migrations.Migration m : Migrations.ALL) {
            if (m.version() > upTo) break;
            try (Statement s = c.createStatement()) {
                for (String sql : m.statements()) s.execute(dialect.schemaSql(sql));
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
                p.setInt(1, m.version());
                p.setString(2, m.description());
                p.setLong(3, 1_700_000_000_000L);
                p.executeUpdate();
            }
            c.commit();
        }
        c.setAutoCommit(true);
    }

    private static void makeOldStore(String url, int upTo) throws SQLException {
        try (Connection c = DriverManager.getConnection(url)) {
            migrateTheOldWay(c, Dialect.of(url), upTo);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO alerts (id, seq, tenant, event_time, received_at, severity, display_name, origin, "
                        + "original, alert_json, entity_keys, incident_id) VALUES ('old-1', 1, 't1', 1000, 5, 'Medium', 'Old', "
                        + "'test#1', '{}', '" + AlertCodec.toJson(StoreContract.alert("old-1", "t1", 1000, "host:h1")) + "', 'host:h1', NULL)");
            }
        }
    }

    /** Flyway's history: "version type success" per versioned row, in the order applied (H2 also notes the table's creation). */
    private static List<String> flywayHistory(String url) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             // quoted: Flyway names them in lower case, which H2 keeps only when quoted
             ResultSet rs = s.executeQuery("SELECT \"version\", \"type\", \"success\" FROM \"flyway_schema_history\" ORDER BY \"installed_rank\"")) {
            while (rs.next()) {
                if (rs.getString(1) != null) rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getBoolean(3));
            }
        }
        return rows;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "h2", "postgresql"})
    void aStoreAtTheLatestVersionIsTakenOverWithNothingAppliedAgain(String database) throws Exception {
        String url = url(database);
        Files.createDirectories(dir.resolve("data"));
        makeOldStore(url, Migrations.latest());
        try (JdbcStore store = JdbcStore.open(url, "", "")) {
            assertEquals(Migrations.latest(), store.schemaVersion());
            assertEquals(1, store.alertCount());
            assertTrue(store.alert("old-1").isPresent());
            store.write(tx -> {
                tx.insertAlerts(List.of(StoreContract.stored(2, StoreContract.alert("new-2", "t1", 2000, "host:h1"), 6)));
                return null;
            });
        }
        assertEquals(List.of(Migrations.latest() + " BASELINE true"), flywayHistory(url));
        try (JdbcStore store = JdbcStore.open(url, "", "")) { // and again, now that Flyway has its history
            assertEquals(Migrations.latest(), store.schemaVersion());
            assertEquals(2, store.alertCount());
        }
        assertEquals(List.of(Migrations.latest() + " BASELINE true"), flywayHistory(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "h2", "postgresql"})
    void aStoreAtAnOlderVersionGetsOnlyTheMigrationsItLacks(String database) throws Exception {
        String url = url(database);
        Files.createDirectories(dir.resolve("data"));
        makeOldStore(url, 1); // before alerts were keyed by tenant and id
        try (JdbcStore store = JdbcStore.open(url, "", "")) {
            assertEquals(Migrations.latest(), store.schemaVersion());
            assertTrue(store.alert("old-1").isPresent(), "the alert survives migration 2's rewrite of the alerts table");
        }
        List<String> expected = new ArrayList<>(List.of("1 BASELINE true"));
        for (Migrations.Migration m : Migrations.ALL) if (m.version() > 1) expected.add(m.version() + " JDBC true");
        assertEquals(expected, flywayHistory(url));
    }

    /** A SQLite store written by the service before Flyway (commit c79d1f1, the embedded default): one alert. */
    @Test
    void aSqliteFileWrittenByTheServiceBeforeFlywayOpens() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        try (InputStream in = new GZIPInputStream(getClass().getResourceAsStream("/store/sqlite-schema-v3-before-flyway.db.gz"))) {
            Files.copy(in, data.resolve("alert-correlator.db"));
        }
        String url = JdbcStore.embeddedUrl(data);
        try (JdbcStore store = JdbcStore.open(url, "", "")) {
            assertEquals(Migrations.latest(), store.schemaVersion());
            assertEquals("Alert before Flyway", store.alert("legacy-1").orElseThrow().displayName());
        }
        List<String> expected = new ArrayList<>(List.of("3 BASELINE true")); // and the migrations added since, if any
        for (Migrations.Migration m : Migrations.ALL) if (m.version() > 3) expected.add(m.version() + " JDBC true");
        assertEquals(expected, flywayHistory(url));
    }

    @Test
    void aStoreNewerThanThisProgramIsRefused() throws Exception {
        String url = url("sqlite");
        Files.createDirectories(dir.resolve("data"));
        makeOldStore(url, Migrations.latest());
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO schema_version VALUES (99, 'from the future', 0)");
        }
        StoreException e = assertThrows(StoreException.class, () -> JdbcStore.open(url, "", ""));
        assertTrue(e.getMessage().contains("newer than this program knows"), e.getMessage());

        String fresh = JdbcStore.embeddedUrl(dir.resolve("fresh"));
        JdbcStore.open(fresh, "", "").close();
        try (Connection c = DriverManager.getConnection(fresh); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, "
                    + "installed_by, execution_time, success) VALUES (99, '99', 'from the future', 'JDBC', 'x', 0, 'x', 0, 1)");
        }
        e = assertThrows(StoreException.class, () -> JdbcStore.open(fresh, "", ""));
        assertTrue(e.getMessage().contains("newer than this program knows"), e.getMessage());
    }

    /** A shipped migration edited afterwards (its checksum in the history differs): the store is refused, not migrated. */
    @Test
    void aStoreWhoseAppliedMigrationDiffersFromTheProgramsIsRefused() throws Exception {
        String url = url("sqlite");
        JdbcStore.open(url, "", "").close();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            assertEquals(1, s.executeUpdate("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '2'"));
        }
        StoreException e = assertThrows(StoreException.class, () -> JdbcStore.open(url, "", ""));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    }

    /** Kafka members open one new store together: each waits for the other's migration, none applies one twice. */
    @Test
    void servicesOpeningOneNewPostgresStoreTogetherMigrateItOnce() throws Exception {
        String url = url("postgresql");
        int services = 3;
        CyclicBarrier start = new CyclicBarrier(services);
        ExecutorService pool = Executors.newFixedThreadPool(services);
        List<JdbcStore> opened = new ArrayList<>();
        try {
            List<Future<JdbcStore>> futures = new ArrayList<>();
            for (int i = 0; i < services; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return JdbcStore.openShared(url, "", "");
                }));
            }
            for (Future<JdbcStore> f : futures) opened.add(f.get(60, TimeUnit.SECONDS));
            for (JdbcStore s : opened) assertEquals(Migrations.latest(), s.schemaVersion());
        } finally {
            for (JdbcStore s : opened) s.close();
            pool.shutdownNow();
        }
        List<String> expected = new ArrayList<>();
        for (Migrations.Migration m : Migrations.ALL) expected.add(m.version() + " JDBC true");
        assertEquals(expected, flywayHistory(url));
    }
}
