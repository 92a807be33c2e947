package org.alertcorrelator.store;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

/** The store contract on an embedded H2 file (the default before SQLite; still opened by store.url). */
class H2StoreTest extends StoreContract {
    @TempDir
    Path dir;

    @Override
    protected Store open() {
        return JdbcStore.open(JdbcStore.h2Url(dir), "", "");
    }

    @Override
    protected Store reopen() {
        return open();
    }
}
