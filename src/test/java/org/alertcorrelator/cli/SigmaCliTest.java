package org.alertcorrelator.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check --show-drl} and Sigma errors as a user sees them. */
class SigmaCliTest extends ConsoleCapture {
    @TempDir
    Path tmp;

    @Test
    void showDrlPrintsTheGeneratedRulesThenChecks() {
        Path rules = Path.of("fixtures/scenarios/48-sigma-failed-logins-then-success/rules");
        int code = Main.execute("check", "--rules", "rules", "--show-drl", rules.resolve("mr_failed_logins_then_success.yml").toString());
        String drl = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(drl.contains("$w : CountWindow( name == \"a8418a5a-5fc4-46b5-b23b-6c73beb19d41\", conditionMet )"), drl);
        assertTrue(drl.contains("blocks.count( \"a8418a5a-5fc4-46b5-b23b-6c73beb19d41\", \"Account\", \"10m\" ).holdsWhen( \"count >= 10\" )"), drl);
        assertTrue(drl.contains("$w : SequenceWindow( name == \"b180ead8-d58f-40b2-ae54-c8940995b9b6\", conditionMet )"), drl);
        assertTrue(drl.contains(".holdsWhen( \"stepsInOrder >= 2\" )"), drl);
        assertTrue(drl.contains("$w.takeNewAlerts( drools ) ) );"), drl);
        assertTrue(drl.contains("Arrival( $a : alert, SigmaMatch.test( alert, \"AlertType\", \"529\", \"4625\" ) )"), drl);
        assertTrue(drl.contains("insert( new Raise( \"CorrelationMultipleFailedLoginsF\", Severity.HIGH"), drl);
    }

    @Test
    void aBadSigmaFileFailsCheckWithFileLineAndKey() throws IOException {
        Path rules = Files.createDirectories(tmp.resolve("rules"));
        try (Stream<Path> s = Files.list(Path.of("rules"))) {
            for (Path f : s.toList()) Files.copy(f, rules.resolve(f.getFileName()));
        }
        Path bad = rules.resolve("mr_spray.yml");
        Files.writeString(bad, """
                title: spray
                correlation:
                    type: value_count
                    rules: [failed]
                    group-by: [IP]
                    timespan: 1h
                    condition:
                        gte: 20
                ---
                title: failed
                name: failed
                detection:
                    selection:
                        AlertType|utf16le: FailedLogon
                    condition: selection
                """);
        assertEquals(1, Main.execute("check", "--rules", rules.toString()));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains(bad + ":7: correlation.condition.field: missing: value_count needs the field"), printed);
        assertTrue(printed.contains(bad + ":14: detection.selection.AlertType|utf16le: unsupported modifier \"utf16le\""), printed);
        assertEquals(1, Main.execute("check", "--rules", rules.toString(), "--show-drl", bad.toString()));
        assertEquals(2, Main.execute("check", "--rules", rules.toString(), "--show-drl", tmp.resolve("missing.yml").toString()));
    }
}
