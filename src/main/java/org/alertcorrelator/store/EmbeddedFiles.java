package org.alertcorrelator.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

/**
 * The files of the embedded (SQLite) store: its folder is created readable by its owner only (0700), the
 * database file 0600 before SQLite first opens it (SQLite gives its -wal and -shm files the database file's
 * permissions), and a lock file held for the store's life keeps a second service off the same folder.
 */
final class EmbeddedFiles {
    private EmbeddedFiles() {
    }

    /** The lock that keeps a second process off a store. */
    interface Lock {
        void release();
    }

    /** The database file named by a {@code jdbc:sqlite:PATH[?...]} URL. */
    static Path databasePath(String url) {
        String path = url.substring("jdbc:sqlite:".length());
        int q = path.indexOf('?');
        if (q >= 0) path = path.substring(0, q);
        if (path.startsWith("file:")) path = path.substring(5);
        return Path.of(path);
    }

    /** Creates the folder and the file with owner-only permissions, then takes the lock (waiting up to {@code wait}). */
    static Lock prepare(String url, Duration wait) {
        Path db = databasePath(url).toAbsolutePath().normalize();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        try {
            Path dir = db.getParent();
            if (!Files.isDirectory(dir)) {
                if (posix) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            }
            if (posix && !Files.exists(db)) {
                Files.createFile(db, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Path lockFile = db.resolveSibling(db.getFileName() + ".lock");
            FileChannel channel = posix
                    ? FileChannel.open(lockFile, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            long giveUp = System.nanoTime() + wait.toNanos();
            while (true) {
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null; // held by this very process (a second store on the same folder)
                }
                if (lock != null) {
                    FileLock held = lock;
                    return () -> {
                        try {
                            held.release();
                            channel.close();
                        } catch (IOException ignored) {
                            // the process is ending or the file is gone: the lock goes with it
                        }
                    };
                }
                if (System.nanoTime() > giveUp) {
                    channel.close();
                    throw new StoreException("SQLite " + db + " is in use by another alert-correlator service (one service per store)");
                }
                Thread.sleep(200);
            }
        } catch (IOException e) {
            throw new StoreException("cannot open the store SQLite " + db + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted waiting for SQLite " + db);
        }
    }
}
