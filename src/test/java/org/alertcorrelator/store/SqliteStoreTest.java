package org.alertcorrelator.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the embedded default: a SQLite file (WAL, synchronous=FULL). */
class SqliteStoreTest extends StoreContract {
    @TempDir
    Path dir;

    @Override
    protected Store open() {
        return JdbcStore.open(JdbcStore.embeddedUrl(dir.resolve("data")), "", "");
    }

    @Override
    protected Store reopen() {
        return open();
    }

    @Test
    void theDataFolderAndTheStoreFilesAreTheOwnersOnly() throws Exception {
        Path data = dir.resolve("data");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
        try (var files = Files.list(data)) {
            for (Path f : files.toList()) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
            }
        }
        assertTrue(Files.exists(data.resolve("alert-correlator.db")));
    }

    @Test
    void aSecondServiceOnTheSameFolderIsKeptOut() {
        StoreException e = assertThrows(StoreException.class,
                () -> JdbcStore.open(JdbcStore.embeddedUrl(dir.resolve("data")), "", "", Duration.ofMillis(300)));
        assertTrue(e.getMessage().contains("in use by another alert-correlator service"), e.getMessage());
    }

    /**
     * A new database file is switched to WAL and migrated before any pooled connection opens: a pooled connection
     * opened in the background at the same moment failed the open with SQLITE_BUSY (seen in CI, LoadTestIT).
     */
    @Test
    void aNewStoreOpensEveryTime() {
        for (int i = 0; i < 60; i++) {
            try (JdbcStore s = JdbcStore.open(JdbcStore.embeddedUrl(dir.resolve("fresh-" + i)), "", "")) {
                assertTrue(s.schemaVersion() > 0);
            }
        }
    }

    /**
     * Writers on several threads take turns in the store's own queue, durable and derived writes alike: none fails
     * on SQLite's busy lock, and every one is committed.
     */
    @Test
    void concurrentWritersTakeTurnsAndAllCommit() throws Exception {
        int threads = 8, writesEach = 40;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                for (int i = 0; i < writesEach; i++) {
                    var a = stored(thread * writesEach + i + 1, alert("w" + thread + "-" + i, "t1", 1000 + i), 1);
                    Store.Work<Void> insert = tx -> {
                        tx.insertAlerts(java.util.List.of(a));
                        return null;
                    };
                    if (i % 2 == 0) store.write(insert);
                    else store.writeDerived(insert);
                }
            }));
        }
        for (var f : done) f.get(60, java.util.concurrent.TimeUnit.SECONDS);
        pool.shutdown();
        assertEquals(threads * writesEach, store.alertCount());
    }
}
