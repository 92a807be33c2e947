package org.alertcorrelator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.alertcorrelator.TestRules;
import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.Severity;
import org.alertcorrelator.model.Tactic;
import org.alertcorrelator.ruleset.RuleSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts join the stream of alerts only when something in the rule set matches them there: the default rules do
 * not (an alert kept there a window is then work for nothing), and any rule, query or accumulate on Alert does.
 */
public class AlertStreamTest {
    /** What the stream rule of the last test saw (its consequence adds to it). */
    public static final List<String> SEEN = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    private static final String HEADER = "package alertcorrelator\nimport org.alertcorrelator.model.Alert\n"
            + "import org.alertcorrelator.model.Severity\nimport java.util.List\n\n";

    @TempDir
    Path dir;

    private static Alert alert(String id, String time, Severity severity, String host) {
        return Alert.builder().id(id).tenant("t1").alertType("T-" + id).displayName("alert " + id).severity(severity)
                .tactic(Tactic.EXECUTION).startTime(Instant.parse(time)).entity("host", host).build();
    }

    private boolean matched(String drl) throws Exception {
        RuleSet rules = RuleSet.load(TestRules.defaultRulesWith(dir.resolve("r" + System.nanoTime()), "70-test.drl", HEADER + drl));
        return AlertStream.of(rules.kieBase()).isMatched();
    }

    @Test
    void theDefaultRulesDoNotMatchAlertsInTheStreamSoNoneIsInserted() throws Exception {
        RuleSet rules = RuleSet.load(Path.of("rules"));
        assertFalse(AlertStream.of(rules.kieBase()).isMatched());
        // The same rules and a query over alerts (which changes no incident) keep the alerts as facts.
        RuleSet withQuery = RuleSet.load(TestRules.defaultRulesWith(dir.resolve("query"), "70-test.drl",
                HEADER + "query \"alerts of\"( String t ) Alert( tenant == t ) end\n"));
        assertTrue(AlertStream.of(withQuery.kieBase()).isMatched());
        long[] facts = new long[2];
        int i = 0;
        for (RuleSet r : List.of(rules, withQuery)) {
            try (Correlator c = new Correlator(r)) {
                c.process(alert("a1", "2024-01-01T00:00:00Z", Severity.HIGH, "vm1"));
                c.process(alert("a2", "2024-01-01T01:00:00Z", Severity.HIGH, "vm1"));
                c.process(alert("a3", "2024-01-01T01:30:00Z", Severity.LOW, "vm2"));
                c.process(alert("a4", "2024-01-01T01:40:00Z", Severity.HIGH, "vm1").toBuilder()
                        .status(org.alertcorrelator.model.AlertStatus.DISMISSED).build());
                assertEquals(1, c.collector().alertsRuledOut()); // a4; the others took part, though not as facts
                assertEquals(1, c.incidents().size());
                assertEquals(List.of("a1", "a2"), c.incidents().get(0).alertIds());
                facts[i++] = c.factCount();
            }
        }
        assertEquals(3, facts[1] - facts[0]); // the three alerts, only where something matches them
    }

    @Test
    void aRuleQueryAccumulateOrObjectPatternOnAlertsMakesThemJoinTheStream() throws Exception {
        assertTrue(matched("rule \"high\" when Alert( severity == Severity.HIGH ) then end\n"));
        assertTrue(matched("query \"alerts of\"( String t ) Alert( tenant == t ) end\n"));
        assertTrue(matched("rule \"many\" when $n : Number( intValue > 2 ) from accumulate( Alert(), count( 1 ) ) then end\n"));
        assertTrue(matched("rule \"none\" when not Alert( severity == Severity.HIGH ) then end\n"));
        assertTrue(matched("rule \"anything\" when Object( ) then end\n"));
        // An alert reached another way is no reason to keep the stream.
        assertFalse(matched("rule \"arrival\" when org.alertcorrelator.model.Arrival( $a : alert ) Alert( ) from $a then end\n"));
    }

    @Test
    void aRuleOverTheStreamSeesEveryEarlierAlertOfTheWindow() throws Exception {
        Path rules = TestRules.defaultRulesWith(dir.resolve("stream"), "70-test.drl", HEADER + """
                rule "two high alerts on one host within an hour"
                when
                    $b : Alert( severity == Severity.HIGH, $h : hostKeys )
                    $a : Alert( this != $b, severity == Severity.HIGH, hostKeys == $h, this before[0, 1h] $b )
                then
                    org.alertcorrelator.engine.AlertStreamTest.SEEN.add( $a.getId() + ">" + $b.getId() );
                end
                """);
        RuleSet built = RuleSet.load(rules);
        assertTrue(AlertStream.of(built.kieBase()).isMatched());
        SEEN.clear();
        try (Correlator c = new Correlator(built)) {
            c.process(alert("a1", "2024-01-01T00:00:00Z", Severity.HIGH, "vm1"));
            c.process(alert("a2", "2024-01-01T00:30:00Z", Severity.HIGH, "vm1"));
            c.process(alert("a3", "2024-01-01T03:00:00Z", Severity.HIGH, "vm1"));
            assertEquals(0, c.collector().alertsRuledOut());
        }
        assertEquals(List.of("a1>a2"), SEEN);
    }
}
