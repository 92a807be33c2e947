package org.alertcorrelator.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.alertcorrelator.cli.Main;
import org.alertcorrelator.engine.Replay;
import org.alertcorrelator.ruleset.RuleSet;
import org.alertcorrelator.store.PostgresTestDatabase;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * serve on Kafka, in this JVM, against a real KRaft broker and a real PostgreSQL store: a generated stream keyed by
 * tenant gives replay's incidents (same ids, same alerts) while a second member joins and the first leaves; the
 * output topic's last versions say the same; redelivered records change nothing; a record of a tenant that
 * belongs in another partition, and a record that is no alert, are refused and the rest goes on.
 */
class KafkaServeTest {
    static KafkaTestBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        PostgresTestDatabase.serverUrl(); // skips (or fails on CI) without PostgreSQL, before starting a broker
        broker = KafkaTestBroker.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) broker.close();
    }

    static Path config(Path dir, String name, String storeUrl, String group, String... extra) throws Exception {
        List<String> lines = new java.util.ArrayList<>(List.of("kafka.output-topic = incidents-" + group));
        lines.addAll(List.of(extra));
        return broker.memberConfig(dir.resolve(name + ".properties"), storeUrl, KafkaRules.withoutCrossTenantCounts(dir), group,
                lines.toArray(String[]::new));
    }

    @Test
    void membersJoiningAndLeavingGiveReplaysIncidentsAndRepeatsChangeNothing(@TempDir Path dir) throws Exception {
        Path alerts = dir.resolve("alerts.jsonl");
        assertEquals(0, Main.execute("generate", "--alerts", "4000", "--days", "3", "--tenants", "6", "--seed", "11",
                "--catalog", "rules/alert-tactics.csv", "--out", alerts.toString(), "--truth", dir.resolve("truth.csv").toString()));
        Map<String, String> expected = StoredIncidents.fromReplay(Replay.run(RuleSet.load(KafkaRules.withoutCrossTenantCounts(dir)), List.of(alerts), true).incidents());
        assertTrue(expected.size() >= 3, "the stream raises incidents: " + expected.size());
        List<String[]> lines = KafkaTestBroker.keyedLines(alerts);
        String group = "serve-test";
        broker.createTopic("alerts-" + group, 6);
        broker.createTopic("incidents-" + group, 3);
        String storeUrl = PostgresTestDatabase.newSchema();
        Path cfg = config(dir, "a", storeUrl, group);
        int third = lines.size() / 3;
        try (KafkaProducer<String, String> producer = broker.producer()) {
            KafkaService a = KafkaTestBroker.member(cfg);
            KafkaService b = null;
            try {
                send(producer, group, lines.subList(0, third));
                b = KafkaTestBroker.member(cfg);
                send(producer, group, lines.subList(third, 2 * third));
                awaitRebalanced(a, b);
                a.close(); // leaves the group: its partitions go to b, which rebuilds them from the store
                send(producer, group, lines.subList(2 * third, lines.size()));
                // a record of a tenant keyed into the wrong partition, and one that is no alert at all
                String[] first = lines.get(0);
                String wrongKey = first[0] + "-x";
                while (TenantPartitioner.partitionOf(wrongKey, 6) == TenantPartitioner.partitionOf(first[0], 6)) wrongKey += "x";
                producer.send(new ProducerRecord<>("alerts-" + group, wrongKey, first[1].replace(first[0].substring(0, 8), first[0].substring(0, 8))
                        .replace("\"SystemAlertId\":\"", "\"SystemAlertId\":\"misrouted-")));
                producer.send(new ProducerRecord<>("alerts-" + group, first[0], "this is no alert"));
                producer.flush();
                awaitSettled(group, storeUrl, expected);
                StoredIncidents.assertSame(expected, StoredIncidents.fromStore(storeUrl), "stored");
                assertEquals(lines.size(), StoredIncidents.count(storeUrl, "SELECT COUNT(*) FROM alerts"), "every alert stored once");
                assertEquals(0, StoredIncidents.count(storeUrl, "SELECT COUNT(*) FROM alerts WHERE id LIKE 'misrouted-%'"));
                assertTrue(b.status().render().contains("alertcorrelator_kafka_misrouted_total 1"), b.status().render());
                awaitOutput(group, expected);

                // Every record again (a consumer group reset, or a producer's retry): nothing changes.
                long historyBefore = StoredIncidents.count(storeUrl, "SELECT COUNT(*) FROM incident_history");
                send(producer, group, lines.subList(0, third));
                awaitLag(group, 0);
                Thread.sleep(3000);
                StoredIncidents.assertSame(expected, StoredIncidents.fromStore(storeUrl), "stored after redelivery");
                assertEquals(lines.size(), StoredIncidents.count(storeUrl, "SELECT COUNT(*) FROM alerts"));
                assertEquals(historyBefore, StoredIncidents.count(storeUrl, "SELECT COUNT(*) FROM incident_history"),
                        "a redelivered alert changes no incident");
                assertTrue(b.metrics().alertsDuplicate.sum() >= third, "duplicates counted: " + b.metrics().alertsDuplicate.sum());
            } finally {
                a.close();
                if (b != null) b.close();
            }
        } finally {
            PostgresTestDatabase.dropSchema(storeUrl);
        }
    }

    /**
     * An export keyed by nothing (as Event Hubs sends Defender's continuous export): messages of many records in the
     * {"records": [...]} envelope, on two partitions, with no key. The service re-keys them by tenant into its
     * internal topic and correlates from there: replay's incidents.
     */
    @Test
    void anUnkeyedExportIsRekeyedByTenantFirst(@TempDir Path dir) throws Exception {
        Path alerts = dir.resolve("alerts.jsonl");
        assertEquals(0, Main.execute("generate", "--alerts", "1500", "--days", "2", "--tenants", "4", "--seed", "3",
                "--catalog", "rules/alert-tactics.csv", "--out", alerts.toString(), "--truth", dir.resolve("truth.csv").toString()));
        Map<String, String> expected = StoredIncidents.fromReplay(Replay.run(RuleSet.load(KafkaRules.withoutCrossTenantCounts(dir)), List.of(alerts), true).incidents());
        List<String[]> lines = KafkaTestBroker.keyedLines(alerts);
        String group = "rekey-test";
        broker.createTopic("alerts-" + group, 2);
        broker.createTopic("incidents-" + group, 2);
        String storeUrl = PostgresTestDatabase.newSchema();
        // Two source partitions interleave when re-keyed: the lateness must cover how far apart they run.
        Path cfg = config(dir, "r", storeUrl, group, "kafka.keyed-by-tenant = false", "lateness = 3d");
        try (KafkaProducer<String, String> producer = broker.producer(); KafkaService svc = KafkaTestBroker.member(cfg)) {
            for (int from = 0; from < lines.size(); from += 25) {
                StringBuilder b = new StringBuilder("{\"records\": [");
                for (int i = from; i < Math.min(lines.size(), from + 25); i++) b.append(i == from ? "" : ",").append(lines.get(i)[1]);
                producer.send(new ProducerRecord<>("alerts-" + group, null, b.append("]}").toString()));
            }
            producer.flush();
            long end = System.nanoTime() + 180_000_000_000L;
            while (System.nanoTime() < end && !expected.equals(StoredIncidents.fromStore(storeUrl))) Thread.sleep(500);
            StoredIncidents.assertSame(expected, StoredIncidents.fromStore(storeUrl), "stored");
            assertEquals(0, broker.groupLag(group + "-rekey", "alerts-" + group), "the export's offsets are committed");
            assertEquals(lines.size(), broker.readAll(group + "-alerts-by-tenant").size(), "each record re-keyed once");
            for (var r : broker.readAll(group + "-alerts-by-tenant")) {
                assertEquals(TenantPartitioner.partitionOf(r.key(), 12), r.partition(), "keyed by tenant");
            }
            awaitOutput(group, expected);
        } finally {
            PostgresTestDatabase.dropSchema(storeUrl);
        }
    }

    static void send(KafkaProducer<String, String> producer, String group, List<String[]> lines) {
        for (String[] l : lines) producer.send(new ProducerRecord<>("alerts-" + group, l[0], l[1]));
        producer.flush();
    }

    static void awaitRebalanced(KafkaService a, KafkaService b) throws InterruptedException {
        long end = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < end) {
            int owned = a.status().owned().size() + b.status().owned().size();
            if (owned == 6 && !a.status().owned().isEmpty() && !b.status().owned().isEmpty() && a.status().ready() && b.status().ready()) return;
            Thread.sleep(100);
        }
        throw new AssertionError("the partitions were not shared out: " + a.status().owned() + " / " + b.status().owned());
    }

    static void awaitLag(String group, long lag) throws Exception {
        long end = System.nanoTime() + 120_000_000_000L;
        long now = -1;
        while (System.nanoTime() < end) {
            now = broker.groupLag(group, "alerts-" + group);
            if (now == lag) return;
            Thread.sleep(200);
        }
        throw new AssertionError("consumer lag stayed at " + now);
    }

    /** Everything consumed and committed, and the incidents as replay's (the idle flush releases the last alerts). */
    static void awaitSettled(String group, String storeUrl, Map<String, String> expected) throws Exception {
        awaitLag(group, 0);
        long end = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < end && !expected.equals(StoredIncidents.fromStore(storeUrl))) Thread.sleep(500);
    }

    static void awaitOutput(String group, Map<String, String> expected) throws Exception {
        long end = System.nanoTime() + 30_000_000_000L;
        Map<String, String> got = Map.of();
        while (System.nanoTime() < end) {
            got = StoredIncidents.fromOutput(broker.readAll("incidents-" + group));
            if (got.equals(expected)) return;
            Thread.sleep(500);
        }
        StoredIncidents.assertSame(expected, got, "output topic");
    }
}
