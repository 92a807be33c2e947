package org.alertcorrelator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.alertcorrelator.export.IncidentJson;
import org.alertcorrelator.generate.StreamGenerator;
import org.alertcorrelator.ingest.AlertReader;
import org.alertcorrelator.ingest.AlertRecord;
import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.Incident;
import org.alertcorrelator.ruleset.RuleSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A replay gives each tenant its own session (in parallel); that gives exactly what one session gives. */
class TenantSessionsTest {
    private static final RuleSet RULES = RuleSet.load(Path.of("rules"));

    @TempDir
    Path tmp;

    private static String json(List<Incident> incidents) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IncidentJson.writeArray(incidents, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aGeneratedStreamOfFiveTenantsGivesTheSameIncidentsAsOneSession() throws IOException {
        Path alerts = tmp.resolve("alerts.jsonl");
        StreamGenerator.generate(StreamGenerator.Options.defaults(20_000, alerts, tmp.resolve("truth.csv")));
        List<Alert> read = new ArrayList<>();
        for (AlertRecord r : new AlertReader().read(alerts, true).records()) read.add(r.alert());

        Replay.Result sharded = Replay.run(RULES, List.of(alerts), true);
        List<Incident> oneSession = Replay.correlate(RULES, read);
        assertTrue(oneSession.size() > 10, "the stream raises incidents: " + oneSession.size());
        assertTrue(oneSession.stream().map(Incident::tenantId).distinct().count() > 1, "several tenants raise incidents");
        assertEquals(json(oneSession), json(sharded.incidents()));
        assertEquals(json(oneSession), json(Replay.readAllThenCorrelate(RULES, List.of(alerts), true).incidents()));
    }
}
