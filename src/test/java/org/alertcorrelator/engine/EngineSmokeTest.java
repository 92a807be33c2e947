package org.alertcorrelator.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.alertcorrelator.model.*;
import org.alertcorrelator.ruleset.RuleSet;
import org.junit.jupiter.api.Test;

class EngineSmokeTest {
    static Alert alert(String id, String time, Severity sev, Tactic tactic, String... entities) {
        Alert.Builder b = Alert.builder().id(id).tenant("t1").alertType("T-" + id).displayName("alert " + id) // distinct steps: progression needs them
                .severity(sev).startTime(Instant.parse(time));
        if (tactic != null) b.tactic(tactic);
        for (String e : entities) { String[] p = e.split(":", 2); b.entity(p[0], p[1]); }
        return b.build();
    }

    @Test
    void killChainOnHost() {
        RuleSet rules = RuleSet.load(Path.of("rules"));
        try (Correlator c = new Correlator(rules)) {
            c.process(alert("a1", "2024-01-01T00:00:00Z", Severity.LOW, Tactic.INITIAL_ACCESS, "host:vm1"));
            c.process(alert("a2", "2024-01-01T01:00:00Z", Severity.LOW, Tactic.EXECUTION, "host:vm1", "account:bob@x.com"));
            c.process(alert("a3", "2024-01-01T02:00:00Z", Severity.INFORMATIONAL, null, "account:bob@x.com"));
            c.process(alert("x1", "2024-01-01T02:00:00Z", Severity.HIGH, null, "host:vm9"));
            List<Incident> inc = c.incidents();
            System.out.println(inc);
            assertEquals(1, inc.size());
            assertEquals(List.of("a1", "a2", "a3"), inc.get(0).alertIds());
            assertEquals(IncidentKind.KillChain, inc.get(0).kind());
        }
    }
}
