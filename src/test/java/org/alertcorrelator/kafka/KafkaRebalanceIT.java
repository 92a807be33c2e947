package org.alertcorrelator.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.alertcorrelator.cli.Main;
import org.alertcorrelator.engine.Replay;
import org.alertcorrelator.ruleset.RuleSet;
import org.alertcorrelator.store.PostgresTestDatabase;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The group as operators run it: {@code serve} processes (the jar) in one consumer group on a 12-partition topic, a
 * real KRaft broker (in this JVM) and one PostgreSQL store. A generated stream of 20 tenants is produced while the
 * group runs; one member is frozen (SIGSTOP) past the session timeout and then goes on (its late writes are
 * fenced), one is killed with kill -9 mid-stream, and another joins later. At the end the stored
 * incidents equal replay's of the same stream (same ids, same alerts, none lost, none doubled), and so do the last
 * versions on the output topic. Prints the figures: alerts/s, time from the kill to the partitions owned and
 * rebuilt elsewhere, consumer lag.
 *
 * <p>Size: {@code -Dkafka.it.alerts=100000 -Dkafka.it.instances=3} (CI runs the defaults: 20,000 alerts, 2
 * members, one killed, one joining). {@code throughput} measures 1, 2, 3 members on a topic filled beforehand
 * ({@code -Dkafka.bench.instances=1,2,3}).
 */
class KafkaRebalanceIT {
    static final String TOKEN = "kafka-it-token";
    static final int PARTITIONS = 12;

    @Test
    void killedAndJoiningMembersGiveReplaysIncidents(@TempDir Path dir) throws Exception {
        PostgresTestDatabase.serverUrl();
        int alertCount = Integer.getInteger("kafka.it.alerts", 20_000);
        int instances = Integer.getInteger("kafka.it.instances", 2);
        Path alerts = dir.resolve("alerts.jsonl");
        assertEquals(0, Main.execute("generate", "--alerts", Integer.toString(alertCount), "--days", "7", "--tenants", "20",
                "--seed", "14", "--catalog", "rules/alert-tactics.csv", "--out", alerts.toString(), "--truth", dir.resolve("truth.csv").toString()));
        Map<String, String> expected = StoredIncidents.fromReplay(Replay.run(RuleSet.load(rules(dir)), List.of(alerts), true).incidents());
        List<String[]> lines = KafkaTestBroker.keyedLines(alerts);
        Set<String> ids = new HashSet<>();
        for (String[] l : lines) ids.add(l[2]);
        String storeUrl = PostgresTestDatabase.newSchema();
        List<ServeProcess> members = new ArrayList<>();
        try (KafkaTestBroker broker = KafkaTestBroker.start()) {
            broker.createTopic("alerts", PARTITIONS);
            broker.createTopic("incidents", 4);
            Path cfg = config(dir, broker, storeUrl);
            for (int i = 0; i < instances; i++) members.add(ServeProcess.start(dir, "member-" + i, cfg));
            for (ServeProcess m : members) m.awaitReady(TOKEN);
            awaitOwned(members, PARTITIONS);

            LagSampler lag = new LagSampler(broker);
            lag.start();
            long t0 = System.nanoTime();
            long failoverMillis = -1;
            int chunks = 20;
            int per = (lines.size() + chunks - 1) / chunks;
            ServeProcess joiner = null;
            ServeProcess frozen = null;
            long frozenMillis = -1;
            try (KafkaProducer<String, String> producer = broker.producer()) {
                for (int c = 0; c < chunks; c++) {
                    for (String[] l : lines.subList(Math.min(lines.size(), c * per), Math.min(lines.size(), (c + 1) * per))) {
                        producer.send(new ProducerRecord<>("alerts", l[0], l[1]));
                    }
                    producer.flush();
                    if (c == 3) {
                        // A member frozen mid-stream for longer than the session timeout: the others take its
                        // partitions and rebuild them; when it goes on, whatever it still writes for them is
                        // refused (fencing), and it rejoins.
                        frozen = members.get(members.size() - 1);
                        long f = System.nanoTime();
                        frozen.freeze();
                        List<ServeProcess> others = new ArrayList<>(members);
                        others.remove(frozen);
                        awaitOwned(others, PARTITIONS);
                        frozen.thaw();
                        frozenMillis = (System.nanoTime() - f) / 1_000_000;
                    }
                    if (c == 7) {
                        ServeProcess victim = members.get(0);
                        long k = System.nanoTime();
                        victim.kill();
                        List<ServeProcess> rest = members.subList(1, members.size());
                        awaitOwned(rest, PARTITIONS);
                        failoverMillis = (System.nanoTime() - k) / 1_000_000;
                    }
                    if (c == 13) {
                        joiner = ServeProcess.start(dir, "joiner", cfg);
                        members.add(joiner);
                    }
                    Thread.sleep(300);
                }
            }
            joiner.awaitReady(TOKEN);
            awaitLag(broker, 0);
            long drained = System.nanoTime();
            lag.stop();
            awaitIncidents(storeUrl, expected);
            // The cooperative rebalance that gives the joiner its partitions may end after the stream is drained.
            long joinDeadline = System.nanoTime() + 60_000_000_000L;
            while (joiner.correlating(TOKEN).isEmpty() && System.nanoTime() < joinDeadline) Thread.sleep(250);
            assertTrue(!joiner.correlating(TOKEN).isEmpty(), "the member that joined late took partitions");

            StoredIncidents.assertSame(expected, StoredIncidents.fromStore(storeUrl), "stored");
            assertEquals(ids.size(), StoredIncidents.count(storeUrl, "SELECT COUNT(*) FROM alerts"), "every alert stored, once");
            Map<String, String> output = Map.of();
            long end = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < end && !(output = StoredIncidents.fromOutput(broker.readAll("incidents"))).equals(expected)) {
                Thread.sleep(1000);
            }
            StoredIncidents.assertSame(expected, output, "output topic");

            double seconds = (drained - t0) / 1e9;
            System.out.printf(Locale.ROOT, "KAFKA-IT alerts=%d tenants=20 partitions=%d members=%d (1 frozen %d ms then resumed: %d write(s) "
                            + "fenced; 1 killed with kill -9; 1 joined): consumed and stored in %.1f s = %.0f alerts/s end to end; "
                            + "kill to partitions owned and rebuilt elsewhere: %d ms; "
                            + "consumer lag max %d, samples (1/s) %s; incidents %d = replay%n",
                    lines.size(), PARTITIONS, instances, frozenMillis, frozen.metric(TOKEN, "alertcorrelator_kafka_fenced_writes_total"),
                    seconds, lines.size() / seconds, failoverMillis, lag.max.get(), lag.samples, expected.size());
            for (ServeProcess m : members) if (m.process.isAlive()) m.stop();
        } finally {
            for (ServeProcess m : members) m.close();
            PostgresTestDatabase.dropSchema(storeUrl);
        }
    }

    /** End-to-end throughput with 1, 2, 3 members: the topic is filled first, then the group drains it. */
    @Test
    @EnabledIfSystemProperty(named = "kafka.bench.instances", matches = ".+")
    void throughput(@TempDir Path dir) throws Exception {
        PostgresTestDatabase.serverUrl();
        int alertCount = Integer.getInteger("kafka.it.alerts", 20_000);
        Path alerts = dir.resolve("alerts.jsonl");
        assertEquals(0, Main.execute("generate", "--alerts", Integer.toString(alertCount), "--days", "7", "--tenants", "20",
                "--seed", "14", "--catalog", "rules/alert-tactics.csv", "--out", alerts.toString(), "--truth", dir.resolve("truth.csv").toString()));
        Map<String, String> expected = StoredIncidents.fromReplay(Replay.run(RuleSet.load(rules(dir)), List.of(alerts), true).incidents());
        List<String[]> lines = KafkaTestBroker.keyedLines(alerts);
        List<String> figures = new ArrayList<>();
        try (KafkaTestBroker broker = KafkaTestBroker.start()) {
            broker.createTopic("alerts", PARTITIONS);
            broker.createTopic("incidents", 4);
            try (KafkaProducer<String, String> producer = broker.producer()) {
                for (String[] l : lines) producer.send(new ProducerRecord<>("alerts", l[0], l[1]));
                producer.flush();
            }
            for (String n : System.getProperty("kafka.bench.instances").split(",")) {
                int instances = Integer.parseInt(n.trim());
                String storeUrl = PostgresTestDatabase.newSchema();
                String group = "bench-" + instances;
                Path cfg = config(dir, broker, storeUrl).resolveSibling("bench-" + instances + ".properties");
                Files.writeString(cfg, Files.readString(config(dir, broker, storeUrl)).replace("kafka.group-id = it", "kafka.group-id = " + group));
                ownerOnly(cfg);
                List<ServeProcess> members = new ArrayList<>();
                try {
                    for (int i = 0; i < instances; i++) members.add(ServeProcess.start(dir, group + "-" + i, cfg));
                    for (ServeProcess m : members) m.awaitReady(TOKEN);
                    // from all members ready (JVM start and rule build excluded) to every alert stored and committed
                    long t0 = System.nanoTime();
                    awaitGroupLag(broker, group, 0);
                    double s = (System.nanoTime() - t0) / 1e9;
                    awaitIncidents(storeUrl, expected);
                    StoredIncidents.assertSame(expected, StoredIncidents.fromStore(storeUrl), "stored");
                    figures.add(String.format(Locale.ROOT, "members=%d: %d alerts in %.1f s = %.0f alerts/s", instances, lines.size(), s, lines.size() / s));
                    System.out.println("KAFKA-BENCH " + figures.get(figures.size() - 1));
                    for (ServeProcess m : members) m.stop();
                } finally {
                    for (ServeProcess m : members) m.close();
                    PostgresTestDatabase.dropSchema(storeUrl);
                }
            }
        }
        System.out.println("KAFKA-BENCH end-to-end (Kafka to stored alerts and incidents, offsets committed), "
                + PARTITIONS + " partitions, 20 tenants: " + String.join("; ", figures));
    }

    /**
     * The default rules, cross-tenant counts included (the members share them through the store); with
     * {@code -Dkafka.it.prevalence=off}, without them.
     */
    static Path rules(Path dir) throws java.io.IOException {
        return "off".equals(System.getProperty("kafka.it.prevalence", "on")) ? KafkaRules.withoutCrossTenantCounts(dir)
                : Path.of("rules").toAbsolutePath();
    }

    static Path config(Path dir, KafkaTestBroker broker, String storeUrl) throws Exception {
        Path f = dir.resolve("member.properties");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(TOKEN.getBytes(StandardCharsets.UTF_8)));
        Files.writeString(f, String.join("\n",
                "store.url = " + storeUrl,
                "rules = " + rules(dir),
                "flush-after-idle = 3s",
                "tokens = admin:" + sha,
                "kafka.bootstrap-servers = " + broker.bootstrapServers(),
                "kafka.topics = alerts",
                "kafka.group-id = it",
                "kafka.output-topic = incidents",
                // a dead member's partitions move after this long without its heartbeat
                "kafka.session.timeout.ms = 6000",
                "kafka.heartbeat.interval.ms = 1000", ""));
        ownerOnly(f); // serve refuses a config with token hashes that others can read
        return f;
    }

    static void awaitOwned(List<ServeProcess> members, int partitions) throws Exception {
        long end = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < end) {
            Set<Integer> owned = new TreeSet<>();
            for (ServeProcess m : members) if (m.process.isAlive()) owned.addAll(m.correlating(TOKEN));
            if (owned.size() == partitions) return;
            Thread.sleep(100);
        }
        throw new AssertionError("the partitions were not all owned and rebuilt");
    }

    static void awaitLag(KafkaTestBroker broker, long lag) throws Exception {
        awaitGroupLag(broker, "it", lag);
    }

    /** How long to wait for the group to drain: 300 s, more for a larger stream (at least 40 alerts/s). */
    static long drainNanos() {
        return Math.max(300, Integer.getInteger("kafka.it.alerts", 20_000) / 40) * 1_000_000_000L;
    }

    static void awaitGroupLag(KafkaTestBroker broker, String group, long lag) throws Exception {
        long end = System.nanoTime() + drainNanos();
        long now = -1;
        while (System.nanoTime() < end) {
            now = broker.groupLag(group, "alerts");
            if (now == lag) return;
            Thread.sleep(250);
        }
        throw new AssertionError("consumer lag stayed at " + now);
    }

    static void awaitIncidents(String storeUrl, Map<String, String> expected) throws Exception {
        long end = System.nanoTime() + drainNanos() / 2;
        while (System.nanoTime() < end && !expected.equals(StoredIncidents.fromStore(storeUrl))) Thread.sleep(1000);
    }

    /** The group's lag, once a second. */
    static final class LagSampler {
        final KafkaTestBroker broker;
        final AtomicLong max = new AtomicLong();
        final List<Long> samples = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicBoolean running = new AtomicBoolean(true);
        Thread thread;

        LagSampler(KafkaTestBroker broker) {
            this.broker = broker;
        }

        void start() {
            thread = new Thread(() -> {
                while (running.get()) {
                    try {
                        long l = broker.groupLag("it", "alerts");
                        samples.add(l);
                        max.accumulateAndGet(l, Math::max);
                        Thread.sleep(1000);
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "lag-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(5000);
        }
    }

    static void ownerOnly(Path f) throws java.io.IOException {
        java.nio.file.Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }
}
