package org.alertcorrelator.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The store's JDBC connections, pooled by HikariCP: at most {@code size} open at once, checked before reuse, a
 * broken one evicted. Small on purpose: the service writes from two threads and reads from the HTTP threads.
 * The driver settings a dialect needs on every connection (SQLite's journal mode and sync level) are passed as
 * connection properties, so every pooled connection has them from its first statement.
 *
 * <p>The pool opens its connections only once {@link #start()} is called, after the store has opened, locked and
 * migrated the database on a connection of its own: on a new SQLite file, a pooled connection opened in the
 * background at the same moment would race the first one to switch the file to WAL and fail with SQLITE_BUSY.
 */
final class ConnectionPool implements AutoCloseable {
    private final String url;
    private final Properties props;
    private final HikariConfig config;
    private volatile HikariDataSource pool;
    private volatile boolean closed;

    ConnectionPool(String url, String user, String password, int size, Map<String, String> driverProperties) {
        this.url = url;
        this.props = new Properties();
        if (user != null && !user.isEmpty()) props.setProperty("user", user);
        if (password != null && !password.isEmpty()) props.setProperty("password", password);
        props.putAll(driverProperties);
        this.config = new HikariConfig();
        config.setPoolName("alert-correlator-store");
        config.setJdbcUrl(url);
        if (user != null && !user.isEmpty()) config.setUsername(user);
        if (password != null && !password.isEmpty()) config.setPassword(password);
        driverProperties.forEach(config::addDataSourceProperty);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(30_000);
        // Open lazily: the store opens its first connection itself, to report a clear error.
        config.setInitializationFailTimeout(-1);
    }

    /** Starts pooling: called once the database is created, locked and migrated. */
    synchronized void start() {
        if (closed) throw new StoreException("the store is closed");
        if (pool == null) pool = new HikariDataSource(config);
    }

    Connection borrow() throws SQLException {
        HikariDataSource p = pool;
        if (closed || p == null || p.isClosed()) throw new StoreException("the store is closed");
        return p.getConnection();
    }

    /** Returns a connection; a broken one is evicted from the pool instead of kept. */
    void giveBack(Connection c, boolean broken) {
        if (broken && pool != null) {
            pool.evictConnection(c);
            return;
        }
        quietlyClose(c); // a pooled connection: back to the pool, rolled back and reset by HikariCP
    }

    /** A connection outside the pool, for the caller to keep (the instance lock) and close. */
    Connection open() throws SQLException {
        return DriverManager.getConnection(url, props);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (pool != null) pool.close();
    }

    static void quietlyClose(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing a broken connection: nothing more to do
        }
    }
}
