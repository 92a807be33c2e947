package org.alertcorrelator.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fencing of a partition's writes (serve on Kafka): a member that lost a partition without knowing it (cut off from
 * the group by a long pause) must not write its tenants' state after another member took the partition and rebuilt
 * it. Two members, two store connections, a real PostgreSQL.
 */
class PartitionFencingTest {
    private static final String P = "kafka/g/alerts/3";
    private String url;

    @BeforeEach
    void schema() {
        url = PostgresTestDatabase.newSchema();
    }

    @AfterEach
    void drop() {
        PostgresTestDatabase.dropSchema(url);
    }

    private static StoredAlert alert(long seq, String id) {
        return new StoredAlert(seq, id, "t3", 1_700_000_000_000L + seq, 0, "Low", "x", "o", "{}", "{}", "", null);
    }

    /** What a member's write for the partition does: check its epoch, then store an alert and its restart point. */
    private static void write(JdbcStore s, long epoch, StoredAlert a, long clock) {
        s.write(tx -> {
            tx.checkPartitionOwner(P, epoch);
            tx.insertAlerts(List.of(a));
            tx.saveNamedEngineState(P, new EngineState(0, new AlertKey(a.eventTime(), a.id()), clock, "v"));
            return null;
        });
    }

    @Test
    void aWriterWhosePartitionWasTakenIsRefusedAndWritesNothing() {
        try (JdbcStore a = JdbcStore.openShared(url, "", ""); JdbcStore b = JdbcStore.openShared(url, "", "")) {
            assertEquals(0, a.partitionEpoch(P));
            long epochA = a.write(tx -> tx.takePartition(P, "member-a", 1));
            write(a, epochA, alert(1, "a-1"), 100);

            long epochB = b.write(tx -> tx.takePartition(P, "member-b", 2));
            assertTrue(epochB > epochA, "a new owner raises the epoch");
            write(b, epochB, alert(2, "b-2"), 200);

            // member A resumes after its pause and writes as if it still owned the partition
            FencedException e = assertThrows(FencedException.class, () -> write(a, epochA, alert(3, "a-3"), 50));
            assertEquals(P, e.partition());
            assertTrue(a.alert("a-3").isEmpty(), "nothing of the refused transaction is stored");
            assertEquals(200, b.namedEngineState(P).orElseThrow().clock(), "the new owner's restart point stands");
            // and the new owner goes on writing
            write(b, epochB, alert(4, "b-4"), 300);
            assertEquals(300, a.namedEngineState(P).orElseThrow().clock());
            assertEquals(3, a.alertCount());
        }
    }

    /** A member frozen inside a transaction does not hold the partition's row lock for ever. */
    @Test
    void aTransactionLeftIdleEndsAndLetsThePartitionGo() {
        java.util.Properties props = new java.util.Properties();
        props.putAll(JdbcStore.sharedDriverProperties(Dialect.POSTGRESQL));
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, props);
             java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SHOW idle_in_transaction_session_timeout")) {
            assertTrue(rs.next());
            assertEquals("10s", rs.getString(1), "a shared store's connections end a transaction left idle");
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A write of the old owner that is under way when the new owner takes the partition: the take waits for it,
     * so the new owner's rebuild (which reads after the take) sees it. Nothing falls between the two.
     */
    @Test
    void takingAPartitionWaitsForTheOldOwnersWriteInProgress() throws Exception {
        try (JdbcStore a = JdbcStore.openShared(url, "", ""); JdbcStore b = JdbcStore.openShared(url, "", "")) {
            long epochA = a.write(tx -> tx.takePartition(P, "member-a", 1));
            CountDownLatch checked = new CountDownLatch(1);
            CountDownLatch goOn = new CountDownLatch(1);
            CompletableFuture<Void> oldOwner = CompletableFuture.runAsync(() -> a.write(tx -> {
                tx.checkPartitionOwner(P, epochA);
                checked.countDown();
                try {
                    goOn.await(30, TimeUnit.SECONDS); // a slow batch
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                tx.insertAlerts(List.of(alert(1, "slow-1")));
                return null;
            }));
            assertTrue(checked.await(30, TimeUnit.SECONDS));
            CompletableFuture<Long> take = CompletableFuture.supplyAsync(() -> b.write(tx -> tx.takePartition(P, "member-b", 2)));
            Thread.sleep(500);
            assertTrue(!take.isDone(), "the take waits for the old owner's transaction");
            goOn.countDown();
            oldOwner.get(30, TimeUnit.SECONDS);
            long epochB = take.get(30, TimeUnit.SECONDS);
            assertTrue(b.alert("slow-1").isPresent(), "what the old owner committed first, the new owner reads");
            assertThrows(FencedException.class, () -> write(a, epochA, alert(2, "late-2"), 1));
            write(b, epochB, alert(3, "b-3"), 2);
        }
    }
}
