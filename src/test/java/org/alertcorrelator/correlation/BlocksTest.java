package org.alertcorrelator.correlation;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.alertcorrelator.TestRules;
import org.alertcorrelator.engine.Correlator;
import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.Severity;
import org.alertcorrelator.ruleset.RuleSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Correlation blocks in a real rule session: the default rules plus a test DRL that feeds blocks and records firings. */
class BlocksTest {
    private static final Instant T0 = Instant.parse("2024-03-04T08:00:00Z");
    private static final String DRL = """
            package alertcorrelator
            import org.alertcorrelator.model.Arrival
            import org.alertcorrelator.correlation.*
            global Blocks blocks

            rule "feed failures"
                salience 100
            when
                Arrival( $a : alert, alert.alertType == "Fail" )
            then
                blocks.count( "failures", "Host", "10m" ).add( drools, $a );
                blocks.distinct( "accounts", "Host", "1h", "Account" ).add( drools, $a );
                blocks.sequence( "fail-then-ok", "Host", "30m", "fail", "ok" ).add( drools, "fail", $a );
                blocks.temporal( "both", "Host", "30m", "fail", "ok" ).add( drools, "fail", $a );
            end

            rule "feed successes"
                salience 100
            when
                Arrival( $a : alert, alert.alertType == "Ok" )
            then
                blocks.sequence( "fail-then-ok", "Host", "30m", "fail", "ok" ).add( drools, "ok", $a );
                blocks.temporal( "both", "Host", "30m", "fail", "ok" ).add( drools, "ok", $a );
            end

            rule "feed risk"
                salience 100
            when
                Arrival( $a : alert )
            then
                blocks.numbers( "risk", "Account", "24h", "RiskScore" ).add( drools, $a );
            end

            rule "three failures on a host within 10 minutes"
            when $w : CountWindow( name == "failures", count >= 3 )
            then Firings.record( $w );
            end

            rule "three accounts failing on a host within an hour"
            when $w : DistinctWindow( name == "accounts", distinctCount >= 3 )
            then Firings.record( $w );
            end

            rule "a failure, then a success"
            when $w : SequenceWindow( name == "fail-then-ok", stepsInOrder == stepCount )
            then Firings.record( $w );
            end

            rule "a failure and a success in any order"
            when $w : SequenceWindow( name == "both", stepsSeen == 2 )
            then Firings.record( $w );
            end

            rule "risk over 150 for an account within a day"
            when $w : NumberWindow( name == "risk", sum > 150 )
            then Firings.record( $w );
            end
            """;

    @TempDir
    static Path dir;
    private static RuleSet rules;

    @BeforeAll
    static void build() throws IOException {
        rules = RuleSet.load(TestRules.defaultRulesWith(dir, "60-blocks-test.drl", DRL));
    }

    @BeforeEach
    void clear() {
        Firings.drain();
    }

    private static Alert alert(String id, String type, int minute, String host, String account, Severity severity) {
        Alert.Builder b = Alert.builder().id(id).tenant("t1").alertType(type).displayName(type).severity(severity)
                .startTime(T0.plusSeconds(60L * minute)).entity("host", host);
        if (account != null) b.entity("account", account);
        return b.build();
    }

    private static List<String> run(Alert... alerts) {
        try (Correlator c = new Correlator(rules)) {
            for (Alert a : alerts) c.process(a);
        }
        return Firings.drain();
    }

    @Test
    void aCountFiresOnceTheThresholdIsReachedWithTheAlertsThatMadeIt() {
        List<String> f = run(alert("f1", "Fail", 0, "h1", null, Severity.LOW),
                alert("f2", "Fail", 4, "h1", null, Severity.LOW),
                alert("x1", "Fail", 5, "h2", null, Severity.LOW),
                alert("f3", "Fail", 9, "h1", null, Severity.LOW));
        assertEquals(List.of("failures h1 [f1, f2, f3]"), f.stream().filter(s -> s.startsWith("failures")).toList());
    }

    @Test
    void alertsOlderThanTheTimespanLeaveTheWindow() {
        List<String> f = run(alert("f1", "Fail", 0, "h1", null, Severity.LOW),
                alert("f2", "Fail", 6, "h1", null, Severity.LOW),
                alert("f3", "Fail", 12, "h1", null, Severity.LOW), // f1 is 12 minutes old: 2 in the window
                alert("f4", "Fail", 15, "h1", null, Severity.LOW)); // f2, f3, f4
        assertEquals(List.of("failures h1 [f2, f3, f4]"), f.stream().filter(s -> s.startsWith("failures")).toList());
    }

    @Test
    void distinctValuesAreCountedNotAlerts() {
        List<String> f = run(alert("f1", "Fail", 0, "h1", "alice", Severity.LOW),
                alert("f2", "Fail", 20, "h1", "alice", Severity.LOW),
                alert("f3", "Fail", 40, "h1", "bob", Severity.LOW),
                alert("f4", "Fail", 59, "h1", "carol", Severity.LOW));
        assertEquals(List.of("accounts h1 [f1, f2, f3, f4]"), f.stream().filter(s -> s.startsWith("accounts")).toList());
    }

    @Test
    void anOrderedSequenceNeedsItsStepsInOrder() {
        List<String> backwards = run(alert("o1", "Ok", 0, "h1", null, Severity.LOW),
                alert("f1", "Fail", 5, "h1", null, Severity.LOW));
        assertTrue(backwards.stream().noneMatch(s -> s.startsWith("fail-then-ok")), backwards.toString());
        assertTrue(backwards.contains("both h1 [o1, f1]"), backwards.toString());
        List<String> forwards = run(alert("f1", "Fail", 0, "h1", null, Severity.LOW),
                alert("o1", "Ok", 5, "h1", null, Severity.LOW));
        assertTrue(forwards.contains("fail-then-ok h1 [f1, o1]"), forwards.toString());
        List<String> tooLate = run(alert("f1", "Fail", 0, "h1", null, Severity.LOW),
                alert("o1", "Ok", 31, "h1", null, Severity.LOW));
        assertTrue(tooLate.stream().noneMatch(s -> s.startsWith("fail-then-ok") || s.startsWith("both")), tooLate.toString());
    }

    @Test
    void riskScoresAreSummedFromTheTableAndExpire() {
        // Default risk: High 80, Medium 50. 80 + 50 = 130, then + 50 = 180 > 150.
        List<String> f = run(alert("r1", "X", 0, "h1", "alice", Severity.HIGH),
                alert("r2", "X", 60, "h2", "alice", Severity.MEDIUM),
                alert("r3", "X", 24 * 60 + 30, "h3", "alice", Severity.MEDIUM), // r1 is more than a day old
                alert("r4", "X", 24 * 60 + 40, "h3", "alice", Severity.HIGH));
        assertEquals(List.of("risk alice [r2, r3, r4]"), f.stream().filter(s -> s.startsWith("risk")).toList());
    }

    @Test
    void windowsNothingFeedsLeaveWorkingMemory() {
        try (Correlator c = new Correlator(rules)) {
            for (int i = 0; i < 30; i++) c.process(alert("f" + i, "Fail", i, "h" + i, "u" + i, Severity.LOW));
            long busy = c.factCount();
            // Two days later: the alerts have expired, and the hourly sweep lets the idle windows go.
            c.process(alert("late", "Fail", 3 * 24 * 60, "h-late", "u-late", Severity.LOW));
            c.advanceTo(T0.plusSeconds(3L * 24 * 3600 + 7200).toEpochMilli());
            assertTrue(c.factCount() < 20, "facts before " + busy + ", after " + c.factCount());
            assertTrue(busy > 100, "windows were facts: " + busy);
        }
        Firings.drain();
    }

    @Test
    void keysNeverMixTenants() {
        Alert a = alert("f1", "Fail", 0, "h1", null, Severity.LOW);
        Alert b = alert("f2", "Fail", 1, "h1", null, Severity.LOW).toBuilder().tenant("t2").build();
        Alert c = alert("f3", "Fail", 2, "h1", null, Severity.LOW);
        assertTrue(run(a, b, c).stream().noneMatch(s -> s.startsWith("failures")));
    }
}
