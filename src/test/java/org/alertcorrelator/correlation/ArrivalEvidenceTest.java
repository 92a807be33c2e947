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
 * {@code $arrival.allEvidence( type )} asked in a consequence sees the default rules' judgement of the alert's own
 * entities (made after the Arrival was inserted), as {@code not EntityTrack( !evidence, ... ) from $tracks} does.
 */
class ArrivalEvidenceTest {
    private static final Instant T0 = Instant.parse("2024-03-04T08:00:00Z");
    private static final String DRL = """
            package alertcorrelator
            import org.alertcorrelator.model.Arrival
            import org.alertcorrelator.model.EntityType
            import org.alertcorrelator.engine.EntityTrack
            import org.alertcorrelator.correlation.*
            global Blocks blocks

            rule "feed alerts whose accounts are evidence"
                salience 100
            when
                $arrival : Arrival( $a : alert )
            then
                if ( $arrival.allEvidence( EntityType.ACCOUNT ) ) blocks.count( "by method", "Host", "1h" ).holdsWhen( "count >= 2" ).add( drools, $a );
            end

            rule "the same with from"
                salience 100
            when
                Arrival( $a : alert, $tracks : tracks )
                not EntityTrack( !evidence, entity.type == EntityType.ACCOUNT ) from $tracks
            then
                blocks.count( "by from", "Host", "1h" ).holdsWhen( "count >= 2" ).add( drools, $a );
            end

            rule "two alerts"
            when $w : CountWindow( conditionMet )
            then Firings.record( $w );
            end
            """;

    @TempDir
    static Path dir;
    private static RuleSet rules;

    @BeforeAll
    static void build() throws IOException {
        rules = RuleSet.load(TestRules.defaultRulesWith(dir, "60-evidence-test.drl", DRL));
    }

    @BeforeEach
    void clear() {
        Firings.drain();
    }

    private static Alert alert(String id, int minute, String account) {
        return Alert.builder().id(id).tenant("t1").alertType("X").displayName("X").severity(Severity.LOW)
                .startTime(T0.plusSeconds(60L * minute)).entity("host", "h1").entity("account", account).build();
    }

    @Test
    void aGenericAccountJudgedWhileTheAlertIsProcessedKeepsItsAlertOutAsFromDoes() {
        try (Correlator c = new Correlator(rules)) {
            // An entity is judged at its second sighting (at its first it links nothing): SYSTEM's track is made by
            // s1 and judged no evidence while s2 is processed, after s2's Arrival was inserted. s1 is counted, s2
            // is not: a constraint evaluated when the Arrival is inserted would have counted s2 too.
            c.process(alert("s1", 0, "S-1-5-18"));
            c.process(alert("s2", 1, "S-1-5-18"));
            c.process(alert("a1", 2, "alice@contoso.com"));
            c.process(alert("a2", 3, "alice@contoso.com"));
            List<String> fired = Firings.drain();
            assertEquals(List.of("by method h1 [s1, a1]", "by method h1 [s1, a1, a2]"),
                    fired.stream().filter(f -> f.startsWith("by method")).toList());
            assertEquals(List.of("by from h1 [s1, a1]", "by from h1 [s1, a1, a2]"),
                    fired.stream().filter(f -> f.startsWith("by from")).toList());
        }
    }
}
