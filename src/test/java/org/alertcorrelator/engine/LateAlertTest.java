package org.alertcorrelator.engine;

import static org.alertcorrelator.engine.EngineSmokeTest.alert;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.alertcorrelator.model.Incident;
import org.alertcorrelator.model.Severity;
import org.alertcorrelator.ruleset.RuleSet;
import org.junit.jupiter.api.Test;

/**
 * An alert that comes after its incident became final (serve correlates a late alert at once, at its own event
 * time): a final incident takes no more alerts, and correlation goes on.
 */
class LateAlertTest {
    @Test
    void aLateAlertDoesNotReachAFinalIncident() {
        RuleSet rules = RuleSet.load(Path.of("rules"));
        try (Correlator c = new Correlator(rules)) {
            c.process(alert("a1", "2024-01-01T00:00:00Z", Severity.MEDIUM, null, "host:vm1"));
            c.process(alert("a2", "2024-01-01T00:01:00Z", Severity.HIGH, null, "host:vm1"));
            c.process(alert("e1", "2024-01-02T03:00:00Z", Severity.LOW, null, "host:vm7"));
            c.process(alert("late", "2024-01-01T00:02:00Z", Severity.HIGH, null, "host:vm1"));
            c.process(alert("late2", "2024-01-01T00:03:00Z", Severity.HIGH, null, "host:vm1"));
            List<Incident> inc = c.incidents();
            assertEquals(List.of(List.of("a1", "a2"), List.of("late", "late2")), inc.stream().map(Incident::alertIds).toList());
        }
    }

    /**
     * Found by the POST fuzz: late alerts that make an incident already a window old are final at once; the next
     * late alert on their host found the final group through the host's track and failed the session ("handle not
     * found" on the group), three times in a row stopping correlation for every tenant.
     */
    @Test
    void aLateAlertOnTheHostOfAnIncidentFinalAtOnceStandsAlone() {
        RuleSet rules = RuleSet.load(Path.of("rules"));
        try (Correlator c = new Correlator(rules)) {
            c.process(alert("now", "2024-05-01T10:00:00Z", Severity.HIGH, null, "host:h1"));
            c.process(alert("late1", "2019-01-11T06:31:40Z", Severity.LOW, null, "host:h9"));
            c.process(alert("late2", "2019-01-11T06:31:42Z", Severity.MEDIUM, null, "host:h9"));
            c.process(alert("late3", "2019-01-11T06:31:40Z", Severity.LOW, null, "host:h9"));
            c.process(alert("next", "2024-05-01T10:05:00Z", Severity.HIGH, null, "host:h1"));
            assertEquals(List.of(List.of("late1", "late2"), List.of("now", "next")),
                    c.incidents().stream().map(Incident::alertIds).toList());
        }
    }
}
