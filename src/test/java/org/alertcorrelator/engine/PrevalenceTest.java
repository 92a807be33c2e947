package org.alertcorrelator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.alertcorrelator.export.IncidentJson;
import org.alertcorrelator.ingest.AlertReader;
import org.alertcorrelator.ingest.AlertRecord;
import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.Entity;
import org.alertcorrelator.model.Incident;
import org.alertcorrelator.model.IncidentKind;
import org.alertcorrelator.model.Link;
import org.alertcorrelator.model.Severity;
import org.alertcorrelator.model.StepPair;
import org.alertcorrelator.model.Tactic;
import org.alertcorrelator.ruleset.PrevalenceSettings;
import org.alertcorrelator.ruleset.RuleSet;
import org.alertcorrelator.ruleset.RuleSetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-tenant prevalence: the ledger counts in event time (before the boundary, within the horizon), knows tenants
 * by a hash only, and sessions that share it give what one session gives, whatever the input order.
 */
class PrevalenceTest {
    private static final RuleSet RULES = RuleSet.load(Path.of("rules"));
    private static final long HOUR = 3_600_000L;
    private static final Path SCENARIOS = Path.of("fixtures", "scenarios");

    private static PrevalenceSettings settings(Duration horizon) {
        return new PrevalenceSettings(true, horizon, 3, 0.3, 2.0, 4, Set.of("ip", "filehash", "url"), 0.05, 5);
    }

    private static Alert alert(String id, String tenant, String type, long at, String host) {
        return Alert.builder().id(id).tenant(tenant).alertType(type).displayName(type).severity(Severity.LOW)
                .tactic(Tactic.EXECUTION).startTime(Instant.ofEpochMilli(at)).entity("host", host).entity("ip", "198.51.100.9").build();
    }

    /** Tenant t links step A to step B at time `at` (and sees both steps). */
    private static void linkIn(PrevalenceRecorder r, String tenant, long at) {
        Alert a = alert(tenant + "-a" + at, tenant, "A", at, "h");
        Alert b = alert(tenant + "-b" + at, tenant, "B", at, "h");
        r.at(at);
        r.saw(a);
        r.saw(b);
        r.linked(new Link(a, b, new Entity("host", "h"), "test"));
    }

    @Test
    void countsAreOfWholeIntervalsBeforeTheBoundaryAndWithinTheHorizon() {
        PrevalenceLedger ledger = new PrevalenceLedger(settings(Duration.ofHours(5)), HOUR, List.of(), 1);
        PrevalenceRecorder r = new PrevalenceRecorder(ledger.settings(), 24 * 3_600_000L);
        long t0 = 100 * HOUR;
        linkIn(r, "t1", t0 + 10 * 60_000);
        linkIn(r, "t2", t0 + 20 * 60_000);
        linkIn(r, "t3", t0 + HOUR + 5 * 60_000); // in the next interval
        ledger.file(r);
        ledger.reach(0, t0 + HOUR);
        StepPair p = ledger.asOf(t0 + HOUR).pairs().get(new PrevalenceLedger.PairKey("A", "B"));
        assertEquals(2, p.getTenants(), "t3's link is after the boundary");
        assertEquals(2, p.getLinked());
        assertEquals(1.0, p.getConfidence());
        assertEquals(1.0, p.getDirection());
        assertEquals(3, ledger.asOf(t0 + 2 * HOUR).pairs().get(new PrevalenceLedger.PairKey("A", "B")).getTenants());
        assertEquals(3, ledger.asOf(t0 + 5 * HOUR).pairs().get(new PrevalenceLedger.PairKey("A", "B")).getTenants());
        assertNull(ledger.asOf(t0 + 6 * HOUR).pairs().get(new PrevalenceLedger.PairKey("A", "B")),
                "t1 and t2 left the five-hour horizon: a pair of one tenant is nothing across tenants");
    }

    @Test
    void aLedgerRestoredFromWhatAnotherDrainedCountsReplayedAlertsOnceAndSeesTheSameCounts() {
        long t0 = 100 * HOUR;
        PrevalenceLedger first = new PrevalenceLedger(settings(Duration.ofDays(30)), HOUR, List.of(), 1);
        first.keepClosedIntervals();
        PrevalenceRecorder r = new PrevalenceRecorder(first.settings(), 24 * HOUR);
        linkIn(r, "t1", t0 + 10 * 60_000);
        linkIn(r, "t2", t0 + 20 * 60_000);
        first.file(r);
        first.reach(0, t0 + HOUR);
        first.asOf(t0 + HOUR);
        linkIn(r, "t3", t0 + HOUR + 5 * 60_000);
        first.file(r);
        first.reach(0, t0 + 2 * HOUR);
        StepPair before = first.asOf(t0 + 2 * HOUR).pairs().get(new PrevalenceLedger.PairKey("A", "B"));
        PrevalenceLedger.Closed closed = first.drainClosed();
        assertEquals(t0 + 2 * HOUR, closed.filedUntil());
        assertTrue(first.drainClosed().counts().isEmpty(), "drained once");

        // A restart: the store's intervals, then the replay of the last tenant's alerts (already counted) and a new one.
        PrevalenceLedger second = new PrevalenceLedger(settings(Duration.ofDays(30)), HOUR, List.of(), 1);
        second.restore(closed.counts(), closed.seen(), closed.filedUntil());
        PrevalenceRecorder replay = new PrevalenceRecorder(second.settings(), 24 * HOUR);
        linkIn(replay, "t3", t0 + HOUR + 5 * 60_000);
        second.file(replay);
        second.reach(0, t0 + 2 * HOUR);
        assertEquals(before, second.asOf(t0 + 2 * HOUR).pairs().get(new PrevalenceLedger.PairKey("A", "B")), "t3 counted once");
        linkIn(replay, "t4", t0 + 2 * HOUR + 5 * 60_000);
        second.file(replay);
        second.reach(0, t0 + 3 * HOUR);
        StepPair after = second.asOf(t0 + 3 * HOUR).pairs().get(new PrevalenceLedger.PairKey("A", "B"));
        assertEquals(4, after.getTenants());
        assertEquals(4, after.getLinked());
        assertEquals(t0 + 10 * 60_000, after.getFirstSeen());
        assertThrows(IllegalStateException.class, () -> second.restore(List.of(), List.of(), t0), "only before the sessions start");
    }

    /**
     * An entity value's tenants rise and fall with the horizon alike in the three ways a ledger runs: replay (nothing
     * filed), a service (closed intervals drained to its store) and a consumer group's member (intervals filed ahead
     * of crossing). Intervals in the running totals keep only fingerprints once filed (or at once, in replay), yet
     * what the store was given names every value and tenant.
     */
    @Test
    void anEntityValuesTenantsRiseAndFallWithTheHorizonWhetherIntervalsAreFiledOrNot() {
        long t0 = 100 * HOUR;
        for (String mode : List.of("replay", "service", "group member")) {
            PrevalenceLedger ledger = new PrevalenceLedger(settings(Duration.ofHours(5)), HOUR, List.of(), 1);
            if (mode.equals("service")) ledger.keepClosedIntervals();
            PrevalenceRecorder r = new PrevalenceRecorder(ledger.settings(), 24 * HOUR);
            for (String t : List.of("t1", "t2")) seeAddress(r, t, t0 + 10 * 60_000);
            for (String t : List.of("t2", "t3", "t4")) seeAddress(r, t, t0 + HOUR + 10 * 60_000);
            ledger.file(r);
            List<Integer> tenants = new java.util.ArrayList<>();
            List<String> filed = new java.util.ArrayList<>();
            for (long b = t0 + HOUR; b <= t0 + 8 * HOUR; b += HOUR) {
                if (mode.equals("group member")) filed.addAll(entityRows(ledger.fileUntil(b)));
                ledger.reach(0, b);
                tenants.add(ledger.asOf(b).tenantsSeeing(new Entity("ip", "198.51.100.9")));
                if (mode.equals("service")) filed.addAll(entityRows(ledger.drainClosed()));
                if (b == t0 + 2 * HOUR) assertEquals(0, ledger.intervalsHoldingValues(), mode + ": both intervals counted and filed");
            }
            assertEquals(List.of(2, 4, 4, 4, 4, 3, 1, 1), tenants, mode);
            if (!mode.equals("replay")) {
                java.util.Collections.sort(filed);
                List<String> expected = new java.util.ArrayList<>();
                for (String t : List.of("t1", "t2")) expected.add(t0 + " " + PrevalenceLedger.tenantHash(t));
                for (String t : List.of("t2", "t3", "t4")) expected.add((t0 + HOUR) + " " + PrevalenceLedger.tenantHash(t));
                java.util.Collections.sort(expected);
                assertEquals(expected, filed, mode + ": every value and tenant went to the store, once");
            }
        }
    }

    private static void seeAddress(PrevalenceRecorder r, String tenant, long at) {
        r.at(at);
        r.saw(alert(tenant + "-" + at, tenant, "A", at, "h"));
    }

    /** The entity rows of what a ledger filed: "interval start, tenant hash" of the shared address. */
    private static List<String> entityRows(PrevalenceLedger.Closed c) {
        List<String> out = new java.util.ArrayList<>();
        for (org.alertcorrelator.model.PrevalenceCount x : c.counts()) {
            if (!x.kind().equals(org.alertcorrelator.model.PrevalenceCount.ENTITY)) continue;
            assertEquals("ip", x.item1());
            assertEquals("198.51.100.9", x.item2());
            out.add(x.bucket() + " " + x.tenantHash());
        }
        return out;
    }

    @Test
    void theSharedPublicAddressIsCountedByTenantAndTenantsAreKnownByAHashOnly() {
        PrevalenceLedger ledger = new PrevalenceLedger(settings(Duration.ofDays(30)), HOUR, List.of(), 1);
        PrevalenceRecorder r = new PrevalenceRecorder(ledger.settings(), 24 * 3_600_000L);
        for (String t : List.of("contoso", "fabrikam", "contoso")) linkIn(r, t, 10 * HOUR);
        for (PrevalenceRecorder.Observation o : r.observations()) {
            assertFalse(o.tenant().contains("contoso") || o.tenant().contains("fabrikam"), o.toString());
            assertEquals(16, o.tenant().length());
        }
        assertEquals(PrevalenceLedger.tenantHash("contoso"), PrevalenceLedger.tenantHash("contoso"));
        assertNotEquals(PrevalenceLedger.tenantHash("contoso"), PrevalenceLedger.tenantHash("fabrikam"));
        ledger.file(r);
        ledger.reach(0, 11 * HOUR);
        PrevalenceLedger.Snapshot s = ledger.asOf(11 * HOUR);
        assertEquals(2, s.tenantsSeeing(new Entity("ip", "198.51.100.9")));
        assertEquals(1, s.tenantsSeeing(new Entity("host", "h")), "host names are never counted across tenants");
        // The gate of the rule on such values: any of an arrival's entities of the counted types in n tenants.
        r.use(s);
        Alert now = alert("now", "contoso", "A", 11 * HOUR, "h");
        EntityTrack ip = new EntityTrack("contoso", new Entity("ip", "198.51.100.9"), 11 * HOUR);
        EntityTrack host = new EntityTrack("contoso", new Entity("host", "h"), 11 * HOUR);
        assertTrue(r.anyEntitySeenInTenants(new org.alertcorrelator.model.Arrival(now, List.of(host, ip)), 2));
        assertFalse(r.anyEntitySeenInTenants(new org.alertcorrelator.model.Arrival(now, List.of(host, ip)), 3));
        assertFalse(r.anyEntitySeenInTenants(new org.alertcorrelator.model.Arrival(now, List.of(host)), 1),
                "a host is no type counted across tenants, whatever the count");
        assertEquals(2, s.pairs().get(new PrevalenceLedger.PairKey("A", "B")).getTenants());
        assertEquals(3, s.pairs().get(new PrevalenceLedger.PairKey("A", "B")).getLinked());
    }

    @Test
    void aSessionWaitsAtABoundaryUntilEveryOtherHasReachedIt() throws Exception {
        PrevalenceLedger ledger = new PrevalenceLedger(settings(Duration.ofDays(30)), HOUR, List.of(), 2);
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        Thread first = new Thread(() -> {
            ledger.reach(0, 5 * HOUR);
            order.add("first passed");
        });
        first.start();
        Thread.sleep(300);
        order.add("second reaches");
        ledger.reach(1, 5 * HOUR);
        first.join(5000);
        assertEquals(List.of("second reaches", "first passed"), order);
        ledger.abort();
        assertThrows(IllegalStateException.class, () -> ledger.reach(0, 9 * HOUR), "a failed session releases the others");
    }

    private static List<Alert> read(Path... files) {
        List<Alert> out = new ArrayList<>();
        AlertReader reader = new AlertReader();
        for (Path f : files) for (AlertRecord r : reader.read(f, true).records()) out.add(r.alert());
        return out;
    }

    private static String json(List<Incident> incidents) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IncidentJson.writeArray(incidents, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void sessionsSharingTheLedgerGiveWhatOneSessionGivesWhateverTheOrder() throws IOException {
        List<Alert> alerts = read(SCENARIOS.resolve("60-prevalent-at-third-tenant-raises-the-fourth/alerts.jsonl"),
                SCENARIOS.resolve("61-everywhere-but-rarely-linked/alerts.jsonl"),
                SCENARIOS.resolve("64-entity-in-many-tenants-is-infrastructure/alerts.jsonl"));
        String one = json(Replay.correlate(RULES, alerts));
        assertTrue(one.contains("\"kind\" : \"PrevalentPattern\""), one);
        for (int sessions = 2; sessions <= 4; sessions++) {
            List<Alert> shuffled = new ArrayList<>(alerts);
            Collections.shuffle(shuffled, new Random(sessions));
            shuffled.sort(Alert::byEventTimeThenId);
            try (ShardedCorrelator c = new ShardedCorrelator(RULES, sessions)) {
                for (Alert a : shuffled) c.process(a);
                assertEquals(one, json(c.finish()), sessions + " sessions");
            }
        }
    }

    /** A low step without tactics, on one host, nothing shared across tenants. */
    private static Alert lowStep(String tenant, String type, long at) {
        return Alert.builder().id(tenant + "-" + type).tenant(tenant).alertType(type).displayName(type).severity(Severity.LOW)
                .startTime(Instant.ofEpochMilli(at)).entity("host", "vm-" + tenant).build();
    }

    @Test
    void aCampaignThatSkippedAStepInOneTenantStillHoldsItsFirstStepThenItsLast() {
        long t0 = 1000 * HOUR;
        List<Alert> alerts = new ArrayList<>();
        for (int i = 1; i <= 3; i++) { // download, crontab change, pool login in three tenants
            long at = t0 + i * 20 * 60_000L;
            alerts.add(lowStep("t" + i, "Download", at));
            alerts.add(lowStep("t" + i, "CrontabChange", at + 10 * 60_000L));
            alerts.add(lowStep("t" + i, "PoolLogin", at + 30 * 60_000L));
        }
        // the fourth tenant's sensor missed the crontab change: only download, then pool login
        alerts.add(lowStep("t4", "Download", t0 + 3 * HOUR));
        alerts.add(lowStep("t4", "PoolLogin", t0 + 3 * HOUR + 40 * 60_000L));
        Collections.shuffle(alerts, new Random(4));
        alerts.sort(Alert::byEventTimeThenId);
        List<Incident> incidents = Replay.correlate(RULES, alerts);
        Incident fourth = incidents.stream().filter(i -> i.tenantId().equals("t4")).findFirst().orElseThrow(
                () -> new AssertionError("the fourth tenant's download then pool login raised nothing: " + incidents));
        assertEquals(IncidentKind.PrevalentPattern, fourth.kind());
        assertEquals(List.of("t4-Download", "t4-PoolLogin"), fourth.alertIds().stream().sorted().toList());
        assertTrue(fourth.patterns().toString().contains("Download > PoolLogin (seen in 3 tenants"), fourth.patterns().toString());
        assertEquals(4, incidents.size(), incidents.toString());
    }

    /** A prevalent-pattern incident whose alerts come to move through the kill chain becomes a kill chain. */
    @Test
    void aPrevalentPatternThatComesToMoveThroughTheKillChainIsAKillChain() {
        long t0 = 1000 * HOUR;
        List<Alert> alerts = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            long at = t0 + i * 20 * 60_000L;
            alerts.add(lowStep("t" + i, "Download", at));
            alerts.add(lowStep("t" + i, "PoolLogin", at + 30 * 60_000L));
        }
        alerts.add(lowStep("t4", "Download", t0 + 3 * HOUR));
        alerts.add(lowStep("t4", "PoolLogin", t0 + 3 * HOUR + 40 * 60_000L));
        long later = t0 + 5 * HOUR;
        alerts.add(lowStep("t4", "Discovery", later).toBuilder().tactic(Tactic.DISCOVERY).build());
        alerts.add(lowStep("t4", "Exfil", later + 60_000L).toBuilder().tactic(Tactic.EXFILTRATION).build());
        List<Incident> incidents = Replay.correlate(RULES, alerts);
        Incident fourth = incidents.stream().filter(i -> i.tenantId().equals("t4")).findFirst().orElseThrow();
        assertEquals(List.of("t4-Discovery", "t4-Download", "t4-Exfil", "t4-PoolLogin"), fourth.alertIds().stream().sorted().toList());
        assertEquals(IncidentKind.KillChain, fourth.kind(), fourth.toString());
        assertEquals("A prevalent-pattern incident that comes to move through the kill chain is a kill chain", fourth.raisedBy());
        assertTrue(fourth.patterns().toString().contains("Download > PoolLogin"), fourth.patterns().toString());
    }

    @Test
    void withPrevalenceOffTheLowSequenceRaisesNothing(@TempDir Path tmp) throws IOException {
        Path rules = Files.createDirectories(tmp.resolve("rules"));
        try (var files = Files.list(Path.of("rules"))) {
            for (Path f : files.toList()) Files.copy(f, rules.resolve(f.getFileName()));
        }
        Path settings = rules.resolve("settings.properties");
        Files.writeString(settings, Files.readString(settings).replace("prevalence = on", "prevalence = off"));
        List<Alert> alerts = read(SCENARIOS.resolve("60-prevalent-at-third-tenant-raises-the-fourth/alerts.jsonl"));
        assertEquals(List.of(), Replay.correlate(RuleSet.load(rules), alerts));
        List<Incident> on = Replay.correlate(RULES, alerts);
        assertEquals(4, on.size());
        for (Incident i : on) {
            assertEquals(IncidentKind.PrevalentPattern, i.kind());
            assertEquals(Severity.LOW, i.severity());
            assertTrue(i.description().contains("LinuxMiner.Download > LinuxMiner.CrontabChange (seen in"), i.description());
            // Download > CrontabChange, CrontabChange > PoolLogin, and the first step then the last one
            assertEquals(3, i.patterns().size(), i.patterns().toString());
            assertTrue(i.patterns().toString().contains("LinuxMiner.Download > LinuxMiner.PoolLogin"), i.patterns().toString());
            assertEquals(1, i.alertIds().stream().map(id -> id.substring(0, 5)).distinct().count(), "one tenant's alerts");
        }
    }

    @Test
    void badSettingsAndSeedRowsNameFileAndLine(@TempDir Path tmp) throws IOException {
        Path rules = Files.createDirectories(tmp.resolve("rules"));
        try (var files = Files.list(Path.of("rules"))) {
            for (Path f : files.toList()) Files.copy(f, rules.resolve(f.getFileName()));
        }
        Path settings = rules.resolve("settings.properties");
        Files.writeString(settings, Files.readString(settings).replace("prevalenceMinConfidence = 0.3", "prevalenceMinConfidence = 1.5"));
        Files.writeString(rules.resolve("patterns.csv"), String.join(",", org.alertcorrelator.ruleset.PatternSeed.HEADER)
                + "\nA,B,3,4,0,4,4,12,1,3,2024-05-06T09:40:00Z,2024-05-06T15:40:00Z\nA,B,-3,4,0,4,4,12,1,3,2024-05-06T09:40:00Z,2024-05-06T15:40:00Z\n"
                + "A,B,3,4,0,4,4,12,1,3,yesterday,2024-05-06T15:40:00Z\n");
        RuleSetException e = assertThrows(RuleSetException.class, () -> RuleSet.load(rules));
        String m = e.getMessage();
        assertTrue(m.contains("settings.properties") && m.contains("prevalenceMinConfidence: must be between 0 and 1"), m);
        assertTrue(m.contains("patterns.csv:3") && m.contains("tenants: \"-3\" is not a count"), m);
        assertTrue(m.contains("patterns.csv:4") && m.contains("firstSeen: \"yesterday\""), m);
    }
}
