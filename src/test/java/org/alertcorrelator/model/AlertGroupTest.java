package org.alertcorrelator.model;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class AlertGroupTest {
    private static final KillChain CHAIN = KillChain.attackEnterpriseOrder();

    static Alert alert(String id, int minute, Severity s, Tactic... tactics) {
        return typed(id, "type-" + id, minute, s, tactics);
    }

    /** An alert of the given type (step): progression needs two different ones. */
    static Alert typed(String id, String type, int minute, Severity s, Tactic... tactics) {
        return Alert.builder().id(id).tenant("t").alertType(type).severity(s).tactics(List.of(tactics))
                .startTime(Instant.parse("2024-01-01T00:00:00Z").plusSeconds(60L * minute)).entity("host", "h").build();
    }

    static AlertGroup group(Alert first, Alert... more) {
        AlertGroup g = AlertGroup.open(new Link(first, more[0], new Entity("host", "h"), "r"), CHAIN);
        for (int i = 1; i < more.length; i++) g.join(new Link(more[i - 1], more[i], new Entity("host", "h"), "r"));
        return g;
    }

    @Test
    void forwardThroughTheKillChainIsProgression() {
        assertTrue(group(alert("a", 0, Severity.LOW, Tactic.INITIAL_ACCESS), alert("b", 5, Severity.LOW, Tactic.EXECUTION)).isProgressing());
    }

    @Test
    void backwardIsNotProgression() {
        assertFalse(group(alert("a", 0, Severity.LOW, Tactic.IMPACT), alert("b", 5, Severity.LOW, Tactic.INITIAL_ACCESS)).isProgressing());
    }

    @Test
    void sameTimeIsNotProgression() {
        assertFalse(group(alert("a", 0, Severity.LOW, Tactic.INITIAL_ACCESS), alert("b", 0, Severity.LOW, Tactic.EXECUTION)).isProgressing());
    }

    @Test
    void progressionAcrossAMergeIsFound() {
        // Older group: Impact at minute 0 and 30 (no progression). Younger: InitialAccess at 10, Execution at 5? (times out of order in join)
        AlertGroup older = group(alert("a", 0, Severity.LOW, Tactic.DISCOVERY), alert("b", 30, Severity.LOW, Tactic.DISCOVERY));
        AlertGroup younger = group(alert("c", 10, Severity.LOW, Tactic.IMPACT), alert("d", 20, Severity.LOW, Tactic.IMPACT));
        assertFalse(older.isProgressing());
        assertFalse(younger.isProgressing());
        older.absorb(younger, new Link(older.members().get(0), younger.members().get(0), new Entity("ip", "1.2.3.4"), "r"));
        assertTrue(older.isProgressing(), "Discovery at 0 then Impact at 10");
        assertEquals(4, older.getSize());
        assertEquals(2, older.getStageCount());
        assertEquals(older, younger.getMergedInto());
    }

    @Test
    void multiTacticAlertCountsAtEachStage() {
        AlertGroup g = group(alert("a", 0, Severity.LOW, Tactic.DEFENSE_EVASION, Tactic.EXECUTION), alert("b", 5, Severity.LOW, Tactic.PERSISTENCE));
        assertTrue(g.isProgressing(), "Execution (stage 4) then Persistence (stage 5)");
        assertEquals(3, g.getStageCount());
    }

    @Test
    void pagesSplitAtTheCapAndTakeIdsFromTheirEarliestAlert() {
        Alert[] more = new Alert[4];
        for (int i = 0; i < 4; i++) more[i] = alert("x" + (i + 1), i + 1, Severity.MEDIUM, Tactic.DISCOVERY);
        AlertGroup g = group(alert("x0", 0, Severity.MEDIUM, Tactic.DISCOVERY), more);
        g.openContinuation(3);
        assertEquals(2, g.getLastPageSize());
        List<List<Alert>> pages = g.pages();
        assertEquals(2, pages.size());
        assertEquals(IncidentIds.derive("t", "x0"), g.pageIds().get(0));
        assertEquals(IncidentIds.derive("t", "x3"), g.pageIds().get(1));
    }

    @Test
    void withdrawingTheOnlyLinkEmptiesTheGroup() {
        Alert a = alert("a", 0, Severity.HIGH, Tactic.EXECUTION);
        Alert b = alert("b", 1, Severity.HIGH, Tactic.EXECUTION);
        AlertGroup g = AlertGroup.open(new Link(a, b, new Entity("ip", "10.0.0.53"), "r"), CHAIN);
        List<AlertGroup> split = g.withdrawLinksThrough(new Entity("ip", "10.0.0.53"));
        assertTrue(split.isEmpty());
        assertEquals(0, g.getSize(), "a group of fewer than two alerts: the rules dissolve it");
        assertNull(a.getGroup());
        assertNull(b.getGroup());
    }

    @Test
    void withdrawingSplitsAlongTheLinksThatRemain() {
        Alert a = alert("a", 0, Severity.HIGH, Tactic.EXECUTION);
        Alert b = alert("b", 1, Severity.HIGH, Tactic.EXECUTION);
        Alert c = alert("c", 2, Severity.HIGH, Tactic.EXECUTION);
        Alert d = alert("d", 3, Severity.HIGH, Tactic.EXECUTION);
        Entity dns = new Entity("ip", "10.0.0.53");
        AlertGroup g = AlertGroup.open(new Link(a, b, new Entity("host", "h1"), "r"), CHAIN);
        g.join(new Link(b, c, dns, "r"));
        g.join(new Link(c, d, new Entity("host", "h2"), "r"));
        g.raise(IncidentKind.SharedContext, "r");
        List<AlertGroup> split = g.withdrawLinksThrough(dns);
        assertEquals(List.of(a, b), g.members());
        assertFalse(g.isRaised(), "each part is judged again");
        assertEquals(1, split.size());
        assertEquals(List.of(c, d), split.get(0).members());
        assertSame(split.get(0), d.getGroup());
    }

    @Test
    void forgettingOldAlertsKeepsTheRecentOnesAndSplitsWhereLinksAreGone() {
        Alert a = alert("a", 0, Severity.LOW, Tactic.EXECUTION);
        Alert b = alert("b", 60, Severity.LOW, Tactic.EXECUTION);
        Alert c = alert("c", 120, Severity.LOW, Tactic.EXECUTION);
        Alert d = alert("d", 130, Severity.LOW, Tactic.EXECUTION);
        AlertGroup g = AlertGroup.open(new Link(a, b, new Entity("host", "h"), "r"), CHAIN);
        g.join(new Link(b, c, new Entity("host", "h"), "r"));
        g.join(new Link(a, d, new Entity("ip", "1.2.3.4"), "r"));
        assertEquals(a.getActivityEnd(), g.getEarliestActivityEnd());
        // Forget what ended before minute 30: a goes; d was linked through a only, so it stands alone.
        List<AlertGroup> split = g.forgetAlertsEndedBefore(a.getEventTime() + 30 * 60_000L);
        assertTrue(split.isEmpty());
        assertEquals(List.of(b, c), g.members());
        assertNull(a.getGroup());
        assertNull(d.getGroup());
        assertEquals(b.getActivityEnd(), g.getEarliestActivityEnd());
        assertEquals(1, g.reasons().size());
    }

    @Test
    void dissolvingLeavesTheAlertsWithoutAGroup() {
        Alert a = alert("a", 0, Severity.LOW, Tactic.EXECUTION);
        Alert b = alert("b", 1, Severity.LOW, Tactic.EXECUTION);
        AlertGroup g = AlertGroup.open(new Link(a, b, new Entity("host", "h"), "r"), CHAIN);
        g.dissolve();
        assertEquals(0, g.getSize());
        assertNull(a.getGroup());
        assertNull(b.getGroup());
    }

    @Test
    void oneAlertTypeRepeatingUnderLaterTacticsDoesNotProgress() {
        AlertGroup g = group(typed("a", "Busy", 0, Severity.LOW, Tactic.DISCOVERY), typed("b", "Busy", 5, Severity.LOW, Tactic.EXECUTION),
                typed("c", "Busy", 9, Severity.LOW, Tactic.IMPACT));
        assertFalse(g.isProgressing(), "the same type under Discovery, Execution, Impact is no kill chain");
    }

    @Test
    void anotherTypeEarlierAtAnEarlierStageProgressesEvenWhenTheExtremesShareAType() {
        // Earliest at the early stage and latest at the late stage are both "Busy"; "Other" makes the progression.
        AlertGroup g = group(typed("a", "Busy", 0, Severity.LOW, Tactic.EXECUTION), typed("b", "Other", 2, Severity.LOW, Tactic.EXECUTION),
                typed("c", "Busy", 9, Severity.LOW, Tactic.IMPACT));
        assertTrue(g.isProgressing());
        AlertGroup h = group(typed("a", "Busy", 0, Severity.LOW, Tactic.EXECUTION), typed("b", "Other", 7, Severity.LOW, Tactic.IMPACT),
                typed("c", "Busy", 9, Severity.LOW, Tactic.IMPACT));
        assertTrue(h.isProgressing());
        AlertGroup none = group(typed("a", "Other", 0, Severity.LOW, Tactic.IMPACT), typed("b", "Busy", 7, Severity.LOW, Tactic.EXECUTION),
                typed("c", "Busy", 9, Severity.LOW, Tactic.IMPACT));
        assertFalse(none.isProgressing(), "Busy (Execution) then Busy (Impact) is one type; Other is at Impact, the last stage, first");
    }
}
