package org.alertcorrelator.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.alertcorrelator.cli.Main;
import org.alertcorrelator.engine.Replay;
import org.alertcorrelator.model.Incident;
import org.alertcorrelator.ruleset.RuleSet;
import org.alertcorrelator.store.PostgresTestDatabase;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-tenant counts shared by the members of a consumer group, with the default rules ({@code prevalence = on}):
 * a stream whose multi-tenant campaigns are raised as prevalent patterns only when their tenants are counted
 * together, with those tenants on partitions owned by different members, gives replay's incidents; a member leaves
 * mid-stream (its partitions are rebuilt elsewhere, counts restored from the store, nothing counted twice) and a new
 * one joins (they move back and are rebuilt again). Real KRaft broker, real PostgreSQL.
 */
class KafkaPrevalenceTest {
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

    @Test
    void membersShareCrossTenantCountsAndGiveReplaysIncidents(@TempDir Path dir) throws Exception {
        Path alerts = dir.resolve("alerts.jsonl");
        assertEquals(0, Main.execute("generate", "--alerts", "6000", "--days", "2", "--tenants", "6", "--seed", "11",
                "--catalog", "rules/alert-tactics.csv", "--out", alerts.toString(), "--truth", dir.resolve("truth.csv").toString()));
        List<Incident> replayed = Replay.run(RuleSet.load(Path.of("rules")), List.of(alerts), true).incidents();
        Map<String, String> expected = StoredIncidents.fromReplay(replayed);
        Map<String, String> perTenant = StoredIncidents.fromReplay(
                Replay.run(RuleSet.load(KafkaRules.withoutCrossTenantCounts(dir)), List.of(alerts), true).incidents());
        Set<String> patternTenants = new TreeSet<>();
        for (Incident i : replayed) if (i.kind().equals("PrevalentPattern")) patternTenants.add(i.tenantId());
        assertTrue(patternTenants.size() >= 2, "the stream raises prevalent patterns in several tenants: " + patternTenants);
        assertNotEquals(perTenant, expected, "without cross-tenant counts the incidents differ");

        List<String[]> lines = KafkaTestBroker.keyedLines(alerts);
        String group = "prevalence-test";
        broker.createTopic("alerts-" + group, 6);
        String storeUrl = PostgresTestDatabase.newSchema();
        Path cfg = broker.memberConfig(dir.resolve("member.properties"), storeUrl, Path.of("rules"), group);
        // A session holding 300 alerts for the barrier has its fetch paused (10,000 by default): exercised here too.
        System.setProperty("alertcorrelator.kafka.max-waiting", "300");
        KafkaService a = KafkaTestBroker.member(cfg);
        KafkaService b = null;
        KafkaService c = null;
        KafkaService d = null;
        try (KafkaProducer<String, String> producer = broker.producer()) {
            b = KafkaTestBroker.member(cfg);
            c = KafkaTestBroker.member(cfg);
            awaitShared(List.of(a, b, c), 6);
            // The pattern's tenants sit on partitions of different members: only shared counts make it prevalent.
            Map<Integer, Integer> ownerOf = new HashMap<>();
            List<KafkaService> members = List.of(a, b, c);
            for (int m = 0; m < members.size(); m++) for (int p : members.get(m).status().owned().keySet()) ownerOf.put(p, m);
            Set<Integer> owners = new TreeSet<>();
            for (String t : patternTenants) owners.add(ownerOf.get(TenantPartitioner.partitionOf(t, 6)));
            assertTrue(owners.size() >= 2, "tenants " + patternTenants + " owned by members " + owners);

            int half = lines.size() / 2;
            send(producer, group, lines.subList(0, half));
            c.close(); // leaves mid-stream: its partitions are rebuilt by a and b, counts restored from the store
            send(producer, group, lines.subList(half, lines.size()));
            long sent = System.nanoTime();
            d = KafkaTestBroker.member(cfg); // joins: partitions move to it and are rebuilt once more
            long end = System.nanoTime() + 300_000_000_000L;
            Map<String, String> got = Map.of();
            while (System.nanoTime() < end) {
                got = StoredIncidents.fromStore(storeUrl);
                if (got.equals(expected) && broker.groupLag(group, "alerts-" + group) == 0) break;
                Thread.sleep(1000);
            }
            StoredIncidents.assertSame(expected, got, "stored");
            assertEquals(lines.size(), StoredIncidents.count(storeUrl, "SELECT COUNT(*) FROM alerts"), "every alert stored once");
            assertEquals(6, StoredIncidents.count(storeUrl, "SELECT COUNT(*) FROM prevalence_sources WHERE source LIKE 'kafka/%'"),
                    "every partition filed its counts");
            assertTrue(d.status().owned().size() > 0, "the joiner took partitions");
            long holdBacks = 0;
            for (KafkaService m : List.of(a, b, d)) holdBacks += m.status().holdBacks();
            System.out.println("KAFKA-PREVALENCE incidents=" + got.size() + " prevalentPatterns=" + patternTenants.size()
                    + " tenants, owners of their partitions " + owners + ", settled " + (System.nanoTime() - sent) / 1_000_000
                    + " ms after the last alert was sent, fetch paused for the barrier " + holdBacks + " time(s)");
        } finally {
            System.clearProperty("alertcorrelator.kafka.max-waiting");
            for (KafkaService s : new KafkaService[] {a, b, c, d}) if (s != null) s.close();
            PostgresTestDatabase.dropSchema(storeUrl);
        }
    }

    static void send(KafkaProducer<String, String> producer, String group, List<String[]> lines) {
        KafkaServeTest.send(producer, group, lines);
    }

    static void awaitShared(List<KafkaService> members, int partitions) throws InterruptedException {
        long end = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < end) {
            int owned = 0;
            boolean all = true;
            for (KafkaService m : members) {
                owned += m.status().owned().size();
                all &= !m.status().owned().isEmpty() && m.status().ready();
            }
            if (owned == partitions && all) return;
            Thread.sleep(100);
        }
        throw new AssertionError("the partitions were not shared out among " + members.size() + " members");
    }
}
