package org.alertcorrelator.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.AlertStatus;
import org.alertcorrelator.model.Entity;
import org.alertcorrelator.model.Severity;
import org.alertcorrelator.model.Tactic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every store must do, run against each database: the embedded SQLite store ({@link SqliteStoreTest}), an H2 file ({@link H2StoreTest}) and
 * PostgreSQL ({@link PostgresStoreTest}).
 */
abstract class StoreContract {
    protected Store store;

    /** Opens a fresh, empty store. */
    protected abstract Store open();

    /** Opens the same store again (after close). */
    protected abstract Store reopen();

    protected void cleanUp() {
    }

    @BeforeEach
    void openStore() {
        store = open();
    }

    @AfterEach
    void closeStore() {
        if (store != null) store.close();
        cleanUp();
    }

    static Alert alert(String id, String tenant, long eventTime, String... entities) {
        Alert.Builder b = Alert.builder().id(id).tenant(tenant).displayName("Alert " + id).alertType("T")
                .severity(Severity.MEDIUM).startTime(Instant.ofEpochMilli(eventTime)).status(AlertStatus.ACTIVE)
                .tactic(Tactic.EXECUTION).techniques(List.of("T1059"));
        for (String e : entities) {
            String[] p = e.split(":", 2);
            b.entity(p[0], p[1]);
        }
        return b.build();
    }

    static StoredAlert stored(long seq, Alert a, long receivedAt) {
        return new StoredAlert(seq, a.getId(), a.getTenant(), a.getEventTime(), receivedAt, a.getSeverity().label(),
                a.getDisplayName(), "test#" + seq, "{\"id\":\"" + a.getId() + "\"}", AlertCodec.toJson(a),
                EntityKeys.of(a.getEntities()), null);
    }

    static IncidentRow incident(String id, String tenant, String state, String status, String severity, String kind,
                                long first, long last, String entityKeys) {
        return new IncidentRow(id, id, tenant, state, null, null, null, status, null, null, kind, severity, first, last, 2,
                1000, 1000, 1, "{\"id\":\"" + id + "\",\"alertIds\":[\"a\",\"b\"]}", entityKeys);
    }

    private void insert(StoredAlert... alerts) {
        store.write(tx -> {
            tx.insertAlerts(List.of(alerts));
            return null;
        });
    }

    @Test
    void createsTheSchemaAtTheLatestVersionAndReopensWithItsData() {
        assertEquals(Migrations.latest(), store.schemaVersion());
        insert(stored(1, alert("keep-1", "t1", 1000, "host:h1"), 5));
        store.close();
        store = reopen();
        assertEquals(Migrations.latest(), store.schemaVersion());
        assertEquals(1, store.alertCount());
        assertTrue(store.alert("keep-1").isPresent());
    }

    @Test
    void storesAlertsAndGivesBackTheSameNormalisedAlert() {
        Alert a = Alert.builder().id("a-1").tenant("t1").displayName("Name").alertType("Type").description("D").product("P")
                .severity(Severity.HIGH).tactic(Tactic.INITIAL_ACCESS).tactic(Tactic.EXECUTION).techniques(List.of("T1", "T2"))
                .startTime(Instant.parse("2024-03-04T08:00:00Z")).endTime(Instant.parse("2024-03-04T09:00:00Z"))
                .timeGenerated(Instant.parse("2024-03-04T09:01:00Z")).status(AlertStatus.IN_PROGRESS)
                .compromisedEntity("web01").resourceId("/subscriptions/x").entity("host", "web01.contoso.com")
                .entity("ip", "203.0.113.9").build();
        insert(stored(1, a, 42));
        StoredAlert s = store.alert("a-1").orElseThrow();
        assertEquals(1, s.seq());
        assertEquals(42, s.receivedAt());
        Alert back = AlertCodec.fromJson(s.alertJson());
        assertEquals(AlertCodec.toJson(a), AlertCodec.toJson(back));
        assertEquals(a.getEntities(), back.getEntities());
        assertEquals(a.getTactics(), back.getTactics());
        assertEquals(1, store.maxAlertSeq());
        Map<String, StoredAlert> found = store.write(tx -> tx.findAlerts(List.of("a-1", "nope")));
        assertEquals(Set.of("a-1"), found.keySet());
    }

    /** Issue 8: the alerts kept under {@code id~...} of one tenant, found by their exact prefix, and moved. */
    @Test
    void alertsRenamedFromAnIdAreFoundByExactPrefixInTheirTenantOnly() {
        insert(stored(1, alert("x_1", "t1", 1000), 5), stored(2, alert("x_1~VM_A", "t1", 1000), 5),
                stored(3, alert("X_1~VM_B", "t1", 1000), 5), stored(4, alert("xa1~VM_C", "t1", 1000), 5),
                stored(5, alert("x_1~VM_D", "t2", 1000), 5), stored(6, alert("x_1%~VM_E", "t1", 1000), 5));
        List<String> found = store.write(tx -> tx.findAlertsRenamedFrom("t1", "x_1")).stream().map(StoredAlert::id).sorted().toList();
        assertEquals(List.of("x_1~VM_A"), found, "case, LIKE's _ and %, and another tenant do not match");
        assertEquals(List.of("x_1%~VM_E"), store.write(tx -> tx.findAlertsRenamedFrom("t1", "x_1%")).stream().map(StoredAlert::id).toList());
        store.write(tx -> {
            tx.deleteAlert("t1", "x_1~VM_A");
            return null;
        });
        assertEquals(List.of(), store.write(tx -> tx.findAlertsRenamedFrom("t1", "x_1")));
        assertEquals(1, store.alertsWithId("x_1~VM_D").size(), "another tenant's alert is not deleted");
    }

    /** Issue 8: vendor incidents' member lists, per tenant, kept once, purged with the alerts of their age. */
    @Test
    void vendorIncidentMembersAreKeptPerTenantAndPurged() {
        assertFalse(store.hasVendorIncidentMembers());
        insert(stored(1, alert("m-1", "t1", 1000), 5), stored(2, alert("m-1", "t2", 1000), 5));
        store.write(tx -> {
            tx.setAlertsIncident("inc-1", "t1", List.of("m-1"));
            tx.setAlertsIncident("inc-2", "t2", List.of("m-1"));
            tx.addVendorIncidentMembers("t1", "fusion-1", List.of("m-1", "m-2", "m-1"), 100);
            tx.addVendorIncidentMembers("t1", "fusion-1", List.of("m-1"), 100); // again: kept once
            tx.addVendorIncidentMembers("t1", "fusion-0", List.of("m-2"), 200);
            return null;
        });
        assertTrue(store.hasVendorIncidentMembers());
        assertEquals(List.of("fusion-0", "fusion-1"), List.copyOf(store.write(tx -> tx.vendorIncidentsOf("t1", List.of("m-1", "m-2")))));
        assertEquals(List.of(), List.copyOf(store.write(tx -> tx.vendorIncidentsOf("t2", List.of("m-1", "m-2")))), "another tenant's");
        assertEquals(Set.of("inc-1"), store.write(tx -> tx.incidentsOfAlerts("t1", List.of("m-1", "m-2"))));
        store.purge(150, Long.MIN_VALUE, Long.MIN_VALUE);
        assertEquals(List.of("fusion-0"), List.copyOf(store.write(tx -> tx.vendorIncidentsOf("t1", List.of("m-1", "m-2")))));
    }

    @Test
    void aDerivedWriteIsCommittedToo() {
        store.writeDerived(tx -> {
            tx.saveEngineState(new EngineState(1, new AlertKey(2, "a"), 3, "v"));
            return null;
        });
        store.close();
        store = reopen();
        assertEquals(3, store.engineState().orElseThrow().clock());
    }

    @Test
    void replacingAnAlertKeepsItsSeqAndIncident() {
        insert(stored(7, alert("r-1", "t1", 1000), 5));
        store.write(tx -> {
            tx.setAlertsIncident("inc-1", List.of("r-1"));
            return null;
        });
        Alert later = alert("r-1", "t1", 2000);
        StoredAlert s = stored(99, later, 6);
        store.write(tx -> {
            tx.replaceAlert(s);
            return null;
        });
        StoredAlert got = store.alert("r-1").orElseThrow();
        assertEquals(7, got.seq());
        assertEquals(2000, got.eventTime());
        assertEquals("inc-1", got.incidentId());
    }

    /** Ids sort as Java compares strings, never by a locale: the replay order must be the engine's. */
    @Test
    void replaysAlertsInEventTimeThenIdOrderWithinTheBounds() {
        List<String> ids = List.of("b", "B", "a-2", "a_1", "a.1", "A", "z", "Z", "é", "a 1", "a1");
        List<StoredAlert> all = new ArrayList<>();
        long seq = 1;
        for (long t : new long[] {100, 200, 300}) for (String id : ids) all.add(stored(seq++, alert(id + "@" + t, "t1", t), 1));
        insert(all.toArray(StoredAlert[]::new));
        List<String> expected = all.stream().sorted(Comparator.comparing(StoredAlert::key)).map(StoredAlert::id).toList();
        List<String> got = new ArrayList<>();
        store.forEachAlertToReplay(Long.MIN_VALUE, new AlertKey(Long.MAX_VALUE, ""), Long.MAX_VALUE, a -> got.add(a.id()));
        assertEquals(expected, got);

        AlertKey mark = new AlertKey(200, "a_1@200");
        List<String> bounded = new ArrayList<>();
        store.forEachAlertToReplay(200, mark, Long.MAX_VALUE, a -> bounded.add(a.id()));
        assertEquals(expected.stream().filter(id -> {
            StoredAlert s = all.stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
            return s.eventTime() >= 200 && s.key().compareTo(mark) <= 0;
        }).toList(), bounded);

        List<String> above = new ArrayList<>();
        store.forEachAlertAbove(mark, Long.MAX_VALUE, a -> above.add(a.id()));
        assertEquals(expected.stream().filter(id -> all.stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow()
                .key().compareTo(mark) > 0).toList(), above);

        List<String> upToSeq = new ArrayList<>();
        store.forEachAlertAbove(AlertKey.MIN, 5, a -> upToSeq.add(a.id()));
        assertEquals(5, upToSeq.size());
    }

    @Test
    void replayPagesThroughManyAlerts() {
        List<StoredAlert> many = new ArrayList<>();
        for (int i = 0; i < 4500; i++) many.add(stored(i + 1, alert(String.format("m-%05d", i), "t1", 1000 + i / 3), 1));
        insert(many.toArray(StoredAlert[]::new));
        List<String> got = new ArrayList<>();
        store.forEachAlertToReplay(Long.MIN_VALUE, new AlertKey(Long.MAX_VALUE, ""), Long.MAX_VALUE, a -> got.add(a.id()));
        assertEquals(4500, got.size());
        assertEquals(many.stream().map(StoredAlert::id).toList(), got);
        List<String> above = new ArrayList<>();
        store.forEachAlertAbove(AlertKey.MIN, Long.MAX_VALUE, a -> above.add(a.id()));
        assertEquals(got, above);
    }

    @Test
    void filtersAndPagesAlerts() {
        insert(stored(1, alert("f-1", "t1", 1000, "host:web01.contoso.com", "ip:10.0.0.4"), 1),
                stored(2, alert("f-2", "t1", 2000, "host:db01"), 1),
                stored(3, alert("f-3", "t2", 3000, "host:web01.contoso.com"), 1));
        assertEquals(3, store.alerts(new AlertQuery(null, null, null, null, null, null, null, null, 10, 0)).total());
        assertEquals(2, store.alerts(new AlertQuery(Set.of("t1"), null, null, null, null, null, null, null, 10, 0)).total());
        assertEquals(1, store.alerts(new AlertQuery(null, "t2", null, null, null, null, null, null, 10, 0)).total());
        Page<StoredAlert> byEntity = store.alerts(new AlertQuery(null, null, null, null, null, "WEB01.contoso.com", null, null, 10, 0));
        assertEquals(2, byEntity.total());
        assertEquals(0, store.alerts(new AlertQuery(null, null, null, null, null, "web01.contoso.com", "ip", null, 10, 0)).total());
        assertEquals(1, store.alerts(new AlertQuery(null, null, null, null, null, "10.0.0.4", "ip", null, 10, 0)).total());
        assertEquals(0, store.alerts(new AlertQuery(null, null, null, null, null, "web01", null, null, 10, 0)).total(), "whole keys only");
        assertEquals(1, store.alerts(new AlertQuery(null, null, null, 1500L, 2500L, null, null, null, 10, 0)).total());
        Page<StoredAlert> page = store.alerts(new AlertQuery(null, null, null, null, null, null, null, null, 2, 1));
        assertEquals(3, page.total());
        assertEquals(List.of("f-2", "f-1"), page.items().stream().map(StoredAlert::id).toList(), "newest first");
        List<String> all = new ArrayList<>();
        store.forEachAlert(new AlertQuery(null, null, List.of("Medium"), null, null, null, null, null, 0, 0), a -> all.add(a.id()));
        assertEquals(List.of("f-1", "f-2", "f-3"), all);
    }

    @Test
    void storesIncidentsAndFindsThemByEveryFilter() {
        store.write(tx -> {
            tx.insertIncident(incident("i-1", "t1", IncidentRow.LIVE, "New", "High", "KillChain", 1000, 5000,
                    EntityKeys.of(List.of(new Entity("host", "web01"), new Entity("ip", "203.0.113.9")))));
            tx.insertIncident(incident("i-2", "t1", IncidentRow.FINAL, "Closed", "Medium", "SharedContext", 2000, 3000,
                    EntityKeys.of(List.of(new Entity("account", "contoso\\svc_1")))));
            tx.insertIncident(incident("i-3", "t2", IncidentRow.MERGED, "New", "High", "KillChain", 3000, 4000, "\n"));
            tx.insertIncident(incident("i-4", "t2", IncidentRow.LIVE, "Active", "Low", "SharedContext", 4000, 9000, "\n"));
            return null;
        });
        assertEquals(List.of("i-4", "i-2", "i-1"), ids(query(null, null, null, null, null, null, null, null, null, null)));
        assertEquals(List.of("i-2", "i-1"), ids(query(Set.of("t1"), null, null, null, null, null, null, null, null, null)));
        assertEquals(List.of("i-4"), ids(query(null, "t2", null, null, null, null, null, null, null, null)));
        assertEquals(List.of("i-4", "i-3"), ids(query(null, "t2", null, null, null, null, null, null, null,
                List.of(IncidentRow.LIVE, IncidentRow.MERGED))));
        assertEquals(List.of("i-2"), ids(query(null, null, List.of("Closed"), null, null, null, null, null, null, null)));
        assertEquals(List.of("i-4", "i-1"), ids(query(null, null, null, List.of("High", "Low"), null, null, null, null, null, null)));
        assertEquals(List.of("i-4", "i-1"), ids(query(null, null, null, null, List.of("KillChain", "SharedContext"), 4500L, null, null, null, null)));
        assertEquals(List.of("i-2", "i-1"), ids(query(null, null, null, null, null, null, 2500L, null, null, null)));
        assertEquals(List.of("i-2"), ids(query(null, null, null, null, null, null, null, "CONTOSO\\svc_1", null, null)),
                "entity keys are matched whole, case-insensitively, with LIKE characters taken literally");
        assertEquals(List.of(), ids(query(null, null, null, null, null, null, null, "contoso\\svc%", null, null)));
        assertEquals(List.of("i-1"), ids(query(null, null, null, null, null, null, null, "203.0.113.9", "ip", null)));
        assertEquals(List.of(), ids(query(null, null, null, null, null, null, null, "203.0.113.9", "host", null)));

        Page<IncidentRow> page = store.incidents(new IncidentQuery(null, null, null, null, null, null, null, null, null, null, null, 1, 1));
        assertEquals(3, page.total());
        assertEquals(List.of("i-2"), ids(page.items()));
        List<String> all = new ArrayList<>();
        store.forEachIncident(new IncidentQuery(null, null, null, null, null, null, null, null, null, null, null, 0, 0), r -> all.add(r.id()));
        assertEquals(List.of("i-4", "i-2", "i-1"), all);
        assertEquals(Set.of("i-1", "i-4"), Set.copyOf(ids(store.liveIncidents())));
        assertEquals(1, store.incidents(new IncidentQuery(null, null, null, null, null, null, null, 1000L, null, null, null, 10, 0)).total() > 0 ? 1 : 0);
    }

    private List<IncidentRow> query(Set<String> tenants, String tenant, List<String> statuses, List<String> severities,
                                    List<String> kinds, Long since, Long until, String entity, String entityType, List<String> states) {
        return store.incidents(new IncidentQuery(tenants, tenant, statuses, severities, kinds, since, until, null, entity,
                entityType, states, 100, 0)).items();
    }

    private static List<String> ids(List<IncidentRow> rows) {
        return rows.stream().map(IncidentRow::id).toList();
    }

    @Test
    void updatesIncidentsUnderALockAndKeepsTheirHistoryInOrder() {
        store.write(tx -> {
            tx.insertIncident(incident("u-1", "t1", IncidentRow.LIVE, "New", "High", "KillChain", 1, 2, "\n"));
            tx.addHistory("u-1", new HistoryEntry(10, "correlator", "opened", "{}"));
            return null;
        });
        store.write(tx -> {
            IncidentRow r = tx.lockIncident("u-1").orElseThrow();
            tx.updateIncident(r.withAnalyst("Active", "TruePositive", "alice", 20));
            tx.addHistory("u-1", new HistoryEntry(20, "alice", "update", "{\"comment\":\"mine\"}"));
            return null;
        });
        IncidentRow r = store.incident("u-1").orElseThrow();
        assertEquals("Active", r.status());
        assertEquals("TruePositive", r.classification());
        assertEquals("alice", r.owner());
        assertEquals(2, r.version());
        assertEquals(List.of("opened", "update"), store.history("u-1").stream().map(HistoryEntry::action).toList());
        assertEquals(1, store.write(tx -> tx.incidentsOfEngineId("u-1")).size());
        assertTrue(store.write(tx -> tx.lockIncident("nope")).isEmpty());
    }

    @Test
    void aFailedWriteLeavesNothingBehind() {
        assertThrows(IllegalStateException.class, () -> store.write(tx -> {
            tx.insertAlerts(List.of(stored(1, alert("rolled-back", "t1", 1), 1)));
            throw new IllegalStateException("boom");
        }));
        assertFalse(store.alert("rolled-back").isPresent());
        insert(stored(1, alert("dup", "t1", 1), 1));
        assertThrows(StoreException.class, () -> insert(stored(2, alert("dup", "t1", 1), 1)), "the id is the primary key");
        assertEquals(1, store.alertCount());
    }

    @Test
    void savesTheEngineRestartPointAndRuleVersionsOnce() {
        assertTrue(store.engineState().isEmpty());
        store.write(tx -> {
            tx.saveEngineState(new EngineState(100, new AlertKey(200, "x"), 300, "v1"));
            tx.saveRuleVersion("v1", "{\"a.drl\":\"rule\"}", 1);
            return null;
        });
        store.write(tx -> {
            tx.saveEngineState(new EngineState(150, new AlertKey(250, "y"), 350, "v2"));
            tx.saveRuleVersion("v1", "{}", 2);
            return null;
        });
        EngineState s = store.engineState().orElseThrow();
        assertEquals(new EngineState(150, new AlertKey(250, "y"), 350, "v2"), s);
    }

    @Test
    void keepsWebhookDeliveriesUntilDelivered() {
        store.write(tx -> {
            tx.enqueueWebhook("http://127.0.0.1:1/a", "i-1", "opened", "{\"n\":1}", 100);
            tx.enqueueWebhook("http://127.0.0.1:1/a", "i-1", "updated", "{\"n\":2}", 100);
            return null;
        });
        assertEquals(2, store.pendingWebhooks());
        List<OutboxItem> due = store.dueWebhooks(100, 10);
        assertEquals(List.of("opened", "updated"), due.stream().map(OutboxItem::event).toList());
        store.webhookFailed(due.get(0).id(), 1, 5000, "HTTP 500");
        assertEquals(List.of("updated"), store.dueWebhooks(200, 10).stream().map(OutboxItem::event).toList());
        OutboxItem retried = store.dueWebhooks(5000, 10).get(0);
        assertEquals(1, retried.attempts());
        assertEquals("HTTP 500", retried.lastError());
        store.webhookDelivered(retried.id());
        assertEquals(1, store.pendingWebhooks());
    }

    @Test
    void purgesWhatIsOlderThanTheRetentionButNeverWhatARebuildNeedsNorLiveIncidents() {
        insert(stored(1, alert("old-old", "t1", 1000), 10), stored(2, alert("old-recent-event", "t1", 900_000), 10),
                stored(3, alert("new", "t1", 1000), 1_000_000));
        store.write(tx -> {
            IncidentRow fin = incident("p-final", "t1", IncidentRow.FINAL, "Closed", "High", "KillChain", 1, 2, "\n");
            tx.insertIncident(new IncidentRow(fin.id(), fin.engineId(), fin.tenant(), fin.state(), null, null, null, fin.status(),
                    null, null, fin.kind(), fin.severity(), 1, 2, 2, 10, 10, 1, fin.body(), fin.entityKeys()));
            tx.addHistory("p-final", new HistoryEntry(10, "correlator", "opened", "{}"));
            IncidentRow live = incident("p-live", "t1", IncidentRow.LIVE, "New", "High", "KillChain", 1, 2, "\n");
            tx.insertIncident(new IncidentRow(live.id(), live.engineId(), live.tenant(), live.state(), null, null, null, live.status(),
                    null, null, live.kind(), live.severity(), 1, 2, 2, 10, 10, 1, live.body(), live.entityKeys()));
            return null;
        });
        PurgeResult r = store.purge(500_000, 500_000, 500_000);
        assertEquals(new PurgeResult(1, 1), r);
        assertFalse(store.alert("old-old").isPresent());
        assertTrue(store.alert("old-recent-event").isPresent(), "a rebuild may still need it");
        assertTrue(store.alert("new").isPresent());
        assertFalse(store.incident("p-final").isPresent());
        assertTrue(store.history("p-final").isEmpty());
        assertTrue(store.incident("p-live").isPresent());
    }

    // ---- cross-tenant prevalence counts (issue 11) ----

    private void savePrevalence(String source, List<org.alertcorrelator.model.PrevalenceCount> counts,
                                List<org.alertcorrelator.model.PrevalenceCount.Seen> seen, long filedUntil, long keepFrom) {
        store.writeDerived(tx -> {
            tx.savePrevalence(source, counts, seen, filedUntil, keepFrom);
            return null;
        });
    }

    private static List<org.alertcorrelator.model.PrevalenceCount> sorted(List<org.alertcorrelator.model.PrevalenceCount> l) {
        List<org.alertcorrelator.model.PrevalenceCount> out = new ArrayList<>(l);
        out.sort(Comparator.comparing(org.alertcorrelator.model.PrevalenceCount::toString));
        return out;
    }

    @Test
    void prevalenceCountsOfASourceSurviveAReopenAndAnIntervalWrittenAgainReplacesItself() {
        long h = 3_600_000L;
        String longUrl = "https://cdn.example/" + "x".repeat(5000) + "?q=é中";
        var pair = new org.alertcorrelator.model.PrevalenceCount(0, "pair", "Download é", "Crontab'change\"", "00aa11bb22cc33dd", 3);
        var step = new org.alertcorrelator.model.PrevalenceCount(0, "step", "Download é", "", "00aa11bb22cc33dd", 4);
        var alerts = new org.alertcorrelator.model.PrevalenceCount(h, "alerts", "", "", "00aa11bb22cc33dd", 9);
        var entity = new org.alertcorrelator.model.PrevalenceCount(h, "entity", "url", longUrl, "ffee", 1);
        var seen = new org.alertcorrelator.model.PrevalenceCount.Seen("Download é", "Crontab'change\"", 5, h + 7);
        savePrevalence("serve", List.of(pair, step, alerts, entity), List.of(seen), 2 * h, Long.MIN_VALUE);
        // another engine sharing the store: its rows are its own
        var theirs = new org.alertcorrelator.model.PrevalenceCount(h, "alerts", "", "", "00aa11bb22cc33dd", 100);
        savePrevalence("kafka-partition-3", List.of(theirs), List.of(), 5 * h, Long.MIN_VALUE);
        store.close();
        store = reopen();

        PrevalenceTables.Stored s = store.prevalence("serve", Long.MIN_VALUE);
        assertEquals(2 * h, s.filedUntil());
        assertEquals(sorted(List.of(pair, step, alerts, entity)), sorted(s.counts()));
        assertEquals(List.of(seen), s.seen());
        assertEquals(List.of(alerts, entity), sorted(store.prevalence("serve", h).counts()).stream()
                .sorted(Comparator.comparing(org.alertcorrelator.model.PrevalenceCount::kind)).toList(), "from the second interval on");
        assertEquals(List.of(theirs), store.prevalence("kafka-partition-3", Long.MIN_VALUE).counts());
        assertEquals(PrevalenceTables.Stored.NONE, store.prevalence("never-wrote", Long.MIN_VALUE));

        // The second interval written again (a session rebuilt after a failed write) replaces it; the first leaves
        // with retention; the sighting moves on.
        var alertsAgain = new org.alertcorrelator.model.PrevalenceCount(h, "alerts", "", "", "00aa11bb22cc33dd", 10);
        var seenLater = new org.alertcorrelator.model.PrevalenceCount.Seen(seen.first(), seen.then(), 5, 3 * h);
        savePrevalence("serve", List.of(alertsAgain), List.of(seenLater), 3 * h, h);
        s = store.prevalence("serve", Long.MIN_VALUE);
        assertEquals(List.of(alertsAgain), s.counts());
        assertEquals(List.of(seenLater), s.seen());
        assertEquals(3 * h, s.filedUntil());
        assertEquals(List.of(theirs), store.prevalence("kafka-partition-3", Long.MIN_VALUE).counts(), "another source's rows stay");
    }
}
