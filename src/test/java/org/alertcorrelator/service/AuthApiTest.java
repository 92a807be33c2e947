package org.alertcorrelator.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.alertcorrelator.model.IncidentIds;
import org.alertcorrelator.service.TestService.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** Bearer tokens: 401 without a valid one, 403 outside the token's role or tenants. */
class AuthApiTest {
    /** The tenants of scenario 06: two subscriptions, neither of them the one the limited test tokens have. */
    static final String OTHER = "c2d3e4f5-a6b7-4c8d-9e0f-1a2b3c4d5e62";
    static final Path TWO_TENANTS = TestService.SCENARIOS.resolve("06-two-tenants-same-host-names");

    @TempDir
    static Path dir;
    static TestService svc;

    @BeforeAll
    static void start() throws Exception {
        svc = TestService.start(dir);
        for (Path f : TestService.alertFiles(TWO_TENANTS)) svc.postFile(f, TestService.ADMIN);
        svc.postFile(IncidentApiTest.KILL_CHAIN, TestService.ADMIN);
        svc.settle();
    }

    @AfterAll
    static void stop() {
        svc.close();
    }

    @Test
    void withoutAValidTokenEverythingButHealthIs401() throws Exception {
        assertEquals(200, svc.get("/health", null).status());
        for (String path : new String[] {"/ready", "/metrics", "/openapi.yaml", "/api/incidents", "/api/rules", "/api/alerts/x"}) {
            Response r = svc.get(path, null);
            assertEquals(401, r.status(), path + ": " + r);
            assertEquals("Bearer", r.headers().first("WWW-Authenticate").orElse(""));
            assertTrue(r.json().path("error").asText().contains("bearer token"), r.toString());
            assertEquals(401, svc.get(path, "not-a-token").status(), path);
        }
        Response basic = svc.send(svc.request("/api/incidents", null).header("Authorization", "Basic dXNlcjpwYXNz").GET());
        assertEquals(401, basic.status());
        assertEquals(401, svc.post("/api/alerts", null, "application/json", "{}").status());
        assertEquals(401, svc.post("/api/rules/reload", "wrong", "application/json", "").status());
    }

    @Test
    void rolesLimitWhatATokenMayDo() throws Exception {
        Response ingestReads = svc.get("/api/incidents", TestService.INGEST);
        assertEquals(403, ingestReads.status());
        assertTrue(ingestReads.json().path("error").asText().contains("analyst"), ingestReads.toString());
        assertEquals(200, svc.get("/ready", TestService.INGEST).status(), "any valid token may ask for readiness");
        Response analystPosts = svc.post("/api/alerts", TestService.ANALYST, "application/json", "{}");
        assertEquals(403, analystPosts.status(), analystPosts.toString());
        assertEquals(403, svc.post("/api/rules/reload", TestService.ANALYST, "application/json", "").status());
        assertEquals(403, svc.post("/api/rules/reload", TestService.INGEST, "application/json", "").status());
        assertEquals(200, svc.get("/api/rules", TestService.ANALYST).status());
        assertEquals(200, svc.get("/api/incidents", TestService.ADMIN).status());
        assertEquals(200, svc.post("/api/rules/reload", TestService.ADMIN, "application/json", "").status());
    }

    @Test
    void aTenantLimitedTokenSeesAndChangesOnlyItsTenants() throws Exception {
        svc.settle(); // what other tests of this class posted is correlated
        JsonNode all = svc.get("/api/incidents", TestService.ANALYST).json();
        JsonNode mine = svc.get("/api/incidents", TestService.CONTOSO_ANALYST).json();
        int others = 0;
        for (JsonNode i : all.path("items")) if (!i.path("tenantId").asText().equals(TestService.CONTOSO)) others++;
        assertEquals(2, others, all.toString());
        assertEquals(all.path("total").asInt() - others, mine.path("total").asInt(), mine.toString());
        for (JsonNode i : mine.path("items")) assertEquals(TestService.CONTOSO, i.path("tenantId").asText());
        String theirs = null;
        for (JsonNode i : all.path("items")) if (i.path("tenantId").asText().equals(OTHER)) theirs = i.path("id").asText();
        // another tenant's id answers exactly as a missing one: 404, the same body
        String missing = "{\"error\":\"no incident " + theirs + "\"}";
        assertEquals("404 " + missing, svc.get("/api/incidents/" + theirs, TestService.CONTOSO_ANALYST).toString());
        assertEquals("404 " + missing, svc.get("/api/incidents/" + theirs + "/alerts", TestService.CONTOSO_ANALYST).toString());
        assertEquals("404 " + missing, svc.patch("/api/incidents/" + theirs, TestService.CONTOSO_ANALYST, "{\"status\":\"Closed\"}").toString());
        assertEquals("New", svc.get("/api/incidents/" + theirs, TestService.ANALYST).json().path("status").asText());
        assertEquals(403, svc.get("/api/incidents?tenant=" + OTHER, TestService.CONTOSO_ANALYST).status());
        assertEquals(200, svc.get("/api/incidents?tenant=" + TestService.CONTOSO, TestService.CONTOSO_ANALYST).status());
        String theirAlert = svc.get("/api/incidents/" + theirs, TestService.ANALYST).json().path("alertIds").get(0).asText();
        assertEquals("404 {\"error\":\"no alert " + theirAlert + "\"}", svc.get("/api/alerts/" + theirAlert, TestService.CONTOSO_ANALYST).toString());
        String csv = svc.get("/api/incidents.csv", TestService.CONTOSO_ANALYST).body();
        assertTrue(!csv.contains(OTHER) && csv.contains(TestService.CONTOSO), csv);
        String alertsCsv = svc.get("/api/alerts.csv", TestService.CONTOSO_ANALYST).body();
        assertTrue(!alertsCsv.contains(OTHER) && alertsCsv.contains("kc-1"), alertsCsv);
        String mineId = IncidentApiTest.KC;
        assertEquals(200, svc.patch("/api/incidents/" + mineId, TestService.CONTOSO_ANALYST, "{\"comment\":\"mine\"}").status());
    }

    @Test
    void aTenantLimitedIngestTokenMayPostOnlyItsTenantsAlerts() throws Exception {
        // the same attack three months later: its own incident, linked to nothing before
        String body = Files.readString(IncidentApiTest.KILL_CHAIN).replace("kc-", "again-kc-").replace("2024-03-04", "2024-06-04");
        Response mineOnly = svc.post("/api/alerts", TestService.CONTOSO_INGEST, "application/json", body);
        assertEquals(202, mineOnly.status(), mineOnly.toString());
        assertEquals(0, mineOnly.json().path("rejected").asInt(), mineOnly.toString());
        String theirs = Files.readString(TWO_TENANTS.resolve("fabrikam.json")).replace("\"systemAlertId\": \"", "\"systemAlertId\": \"again-");
        Response rejected = svc.post("/api/alerts", TestService.CONTOSO_INGEST, "application/json", theirs);
        assertEquals(400, rejected.status(), rejected.toString());
        JsonNode errors = rejected.json().path("errors");
        assertEquals(rejected.json().path("rejected").asInt(), errors.size());
        assertEquals("tenant", errors.get(0).path("field").asText());
        assertEquals(1, errors.get(0).path("index").asInt());
        assertTrue(errors.get(0).path("reason").asText().contains("outside this token's tenants"), errors.toString());
    }
}
