package org.alertcorrelator.ruleset;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.Entity;
import org.alertcorrelator.model.Severity;
import org.alertcorrelator.model.Tactic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleSetTest {
    @TempDir
    Path tmp;

    static Path copyOfRules(Path target) throws IOException {
        Files.createDirectories(target);
        try (Stream<Path> s = Files.list(Path.of("rules"))) {
            for (Path f : s.toList()) Files.copy(f, target.resolve(f.getFileName()));
        }
        return target;
    }

    @Test
    void defaultRulesBuildWithTheirTables() {
        RuleSet rules = RuleSet.load(Path.of("rules"));
        assertEquals(Duration.ofHours(24), rules.settings().getWindow());
        assertEquals(20, rules.settings().getMaxHostsPerEntity());
        assertEquals(150, rules.settings().getMaxAlertsPerIncident());
        assertTrue(rules.settings().isStrong("host"));
        assertFalse(rules.settings().isStrong("file"));
        assertEquals(3, rules.killChain().stageOf(Tactic.INITIAL_ACCESS));
        assertEquals(14, rules.killChain().stageOf(Tactic.IMPACT));
        assertTrue(rules.evidenceLists().isGenericAccount("administrator"));
        assertTrue(rules.evidenceLists().isGenericAccount("S-1-5-18"));
        assertFalse(rules.evidenceLists().isGenericAccount("contoso\\administrator"));
        assertTrue(rules.warnings().isEmpty(), rules.warnings().toString());
    }

    @Test
    void tacticTableLooksUpByTypeThenByName() {
        TacticTable table = RuleSet.load(Path.of("rules")).tacticTable();
        assertEquals(List.of(Tactic.RECONNAISSANCE), table.tacticsFor(alert("VM_SshBruteForceFailed", "whatever")), "Probing is Reconnaissance");
        assertEquals(List.of(Tactic.INITIAL_ACCESS), table.tacticsFor(alert("VM_LoginBruteForceSuccess", "x")), "Exploitation is InitialAccess");
        assertEquals(List.of(Tactic.DEFENSE_EVASION, Tactic.EXECUTION), table.tacticsFor(alert("unknown", "Fileless attack technique detected")));
        assertEquals(List.of(), table.tacticsFor(alert("unknown", "Suspicious Powershell Activity Detected")), "listed without tactics");
        assertEquals(List.of(), table.tacticsFor(alert("nothing", "never heard of it")));
    }

    @Test
    void tacticsInferredFromTheDescriptionAreKeptApartFromTheReference() {
        TacticTable table = RuleSet.load(Path.of("rules")).tacticTable();
        // The examples: a Linux download from a bare IP is Execution, a crontab change Persistence.
        assertEquals(List.of(Tactic.EXECUTION), table.inferred(alert("VM_SuspectDownloadArtifacts", "x")));
        assertEquals(List.of(Tactic.PERSISTENCE), table.inferred(alert("VM_CronJobAccess", "x")));
        assertEquals(List.of(), table.tacticsFor(alert("VM_CronJobAccess", "x")), "correlation uses the reference's tactics only");
        assertEquals(List.of(), table.inferred(alert("VM_LoginBruteForceSuccess", "x")), "the reference has tactics for it");
        assertEquals(List.of(), table.inferred(alert("VM_EICAR", "x")), "a test alert has no intent to infer");
    }

    private static Alert alert(String type, String name) {
        return Alert.builder().id("a").tenant("t").alertType(type).displayName(name).severity(Severity.LOW)
                .startTime(Instant.EPOCH).build();
    }

    @Test
    void aSyntaxErrorNamesItsFileAndLine() throws IOException {
        Path rules = copyOfRules(tmp.resolve("rules"));
        Files.writeString(rules.resolve("99-broken.drl"), "package alertcorrelator\n\nrule \"broken\"\nwhen\n    Alert( severity == )\nthen\nend\n");
        RuleSetException e = assertThrows(RuleSetException.class, () -> RuleSet.load(rules));
        BuildProblem p = e.problems().get(0);
        assertEquals(rules.resolve("99-broken.drl").toString(), p.file());
        assertEquals(5, p.line());
        assertTrue(p.isError());
    }

    @Test
    void anUnknownFieldNamesItsFileAndLine() throws IOException {
        Path rules = copyOfRules(tmp.resolve("rules"));
        Files.writeString(rules.resolve("99-typo.drl"),
                "package alertcorrelator\nimport org.alertcorrelator.model.Alert\n\nrule \"typo\"\nwhen\n    Alert( severty == null )\nthen\nend\n");
        RuleSetException e = assertThrows(RuleSetException.class, () -> RuleSet.load(rules));
        assertTrue(e.problems().stream().anyMatch(p -> p.file().endsWith("99-typo.drl") && p.line() == 6), e.getMessage());
    }

    @Test
    void settingsErrorsNameTheLine() throws IOException {
        Path rules = copyOfRules(tmp.resolve("rules"));
        Files.writeString(rules.resolve("settings.properties"), "window = 24h\nmaxHostsPerEntity = many\nwindo = 2h\n");
        RuleSetException e = assertThrows(RuleSetException.class, () -> RuleSet.load(rules));
        assertTrue(e.getMessage().contains("settings.properties:2: maxHostsPerEntity"), e.getMessage());
        assertTrue(e.getMessage().contains("settings.properties:3: unknown setting \"windo\""), e.getMessage());
    }

    @Test
    void alertExpiryMustMatchTheWindow() throws IOException {
        Path rules = copyOfRules(tmp.resolve("rules"));
        Files.writeString(rules.resolve("settings.properties"), "window = 12h\n");
        RuleSetException e = assertThrows(RuleSetException.class, () -> RuleSet.load(rules));
        assertTrue(e.getMessage().contains("10-events.drl:12: Alert @expires is 1d but the window is 12h"), e.getMessage());
    }

    @Test
    void badTableRowsNameTheirLine() throws IOException {
        Path rules = copyOfRules(tmp.resolve("rules"));
        Files.writeString(rules.resolve("kill-chain.csv"), "stage,tactic\n1,InitialAccess\nx,Execution\n3,Lunch\n");
        Files.writeString(rules.resolve("allow-list.csv"), "type,key,reason\nip,,scanner\n");
        RuleSetException e = assertThrows(RuleSetException.class, () -> RuleSet.load(rules));
        assertTrue(e.getMessage().contains("kill-chain.csv:3: stage \"x\" is not a whole number"), e.getMessage());
        assertTrue(e.getMessage().contains("kill-chain.csv:4: \"Lunch\" is not a MITRE ATT&CK tactic"), e.getMessage());
        assertTrue(e.getMessage().contains("allow-list.csv:2: type and key are both needed"), e.getMessage());
    }

    @Test
    void allowListKeysAreNormalisedLikeEntities() throws IOException {
        Path rules = copyOfRules(tmp.resolve("rules"));
        Files.writeString(rules.resolve("allow-list.csv"), "type,key,reason\nhost,JUMP01.contoso.com,jump host\n");
        EvidenceLists lists = RuleSet.load(rules).evidenceLists();
        assertTrue(lists.isAllowListed(new Entity("host", "jump01.contoso.com")));
        assertEquals("jump host", lists.allowListReason(new Entity("host", "jump01.contoso.com")));
    }

    @Test
    void aMissingRulesDirectoryIsAClearError() {
        RuleSetException e = assertThrows(RuleSetException.class, () -> RuleSet.load(tmp.resolve("nowhere")));
        assertTrue(e.getMessage().contains("rules directory not found"));
    }

    @Test
    void theSameFilesGiveTheSameVersion() throws IOException {
        Path a = copyOfRules(tmp.resolve("a"));
        Path b = copyOfRules(tmp.resolve("b"));
        assertEquals(RuleSet.load(a).version(), RuleSet.load(b).version());
        Files.writeString(b.resolve("generic-accounts.txt"), "\nSVC\n", java.nio.file.StandardOpenOption.APPEND);
        assertNotEquals(RuleSet.load(a).version(), RuleSet.load(b).version());
    }
}
