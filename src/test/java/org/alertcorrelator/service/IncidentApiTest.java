package org.alertcorrelator.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.alertcorrelator.export.IncidentCsv;
import org.alertcorrelator.model.IncidentIds;
import org.alertcorrelator.service.TestService.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/** Reading, filtering, exporting and changing incidents; merges, id changes and reopening. */
class IncidentApiTest {
    static final Path KILL_CHAIN = TestService.SCENARIOS.resolve("01-host-kill-chain/alerts.json");
    static final Path MERGE = TestService.SCENARIOS.resolve("05-merge-by-later-alert");
    static final String KC = IncidentIds.derive(TestService.CONTOSO, "kc-1");

    /** Some of the alerts of a JSON array file (by index), as a JSON array. */
    static String pick(Path file, int... indexes) throws Exception {
        JsonNode all = Json.parse(Files.readString(file));
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (int i : indexes) out.add(all.get(i));
        return out.toString();
    }

    static Response post(TestService svc, String json) throws Exception {
        Response r = svc.post("/api/alerts", TestService.INGEST, "application/json", json);
        assertEquals(202, r.status(), r.toString());
        return r;
    }

    static List<String> actions(JsonNode incident) {
        List<String> out = new ArrayList<>();
        incident.path("history").forEach(h -> out.add(h.path("action").asText()));
        return out;
    }

    @Test
    void readsFiltersPagesAndExportsIncidents(@TempDir Path dir) throws Exception {
        try (TestService svc = TestService.start(dir)) {
            for (String s : List.of("01-host-kill-chain", "03-shared-external-ip-across-hosts", "06-two-tenants-same-host-names",
                    "16-low-alerts-join-as-context", "20-severity-follows-the-worst-alert")) {
                for (Path f : TestService.alertFiles(TestService.SCENARIOS.resolve(s))) svc.postFile(f, TestService.INGEST);
            }
            svc.settle();
            JsonNode all = svc.get("/api/incidents", TestService.ANALYST).json();
            int total = all.path("total").asInt();
            assertEquals(total, all.path("items").size());
            assertTrue(total >= 5, all.toString());

            Response one = svc.get("/api/incidents/" + KC, TestService.ANALYST);
            assertEquals(200, one.status(), one.toString());
            JsonNode kc = one.json();
            assertEquals("KillChain", kc.path("kind").asText());
            assertEquals("High", kc.path("severity").asText());
            assertEquals("New", kc.path("status").asText());
            assertEquals("live", kc.path("state").asText());
            assertEquals(5, kc.path("alerts").size());
            assertEquals("kc-1", kc.path("alerts").get(0).path("id").asText());
            assertEquals(5, kc.path("tactics").size());
            assertTrue(kc.path("entities").size() > 0);
            assertTrue(kc.path("reasons").size() > 0);
            assertEquals(List.of("opened"), actions(kc).subList(0, 1));
            assertTrue(one.headers().first("ETag").isPresent());

            Response alerts = svc.get("/api/incidents/" + KC + "/alerts", TestService.ANALYST);
            assertEquals(5, alerts.json().path("total").asInt(), alerts.toString());
            assertEquals("Successful brute force attack", alerts.json().path("items").get(0).path("original")
                    .path("properties").path("alertDisplayName").asText());
            assertEquals(KC, svc.get("/api/alerts/kc-3", TestService.ANALYST).json().path("incidentId").asText());

            assertEquals(1, count(svc, "kind=KillChain&entity=web01.contoso.com&entityType=host"));
            assertEquals(count(svc, ""), count(svc, "status=new"));
            assertEquals(0, count(svc, "status=Closed"));
            int high = count(svc, "severity=High");
            assertTrue(high >= 1);
            assertEquals(total, high + count(svc, "severity=Medium,Low&severity=Informational"));
            assertEquals(total, count(svc, "since=2024-01-01&until=2024-12-31"));
            assertEquals(0, count(svc, "since=2025-01-01T00:00:00Z"));
            assertEquals(1, count(svc, "tenant=7a9e4d2c-1b3f-4c5d-8e6f-2b3c4d5e6f02"));
            JsonNode page = svc.get("/api/incidents?limit=2&offset=1", TestService.ANALYST).json();
            assertEquals(total, page.path("total").asInt());
            assertEquals(2, page.path("items").size());
            assertEquals(all.path("items").get(1).path("id"), page.path("items").get(0).path("id"));

            for (String bad : List.of("limit=0", "limit=1001", "offset=-1", "status=Open", "severity=Severe", "since=yesterday", "kind=x*y", "state=gone")) {
                Response r = svc.get("/api/incidents?" + bad, TestService.ANALYST);
                assertEquals(400, r.status(), bad + ": " + r);
                assertTrue(r.json().path("error").asText().contains(bad.substring(0, bad.indexOf('='))), r.toString());
            }
            assertEquals(404, svc.get("/api/incidents/no-such-id", TestService.ANALYST).status());
            assertEquals(0, count(svc, "kind=AccountSpread"), "kinds are open: any kind name is a filter");
            assertEquals(count(svc, "kind=KillChain"), count(svc, "kind=killchain"));

            Response csv = svc.get("/api/incidents.csv?kind=KillChain", TestService.ANALYST);
            assertEquals(200, csv.status());
            assertTrue(csv.headers().first("Content-Type").orElse("").startsWith("text/csv"));
            String[] lines = csv.body().split("\r\n");
            assertTrue(lines[0].startsWith(String.join(",", IncidentCsv.HEADER)), lines[0]);
            assertTrue(lines[0].endsWith("state,classification,owner,mergedInto,updatedAt"), lines[0]);
            assertEquals(count(svc, "kind=KillChain") + 1, lines.length);
            assertTrue(csv.body().contains(KC));

            Response alertsCsv = svc.get("/api/alerts.csv?tenant=" + TestService.CONTOSO + "&entity=web01.contoso.com", TestService.ANALYST);
            assertEquals(200, alertsCsv.status());
            String[] alertLines = alertsCsv.body().split("\r\n");
            assertTrue(alertLines[0].startsWith("id,tenantId,displayName"), alertLines[0]);
            assertTrue(alertsCsv.body().contains("kc-1,"), alertsCsv.body());
            assertFalse(alertsCsv.body().contains("ip-1,"), "only alerts naming the entity");
        }
    }

    static int count(TestService svc, String query) throws Exception {
        Response r = svc.get("/api/incidents?" + query, TestService.ANALYST);
        assertEquals(200, r.status(), query + ": " + r);
        return r.json().path("total").asInt();
    }

    @Test
    void analystsChangeStatusClassificationOwnerAndCommentWithHistory(@TempDir Path dir) throws Exception {
        try (TestService svc = TestService.start(dir)) {
            svc.postFile(KILL_CHAIN, TestService.INGEST);
            svc.settle();
            Response r = svc.patch("/api/incidents/" + KC, TestService.ANALYST,
                    "{\"status\": \"active\", \"owner\": \"alice@contoso.com\", \"comment\": \"looking at it\"}");
            assertEquals(200, r.status(), r.toString());
            JsonNode i = r.json();
            assertEquals("Active", i.path("status").asText());
            assertEquals("alice@contoso.com", i.path("owner").asText());
            JsonNode last = i.path("history").get(i.path("history").size() - 1);
            assertEquals("analyst", last.path("actor").asText(), "the token's name");
            assertEquals("update", last.path("action").asText());
            assertEquals("New", last.path("details").path("changes").path("status").path("from").asText());
            assertEquals("looking at it", last.path("details").path("comment").asText());
            int version = i.path("version").asInt();

            Response stale = svc.send(svc.request("/api/incidents/" + KC, TestService.ANALYST).header("If-Match", "\"" + (version - 1) + "\"")
                    .header("Content-Type", "application/json").method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"status\":\"Closed\"}")));
            assertEquals(412, stale.status(), stale.toString());

            Response closed = svc.send(svc.request("/api/incidents/" + KC, TestService.ADMIN).header("If-Match", "\"" + version + "\"")
                    .header("Content-Type", "application/json").method("PATCH",
                            java.net.http.HttpRequest.BodyPublishers.ofString("{\"status\":\"Closed\",\"classification\":\"truepositive\",\"owner\":null}")));
            assertEquals(200, closed.status(), closed.toString());
            assertEquals("Closed", closed.json().path("status").asText());
            assertEquals("TruePositive", closed.json().path("classification").asText());
            assertTrue(closed.json().path("owner").isNull());
            assertEquals(1, count(svc, "status=Closed"));

            assertEquals(400, svc.patch("/api/incidents/" + KC, TestService.ANALYST, "{\"status\": \"Resolved\"}").status());
            assertEquals(400, svc.patch("/api/incidents/" + KC, TestService.ANALYST, "{\"classification\": \"Maybe\"}").status());
            assertEquals(400, svc.patch("/api/incidents/" + KC, TestService.ANALYST, "{\"severity\": \"Low\"}").status());
            assertEquals(400, svc.patch("/api/incidents/" + KC, TestService.ANALYST, "[1]").status());
            assertEquals(400, svc.patch("/api/incidents/" + KC, TestService.ANALYST, "{not json").status());
            assertEquals(404, svc.patch("/api/incidents/nope", TestService.ANALYST, "{\"status\": \"Active\"}").status());
            assertEquals(403, svc.patch("/api/incidents/" + KC, TestService.INGEST, "{\"status\": \"Active\"}").status());
        }
    }

    @Test
    void aMergedIncidentSaysWhereItWent(@TempDir Path dir) throws Exception {
        try (TestService svc = TestService.start(dir)) {
            svc.postFile(MERGE.resolve("sql01.json"), TestService.INGEST);
            svc.postFile(MERGE.resolve("sql02.json"), TestService.INGEST);
            svc.settle();
            String sql01 = IncidentIds.derive(TestService.CONTOSO, "mg-1");
            String sql02 = IncidentIds.derive(TestService.CONTOSO, "mg-3");
            assertEquals(200, svc.get("/api/incidents/" + sql02, TestService.ANALYST).status());
            svc.patch("/api/incidents/" + sql02, TestService.ANALYST, "{\"status\": \"Active\", \"owner\": \"bob\"}");
            svc.postFile(MERGE.resolve("backup01.json"), TestService.INGEST);
            svc.settle();

            Response gone = svc.get("/api/incidents/" + sql02, TestService.ANALYST);
            assertEquals(303, gone.status(), gone.toString());
            assertEquals("/api/incidents/" + sql01, gone.headers().first("Location").orElse(""));
            assertEquals(sql01, gone.json().path("mergedInto").asText());
            assertTrue(gone.json().path("error").asText().contains("merged into"));
            assertEquals(303, svc.get("/api/incidents/" + sql02 + "/alerts", TestService.ANALYST).status());
            Response patch = svc.patch("/api/incidents/" + sql02, TestService.ANALYST, "{\"status\": \"Closed\"}");
            assertEquals(409, patch.status(), patch.toString());
            assertEquals(sql01, patch.json().path("mergedInto").asText());

            JsonNode survivor = svc.get("/api/incidents/" + sql01, TestService.ANALYST).json();
            assertEquals(5, survivor.path("alertCount").asInt());
            assertEquals(sql02, survivor.path("mergedIncidentIds").get(0).asText());
            assertEquals("bob", survivor.path("owner").asText(), "the survivor takes the analyst state of the merged one");
            assertTrue(actions(survivor).contains("absorbed"), survivor.path("history").toString());
            assertEquals(1, count(svc, ""));
            assertEquals(1, count(svc, "state=merged"));
        }
    }

    @Test
    void whenAnEarlierAlertArrivesTheIncidentIdChangesAndTheOldOneIsMergedIntoIt(@TempDir Path dir) throws Exception {
        try (TestService svc = TestService.start(dir)) {
            post(svc, pick(KILL_CHAIN, 1, 2, 3, 4));
            svc.settle();
            String before = IncidentIds.derive(TestService.CONTOSO, "kc-2");
            assertEquals(200, svc.get("/api/incidents/" + before, TestService.ANALYST).status());
            svc.patch("/api/incidents/" + before, TestService.ANALYST, "{\"status\": \"Active\", \"classification\": \"Undetermined\"}");
            post(svc, pick(KILL_CHAIN, 0));
            svc.settle();
            assertEquals(1, svc.service().metrics().alertsLate.sum(), "kc-1 came after later alerts were correlated");
            Response old = svc.get("/api/incidents/" + before, TestService.ANALYST);
            assertEquals(303, old.status(), old.toString());
            assertEquals(KC, old.json().path("mergedInto").asText());
            JsonNode now = svc.get("/api/incidents/" + KC, TestService.ANALYST).json();
            assertEquals(5, now.path("alertCount").asInt());
            assertEquals("Active", now.path("status").asText());
            assertEquals("Undetermined", now.path("classification").asText());
        }
    }

    @Test
    void anAlertForAClosedIncidentReopensIt(@TempDir Path dir) throws Exception {
        try (TestService svc = TestService.start(dir)) {
            post(svc, pick(KILL_CHAIN, 0, 1, 2, 3));
            svc.settle();
            svc.patch("/api/incidents/" + KC, TestService.ANALYST, "{\"status\": \"Closed\", \"classification\": \"FalsePositive\"}");
            post(svc, pick(KILL_CHAIN, 4));
            svc.settle();
            JsonNode i = svc.get("/api/incidents/" + KC, TestService.ANALYST).json();
            assertEquals("Active", i.path("status").asText());
            assertEquals(5, i.path("alertCount").asInt());
            List<String> actions = actions(i);
            assertEquals("reopened", actions.get(actions.size() - 1), actions.toString());
            assertEquals("kc-5", i.path("history").get(actions.size() - 1).path("details").path("alerts").get(0).asText());
            assertEquals(1, svc.service().metrics().incidentsReopened.sum());
        }
    }

    @Test
    void orOpensANewOneWhenSoConfigured(@TempDir Path dir) throws Exception {
        try (TestService svc = TestService.start(dir, Map.of(Setting.REOPEN_CLOSED, "new"))) {
            post(svc, pick(KILL_CHAIN, 0, 1, 2, 3));
            svc.settle();
            svc.patch("/api/incidents/" + KC, TestService.ANALYST, "{\"status\": \"Closed\", \"classification\": \"BenignPositive\"}");
            post(svc, pick(KILL_CHAIN, 4));
            svc.settle();
            JsonNode closed = svc.get("/api/incidents/" + KC, TestService.ANALYST).json();
            assertEquals("Closed", closed.path("status").asText());
            assertEquals(4, closed.path("alertCount").asInt(), "stays as it was closed");
            String follower = closed.path("followedBy").asText();
            assertFalse(follower.isEmpty(), closed.toString());
            assertNotEquals(KC, follower);
            JsonNode next = svc.get("/api/incidents/" + follower, TestService.ANALYST).json();
            assertEquals("New", next.path("status").asText());
            assertEquals(KC, next.path("reopenedFrom").asText());
            assertEquals(KC, next.path("engineId").asText());
            assertEquals(5, next.path("alertCount").asInt());
            assertEquals(2, count(svc, ""));
        }
    }
}
