package org.alertcorrelator.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.alertcorrelator.TestRules;
import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.Incident;
import org.alertcorrelator.model.IncidentIds;
import org.alertcorrelator.model.IncidentKind;
import org.alertcorrelator.model.LinkReason;
import org.alertcorrelator.model.Raise;
import org.alertcorrelator.model.Severity;
import org.alertcorrelator.model.Tactic;
import org.alertcorrelator.ruleset.RuleSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Any rule raises an incident of the alerts it matched (a {@link Raise}), through the default rules' machinery:
 * derived ids, merges, the cap and continuations, reasons naming the rule. The rule here is the default rule set
 * plus one DRL file, as a rule author would add it.
 */
class RaiseTest {
    static final String RULE = "Recon alerts within an hour of each other are a burst";
    static final String DRL = """
            package alertcorrelator
            import org.alertcorrelator.model.Alert
            import org.alertcorrelator.model.Arrival
            import org.alertcorrelator.model.Raise
            import org.alertcorrelator.model.Severity
            import java.util.List

            rule "%s"
            when
                Arrival( $a : alert, alert.alertType == "Recon" )
                $earlier : List( size >= 1 ) from collect( Alert( tenant == $a.tenant, alertType == "Recon",
                                                                   eventTime >= $a.eventTime - 3600000 ) )
            then
                insert( new Raise( "ReconBurst", Severity.MEDIUM, "Reconnaissance burst", $earlier, $a ) );
            end

            rule "Bad raises throw"
            when
                Arrival( $a : alert, alert.alertType == "BadKind" )
            then
                insert( new Raise( "no spaces allowed", null, null, $a ) );
            end
            """.formatted(RULE);

    static RuleSet rules;

    @BeforeAll
    static void build(@TempDir Path dir) throws IOException {
        rules = RuleSet.load(TestRules.defaultRulesWith(dir, "60-recon-burst.drl", DRL));
    }

    static Alert alert(String id, String tenant, String type, long minutes, Severity sev, Tactic tactic, String... entities) {
        Alert.Builder b = Alert.builder().id(id).tenant(tenant).alertType(type).displayName(type + " " + id)
                .severity(sev).startTime(Instant.parse("2024-05-01T00:00:00Z").plusSeconds(minutes * 60));
        if (tactic != null) b.tactic(tactic);
        for (String e : entities) {
            String[] p = e.split(":", 2);
            b.entity(p[0], p[1]);
        }
        return b.build();
    }

    static List<Incident> run(List<Alert> alerts) {
        try (Correlator c = new Correlator(rules)) {
            for (Alert a : alerts) c.process(a);
            return c.incidents();
        }
    }

    @Test
    void alertsThatShareNoEntityBecomeOneIncidentOfTheRulesKind() {
        List<Incident> out = run(List.of(
                alert("r1", "t1", "Recon", 0, Severity.LOW, Tactic.DISCOVERY, "host:h1"),
                alert("r2", "t1", "Recon", 10, Severity.LOW, Tactic.DISCOVERY, "host:h2"),
                alert("r3", "t1", "Recon", 20, Severity.LOW, Tactic.DISCOVERY, "host:h3"),
                alert("other", "t1", "Other", 25, Severity.HIGH, null, "host:h9")));
        assertEquals(1, out.size(), out.toString());
        Incident i = out.get(0);
        assertEquals("ReconBurst", i.kind());
        assertEquals("Reconnaissance burst", i.title());
        assertEquals(Severity.MEDIUM, i.severity(), "the raise's severity, above its alerts'");
        assertEquals(List.of("r1", "r2", "r3"), i.alertIds());
        assertEquals(IncidentIds.derive("t1", "r1"), i.id(), "derived from tenant and earliest alert");
        assertEquals(RULE, i.raisedBy());
        assertFalse(i.reasons().isEmpty());
        for (LinkReason r : i.reasons()) {
            assertNull(r.entity(), "a rule's reason names no entity");
            assertEquals(RULE, r.rule());
        }
        // r1-r2 and r2-r3, each once, though r3's raise covered r1-r2 again
        assertEquals(2, i.reasons().size(), i.reasons().toString());
        assertTrue(i.description().contains("Grouped by the rule \"" + RULE + "\""), i.description());
    }

    @Test
    void aRaiseOverAnAlertOfAKillChainMergesWithItAndTakesTheRulesKind() {
        List<Incident> out = run(List.of(
                alert("k1", "t1", "Login", 0, Severity.LOW, Tactic.INITIAL_ACCESS, "host:vm1"),
                alert("k2", "t1", "Exec", 5, Severity.LOW, Tactic.EXECUTION, "host:vm1"),
                alert("r1", "t1", "Recon", 30, Severity.LOW, Tactic.DISCOVERY, "host:vm1"),
                alert("r2", "t1", "Recon", 40, Severity.LOW, Tactic.DISCOVERY, "host:other")));
        assertEquals(1, out.size(), out.toString());
        Incident i = out.get(0);
        assertEquals(List.of("k1", "k2", "r1", "r2"), i.alertIds());
        assertEquals("ReconBurst", i.kind());
        assertEquals(RULE, i.raisedBy(), "raisedBy names the rule that raised it under its current kind");
        assertEquals(IncidentIds.derive("t1", "k1"), i.id());
        assertTrue(i.reasons().stream().anyMatch(r -> r.entity() != null), "the host links stay");
        assertTrue(i.reasons().stream().anyMatch(r -> r.entity() == null && r.rule().equals(RULE)));
    }

    @Test
    void aRuleRaisedIncidentStaysRaisedWhenAnOlderUnraisedGroupAbsorbsIt() {
        // b1-b2: Low alerts of one stage on host hb, no incident. r1-r2: a burst. c links r2 (acct) and b2 (host hb).
        List<Incident> out = run(List.of(
                alert("b1", "t1", "Noise", 0, Severity.LOW, Tactic.DISCOVERY, "host:hb"),
                alert("b2", "t1", "Noise", 5, Severity.LOW, Tactic.DISCOVERY, "host:hb"),
                alert("r1", "t1", "Recon", 30, Severity.LOW, Tactic.DISCOVERY, "host:h1"),
                alert("r2", "t1", "Recon", 40, Severity.LOW, Tactic.DISCOVERY, "host:h2", "account:eve@x.com"),
                alert("c", "t1", "Noise", 50, Severity.LOW, Tactic.DISCOVERY, "host:hb", "account:eve@x.com")));
        assertEquals(1, out.size(), out.toString());
        Incident i = out.get(0);
        assertEquals(List.of("b1", "b2", "r1", "r2", "c"), i.alertIds());
        assertEquals("ReconBurst", i.kind());
        assertEquals(IncidentIds.derive("t1", "b1"), i.id(), "the older group's id");
        assertEquals(List.of(IncidentIds.derive("t1", "r1")), i.mergedIncidentIds());
        assertEquals(Severity.MEDIUM, i.severity());
    }

    @Test
    void aRaiseOfManyAlertsIsCappedAndContinues() {
        List<Alert> alerts = new ArrayList<>();
        for (int n = 0; n < 160; n++) {
            alerts.add(alert(String.format("r%03d", n), "t1", "Recon", n / 10, Severity.LOW, Tactic.DISCOVERY, "host:h" + n));
        }
        List<Incident> out = run(alerts);
        assertEquals(2, out.size(), out.toString());
        assertEquals(150, out.get(0).alertIds().size());
        assertEquals(10, out.get(1).alertIds().size());
        assertEquals(out.get(0).id(), out.get(1).continuesIncidentId());
        assertEquals("ReconBurst", out.get(1).kind());
        assertTrue(out.get(1).title().startsWith("Reconnaissance burst (continued"), out.get(1).title());
        // every pair of consecutive alerts once, however many raises covered it
        int reasons = out.get(0).reasons().size() + out.get(1).reasons().size();
        assertTrue(reasons <= 160, "reasons: " + reasons);
    }

    @Test
    void tenantsNeverMix() {
        List<Incident> out = run(List.of(
                alert("r1", "t1", "Recon", 0, Severity.LOW, null, "host:h1"),
                alert("r2", "t2", "Recon", 5, Severity.LOW, null, "host:h1"),
                alert("r3", "t2", "Recon", 10, Severity.LOW, null, "host:h2")));
        assertEquals(1, out.size(), out.toString());
        assertEquals("t2", out.get(0).tenantId());
        assertEquals(List.of("r2", "r3"), out.get(0).alertIds());
    }

    @Test
    void aRaiseChecksItsArguments() {
        Alert a = alert("a", "t1", "X", 0, Severity.LOW, null);
        Alert b = alert("b", "t2", "X", 0, Severity.LOW, null);
        assertThrows(IllegalArgumentException.class, () -> new Raise("bad kind", null, null, a));
        assertThrows(IllegalArgumentException.class, () -> new Raise("K".repeat(IncidentKind.MAX_LENGTH + 1), null, null, a));
        assertThrows(IllegalArgumentException.class, () -> new Raise("K", null, null));
        assertThrows(IllegalArgumentException.class, () -> new Raise("K", null, null, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Raise("K", null, null, "not an alert"));
        IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class, () -> new Raise("K", null, null, a, List.of(b)));
        assertTrue(mixed.getMessage().contains("two tenants"), mixed.getMessage());
        Raise r = new Raise("K", null, "  ", List.of(a), a);
        assertEquals(List.of(a), new Raise("K", null, null, a, a).getAlerts());
        assertNull(r.getTitle());
        assertEquals("a Raise of kind K", r.ruleName());
    }

    @Test
    void aBadRaiseInAConsequenceStopsWithItsMessage() {
        try (Correlator c = new Correlator(rules)) {
            RuleFailure e = assertThrows(RuleFailure.class,
                    () -> c.process(alert("x", "t1", "BadKind", 0, Severity.LOW, null, "host:h1")));
            assertEquals("Bad raises throw", e.rule());
            assertEquals("x", e.alertId());
            assertTrue(e.getMessage().startsWith("rule \"Bad raises throw\" failed on alert x: IllegalArgumentException: incident kind \"no spaces allowed\" is not a valid kind name"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one line");
        }
    }
}
