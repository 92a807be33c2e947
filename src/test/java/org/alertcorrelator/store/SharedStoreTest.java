package org.alertcorrelator.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A PostgreSQL store shared by the members of a Kafka consumer group (serve on Kafka). */
class SharedStoreTest {
    private String url;

    @BeforeEach
    void schema() {
        url = PostgresTestDatabase.newSchema();
    }

    @AfterEach
    void drop() {
        PostgresTestDatabase.dropSchema(url);
    }

    @Test
    void membersShareTheStoreAndKeepASingleServiceOut() {
        try (JdbcStore a = JdbcStore.openShared(url, "", ""); JdbcStore b = JdbcStore.openShared(url, "", "")) {
            assertEquals(a.schemaVersion(), b.schemaVersion());
            StoreException e = assertThrows(StoreException.class, () -> JdbcStore.open(url, "", "", Duration.ofMillis(500)));
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
        }
        try (JdbcStore single = JdbcStore.open(url, "", "")) {
            assertThrows(StoreException.class, () -> JdbcStore.openShared(url, "", "").close(), "and a group cannot join a single service's store");
        }
    }

    @Test
    void aTenantsAlertsComeInKeyOrderAcrossPagesAndOnlyThatTenants() {
        try (JdbcStore s = JdbcStore.openShared(url, "", "")) {
            List<StoredAlert> all = new ArrayList<>();
            long seq = 1;
            // 4,500 alerts of three tenants; many share an event time (a page boundary falls inside a time)
            for (int i = 0; i < 4500; i++) {
                String tenant = "t" + (i % 3);
                long time = 1_700_000_000_000L + (i / 7) * 1000L;
                all.add(new StoredAlert(seq++, "a-" + (9999 - i), tenant, time, 0, "Low", "x", "o", "{}", "{}", "", null));
            }
            // one event time holding more than a page on its own
            for (int i = 0; i < 2100; i++) all.add(new StoredAlert(seq++, "same-" + i, "t0", 1_800_000_000_000L, 0, "Low", "x", "o", "{}", "{}", "", null));
            s.write(tx -> {
                tx.insertAlerts(all);
                return null;
            });
            List<StoredAlert> got = new ArrayList<>();
            s.forEachTenantAlert(Set.of("t0", "t2"), 1_700_000_100_000L, got::add);
            List<StoredAlert> want = new ArrayList<>();
            for (StoredAlert a : all) if (!a.tenant().equals("t1") && a.eventTime() >= 1_700_000_100_000L) want.add(a);
            want.sort(Comparator.comparing(StoredAlert::key));
            assertEquals(want.stream().map(StoredAlert::id).toList(), got.stream().map(StoredAlert::id).toList());
            assertEquals(Set.of("t0", "t1", "t2"), Set.copyOf(s.tenants()));

            EngineState st = new EngineState(5, new AlertKey(7, "x"), 9, "v1");
            s.writeDerived(tx -> {
                tx.saveNamedEngineState("kafka/g/alerts/3", st);
                tx.saveNamedEngineState("kafka/g/alerts/3", st);
                tx.enqueueOutput("t0", "i-1", 2, "{\"v\":2}", 1);
                tx.enqueueOutput("t1", "i-2", 1, "{}", 1);
                return null;
            });
            assertEquals(st, s.namedEngineState("kafka/g/alerts/3").orElseThrow());
            assertTrue(s.namedEngineState("kafka/g/alerts/4").isEmpty());
            List<SharedTables.Output> out = s.pendingOutput(Set.of("t0"), 10);
            assertEquals(1, out.size());
            assertEquals(2, out.get(0).version());
            s.outputSent(List.of(out.get(0).id()));
            assertEquals(1, s.pendingOutputCount());
        }
    }
}
