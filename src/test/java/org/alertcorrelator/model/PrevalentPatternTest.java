package org.alertcorrelator.model;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** A prevalent pattern changes, and incidents name it again, only when what they show of it changes. */
class PrevalentPatternTest {

    private static StepPair pair(int tenants, double lift, double confidence) {
        return new StepPair("Download", "PoolLogin", tenants, 40, 1, 50, 60, 900_000, confidence, lift, 0L, 1L);
    }

    @Test
    void liftAndConfidenceAreHeldToTwoSignificantDigits() {
        assertEquals(3400.0, PrevalentPattern.shown(3436.9));
        assertEquals(3500.0, PrevalentPattern.shown(3450.0));
        assertEquals(6.5, PrevalentPattern.shown(6.54));
        assertEquals(0.33, PrevalentPattern.shown(1.0 / 3));
        assertEquals(100.0, PrevalentPattern.shown(99.96));
        assertEquals(12.0, PrevalentPattern.shown(12.0));
        assertEquals(0.0, PrevalentPattern.shown(0.0));
        assertEquals(1.2e12, PrevalentPattern.shown(1.234e12));

        PrevalentPattern p = PrevalentPattern.of(pair(4, 3436.9, 0.8123));
        assertEquals("Download > PoolLogin (seen in 4 tenants, lift 3400)", p.describe());
        assertEquals(0.81, p.getConfidence());
        assertEquals("Download > PoolLogin (seen in 4 tenants, lift 6.5)", PrevalentPattern.of(pair(4, 6.5, 1)).describe());
        assertEquals("Download > PoolLogin (seen in 4 tenants, lift 13)", PrevalentPattern.of(pair(4, 12.51, 1)).describe());
    }

    @Test
    void countsThatMoveWithinWhatIsShownLeaveThePatternAndTheIncidentsNamingItAlone() {
        PrevalentPattern p = PrevalentPattern.of(pair(4, 3436.9, 0.8123));
        assertTrue(p.hasCountsOf(pair(4, 3401.2, 0.8149)), "the same to two digits: nothing to follow");
        assertFalse(p.hasCountsOf(pair(4, 3456.0, 0.8123)), "lift 3500 now");
        assertFalse(p.hasCountsOf(pair(5, 3436.9, 0.8123)), "a fifth tenant");
        assertFalse(p.hasCountsOf(pair(4, 3436.9, 0.7)), "confidence moved");

        AlertGroup g = AlertGroup.open(new Link(AlertGroupTest.alert("a", 0, Severity.LOW), AlertGroupTest.alert("b", 5, Severity.LOW),
                new Entity("host", "h"), "r"), KillChain.attackEnterpriseOrder());
        g.name(p);
        assertTrue(g.names(p));
        p.follow(pair(4, 3436.9, 0.7));
        assertTrue(g.names(p), "confidence is not shown: the incident is not named again");
        p.follow(pair(4, 3456.0, 0.7));
        assertFalse(g.names(p), "lift 3500 is shown: named again");
        g.name(p);
        assertTrue(g.patterns().get(0).describe().endsWith("lift 3500)"), g.patterns().toString());
    }
}
