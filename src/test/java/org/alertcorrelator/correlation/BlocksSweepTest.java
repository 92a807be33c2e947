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

/**
 * What a block keeps, and when it lets go, in a real rule session: a window of a block with a declared condition is
 * in working memory only from when the condition first holds; the hourly sweep finds the windows out of their
 * timespan also when alerts were fed out of time order (a late alert in {@code serve}).
 */
class BlocksSweepTest {
    private static final Instant T0 = Instant.parse("2024-03-04T08:00:00Z");
    private static final String DRL = """
            package alertcorrelator
            import org.alertcorrelator.model.Arrival
            import org.alertcorrelator.correlation.*
            global Blocks blocks

            rule "feed"
                salience 100
            when
                Arrival( $a : alert )
            then
                Firings.keep( blocks );
                blocks.count( "per host", "Host", "70m" ).add( drools, $a );
                blocks.count( "three per host", "Host", "70m" ).holdsWhen( "count >= 3" ).add( drools, $a );
                blocks.count( "two per account", "Account", "70m" ).holdsWhen( "count >= 2" ).add( drools, $a );
            end

            rule "two alerts of an account"
            when $w : CountWindow( name == "two per account", conditionMet )
            then Firings.record( $w );
            end

            rule "any window of the block with a condition"
            when $w : CountWindow( name == "three per host" )
            then Firings.record( $w );
            end
            """;

    @TempDir
    static Path dir;
    private static RuleSet rules;

    @BeforeAll
    static void build() throws IOException {
        rules = RuleSet.load(TestRules.defaultRulesWith(dir, "60-sweep-test.drl", DRL));
    }

    @BeforeEach
    void clear() {
        Firings.drain();
        Firings.keep(null);
    }

    private static Alert alert(String id, int minute, String host) {
        return Alert.builder().id(id).tenant("t1").alertType("X").displayName("X").severity(Severity.LOW)
                .startTime(T0.plusSeconds(60L * minute)).entity("host", host).build();
    }

    @Test
    void aWindowBelowItsConditionIsNoFactUntilTheConditionHolds() {
        try (Correlator c = new Correlator(rules)) {
            c.process(alert("a1", 0, "h1"));
            c.process(alert("a2", 1, "h1"));
            c.process(alert("b1", 2, "h2"));
            assertEquals(List.of(), Firings.drain(), "no window below its condition is matched");
            c.process(alert("a3", 3, "h1"));
            assertEquals(List.of("three per host h1 [a1, a2, a3]"), Firings.drain());
            assertEquals(2, Firings.blocks().get("three per host").windowCount(), "both keys are counted all the same");
            // Once in working memory, the window stays there while it lives (its condition no longer holding is
            // conditionMet false, seen by rules that ask): 80 minutes on, a1..a3 left, a4 alone.
            c.process(alert("a4", 80, "h1"));
            assertEquals(List.of("three per host h1 [a4]"), Firings.drain());
        }
    }

    @Test
    void blocksOfOtherGroupBysKeepTheirOwnWindowsForTheSameValue() {
        try (Correlator c = new Correlator(rules)) {
            // A host and an account both named "same": one key text, a window of each block.
            c.process(Alert.builder().id("x1").tenant("t1").alertType("X").displayName("X").severity(Severity.LOW)
                    .startTime(T0).entity("host", "same").entity("account", "same").build());
            c.process(alert("x2", 1, "same"));
            assertEquals(List.of(), Firings.drain(), "the account was seen once");
            c.process(Alert.builder().id("x3").tenant("t1").alertType("X").displayName("X").severity(Severity.LOW)
                    .startTime(T0.plusSeconds(120)).entity("host", "other").entity("account", "same").build());
            assertEquals(List.of("two per account same [x1, x3]"), Firings.drain());
            assertEquals(2, Firings.blocks().get("per host").windowCount());
            assertEquals(1, Firings.blocks().get("two per account").windowCount());
        }
    }

    @Test
    void windowsOutOfTheirTimespanLeaveAtTheHourlySweep() {
        try (Correlator c = new Correlator(rules)) {
            for (int i = 0; i < 20; i++) c.process(alert("a" + i, i, "h" + i));
            c.process(alert("b", 55, "busy"));
            Block<?> perHost = Firings.blocks().get("per host");
            assertEquals(21, perHost.windowCount());
            // The sweep at 10:00 lets go of what is older than 08:50: h0..h19; "busy" (08:55) stays.
            c.process(alert("c", 125, "busy"));
            assertEquals(1, perHost.windowCount());
        }
    }

    @Test
    void aWindowFedOutOfTimeOrderStillLeaves() {
        try (Correlator c = new Correlator(rules)) {
            c.process(alert("a", 0, "h1"));
            c.process(alert("b", 55, "h2"));
            c.process(alert("late", 10, "h3")); // fed after h2, older than it
            Block<?> perHost = Firings.blocks().get("per host");
            assertEquals(3, perHost.windowCount());
            // At 10:00 the bound is 08:50: h1 and h3 are out of their timespan, h2 is not. h3 was fed after h2,
            // so it is not at the head of the least-recently-fed list; it leaves all the same.
            c.process(alert("c", 121, "h4"));
            assertEquals(2, perHost.windowCount(), "h2 and h4 stay");
            // Fed in order again from here: the next sweeps stop at the first live window, and still let all go.
            c.process(alert("d", 4 * 60 + 1, "h5"));
            assertEquals(1, perHost.windowCount(), "only h5");
        }
    }
}
