package org.alertcorrelator.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;

/**
 * How long opening a store takes: the first open in a fresh JVM (what {@code serve} pays at start-up, class loading
 * of the migration code included), then the median of further opens of new stores and of one existing store.
 * Uses only {@link JdbcStore}'s public API, so the same file runs against any build, as a single-file program:
 *
 * <pre>
 * java -cp target/alert-correlator.jar src/test/java/org/alertcorrelator/store/StoreOpenBench.java sqlite 20
 * </pre>
 *
 * Databases: sqlite, h2, postgresql (ALERTCORRELATOR_TEST_PG_URL; each new store is a new schema, dropped after).
 */
public final class StoreOpenBench {
    public static void main(String[] args) throws Exception {
        String database = args.length > 0 ? args[0] : "sqlite";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path dir = Files.createTempDirectory("store-open-bench");
        String pg = System.getenv("ALERTCORRELATOR_TEST_PG_URL");
        int[] n = {0};
        java.util.function.Supplier<String> newStore = () -> {
            String name = "s" + n[0]++;
            switch (database) {
                case "sqlite":
                    return JdbcStore.embeddedUrl(dir.resolve(name));
                case "h2":
                    return JdbcStore.h2Url(dir.resolve(name));
                default:
                    String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
                    try (Connection c = DriverManager.getConnection(pg); Statement s = c.createStatement()) {
                        s.execute("CREATE SCHEMA " + schema);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return pg + (pg.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            }
        };
        java.util.List<String> made = new java.util.ArrayList<>();
        try {
            String first = newStore.get();
            made.add(first);
            double cold = openMillis(first);
            double[] fresh = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                String url = newStore.get();
                made.add(url);
                fresh[i] = openMillis(url);
            }
            double[] existing = new double[rounds];
            for (int i = 0; i < rounds; i++) existing[i] = openMillis(first);
            System.out.printf(Locale.ROOT, "%s: first open in this JVM (new store) %.1f ms; new store median %.1f ms; "
                    + "existing store median %.1f ms (%d rounds)%n", database, cold, median(fresh), median(existing), rounds);
        } finally {
            if (!database.equals("sqlite") && !database.equals("h2")) {
                try (Connection c = DriverManager.getConnection(pg); Statement s = c.createStatement()) {
                    for (String url : made) s.execute("DROP SCHEMA IF EXISTS " + url.substring(url.indexOf("currentSchema=") + 14) + " CASCADE");
                }
            }
        }
    }

    private static double openMillis(String url) {
        long t0 = System.nanoTime();
        JdbcStore s = JdbcStore.open(url, "", "");
        double ms = (System.nanoTime() - t0) / 1e6;
        s.close();
        return ms;
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }
}
