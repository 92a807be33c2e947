package org.alertcorrelator.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A few JDBC connections shared by the service's threads: at most {@code size} open at once, idle ones kept
 * for reuse and checked before reuse when they have been idle a while (a PostgreSQL server may have restarted).
 * Small on purpose: the service writes from two threads and reads from the HTTP threads.
 */
final class ConnectionPool implements AutoCloseable {
    private static final long CHECK_AFTER_IDLE_MS = 10_000;

    private record Idle(Connection connection, long since) {
    }

    private final String url;
    private final Properties props;
    private final Semaphore permits;
    private final Deque<Idle> idle = new ArrayDeque<>();
    private volatile boolean closed;

    ConnectionPool(String url, String user, String password, int size) {
        this.url = url;
        this.props = new Properties();
        if (user != null && !user.isEmpty()) props.setProperty("user", user);
        if (password != null && !password.isEmpty()) props.setProperty("password", password);
        this.permits = new Semaphore(size, true);
    }

    Connection borrow() throws SQLException {
        if (closed) throw new StoreException("the store is closed");
        try {
            if (!permits.tryAcquire(30, TimeUnit.SECONDS)) throw new StoreException("no store connection free for 30 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted waiting for a store connection");
        }
        try {
            while (true) {
                Idle i;
                synchronized (idle) {
                    i = idle.pollFirst();
                }
                if (i == null) break;
                if (System.currentTimeMillis() - i.since() < CHECK_AFTER_IDLE_MS || i.connection().isValid(5)) {
                    return i.connection();
                }
                quietlyClose(i.connection());
            }
            return DriverManager.getConnection(url, props);
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** Returns a connection; a broken one (or one used after close) is closed instead of kept. */
    void giveBack(Connection c, boolean broken) {
        try {
            if (broken || closed || c.isClosed()) {
                quietlyClose(c);
            } else {
                if (!c.getAutoCommit()) {
                    c.rollback();
                    c.setAutoCommit(true);
                }
                synchronized (idle) {
                    idle.addFirst(new Idle(c, System.currentTimeMillis()));
                }
            }
        } catch (SQLException e) {
            quietlyClose(c);
        } finally {
            permits.release();
        }
    }

    /** A connection outside the pool, for the caller to keep (the instance lock) and close. */
    Connection open() throws SQLException {
        return DriverManager.getConnection(url, props);
    }

    @Override
    public void close() {
        closed = true;
        synchronized (idle) {
            for (Idle i : idle) quietlyClose(i.connection());
            idle.clear();
        }
    }

    static void quietlyClose(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing a broken connection: nothing more to do
        }
    }
}
