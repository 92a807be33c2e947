package org.alertcorrelator.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.alertcorrelator.model.IncidentIds;
import org.alertcorrelator.service.TestService.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every endpoint x every role (no token, ingest, analyst, admin; each global and limited to one tenant) x an object
 * of the token's own tenant, of another tenant, and a missing one: the answer is the one docs/service.md promises.
 * Another tenant's id answers exactly as a missing id (404, same body); lists of a limited token hold only its
 * tenant; a record of another tenant is rejected on its own; /metrics is for global admins.
 */
class TenantMatrixTest {
    static final String OWN = TestService.CONTOSO;
    static final String OTHER = AuthApiTest.OTHER;

    enum Role { NONE, INGEST, ANALYST, ADMIN }

    record Token(String name, String token, Role role, boolean limited) {
    }

    static final List<Token> TOKENS = List.of(
            new Token("none", null, Role.NONE, false),
            new Token("ingest", TestService.INGEST, Role.INGEST, false),
            new Token("analyst", TestService.ANALYST, Role.ANALYST, false),
            new Token("admin", TestService.ADMIN, Role.ADMIN, false),
            new Token("contoso-ingest", TestService.CONTOSO_INGEST, Role.INGEST, true),
            new Token("contoso-analyst", TestService.CONTOSO_ANALYST, Role.ANALYST, true),
            new Token("contoso-admin", TestService.CONTOSO_ADMIN, Role.ADMIN, true));

    enum Target { OWN, OTHER, MISSING }

    @TempDir
    static Path dir;
    static TestService svc;
    static String theirIncident;
    static String theirAlert;
    static final AtomicInteger posted = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        svc = TestService.start(dir);
        for (Path f : TestService.alertFiles(AuthApiTest.TWO_TENANTS)) svc.postFile(f, TestService.ADMIN);
        svc.postFile(IncidentApiTest.KILL_CHAIN, TestService.ADMIN);
        svc.settle();
        for (JsonNode i : svc.get("/api/incidents", TestService.ADMIN).json().path("items")) {
            if (i.path("tenantId").asText().equals(OTHER)) theirIncident = i.path("id").asText();
        }
        theirAlert = svc.get("/api/incidents/" + theirIncident, TestService.ADMIN).json().path("alertIds").get(0).asText();
    }

    @AfterAll
    static void stop() {
        svc.close();
    }

    /** One endpoint: how to call it on a target, and what it needs. */
    interface Endpoint {
        String name();

        Response call(Token t, Target target) throws Exception;

        /** The answer expected: status, and null or the exact body. */
        Expected expect(Token t, Target target);
    }

    record Expected(int status, String body) {
    }

    static boolean reaches(Token t, Target target) {
        return target == Target.OWN || (target == Target.OTHER && !t.limited());
    }

    static String incidentId(Target target) {
        return switch (target) {
            case OWN -> IncidentApiTest.KC;
            case OTHER -> theirIncident;
            case MISSING -> IncidentIds.derive(OWN, "no-such-alert");
        };
    }

    static String alertId(Target target) {
        return switch (target) {
            case OWN -> "kc-1";
            case OTHER -> theirAlert;
            case MISSING -> "no-such-alert";
        };
    }

    static String tenant(Target target) {
        return switch (target) {
            case OWN -> OWN;
            case OTHER -> OTHER;
            case MISSING -> "no-such-tenant";
        };
    }

    static Expected roleCheck(Token t, Role needed) {
        if (t.role() == Role.NONE) return new Expected(401, null);
        if (t.role() != needed && t.role() != Role.ADMIN) return new Expected(403, null);
        return null;
    }

    static Endpoint object(String name, Role needed, String method, String path, String body, String notFound) {
        return new Endpoint() {
            public String name() {
                return method + " " + path;
            }

            public Response call(Token t, Target target) throws Exception {
                String id = path.contains("alerts/{id}") ? alertId(target) : incidentId(target);
                String p = path.replace("{id}", id);
                return method.equals("PATCH") ? svc.patch(p, t.token(), body) : svc.get(p, t.token());
            }

            public Expected expect(Token t, Target target) {
                Expected role = roleCheck(t, needed);
                if (role != null) return role;
                if (reaches(t, target)) return new Expected(200, null);
                String id = path.contains("alerts/{id}") ? alertId(target) : incidentId(target);
                return new Expected(404, "{\"error\":\"" + notFound + id + "\"}");
            }
        };
    }

    static Endpoint list(String path) {
        return new Endpoint() {
            public String name() {
                return "GET " + path + "?tenant=T";
            }

            public Response call(Token t, Target target) throws Exception {
                return svc.get(path + "?tenant=" + tenant(target), t.token());
            }

            public Expected expect(Token t, Target target) {
                Expected role = roleCheck(t, Role.ANALYST);
                if (role != null) return role;
                return new Expected(t.limited() && target != Target.OWN ? 403 : 200, null);
            }
        };
    }

    static Endpoint simple(String method, String path, Role needed, boolean globalOnly) {
        return new Endpoint() {
            public String name() {
                return method + " " + path;
            }

            public Response call(Token t, Target target) throws Exception {
                return method.equals("POST") ? svc.post(path, t.token(), "application/json", "") : svc.get(path, t.token());
            }

            public Expected expect(Token t, Target target) {
                if (needed == null) return new Expected(200, null); // /health
                if (t.role() == Role.NONE) return new Expected(401, null);
                if (needed == Role.NONE) return new Expected(200, null); // any token
                Expected role = roleCheck(t, needed);
                if (role != null) return role;
                return new Expected(globalOnly && t.limited() ? 403 : 200, null);
            }
        };
    }

    static Endpoint postAlert() {
        return new Endpoint() {
            public String name() {
                return "POST /api/alerts (record of tenant T)";
            }

            public Response call(Token t, Target target) throws Exception {
                int n = posted.incrementAndGet();
                String tenant = target == Target.MISSING ? "" : "\"TenantId\":\"" + tenant(target) + "\",";
                String line = "{" + tenant + "\"SystemAlertId\":\"matrix-" + n + "\",\"AlertName\":\"Matrix\",\"AlertSeverity\":\"Low\","
                        + "\"StartTime\":\"2024-03-04T08:00:00Z\",\"Status\":\"New\"}";
                return svc.post("/api/alerts", t.token(), "application/x-ndjson", line);
            }

            public Expected expect(Token t, Target target) {
                Expected role = roleCheck(t, Role.INGEST);
                if (role != null) return role;
                if (target == Target.MISSING) return new Expected(400, null);
                return new Expected(reaches(t, target) ? 202 : 400, null);
            }
        };
    }

    /**
     * Tenant B's token posting tenant A's alert id (relabelled as B, later or same time) makes a new alert of B:
     * A's alert is unchanged, and the answer says nothing about A (accepted, never "updated" or "duplicates").
     */
    @Test
    void theSameIdInTwoTenantsIsTwoAlerts() throws Exception {
        JsonNode theirs = svc.get("/api/alerts/" + theirAlert + "?tenant=" + OTHER, TestService.ADMIN).json();
        String line = "{\"TenantId\":\"" + OWN + "\",\"SystemAlertId\":\"" + theirAlert + "\",\"AlertName\":\"Relabelled\","
                + "\"AlertSeverity\":\"High\",\"StartTime\":\"2025-06-01T00:00:00Z\",\"TimeGenerated\":\"2025-06-01T00:00:00Z\",\"Status\":\"New\"}";
        Response r = svc.post("/api/alerts", TestService.CONTOSO_INGEST, "application/x-ndjson", line);
        assertEquals(202, r.status(), r.toString());
        assertEquals(1, r.json().path("accepted").asInt(), r.toString());
        assertEquals(0, r.json().path("updated").asInt(), r.toString());
        JsonNode after = svc.get("/api/alerts/" + theirAlert + "?tenant=" + OTHER, TestService.ADMIN).json();
        assertEquals(theirs.toString(), after.toString(), "the other tenant's alert is unchanged");
        Response mine = svc.get("/api/alerts/" + theirAlert, TestService.CONTOSO_ANALYST);
        assertEquals(200, mine.status(), mine.toString());
        assertEquals(OWN, mine.json().path("tenantId").asText(), mine.toString());
        assertEquals(409, svc.get("/api/alerts/" + theirAlert, TestService.ADMIN).status(), "an admin must say which tenant");
        // posting it again is a duplicate of the token's own alert only
        Response again = svc.post("/api/alerts", TestService.CONTOSO_INGEST, "application/x-ndjson", line);
        assertEquals(1, again.json().path("duplicates").asInt(), again.toString());
    }

    @Test
    void everyEndpointEveryRoleEveryTenant() throws Exception {
        List<Endpoint> endpoints = List.of(
                object("incident", Role.ANALYST, "GET", "/api/incidents/{id}", null, "no incident "),
                object("incident alerts", Role.ANALYST, "GET", "/api/incidents/{id}/alerts", null, "no incident "),
                object("patch", Role.ANALYST, "PATCH", "/api/incidents/{id}", "{\"comment\":\"matrix\"}", "no incident "),
                object("alert", Role.ANALYST, "GET", "/api/alerts/{id}", null, "no alert "),
                list("/api/incidents"), list("/api/alerts"), list("/api/incidents.csv"), list("/api/alerts.csv"),
                postAlert(),
                simple("GET", "/metrics", Role.ADMIN, true),
                simple("GET", "/ready", Role.NONE, false),
                simple("GET", "/openapi.yaml", Role.NONE, false),
                simple("GET", "/api/rules", Role.ANALYST, false),
                simple("POST", "/api/rules/reload", Role.ADMIN, true),
                simple("GET", "/api/quarantined-alerts", Role.ADMIN, true),
                simple("GET", "/health", null, false));
        List<String> wrong = new ArrayList<>();
        int cells = 0;
        for (Endpoint e : endpoints) {
            for (Token t : TOKENS) {
                for (Target target : Target.values()) {
                    cells++;
                    Expected want = e.expect(t, target);
                    Response got = e.call(t, target);
                    String cell = e.name() + " x " + t.name() + " x " + target + ": ";
                    if (got.status() != want.status()) {
                        wrong.add(cell + "expected " + want.status() + ", got " + got);
                        continue;
                    }
                    if (want.body() != null && !want.body().equals(got.body())) {
                        wrong.add(cell + "expected body " + want.body() + ", got " + got.body());
                    }
                    if (got.status() >= 400 && !e.name().contains(".csv") && !got.body().startsWith("{\"error\":")
                            && !(e.name().startsWith("POST /api/alerts") && got.body().contains("\"errors\""))) {
                        wrong.add(cell + "error not JSON: " + got);
                    }
                    if (got.status() == 200 && t.limited()) {
                        // a limited token sees nothing of another tenant, whatever the endpoint
                        if (got.body().contains(OTHER)) wrong.add(cell + "shows the other tenant: " + got);
                    }
                    if (e.name().startsWith("POST /api/alerts") && target == Target.OTHER && t.limited() && got.status() == 400) {
                        JsonNode err = got.json().path("errors").get(0);
                        if (!err.path("field").asText().equals("tenant") || err.path("index").asInt() != 1) {
                            wrong.add(cell + "expected a per-record tenant error: " + got);
                        }
                    }
                }
            }
        }
        System.out.println("TenantMatrixTest: " + endpoints.size() + " endpoints x " + TOKENS.size() + " tokens x "
                + Target.values().length + " targets = " + cells + " cells, " + (cells - wrong.size()) + " as expected");
        assertEquals(endpoints.size() * TOKENS.size() * 3, cells);
        assertTrue(wrong.isEmpty(), wrong.size() + " cells wrong:\n" + String.join("\n", wrong));
    }
}
