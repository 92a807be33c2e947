package org.alertcorrelator.correlation;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.alertcorrelator.TestRules;
import org.alertcorrelator.engine.Replay;
import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.Incident;
import org.alertcorrelator.model.Severity;
import org.alertcorrelator.ruleset.RuleSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Window#takeNewAlerts}: a rule that fires on a window at every alert that keeps its condition true raises
 * only what the window gained since (with one alert it raised before, so the incident grows), and the incidents
 * are those a raise of the whole window would make. The default rules plus a test DRL, in a real session.
 */
public class NewAlertsTest {
    private static final Instant T0 = Instant.parse("2024-03-04T08:00:00Z");
    private static final String DRL = """
            package alertcorrelator
            import org.alertcorrelator.model.Arrival
            import org.alertcorrelator.model.Raise
            import org.alertcorrelator.model.Severity
            import org.alertcorrelator.correlation.*
            global Blocks blocks

            rule "feed"
                salience 100
            when
                Arrival( $a : alert, alert.alertType == "Fail" || alert.alertType == "Ok" )
            then
                if ( $a.getAlertType().equals( "Fail" ) ) blocks.count( "failures", "Host", "1h" ).add( drools, $a );
                blocks.sequence( "fail-then-ok", "Host", "1h", "fail", "ok" ).add( drools, $a.getAlertType().equals( "Fail" ) ? "fail" : "ok", $a );
            end

            rule "three failures on a host"
                salience 90
            when $w : CountWindow( name == "failures", count >= 3 )
            then
                java.util.List $new = $w.takeNewAlerts( drools );
                NewAlertsTest.record( "storm", $new );
                insert( new Raise( "FailureStorm", Severity.MEDIUM, null, $new ) );
            end

            rule "three failures on a host, seen by a second rule"
                salience 90
            when $w : CountWindow( name == "failures", count >= 3 )
            then NewAlertsTest.record( "second", $w.takeNewAlerts( drools ) );
            end

            rule "feed gated"
                salience 100
            when
                Arrival( $a : alert, alert.alertType == "Gate" )
            then
                blocks.count( "gated", "Host", "1h" ).holdsWhen( "count >= 3" ).add( drools, $a );
            end

            rule "gated: the condition holds"
                salience 90
            when $w : CountWindow( name == "gated", conditionMet )
            then NewAlertsTest.record( "gated-met", $w.getAlerts() );
            end

            rule "gated: the window was looked at again"
                salience 90
            when $w : CountWindow( name == "gated", count >= 1 )
            then NewAlertsTest.record( "gated-seen", java.util.List.of( $w.getLastAlert() ) );
            end

            rule "a failure, then a success"
                salience 90
            when $w : SequenceWindow( name == "fail-then-ok", stepsInOrder == stepCount )
            then
                java.util.List $new = $w.takeNewAlerts( drools );
                NewAlertsTest.record( "sequence", $new );
                insert( new Raise( "FailThenOk", Severity.MEDIUM, null, $new ) );
            end
            """;
    private static final List<String> TAKEN = new ArrayList<>();

    @TempDir
    static Path dir;
    private static RuleSet rules;

    /** Called by the test rules: what a rule took, as "rule [ids]". */
    public static synchronized void record(String rule, List<Alert> taken) {
        TAKEN.add(rule + " " + taken.stream().map(Alert::getId).toList());
    }

    @BeforeAll
    static void build() throws IOException {
        rules = RuleSet.load(TestRules.defaultRulesWith(dir, "60-new-alerts-test.drl", DRL));
    }

    @BeforeEach
    void clear() {
        TAKEN.clear();
    }

    private static Alert alert(String id, String type, int minute, String host) {
        return Alert.builder().id(id).tenant("t1").alertType(type).displayName(type).severity(Severity.LOW)
                .startTime(T0.plusSeconds(60L * minute)).entity("host", host).build();
    }

    private static List<String> taken(String rule) {
        return TAKEN.stream().filter(s -> s.startsWith(rule + " ")).toList();
    }

    @Test
    void eachLaterAlertIsRaisedWithOneAlertRaisedBeforeAndTheIncidentHoldsThemAll() {
        List<Alert> alerts = new ArrayList<>();
        for (int i = 1; i <= 6; i++) alerts.add(alert("f" + i, "Fail", i, "h1"));
        List<Incident> incidents = Replay.correlate(rules, alerts);
        assertEquals(List.of("storm [f1, f2, f3]", "storm [f3, f4]", "storm [f4, f5]", "storm [f5, f6]"), taken("storm"));
        List<Incident> storms = incidents.stream().filter(i -> i.kind().equals("FailureStorm")).toList();
        assertEquals(1, storms.size(), incidents.toString());
        assertEquals(List.of("f1", "f2", "f3", "f4", "f5", "f6"), storms.get(0).alertIds());
    }

    @Test
    void everyRuleHasItsOwnRecordOfWhatItRaised() {
        List<Alert> alerts = new ArrayList<>();
        for (int i = 1; i <= 4; i++) alerts.add(alert("f" + i, "Fail", i, "h1"));
        Replay.correlate(rules, alerts);
        // The second rule raises nothing, so its alerts are in the storm's incident: f3 anchors f4 for it too.
        assertEquals(List.of("second [f1, f2, f3]", "second [f3, f4]"), taken("second"));
        assertEquals(List.of("storm [f1, f2, f3]", "storm [f3, f4]"), taken("storm"));
    }

    @Test
    void alertsThatLeftTheTimespanAreNotRaisedAgain() {
        // f1 at 0, f2 at 10, f3 at 20: raised. f4 at 65 pushes f1 out (more than an hour older); f5 at 75, f2.
        List<Alert> alerts = List.of(alert("f1", "Fail", 0, "h1"), alert("f2", "Fail", 10, "h1"), alert("f3", "Fail", 20, "h1"),
                alert("f4", "Fail", 65, "h1"), alert("f5", "Fail", 75, "h1"));
        Replay.correlate(rules, alerts);
        assertEquals(List.of("storm [f1, f2, f3]", "storm [f3, f4]", "storm [f4, f5]"), taken("storm"));
    }

    @Test
    void anOrderedSequenceRaisesTheNewAlertsOfItsChain() {
        List<Alert> alerts = List.of(alert("f1", "Fail", 0, "h1"), alert("o1", "Ok", 5, "h1"), alert("o2", "Ok", 8, "h1"));
        List<Incident> incidents = Replay.correlate(rules, alerts);
        assertEquals(List.of("sequence [f1, o1]", "sequence [f1, o2]"), taken("sequence"));
        List<Incident> raised = incidents.stream().filter(i -> i.kind().equals("FailThenOk")).toList();
        assertEquals(1, raised.size(), incidents.toString());
        assertEquals(List.of("f1", "o1", "o2"), raised.get(0).alertIds());
    }

    @Test
    void aWindowBelowItsDeclaredConditionIsNoFactUntilItHolds() {
        List<Alert> alerts = new ArrayList<>();
        for (int i = 1; i <= 5; i++) alerts.add(alert("g" + i, "Gate", i, "h1"));
        Replay.correlate(rules, alerts);
        // g1, g2 leave the condition false: no fact; g3 makes it true (inserted); g4 and g5 while it holds (updated).
        assertEquals(List.of("gated-seen [g3]", "gated-seen [g4]", "gated-seen [g5]"), taken("gated-seen"));
        assertEquals(List.of("gated-met [g1, g2, g3]", "gated-met [g1, g2, g3, g4]", "gated-met [g1, g2, g3, g4, g5]"), taken("gated-met"));
    }

    @Test
    void aConditionNamesTheWindowsStatisticsAndIsDeclaredOnce() {
        Blocks blocks = new Blocks(RiskTable.defaults());
        assertEquals("count >= 3 and count < 10", blocks.count("c", "Host", "1h").holdsWhen("count >= 3 and count < 10").holdsWhen("count >= 3 and count < 10")
                .condition());
        blocks.temporal("t", "Host", "1h", "a", "b").holdsWhen("stepsSeen == stepCount");
        blocks.numbers("n", "Account", "24h", "RiskScore").holdsWhen("sum > 100 and median >= 20");
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> blocks.count("u", "Host", "1h").holdsWhen("distinctCount >= 3"));
        assertTrue(unknown.getMessage().contains("\"distinctCount\" is no statistic of CountWindow"), unknown.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> blocks.count("b", "Host", "1h").holdsWhen("count => 3"));
        assertTrue(bad.getMessage().startsWith("block \"b\": condition \"count => 3\""), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> blocks.count("c", "Host", "1h").holdsWhen("count >= 4"));
        assertThrows(IllegalArgumentException.class, () -> blocks.count("e", "Host", "1h").holdsWhen(" "));
    }

    @Test
    void withoutAnIncidentToJoinTheWholeWindowIsRaised() {
        Window w = new CountWindow(new Blocks(RiskTable.defaults()).count("b", "Host", "1h"), "t1", List.of("h1"));
        Alert a1 = alert("a1", "Fail", 0, "h1");
        Alert a2 = alert("a2", "Fail", 1, "h1");
        w.add(new Window.Entry(a1.getEventTime(), a1.getEventTime(), a1, null, null, 0, 1));
        assertEquals(List.of(a1), w.takeNewAlerts("r"));
        w.add(new Window.Entry(a2.getEventTime(), a2.getEventTime(), a2, null, null, 0, 2));
        // a1 is in no group: a raise of a1 and a2 alone would be the whole window anyway; it is returned whole.
        assertEquals(List.of(a1, a2), w.takeNewAlerts("r"));
        assertEquals(List.of(a1, a2), w.takeNewAlerts("other rule"));
    }
}
