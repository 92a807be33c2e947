package org.alertcorrelator.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.alertcorrelator.TestRules;
import org.alertcorrelator.ingest.InputException;
import org.alertcorrelator.scenario.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check catches what breaks at run time, a throwing consequence stops with one line, expected.json is validated. */
class ToolkitCliTest extends ConsoleCapture {
    @TempDir
    Path tmp;

    private Path rulesWith(String file, String drl) throws IOException {
        return TestRules.defaultRulesWith(tmp.resolve("rules"), file, drl);
    }

    @Test
    void checkPutsEachProblemOnItsLineAndWarnsOfRulesThatCannotFire() throws IOException {
        Path rules = rulesWith("62-mistakes.drl", String.join("\n",
                "package alertcorrelator",                                  // 1
                "import org.alertcorrelator.model.*",                       // 2
                "rule \"type error\"",                                      // 3
                "when",                                                     // 4
                "    Arrival( alert.severity == 3 )",                       // 5
                "then",                                                     // 6
                "end",                                                      // 7
                "rule \"unknown method\"",                                  // 8
                "when",                                                     // 9
                "    $r : Arrival( )",                                      // 10
                "then",                                                     // 11
                "    System.out.println( \"x\" );",                         // 12
                "    $r.noSuchMethod( );",                                  // 13
                "end",                                                      // 14
                "rule \"string salience\"",                                 // 15
                "    salience \"high\"",                                    // 16
                "when",                                                     // 17
                "    Arrival( alert.severity == \"Low\" )",                 // 18
                "    Incident( )",                                          // 19
                "then",                                                     // 20
                "end", ""));
        assertEquals(1, Main.execute("check", "--rules", rules.toString()));
        String f = rules.resolve("62-mistakes.drl").toString();
        String o = out.toString(StandardCharsets.UTF_8);
        assertTrue(o.contains(f + ":5: Unable to Analyse Expression alert.severity == 3"), o);
        assertTrue(o.contains(f + ":13: Rule Compilation error The method noSuchMethod()"), o);
        assertTrue(o.contains(f + ":16: salience must be a number"), o);
        assertTrue(o.contains(f + ":18: warning: severity is a Severity (an enum), compared with the string \"Low\""), o);
        assertTrue(o.contains(f + ":19: warning: a pattern on Incident, which neither the engine nor any rule inserts"), o);
    }

    @Test
    void checkRejectsAGlobalTheEngineDoesNotGive() throws IOException {
        Path rules = rulesWith("63-global.drl", String.join("\n",
                "package alertcorrelator",
                "import org.alertcorrelator.model.Arrival",
                "global java.util.List notProvided",
                "rule \"uses it\"",
                "when",
                "    Arrival( )",
                "then",
                "    notProvided.add( 1 );",
                "end", ""));
        assertEquals(1, Main.execute("check", "--rules", rules.toString()));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains(rules.resolve("63-global.drl") + ":3: global notProvided: the engine provides no such global"),
                out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aConsequenceThatThrowsStopsWithOneLine() throws IOException {
        Path rules = rulesWith("64-throws.drl", String.join("\n",
                "package alertcorrelator",
                "import org.alertcorrelator.model.Arrival",
                "rule \"divides by zero\"",
                "when",
                "    Arrival( $a : alert )",
                "then",
                "    int zero = 0;",
                "    System.out.println( 1 / zero );",
                "end", ""));
        assertEquals(1, Main.execute("replay", "--rules", rules.toString(), "fixtures/scenarios/01-host-kill-chain"));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.matches("(?s).*error: rule \"divides by zero\" failed on alert \\S+: ArithmeticException: / by zero\\R.*"), e);
        assertFalse(e.contains("\tat "), "no stack trace without --debug: " + e);
        err.reset();
        assertEquals(1, Main.execute("replay", "--debug", "--rules", rules.toString(), "fixtures/scenarios/01-host-kill-chain"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("\tat "), "--debug shows the stack trace");
    }

    @Test
    void usageAndInputErrorsExit2WithAReason() {
        String scenario = "fixtures/scenarios/01-host-kill-chain";
        assertEquals(2, Main.execute("replay", "--out", tmp.resolve("no/such/folder/out.json").toString(), scenario));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("the folder " + tmp.resolve("no/such/folder") + " does not exist"), err.toString());
        assertEquals(2, Main.execute("replay", "--max-errors", "-1", scenario));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--max-errors must be 0 or more"), err.toString());
        assertEquals(2, Main.execute("replay", "--rules", tmp.resolve("nothing").toString(), scenario));
        assertEquals(2, Main.execute("check", "--rules", tmp.resolve("nothing").toString()));
        assertEquals(2, Main.execute("test", "--rules", tmp.resolve("nothing").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("rules directory not found"), err.toString());
    }

    @Test
    void topLevelHelpShowsEachCommandsWholeFirstSentence() {
        assertEquals(0, Main.execute("--help"));
        String help = (out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8)).replaceAll("\\s+", " ");
        assertTrue(help.contains("test Runs scenario folders: each holds alert files and expected.json (the incidents that must be raised, and no other)."), help);
        assertTrue(help.contains("check Builds the rules and prints each problem as FILE:LINE: message, deprecated syntax included."), help);
    }

    @Test
    void anErrorInAScenariosOwnRulesNamesThatFile() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("99-broken/rules"));
        Files.writeString(dir.resolve("70-bad.drl"), "package alertcorrelator\n\nrule \"unfinished\"\nwhen\n    Arrival( \nthen\nend\n");
        Files.writeString(dir.getParent().resolve("expected.json"), "{\"incidents\": []}");
        var r = new org.alertcorrelator.scenario.ScenarioRunner(Path.of("rules")).run(dir.getParent());
        assertFalse(r.passed());
        assertTrue(r.error().contains(dir.resolve("70-bad.drl") + ":"), r.error());
        assertFalse(r.error().contains("scenario-rules-"), "not the temporary copy: " + r.error());
    }

    @Test
    void expectedJsonIsValidated() throws IOException {
        record Case(String json, String message) {
        }
        for (Case c : new Case[]{
                new Case("{\"incidents\": [{\"alertIds\": [\"a\"], \"severty\": \"High\"}]}", "incident 1: unknown key \"severty\""),
                new Case("{\"incidents\": [{\"alertIds\": [\"a\"], \"severity\": \"Severe\"}]}", "incident 1: severity: \"Severe\" is not one of"),
                new Case("{\"incidents\": [{\"alertIds\": [\"a\"], \"tactics\": [\"Sneaking\"]}]}", "incident 1: tactics: \"Sneaking\" is not an ATT&CK tactic"),
                new Case("{\"incidents\": [{\"alertIds\": [\"a\"], \"kind\": \"no spaces\"}]}", "incident 1: kind: \"no spaces\" is not a valid kind name"),
                new Case("{\"descripton\": \"x\", \"incidents\": []}", "unknown key \"descripton\""),
                new Case("{\"incidents\": [{\"alertIds\": [1]}]}", "incident 1: alertIds: 1 is not a string")}) {
            Path dir = Files.createDirectories(tmp.resolve("s" + Math.abs(c.json.hashCode())));
            Files.writeString(dir.resolve("expected.json"), c.json);
            InputException e = assertThrows(InputException.class, () -> Scenario.load(dir));
            assertTrue(e.getMessage().startsWith(dir.resolve("expected.json") + ": "), e.getMessage());
            assertTrue(e.getMessage().contains(c.message), e.getMessage());
        }
        Path ok = Files.createDirectories(tmp.resolve("ok"));
        Files.writeString(ok.resolve("expected.json"), "{\"incidents\": [{\"alertIds\": [\"a\"], \"kind\": \"AccountSpread\", \"tactics\": [\"Discovery\"], \"severity\": \"medium\"}]}");
        assertEquals("AccountSpread", Scenario.load(ok).expected().get(0).kind(), "any kind name");
    }
}
