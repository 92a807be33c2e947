package org.alertcorrelator.store;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The store contract on a real PostgreSQL server (see {@link PostgresTestDatabase}). */
class PostgresStoreTest extends StoreContract {
    private String url;

    @Override
    protected Store open() {
        url = PostgresTestDatabase.newSchema();
        return JdbcStore.open(url, "", "");
    }

    @Override
    protected Store reopen() {
        return JdbcStore.open(url, "", "");
    }

    @Override
    protected void cleanUp() {
        if (url != null) PostgresTestDatabase.dropSchema(url);
    }

    @Test
    void oneServicePerStore() {
        StoreException e = assertThrows(StoreException.class, () -> JdbcStore.open(url, "", "", java.time.Duration.ofMillis(500)));
        assertTrue(e.getMessage().contains("in use"), e.getMessage());
    }

    @Test
    void describesItselfWithoutThePassword() {
        assertTrue(store.describe().startsWith("PostgreSQL //"), store.describe());
        assertTrue(!store.describe().contains("password"), store.describe());
    }
}
