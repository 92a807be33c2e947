package org.alertcorrelator.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands as a user runs them, in process: output, errors and exit codes. */
class CliTest extends ConsoleCapture {
    @TempDir
    Path tmp;

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path copyOfRules() throws IOException {
        Path rules = Files.createDirectories(tmp.resolve("rules"));
        try (Stream<Path> s = Files.list(Path.of("rules"))) {
            for (Path f : s.toList()) Files.copy(f, rules.resolve(f.getFileName()));
        }
        return rules;
    }

    @Test
    void checkPassesOnTheDefaultRules() {
        assertEquals(0, Main.execute("check", "--rules", "rules"), err());
        assertTrue(err().contains("OK"), err());
        // The shipped rules are what authors copy: no deprecated syntax (DRL 10 rejects it), no warning at all.
        assertTrue(err().contains("(version ") && err().contains(", 0 warning(s))"), err());
        assertFalse(err().contains("warning:"), err());
    }

    @Test
    void checkNamesFileAndLineOfABrokenRule() throws IOException {
        Path rules = copyOfRules();
        Files.writeString(rules.resolve("60-mine.drl"),
                "package alertcorrelator\nimport org.alertcorrelator.model.Alert\n\nrule \"mine\"\nwhen\n    $a : Alert( severity == ) from entry-point \"arrivals\"\nthen\nend\n");
        assertEquals(1, Main.execute("check", "--rules", rules.toString()));
        assertTrue(out().contains(rules.resolve("60-mine.drl") + ":6:"), out());
    }

    @Test
    void checkReportsDeprecatedSyntax() throws IOException {
        Path rules = copyOfRules();
        // A half constraint ("&& < 100" without its left operand) builds today but is gone at level DRL10.
        Files.writeString(rules.resolve("60-old.drl"), String.join("\n",
                "package alertcorrelator",
                "import org.alertcorrelator.model.Alert",
                "",
                "rule \"half constraint\"",
                "when",
                "    $a : Alert( eventTime > 0 && < 100 ) from entry-point \"arrivals\"",
                "then",
                "end", ""));
        int code = Main.execute("check", "--rules", rules.toString());
        assertEquals(0, code, out() + err());
        assertTrue(out().contains(rules.resolve("60-old.drl") + ":6: warning: deprecated syntax"), out());
    }

    @Test
    void replayWritesJsonAndASummary() {
        assertEquals(0, Main.execute("replay", "--rules", "rules", "fixtures/scenarios/01-host-kill-chain"));
        assertTrue(out().trim().startsWith("["), out());
        assertTrue(out().contains("\"kind\" : \"KillChain\""), out());
        assertTrue(err().contains("5 alerts read from 1 file(s), 0 rejected"), err());
        assertTrue(err().contains("1 incidents"), err());
    }

    @Test
    void replayWritesCsvToAFile() throws IOException {
        Path file = tmp.resolve("incidents.csv");
        assertEquals(0, Main.execute("replay", "--format", "csv", "--out", file.toString(), "fixtures/scenarios/03-shared-external-ip-across-hosts"));
        String csv = Files.readString(file);
        assertTrue(csv.startsWith("id,tenantId,title,kind,severity"), csv);
        assertEquals(2, csv.lines().count(), csv);
        assertTrue(csv.contains("SharedContext,High"), csv);
    }

    @Test
    void replayOfAMissingFileIsAnInputError() {
        assertEquals(2, Main.execute("replay", "no-such-file.json"));
        assertTrue(err().contains("no-such-file.json"), err());
        assertFalse(err().contains("Exception"), err());
    }

    @Test
    void strictReplayStopsAtABadRecord() throws IOException {
        Path bad = tmp.resolve("bad.jsonl");
        Files.writeString(bad, "{\"SystemAlertId\":\"x1\",\"TenantId\":\"t\",\"Severity\":\"Severe\",\"StartTimeUtc\":\"2024-01-01T00:00:00Z\"}\n");
        assertEquals(2, Main.execute("replay", "--strict", bad.toString()));
        assertTrue(err().contains("bad.jsonl:1"), err());
        out.reset();
        err.reset();
        assertEquals(0, Main.execute("replay", bad.toString()));
        assertTrue(err().contains("1 rejected"), err());
    }

    @Test
    void replayWithBrokenRulesExitsOne() throws IOException {
        Path rules = copyOfRules();
        Files.writeString(rules.resolve("60-mine.drl"), "package alertcorrelator\nrule \"x\" when then nonsense( end\n");
        assertEquals(1, Main.execute("replay", "--rules", rules.toString(), "fixtures/scenarios/01-host-kill-chain"));
        assertTrue(err().contains("60-mine.drl:"), err());
    }

    @Test
    void testCommandPassesAndWritesJUnitXml() throws IOException {
        Path xml = tmp.resolve("report.xml");
        assertEquals(0, Main.execute("test", "--junit-xml", xml.toString(), "fixtures/scenarios/01-host-kill-chain", "fixtures/scenarios/09-backward-sequence"));
        assertTrue(out().contains("PASS 01-host-kill-chain"), out());
        assertTrue(Files.readString(xml).contains("tests=\"2\" failures=\"0\""));
    }

    @Test
    void testCommandFailsWithADiff() {
        assertEquals(1, Main.execute("test", "src/test/resources/scenarios/wrong-expectation"));
        assertTrue(out().contains("FAIL wrong-expectation"), out());
        assertTrue(out().contains("missing: incident with alerts [kc-1, kc-2]"), out());
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertEquals(2, Main.execute("replay", "--frobnicate", "x"));
        assertEquals(2, Main.execute());
    }

    @Test
    void patternsOfAStreamInOrderAreThoseOfTheSameAlertsShuffled() throws IOException {
        // In event-time order the history is streamed, as replay streams it (a million alerts mined in 1 GB of heap);
        // shuffled it is read whole and sorted: the same replay either way, so the same counts.
        Path stream = tmp.resolve("history.jsonl");
        assertEquals(0, Main.execute("generate", "--seed", "5", "--alerts", "4000", "--tenants", "4", "--out", stream.toString(),
                "--truth", tmp.resolve("truth.csv").toString()), err());
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(stream));
        java.util.Collections.shuffle(lines, new java.util.Random(5));
        Path folder = Files.createDirectories(tmp.resolve("shuffled"));
        Files.write(folder.resolve("history.jsonl"), lines);
        Files.writeString(folder.resolve("notes.txt"), "not alerts");

        Path inOrder = tmp.resolve("in-order.csv");
        Path shuffled = tmp.resolve("shuffled.csv");
        assertEquals(0, Main.execute("patterns", "--out", inOrder.toString(), stream.toString()), err());
        String inOrderSummary = err();
        assertEquals(0, Main.execute("patterns", "--out", shuffled.toString(), folder.toString()), err());
        assertTrue(inOrderSummary.contains("4000 alerts from 4 tenant(s), 0 rejected"), inOrderSummary);
        assertTrue(Files.readAllLines(inOrder).size() > 1, "no step pair mined");
        assertEquals(Files.readString(inOrder), Files.readString(shuffled));
        assertTrue(err().contains("skipped: ") && err().contains("notes.txt"), err());
    }

    @Test
    void patternsLearnsStepPairsAcrossTenantsAndTheFileSeedsARulesFolder() throws IOException {
        Path csv = tmp.resolve("patterns.csv");
        assertEquals(0, Main.execute("patterns", "--out", csv.toString(), "fixtures/scenarios/60-prevalent-at-third-tenant-raises-the-fourth"), err());
        String text = Files.readString(csv);
        assertTrue(text.startsWith("first,then,tenants,linked,reverse,firstCount,thenCount,alerts,confidence,lift,firstSeen,lastSeen\n"), text);
        assertTrue(text.contains("LinuxMiner.Download,LinuxMiner.CrontabChange,4,4,0,4,4,12,1.000,3.00,"), text);
        assertFalse(text.contains("build-a1") || text.contains("a1111111"), "no entity or tenant in " + text);
        assertTrue(err().contains("3 step pairs seen linked in two or more tenants"), err());

        Path rules = copyOfRules();
        Files.copy(csv, rules.resolve("patterns.csv"));
        assertEquals(0, Main.execute("check", "--rules", rules.toString()), err());
        Files.writeString(rules.resolve("patterns.csv"), text + "A,B,three,1,0,1,1,1,1,1,2024-01-01T00:00:00Z,2024-01-01T00:00:00Z\n");
        assertEquals(1, Main.execute("check", "--rules", rules.toString()));
        assertTrue(out().contains("patterns.csv:5") && out().contains("tenants: \"three\" is not a count"), out());

        assertEquals(2, Main.execute("patterns", "--out", csv.toString(), tmp.resolve("missing.jsonl").toString()));
        assertEquals(2, Main.execute("patterns", "fixtures/scenarios/60-prevalent-at-third-tenant-raises-the-fourth"), "--out is required");
    }
}
