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
 * of the migration code included), then the median of further opens of new stores and of one existing store. Wall
 * time, and the opening thread's CPU time, which a loaded machine disturbs less.
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
            double[] cold = openMillis(first);
            double[][] fresh = new double[2][rounds];
            for (int i = 0; i < rounds; i++) {
                String url = newStore.get();
                made.add(url);
                double[] t = openMillis(url);
                fresh[0][i] = t[0];
                fresh[1][i] = t[1];
            }
            double[][] existing = new double[2][rounds];
            for (int i = 0; i < rounds; i++) {
                double[] t = openMillis(first);
                existing[0][i] = t[0];
                existing[1][i] = t[1];
            }
            System.out.printf(Locale.ROOT, "%s, wall/cpu ms: first open in this JVM (new store) %.0f/%.0f; new store median %.1f/%.1f; "
                    + "existing store median %.1f/%.1f (%d rounds)%n", database, cold[0], cold[1], median(fresh[0]), median(fresh[1]),
                    median(existing[0]), median(existing[1]), rounds);
        } finally {
            if (!database.equals("sqlite") && !database.equals("h2")) {
                try (Connection c = DriverManager.getConnection(pg); Statement s = c.createStatement()) {
                    for (String url : made) s.execute("DROP SCHEMA IF EXISTS " + url.substring(url.indexOf("currentSchema=") + 14) + " CASCADE");
                }
            }
        }
    }

    /** Wall and CPU milliseconds of one open. */
    private static double[] openMillis(String url) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        JdbcStore s = JdbcStore.open(url, "", "");
        double[] ms = {(System.nanoTime() - t0) / 1e6, (threads.getCurrentThreadCpuTime() - c0) / 1e6};
        s.close();
        return ms;
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }
}
