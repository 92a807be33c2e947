package org.alertcorrelator.store;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server tests run against, from ALERTCORRELATOR_TEST_PG_URL (a JDBC URL with user and password,
 * e.g. jdbc:postgresql://127.0.0.1:5432/alertcorrelator_test?user=u&amp;password=p; .ci/run sets it up). Each test
 * gets its own schema. On CI (CI set) a missing URL fails the tests; elsewhere they are skipped with a message.
 */
public final class PostgresTestDatabase {
    public static final String ENV = "ALERTCORRELATOR_TEST_PG_URL";

    private PostgresTestDatabase() {
    }

    /** The server's URL, or the test is skipped (locally) / failed (CI). */
    public static String serverUrl() {
        String url = System.getenv(ENV);
        if (url == null || url.isBlank()) {
            String why = ENV + " is not set: PostgreSQL store tests need a server (.ci/run installs and starts one)";
            if (System.getenv("CI") != null) fail(why);
            Assumptions.abort(why);
        }
        return url;
    }

    /** A new empty schema on the server; the URL to use it. */
    public static String newSchema() {
        String url = serverUrl();
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            fail("cannot reach the PostgreSQL server at " + ENV + ": " + e.getMessage());
        }
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    public static void dropSchema(String schemaUrl) {
        if (schemaUrl == null) return; // the test was skipped before it had a schema (no server configured)
        String schema = schemaUrl.substring(schemaUrl.indexOf("currentSchema=") + "currentSchema=".length());
        try (Connection c = DriverManager.getConnection(serverUrl()); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            // left behind: harmless
        }
    }
}
