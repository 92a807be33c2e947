package org.alertcorrelator.store;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

/** The store contract on the embedded default: an H2 file. */
class H2StoreTest extends StoreContract {
    @TempDir
    Path dir;

    @Override
    protected Store open() {
        return JdbcStore.open(JdbcStore.embeddedUrl(dir), "", "");
    }

    @Override
    protected Store reopen() {
        return open();
    }
}
