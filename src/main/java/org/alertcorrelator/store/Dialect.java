package org.alertcorrelator.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What differs between the two databases the store runs on. The schema and the queries are the same SQL on
 * both; only durability and the one-instance lock differ.
 */
public enum Dialect {
    /**
     * Embedded H2. A commit reaches the operating system at once (WRITE_DELAY=0), which survives a killed
     * process; {@code CHECKPOINT SYNC} then forces it to the disk, which survives a power cut. H2's file lock
     * keeps a second process out.
     */
    H2 {
        @Override
        void syncAfterCommit(Connection c) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.execute("CHECKPOINT SYNC");
            }
        }

        @Override
        boolean tryLockInstance(Connection c) {
            return true;
        }

        @Override
        void unlockInstance(Connection c) {
        }
    },
    /** PostgreSQL: a commit is durable by itself (fsync, synchronous_commit); an advisory lock keeps one instance. */
    POSTGRESQL {
        @Override
        void syncAfterCommit(Connection c) {
        }

        @Override
        boolean tryLockInstance(Connection c) throws SQLException {
            // One lock per schema: services on other schemas of the same database do not block each other.
            try (Statement s = c.createStatement();
                 var rs = s.executeQuery("SELECT pg_try_advisory_lock(" + INSTANCE_LOCK + ", hashtext(current_schema()))")) {
                return rs.next() && rs.getBoolean(1);
            }
        }

        @Override
        void unlockInstance(Connection c) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_unlock(" + INSTANCE_LOCK + ", hashtext(current_schema()))");
            }
        }
    };

    /**
     * Several services on one store (serve on Kafka): each holds the instance lock shared, so a service that wants
     * the store for itself alone cannot start beside them (nor they beside it). H2 has no shared mode.
     */
    boolean tryLockShared(Connection c) throws SQLException {
        if (this != POSTGRESQL) throw new StoreException("several services can share only a PostgreSQL store");
        try (Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT pg_try_advisory_lock_shared(" + INSTANCE_LOCK + ", hashtext(current_schema()))")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /** Serialises schema migration between services that start together on a shared store. */
    void lockMigration(Connection c, boolean lock) throws SQLException {
        if (this != POSTGRESQL) return;
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_" + (lock ? "" : "un") + "lock(" + MIGRATION_LOCK + ", hashtext(current_schema()))");
        }
    }

    static final int MIGRATION_LOCK = 0x4143_524d;

    /** First half of the advisory lock key held by the running service (the second is the schema's hash). */
    static final int INSTANCE_LOCK = 0x4143_524c;

    abstract void syncAfterCommit(Connection c) throws SQLException;

    /** Takes the lock that keeps a second service off this store, on a connection held for the service's life. */
    abstract boolean tryLockInstance(Connection c) throws SQLException;

    /**
     * Gives the lock back before its connection closes: the server releases a closed session's locks only once
     * it has noticed, which a service restarting at once could beat.
     */
    abstract void unlockInstance(Connection c) throws SQLException;

    public static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) return H2;
        if (jdbcUrl.startsWith("jdbc:postgresql:")) return POSTGRESQL;
        throw new StoreException("unsupported store URL " + jdbcUrl + ": use jdbc:postgresql://HOST/DB or jdbc:h2:file:PATH");
    }
}
