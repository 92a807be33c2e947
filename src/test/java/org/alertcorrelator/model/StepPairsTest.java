package org.alertcorrelator.model;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * {@link AlertGroup#hasStepPair} is kept up to date as alerts join (in any order, as a rule's raise links the older
 * alerts of its window) and as groups merge, instead of being rebuilt from all members: checked against the
 * definition (an alert of step {@code then} and an earlier member of step {@code first} whose activity ended at
 * most the window before it) on random groups.
 */
class StepPairsTest {
    private static final KillChain CHAIN = KillChain.attackEnterpriseOrder();
    private static final long WINDOW = 60 * 60_000L;
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final List<String> STEPS = List.of("A", "B", "C", "D", "E");

    private static Alert alert(Random r, String id) {
        Instant start = T0.plusSeconds(60L * r.nextInt(600));
        return Alert.builder().id(id).tenant("t").alertType(STEPS.get(r.nextInt(STEPS.size()))).severity(Severity.LOW)
                .startTime(start).endTime(start.plusSeconds(60L * r.nextInt(90))).entity("host", "h").build();
    }

    private static Link link(Alert a, Alert b) {
        return Alert.byEventTimeThenId(a, b) <= 0 ? new Link(a, b, null, "r") : new Link(b, a, null, "r");
    }

    /** The definition, from the members alone. */
    private static boolean holds(List<Alert> members, String first, String then) {
        for (Alert b : members) {
            if (!b.getStep().equals(then)) continue;
            for (Alert a : members) {
                if (a.getStep().equals(first) && !first.equals(then) && Alert.byEventTimeThenId(a, b) < 0
                        && a.getActivityEnd() >= b.getEventTime() - WINDOW) return true;
            }
        }
        return false;
    }

    private static void assertPairs(AlertGroup g, String when) {
        for (String f : STEPS) {
            for (String t : STEPS) {
                assertEquals(holds(g.members(), f, t), g.hasStepPair(f, t, WINDOW), f + " > " + t + " " + when + " " + g.members());
            }
        }
    }

    @Test
    void pairsFollowAlertsJoiningInAnyOrderAndMerges() {
        Random r = new Random(7);
        int outOfOrder = 0;
        for (int round = 0; round < 300; round++) {
            List<Alert> pool = new ArrayList<>();
            for (int i = 0; i < 12; i++) pool.add(alert(r, "r" + round + "-" + i));
            AlertGroup g = AlertGroup.open(link(pool.get(0), pool.get(1)), CHAIN);
            if (r.nextBoolean()) assertPairs(g, "after open"); // built now, then kept up to date
            for (int i = 2; i < 8; i++) {
                Alert newcomer = pool.get(i);
                Alert member = g.members().get(r.nextInt(g.getSize()));
                if (g.members().stream().anyMatch(m -> Alert.byEventTimeThenId(newcomer, m) < 0)) outOfOrder++;
                g.join(link(member, newcomer));
                if (r.nextInt(3) == 0) assertPairs(g, "after joining " + newcomer.getId());
            }
            AlertGroup other = AlertGroup.open(link(pool.get(8), pool.get(9)), CHAIN);
            other.join(link(pool.get(9), pool.get(10)));
            if (r.nextBoolean()) assertPairs(other, "other");
            AlertGroup older = AlertGroup.isOlder(g, other) ? g : other;
            AlertGroup younger = older == g ? other : g;
            older.absorb(younger, link(g.members().get(0), other.members().get(0)));
            assertPairs(older, "after the merge");
            older.join(link(older.members().get(0), pool.get(11)));
            assertPairs(older, "after joining the last");
        }
        assertTrue(outOfOrder > 500, "alerts joined before the group's latest: " + outOfOrder);
    }
}
