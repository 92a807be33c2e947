package org.alertcorrelator.service;

import java.nio.file.Path;
import java.util.Map;

import org.alertcorrelator.store.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole service on PostgreSQL: the recovery checks of {@link RestartTest}. */
class PostgresServiceTest {
    @Test
    void restartKeepsIncidentsIdsAndAnalystEditsOnPostgres(@TempDir Path dir) throws Exception {
        String url = PostgresTestDatabase.newSchema();
        try {
            RestartTest.restartKeepsEverything(dir, Map.of(Setting.STORE_URL, url));
        } finally {
            PostgresTestDatabase.dropSchema(url);
        }
    }
}
