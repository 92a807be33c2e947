package org.alertcorrelator.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.alertcorrelator.engine.profile.RuleProfile;
import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.Severity;
import org.alertcorrelator.model.Tactic;
import org.alertcorrelator.ruleset.RuleSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --profile names what each rule costs; an accumulate over the alert stream run for every alert comes out on top. */
class RuleProfileTest {
    static final String SLOW = "An account on three or more hosts within an hour (accumulate over the stream)";

    @Test
    void anAccumulateOverTheStreamForEveryAlertTopsTheProfile(@TempDir Path dir) throws IOException {
        try (Stream<Path> s = Files.list(Path.of("rules"))) {
            for (Path f : s.filter(Files::isRegularFile).toList()) Files.copy(f, dir.resolve(f.getFileName()));
        }
        Files.writeString(dir.resolve("60-slow.drl"), """
                package alertcorrelator
                import org.alertcorrelator.model.Alert
                import org.alertcorrelator.model.Arrival
                import org.alertcorrelator.model.Entity
                import org.alertcorrelator.model.EntityType
                import java.util.Set

                rule "%s"
                when
                    Arrival( $a : alert )
                    $account : Entity( type == EntityType.ACCOUNT ) from $a.entities
                    accumulate( Alert( tenant == $a.tenant, eventTime >= $a.eventTime - 3600000, entities contains $account, $h : hostKeys );
                                $hosts : collectSet( $h ); $hosts.size() >= 3 )
                then
                end
                """.formatted(SLOW));
        RuleSet rules = RuleSet.load(dir);
        RuleProfile profile = RuleProfile.start();
        try (Correlator c = new Correlator(rules)) {
            for (int n = 0; n < 2000; n++) {
                c.process(Alert.builder().id(String.format("a%05d", n)).tenant("t1").alertType("X").severity(Severity.LOW)
                        .tactic(Tactic.DISCOVERY).startTime(Instant.parse("2024-05-01T00:00:00Z").plusSeconds(n * 15L))
                        .entity("host", "h" + (n % 300)).entity("account", "u" + (n % 20) + "@x.com").build());
            }
        } finally {
            RuleProfile.stop();
        }
        List<RuleProfile.Entry> entries = profile.entries();
        assertEquals(SLOW, entries.get(0).rule(), entries.toString());
        assertTrue(entries.get(0).conditionNanos() > entries.get(0).consequenceNanos());
        RuleProfile.Entry remember = entries.stream()
                .filter(e -> e.rule().equals("An alert is remembered on its strong entities once the rules are done with it")).findFirst().orElseThrow();
        assertEquals(2000, remember.firings(), "one firing per alert");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        profile.print(new PrintStream(out, true), 5);
        String text = out.toString();
        assertTrue(text.lines().skip(2).findFirst().orElse("").endsWith(SLOW), text);

        // A session made when no profile collects is not profiled.
        try (Correlator c = new Correlator(rules)) {
            c.process(Alert.builder().id("x").tenant("t1").severity(Severity.LOW).startTime(Instant.parse("2024-06-01T00:00:00Z"))
                    .entity("account", "u1@x.com").build());
        }
        assertEquals(entries, profile.entries());
    }
}
