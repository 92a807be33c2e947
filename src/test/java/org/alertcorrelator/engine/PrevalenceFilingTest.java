package org.alertcorrelator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.alertcorrelator.model.PrevalenceCount;
import org.alertcorrelator.model.StepPair;
import org.alertcorrelator.ruleset.PrevalenceSettings;
import org.junit.jupiter.api.Test;

/**
 * The ledger's side of counts shared by the partitions of a consumer group (kafka/PartitionSession): each files
 * its intervals ahead of crossing a boundary, the others add them as foreign counts, and at the boundary every
 * ledger sees what one ledger of all tenants sees; a late observation is not slipped into an interval already
 * filed; a rebuilt ledger does not count its replayed alerts twice; intervals already crossed are refused.
 */
class PrevalenceFilingTest {
    static final long HOUR = 3_600_000L;
    static final long T0 = 1_700_000_000_000L / HOUR * HOUR;
    static final PrevalenceLedger.PairKey AB = new PrevalenceLedger.PairKey("A", "B");

    static PrevalenceLedger ledger() {
        return new PrevalenceLedger(new PrevalenceSettings(true, Duration.ofDays(1), 3, 0.3, 2.0, 4, java.util.Set.of("ip"), 0.05, 5),
                HOUR, List.of(), 1);
    }

    /** Tenant t's alerts A then B, linked, at time t0 + offset; and a lone C. */
    static void campaign(PrevalenceRecorder r, String tenant, long time) {
        String h = PrevalenceLedger.tenantHash(tenant);
        r.observations().add(new PrevalenceRecorder.Observation(PrevalenceRecorder.Kind.STEP, "A", h, time));
        r.observations().add(new PrevalenceRecorder.Observation(PrevalenceRecorder.Kind.STEP, "B", h, time + 1000));
        r.observations().add(new PrevalenceRecorder.Observation(PrevalenceRecorder.Kind.LINK, AB, h, time + 1000));
        r.observations().add(new PrevalenceRecorder.Observation(PrevalenceRecorder.Kind.STEP, "C", h, time + 2000));
    }

    static PrevalenceRecorder recorder() {
        return new PrevalenceRecorder(PrevalenceSettings.defaults(), HOUR);
    }

    @Test
    void partitionsThatFileAndReadEachOtherSeeWhatOneLedgerSees() {
        PrevalenceLedger all = ledger();
        PrevalenceRecorder r = recorder();
        for (String t : List.of("t1", "t2", "t3")) campaign(r, t, T0 + 60_000);
        all.file(r);
        StepPair expected = all.asOf(T0 + HOUR).pairs().get(AB);
        assertEquals(3, expected.getTenants());

        PrevalenceLedger p1 = ledger();
        PrevalenceLedger p2 = ledger();
        PrevalenceRecorder r1 = recorder();
        PrevalenceRecorder r2 = recorder();
        campaign(r1, "t1", T0 + 60_000);
        campaign(r2, "t2", T0 + 60_000);
        campaign(r2, "t3", T0 + 60_000);
        p1.file(r1);
        p2.file(r2);
        PrevalenceLedger.Closed f1 = p1.fileUntil(T0 + HOUR);
        PrevalenceLedger.Closed f2 = p2.fileUntil(T0 + HOUR);
        assertEquals(T0 + HOUR, f1.filedUntil());
        assertTrue(f1.counts().stream().allMatch(c -> c.bucket() == T0), "only the closed interval is filed");
        assertEquals(0, p1.addForeign(f2.counts()));
        assertEquals(0, p2.addForeign(f1.counts()));
        for (PrevalenceLedger p : List.of(p1, p2)) {
            StepPair got = p.asOf(T0 + HOUR).pairs().get(AB);
            assertEquals(expected.getTenants(), got.getTenants());
            assertEquals(expected.getLinked(), got.getLinked());
            assertEquals(expected.getLift(), got.getLift(), 1e-9);
            assertEquals(expected.getConfidence(), got.getConfidence(), 1e-9);
        }
        // Filing again files nothing more; the counts of one partition are its own, never the others' it read.
        assertTrue(p1.fileUntil(T0 + HOUR).counts().isEmpty());
        PrevalenceLedger.Closed next = p1.fileUntil(T0 + 2 * HOUR);
        assertTrue(next.counts().isEmpty(), "the foreign counts are not filed as this partition's: " + next.counts());
    }

    @Test
    void anObservationAfterItsIntervalWasFiledCountsInTheNextOne() {
        PrevalenceLedger p = ledger();
        PrevalenceRecorder r = recorder();
        campaign(r, "t1", T0 + 60_000);
        p.file(r);
        p.fileUntil(T0 + HOUR);
        campaign(r, "t1", T0 + 120_000); // a late alert, correlated after its interval was filed
        p.file(r);
        List<PrevalenceCount> later = p.fileUntil(T0 + 2 * HOUR).counts();
        assertTrue(!later.isEmpty() && later.stream().allMatch(c -> c.bucket() == T0 + HOUR), later.toString());
    }

    @Test
    void aRebuiltPartitionCountsItsReplayedAlertsOnlyAfterWhatItFiled() {
        PrevalenceLedger before = ledger();
        PrevalenceRecorder r = recorder();
        campaign(r, "t1", T0 + 60_000);
        campaign(r, "t2", T0 + 60_000);
        before.file(r);
        PrevalenceLedger.Closed filed = before.fileUntil(T0 + HOUR);

        PrevalenceLedger rebuilt = ledger();
        rebuilt.restore(filed.counts(), filed.seen(), filed.filedUntil());
        PrevalenceRecorder replay = recorder();
        campaign(replay, "t1", T0 + 60_000); // replayed: already filed
        campaign(replay, "t2", T0 + 60_000);
        campaign(replay, "t1", T0 + HOUR + 60_000); // after the restart point's filing: new
        rebuilt.file(replay);
        assertEquals(2, rebuilt.asOf(T0 + HOUR).pairs().get(AB).getLinked(), "the replayed interval is counted once");
        PrevalenceLedger.Closed again = rebuilt.fileUntil(T0 + 2 * HOUR);
        assertTrue(again.counts().stream().allMatch(c -> c.bucket() == T0 + HOUR), again.counts().toString());
        long pairs = again.counts().stream().filter(c -> c.kind().equals(PrevalenceCount.PAIR)).mapToLong(PrevalenceCount::count).sum();
        assertEquals(1, pairs, "the replayed interval is not filed again");
    }

    @Test
    void countsOfAnIntervalAlreadyCrossedAreRefused() {
        PrevalenceLedger p = ledger();
        p.asOf(T0 + 2 * HOUR);
        PrevalenceLedger other = ledger();
        PrevalenceRecorder r = recorder();
        campaign(r, "t2", T0 + 60_000);
        other.file(r);
        List<PrevalenceCount> late = other.fileUntil(T0 + HOUR).counts();
        assertEquals(late.size(), p.addForeign(late));
        assertNull(p.asOf(T0 + 3 * HOUR).pairs().get(AB));
    }
}
