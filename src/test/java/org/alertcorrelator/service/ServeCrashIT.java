package org.alertcorrelator.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.alertcorrelator.engine.Replay;
import org.alertcorrelator.model.Incident;
import org.alertcorrelator.ruleset.RuleSet;
import org.alertcorrelator.service.auth.Tokens;
import org.alertcorrelator.store.JdbcStore;
import org.alertcorrelator.store.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Nothing acknowledged is lost, on each store: rounds of (start the service process on the same data, check that
 * every alert acknowledged so far is there, post 200-alert batches 4 at a time, {@code kill -9} it at a random
 * moment). After the last round on each data folder, the incidents the restarted service gives equal {@code replay}
 * of the stored alerts. Rounds: {@code -Dcrash.rounds=N} (default 10, as CI runs); each round prints its figures,
 * the last line sums up. An H2 store ({@code store.url = jdbc:h2:file:...}, still opened when named, no longer the
 * default because it lost acknowledged alerts) is measured only when asked: {@code -Dcrash.h2=true}.
 */
class ServeCrashIT {
    static final String TOKEN = "crash-test-admin";
    static final int BATCH = 200;
    static final int ROUNDS = Integer.getInteger("crash.rounds", 10);
    /**
     * Rounds on one data folder: a restart replays the stored alerts of the live window, so a folder that kept
     * growing (40,000 alerts after 23 rounds) would make each start slower than the wait for it on a loaded machine.
     */
    static final int ROUNDS_PER_FOLDER = 10;

    static String alertLine(int batch, int i) {
        String id = "crash-" + batch + "-" + i;
        // batches 2 s of event time apart: the 4 posters stay well within the lateness, so order is replay's
        long t = 1_709_539_200_000L + batch * 2_000L + i * 5L;
        String time = java.time.Instant.ofEpochMilli(t).toString();
        return "{\"TenantId\":\"crash-tenant\",\"SystemAlertId\":\"" + id + "\",\"AlertName\":\"Crash test " + (batch % 5) + "\","
                + "\"AlertSeverity\":\"Medium\",\"StartTime\":\"" + time + "\",\"EndTime\":\"" + time + "\",\"Status\":\"New\","
                + "\"Tactics\":\"" + (i % 3 == 0 ? "Execution" : i % 3 == 1 ? "Persistence" : "CredentialAccess") + "\","
                + "\"Entities\":\"[{\\\"$id\\\":\\\"1\\\",\\\"HostName\\\":\\\"host-" + (batch % 7) + "-" + (i % 11) + "\\\",\\\"Type\\\":\\\"host\\\"}]\"}";
    }

    @Test
    void embeddedStoreLosesNoAcknowledgedAlertUnderKillDashNine(@TempDir Path dir) throws Exception {
        rounds(dir, "embedded", "");
    }

    /** H2 is not promised to keep acknowledged alerts (docs/service.md): measured on request, not in CI. */
    @Test
    @EnabledIfSystemProperty(named = "crash.h2", matches = "true")
    void h2StoreLosesNoAcknowledgedAlertUnderKillDashNine(@TempDir Path dir) throws Exception {
        rounds(dir, "h2", "h2");
    }

    @Test
    void postgresStoreLosesNoAcknowledgedAlertUnderKillDashNine(@TempDir Path dir) throws Exception {
        String url = PostgresTestDatabase.newSchema();
        try {
            rounds(dir, "postgresql", "store.url = " + url + "\n");
        } finally {
            PostgresTestDatabase.dropSchema(url);
        }
    }

    private void rounds(Path root, String storeName, String storeConfig) throws Exception {
        int totalLost = 0;
        int done = 0;
        for (int folder = 1; done < ROUNDS; folder++) {
            int rounds = Math.min(ROUNDS_PER_FOLDER, ROUNDS - done);
            Path dir = Files.createDirectories(root.resolve("folder-" + folder));
            totalLost += rounds(dir, storeName, storeFor(storeConfig, folder, dir), rounds);
            done += rounds;
        }
        System.out.printf("ServeCrashIT %s: %d rounds of kill -9 in all, %d acknowledged alerts lost%n", storeName, ROUNDS, totalLost);
        assertEquals(0, totalLost);
    }

    /** PostgreSQL: a fresh schema per folder (the first one is the test's); embedded and H2: the folder's own store. */
    private static String storeFor(String storeConfig, int folder, Path dir) {
        if (storeConfig.equals("h2")) return "store.url = " + JdbcStore.h2Url(dir.resolve("data")) + "\n";
        if (storeConfig.isEmpty() || folder == 1) return storeConfig;
        String url = PostgresTestDatabase.newSchema();
        return "store.url = " + url + "\n";
    }

    /** @return alerts acknowledged but missing after the restarts */
    private int rounds(Path dir, String storeName, String storeConfig, int roundCount) throws Exception {
        Path config = dir.resolve("service.properties");
        Files.writeString(config, storeConfig + "flush-after-idle = 1s\n"
                + "token.crash.role = admin\ntoken.crash.sha256 = " + Tokens.sha256Hex(TOKEN) + "\n");
        Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        String[] serve = {"serve", "--port", "0", "--config", config.toString(), "--data", dir.resolve("data").toString(),
                "--rules", Path.of("rules").toAbsolutePath().toString()};
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Random random = new Random(Long.getLong("crash.seed", System.nanoTime()));
        AtomicInteger nextBatch = new AtomicInteger();
        Set<String> lostIds = new TreeSet<>(); // distinct: an alert lost in one round is missing in every later one too
        for (int round = 1; round <= roundCount; round++) {
            try (ServiceProcess p = ServiceProcess.start(dir, "round-" + round, serve)) {
                URI base = p.awaitReady(TOKEN);
                Set<String> missing = lostAlerts(http, base, acknowledged);
                missing.removeAll(lostIds);
                int lost = missing.size();
                lostIds.addAll(missing);
                int before = acknowledged.size();
                AtomicBoolean stop = new AtomicBoolean();
                ExecutorService posters = Executors.newFixedThreadPool(4);
                for (int w = 0; w < 4; w++) {
                    posters.submit(() -> {
                        while (!stop.get()) {
                            int batch = nextBatch.getAndIncrement();
                            StringBuilder body = new StringBuilder();
                            List<String> ids = new ArrayList<>();
                            for (int i = 0; i < BATCH; i++) {
                                body.append(alertLine(batch, i)).append('\n');
                                ids.add("crash-" + batch + "-" + i);
                            }
                            try {
                                HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/alerts"))
                                        .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + TOKEN)
                                        .header("Content-Type", "application/x-ndjson")
                                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
                                if (r.statusCode() == 202) acknowledged.addAll(ids);
                            } catch (Exception e) {
                                if (!p.process.isAlive()) return null; // killed: the loop ends
                            }
                        }
                        return null;
                    });
                }
                // kill at a random moment: after a random number of acknowledged batches, plus a random few ms
                int target = before + BATCH * (2 + random.nextInt(14));
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (acknowledged.size() < target && System.nanoTime() < end) Thread.sleep(5);
                Thread.sleep(random.nextInt(120));
                p.process.destroyForcibly(); // SIGKILL
                p.process.waitFor(30, TimeUnit.SECONDS);
                stop.set(true);
                posters.shutdown();
                assertTrue(posters.awaitTermination(60, TimeUnit.SECONDS));
                System.out.printf("ServeCrashIT %s round %d: %d acknowledged before the round lost: %d; %d acknowledged in it%n",
                        storeName, round, before, lost, acknowledged.size() - before);
            }
        }
        try (ServiceProcess p = ServiceProcess.start(dir, "last", serve)) {
            URI base = p.awaitReady(TOKEN);
            Set<String> lost = lostAlerts(http, base, acknowledged);
            lostIds.addAll(lost);
            int totalLost = lostIds.size();
            System.out.printf("ServeCrashIT %s (%s): %d rounds of kill -9, %d alerts acknowledged, %d lost%n",
                    storeName, dir.getFileName(), roundCount, acknowledged.size(), totalLost);
            if (totalLost > 0) System.out.printf("ServeCrashIT %s: lost e.g. %s%n", storeName, lostIds.stream().limit(5).toList());
            assertTrue(acknowledged.size() >= roundCount * BATCH, "alerts were acknowledged: " + acknowledged.size());
            // every folder, not only the last: a restart that derives different incidents fails here
            assertSameIncidentsAsReplay(http, base, dir, storedIds(http, base));
            System.out.printf("ServeCrashIT %s (%s): incidents after the restarts equal replay of the stored alerts%n",
                    storeName, dir.getFileName());
            return totalLost;
        }
    }

    private static Set<String> storedIds(HttpClient http, URI base) throws Exception {
        HttpResponse<String> csv = http.send(HttpRequest.newBuilder(base.resolve("/api/alerts.csv?tenant=crash-tenant"))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, csv.statusCode(), csv.body());
        Set<String> stored = new HashSet<>();
        csv.body().lines().skip(1).forEach(l -> stored.add(l.substring(0, l.indexOf(','))));
        return stored;
    }

    private static Set<String> lostAlerts(HttpClient http, URI base, Set<String> acknowledged) throws Exception {
        Set<String> lost = new HashSet<>(acknowledged);
        lost.removeAll(storedIds(http, base));
        return lost;
    }

    /** The restarted service, once its buffer is released, has the incidents replay gives on the stored alerts. */
    private static void assertSameIncidentsAsReplay(HttpClient http, URI base, Path dir, Set<String> stored) throws Exception {
        Path file = dir.resolve("stored.jsonl");
        StringBuilder lines = new StringBuilder();
        for (String id : new TreeSet<>(stored)) {
            String[] parts = id.split("-");
            lines.append(alertLine(Integer.parseInt(parts[1]), Integer.parseInt(parts[2]))).append('\n');
        }
        Files.writeString(file, lines);
        TreeMap<String, List<String>> expected = new TreeMap<>();
        for (Incident i : Replay.run(RuleSet.load(Path.of("rules")), List.of(file), true).incidents()) {
            expected.put(i.id(), i.alertIds().stream().sorted().toList());
        }
        TreeMap<String, List<String>> actual = new TreeMap<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            actual.clear();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/incidents?tenant=crash-tenant&limit=1000"))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            for (JsonNode n : Json.parse(r.body()).path("items")) {
                List<String> ids = new ArrayList<>();
                n.path("alertIds").forEach(a -> ids.add(a.asText()));
                actual.put(n.path("id").asText(), ids.stream().sorted().toList());
            }
            if (actual.equals(expected)) break;
            Thread.sleep(500);
        }
        assertEquals(expected, actual, "incidents after the restarts equal replay of the stored alerts");
    }
}
