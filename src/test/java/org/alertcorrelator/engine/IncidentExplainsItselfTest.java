package org.alertcorrelator.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.alertcorrelator.export.IncidentCsv;
import org.alertcorrelator.export.IncidentJson;
import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.Incident;
import org.alertcorrelator.model.IncidentAlert;
import org.alertcorrelator.model.Severity;
import org.alertcorrelator.model.SeverityReason;
import org.alertcorrelator.model.Tactic;
import org.alertcorrelator.ruleset.RuleSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** An incident lists its alerts, where their tactics came from, every severity change with its rule, and who raised it. */
class IncidentExplainsItselfTest {
    static final RuleSet RULES = RuleSet.load(Path.of("rules"));

    static Alert alert(String id, long minutes, Severity sev, String type, Tactic tactic, String... entities) {
        Alert.Builder b = Alert.builder().id(id).tenant("t1").alertType(type).displayName("alert " + id)
                .severity(sev).startTime(Instant.parse("2024-05-01T00:00:00Z").plusSeconds(minutes * 60));
        if (tactic != null) b.tactic(tactic);
        for (String e : entities) b.entity(e.split(":", 2)[0], e.split(":", 2)[1]);
        return b.build();
    }

    static List<Incident> run(Alert... alerts) {
        try (Correlator c = new Correlator(RULES)) {
            for (Alert a : alerts) c.process(a);
            return c.incidents();
        }
    }

    @Test
    void aSharedContextIncidentThatBecomesAKillChainNamesTheRuleThatMadeItOneAndEverySeverityChange() {
        List<Incident> out = run(
                alert("a1", 0, Severity.MEDIUM, "T1", Tactic.EXECUTION, "host:vm1"),
                alert("a2", 10, Severity.LOW, "T2", Tactic.EXECUTION, "host:vm1"),
                alert("a3", 20, Severity.LOW, "T3", Tactic.IMPACT, "host:vm1"),
                alert("a4", 30, Severity.HIGH, "T4", Tactic.EXECUTION, "host:vm1"));
        assertEquals(1, out.size());
        Incident i = out.get(0);
        assertEquals("KillChain", i.kind());
        assertEquals("A shared-context incident that comes to move through the kill chain is a kill chain", i.raisedBy());
        List<SeverityReason> s = i.severityReasons();
        assertEquals(2, s.size(), s.toString());
        assertEquals(new SeverityReason(Severity.MEDIUM, null,
                "Shared context: two or more linked alerts, one Medium or High, are an incident",
                "raised as SharedContext: as severe as its most severe alert"), s.get(0));
        assertEquals(new SeverityReason(Severity.HIGH, Severity.MEDIUM, "An incident is as severe as its most severe alert",
                "an alert is High"), s.get(1));
        assertTrue(i.description().contains("Raised by the rule \"" + i.raisedBy() + "\""), i.description());
    }

    @Test
    void threeStagesMakeItHighAndSaySo() {
        Incident i = run(
                alert("a1", 0, Severity.LOW, "T5", Tactic.INITIAL_ACCESS, "host:vm1"),
                alert("a2", 10, Severity.LOW, "T6", Tactic.EXECUTION, "host:vm1"),
                alert("a3", 20, Severity.LOW, "T7", Tactic.PERSISTENCE, "host:vm1")).get(0);
        SeverityReason last = i.severityReasons().get(i.severityReasons().size() - 1);
        assertEquals(new SeverityReason(Severity.HIGH, Severity.LOW,
                "An incident across highSeverityStageCount kill-chain stages or more is High", "3 kill-chain stages"), last);
    }

    @Test
    void alertsAreListedWithTheOriginOfTheirTactics() throws Exception {
        // VM_SshBruteForceFailed has no tactics in the record: the table gives it Reconnaissance (Probing).
        Incident i = run(
                alert("t1", 0, Severity.MEDIUM, "VM_SshBruteForceFailed", null, "host:vm1"),
                alert("t2", 10, Severity.LOW, "T8", Tactic.EXECUTION, "host:vm1")).get(0);
        assertEquals(List.of(Tactic.RECONNAISSANCE, Tactic.EXECUTION), i.tactics());
        assertEquals(List.of(Tactic.RECONNAISSANCE), i.inferredTactics(), "only the table said Reconnaissance");
        IncidentAlert first = i.alerts().get(0);
        assertEquals(new IncidentAlert("t1", "alert t1", Instant.parse("2024-05-01T00:00:00Z"), Severity.MEDIUM,
                List.of(Tactic.RECONNAISSANCE), true), first);
        assertFalse(i.alerts().get(1).tacticsFromTable());

        JsonNode json = new ObjectMapper().readTree(IncidentJson.toJson(i));
        assertEquals("Reconnaissance", json.path("inferredTactics").get(0).asText());
        assertEquals(2, json.path("alerts").size());
        assertTrue(json.path("alerts").get(0).path("tacticsFromTable").asBoolean());
        assertEquals("Reconnaissance", json.path("alerts").get(0).path("tactics").get(0).asText());
        assertEquals("Medium", json.path("severityReasons").get(0).path("severity").asText());

        StringWriter w = new StringWriter();
        IncidentCsv.write(List.of(i), w);
        CSVRecord row = CSVFormat.DEFAULT.builder().setHeader().get().parse(new java.io.StringReader(w.toString())).getRecords().get(0);
        assertEquals("t1 -> t2 by host:vm1", row.get("reasons"));
        assertEquals("Reconnaissance", row.get("inferredTactics"));
        assertTrue(row.get("severityReasons").startsWith("Medium by \"Kill-chain progression"), row.get("severityReasons"));
    }

    @Test
    void theDescriptionOfAFullIncidentStaysShort() {
        Alert[] alerts = new Alert[150];
        for (int n = 0; n < 150; n++) {
            alerts[n] = alert(String.format("a%03d", n), n, Severity.MEDIUM, "X" + n, Tactic.EXECUTION, "host:vm1", "ip:10.0.0." + n);
        }
        Incident i = run(alerts).get(0);
        assertEquals(150, i.alertIds().size());
        assertTrue(i.description().length() < 700, i.description().length() + ": " + i.description());
        assertTrue(i.description().contains("and 145 more"), i.description());
        assertEquals(149, i.reasons().size(), "one reason per alert pair and entity");
    }
}
