package org.alertcorrelator.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.alertcorrelator.ingest.AlertReader;
import org.alertcorrelator.ingest.AlertRecord;
import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.Entity;
import org.alertcorrelator.model.Incident;
import org.alertcorrelator.ruleset.RuleSet;
import org.junit.jupiter.api.Test;

/** The real Sentinel export that nobody here wrote (fixtures/real/msticpy). */
class MsticpyReplayTest {
    private static final Path EXPORT = Path.of("fixtures/real/msticpy/alertlist.csv");

    @Test
    void alertsOnMsticalertswin1FormOneIncident() {
        RuleSet rules = RuleSet.load(Path.of("rules"));
        Replay.Result result = Replay.run(rules, List.of(EXPORT), true);
        assertEquals(189, result.summary().recordsRead());
        assertEquals(0, result.summary().rejected());

        Set<String> onHost = new HashSet<>();
        for (AlertRecord r : new AlertReader().read(EXPORT, true).records()) {
            Alert a = r.alert();
            boolean testAlert = a.getDisplayName().toLowerCase().contains("test alert (not a threat)");
            if (!testAlert && a.getEntities().contains(new Entity("host", "msticalertswin1"))) onHost.add(a.getId());
        }
        assertTrue(onHost.size() > 100, "the export has over a hundred alerts on the host: " + onHost.size());

        List<Incident> holding = result.incidents().stream()
                .filter(i -> i.alertIds().stream().anyMatch(onHost::contains)).toList();
        assertEquals(1, holding.size(), "one incident holds the host's alerts: " + holding.stream().map(Incident::title).toList());
        assertTrue(holding.get(0).alertIds().containsAll(onHost));
        assertTrue(holding.get(0).entities().contains(new Entity("host", "msticalertswin1")));
        assertEquals(5, result.summary().alertsRuledOut(), "the five Defender test alerts take no part");
    }
}
