package org.alertcorrelator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.alertcorrelator.export.IncidentJson;
import org.alertcorrelator.model.Incident;
import org.alertcorrelator.ruleset.RuleSet;

/** The vendors' incident ids ride on their alerts into our incidents, and never become our ids. */
class VendorIncidentIdsTest {
    private static final RuleSet RULES = RuleSet.load(Path.of("rules"));

    private static Incident only(String scenario) {
        Replay.Result r = Replay.run(RULES, List.of(Path.of("fixtures/scenarios", scenario)), true);
        assertEquals(1, r.incidents().size(), r.incidents().toString());
        return r.incidents().get(0);
    }

    @Test
    void graphIncidentIdIsShownOnOurIncident() {
        Incident i = only("33-event-hubs-envelope-and-graph-incident");
        assertEquals(List.of("77001"), i.vendorIncidentIds());
        assertFalse(i.id().contains("77001"));
        assertTrue(IncidentJson.toJson(i).contains("\"vendorIncidentIds\":[\"77001\"]"), IncidentJson.toJson(i));
    }

    @Test
    void graphAlertsOwnIncidentIdIsKept() {
        assertEquals(List.of("9001"), only("30-graph-alerts-and-defender-for-cloud-on-one-host").vendorIncidentIds());
    }

    @Test
    void defenderForEndpointIncidentIdIsKept() {
        assertEquals(List.of("4411"), only("31-defender-for-endpoint-and-sentinel-csv-share-an-account").vendorIncidentIds());
    }

    @Test
    void incidentsOfOtherFormatsHaveNoneAndWriteNoField() {
        Incident i = only("19-one-attack-in-three-formats");
        assertEquals(List.of(), i.vendorIncidentIds());
        assertFalse(IncidentJson.toJson(i).contains("vendorIncidentIds"));
    }
}
