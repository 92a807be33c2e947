package org.alertcorrelator.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.alertcorrelator.service.TestService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The web view in a real headless Chromium against a real service on 127.0.0.1, in one browser session: sign
 * in, queue, filters, incident page (timeline, graph, alerts), edits that persist, a conflicting edit, a
 * tenant-scoped token, an alert named like markup, the rules page; and the {@code replay --html} report of
 * fixtures/demo. Screenshots go to target/screenshots (or to the folder in -Dscreenshots=DIR, e.g.
 * docs/screenshots, to refresh the README's).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebViewBrowserTest {
    static final String XSS_NAME = "<img src=x onerror=alert(1)>";
    static final Path SHOTS = Path.of(System.getProperty("screenshots", "target/screenshots"));

    @TempDir
    static Path dir;
    TestService svc;
    Browser b;

    @BeforeAll
    void start() throws Exception {
        b = Browser.start();
        svc = TestService.start(dir);
        for (String sc : List.of("01-host-kill-chain", "06-two-tenants-same-host-names")) {
            for (Path f : TestService.alertFiles(TestService.SCENARIOS.resolve(sc))) svc.postFile(f, TestService.ADMIN);
        }
        svc.settle();
    }

    @AfterAll
    void stop() {
        if (b != null) b.close();
        if (svc != null) svc.close();
    }

    String url(String path) {
        return svc.base().resolve(path).toString();
    }

    JsonNode api(String path, String token) throws Exception {
        TestService.Response r = svc.get(path, token);
        assertEquals(200, r.status(), path + ": " + r);
        return r.json();
    }

    String incidentWith(String alertId) throws Exception {
        for (JsonNode i : api("/api/incidents?limit=1000", TestService.ADMIN).path("items")) {
            for (JsonNode a : i.path("alertIds")) if (a.asText().equals(alertId)) return i.path("id").asText();
        }
        throw new AssertionError("no incident holds " + alertId);
    }

    void signIn(String token) {
        b.driver.get(url("/"));
        b.js("sessionStorage.clear();");
        b.driver.navigate().refresh();
        WebElement input = b.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        input.sendKeys(token);
        b.driver.findElement(By.id("signin-button")).click();
        b.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("nav-queue")));
    }

    List<WebElement> queueRows() {
        return b.driver.findElements(By.cssSelector("#queue tr.incident-row"));
    }

    void awaitQueue() {
        b.wait.until(d -> d.findElements(By.cssSelector(".queue-count")).size() > 0
                || d.findElements(By.cssSelector("#queue-box .empty")).size() > 0);
    }

    @Test
    @Order(1)
    void everyPageOfTheViewComesFromTheJarWithAStrictPolicy() throws Exception {
        for (String path : List.of("/", "/web/app.js", "/web/render.js", "/web/style.css")) {
            TestService.Response r = svc.get(path, null);
            assertEquals(200, r.status(), path);
            String csp = r.headers().first("Content-Security-Policy").orElseThrow();
            assertTrue(csp.contains("script-src 'self'") && csp.contains("default-src 'none'"), csp);
            assertFalse(csp.contains("unsafe"), csp);
        }
        assertFalse(svc.get("/", null).body().matches("(?s).*(https?:)?//[a-z].*"), "no external address in the page");
        assertEquals(404, svc.get("/web/..%2Fopenapi.yaml", null).status());
        assertEquals(404, svc.get("/web/secret.properties", null).status());
    }

    @Test
    @Order(2)
    void aBadTokenIsRefusedAndTheQueueShowsTheIncidents() throws Exception {
        b.driver.get(url("/"));
        WebElement input = b.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        input.sendKeys("not-a-token");
        b.driver.findElement(By.id("signin-button")).click();
        b.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("signin-status"), "invalid token"));
        assertEquals(null, b.js("return sessionStorage.getItem('alertcorrelator.token');"));
        assertFalse(b.driver.getCurrentUrl().contains("not-a-token"));

        signIn(TestService.ANALYST);
        awaitQueue();
        JsonNode all = api("/api/incidents", TestService.ANALYST);
        assertEquals(3, all.path("total").asInt(), "scenario 01 gives one incident, 06 two");
        Set<String> shown = new TreeSet<>();
        for (WebElement row : queueRows()) shown.add(row.getDomAttribute("data-incident-id"));
        Set<String> expected = new TreeSet<>();
        for (JsonNode i : all.path("items")) expected.add(i.path("id").asText());
        assertEquals(expected, shown);
        assertFalse(b.driver.getCurrentUrl().contains(TestService.ANALYST), "the token is never in a URL");
        assertEquals(TestService.ANALYST, b.js("return sessionStorage.getItem('alertcorrelator.token');"));
        assertEquals(null, b.js("return localStorage.getItem('alertcorrelator.token');"), "session only");
    }

    @Test
    @Order(3)
    void theSeverityFilterAsksTheServer() throws Exception {
        // Post an incident of Medium severity first: the three so far are all High.
        svc.post("/api/alerts", TestService.ADMIN, "application/json", markupAlerts());
        svc.settle();
        // The queue refreshes by itself: the new incident appears without reloading the page.
        b.wait.until(d -> queueRows().size() == 4);
        new Select(b.driver.findElement(By.id("filter-severity"))).selectByValue("High");
        b.driver.findElement(By.id("apply-filters")).click();
        b.wait.until(d -> d.getCurrentUrl().contains("severity=High"));
        int high = api("/api/incidents?severity=High", TestService.ANALYST).path("total").asInt();
        b.wait.until(d -> queueRows().size() == high);
        for (WebElement row : queueRows()) assertEquals("High", row.getDomAttribute("data-severity"));
        assertEquals(3, queueRows().size());
        b.driver.findElement(By.id("clear-filters")).click();
        b.wait.until(d -> queueRows().size() == 4);
        assertTrue((Long) b.js("return document.querySelectorAll('#queue tr').length;") >= 4);
        b.screenshot(SHOTS.resolve("queue.png"), 1000);
    }

    @Test
    @Order(4)
    void theKeyboardMovesThroughTheQueueAndOpensAnIncident() {
        b.driver.findElement(By.tagName("body")).click();
        b.driver.switchTo().activeElement().sendKeys("j");
        WebElement focused = b.driver.switchTo().activeElement();
        assertEquals("incident-link", focused.getDomAttribute("class"));
        String id = focused.getDomAttribute("data-incident-id");
        focused.sendKeys(Keys.ENTER);
        b.wait.until(d -> d.getCurrentUrl().contains("#/incident/" + id));
        b.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".incident-title")));
    }

    @Test
    @Order(5)
    void theIncidentPageDrawsEveryAlertInItsStageAndTheEntitiesThatLinkedThem() throws Exception {
        String id = incidentWith("kc-1");
        b.driver.get(url("/#/incident/" + id));
        b.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".timeline-svg .mark")));
        // One mark per alert, in the lane of the tactic the fixture gives it.
        Map<String, String> lanes = Map.of("kc-1", "InitialAccess", "kc-2", "Execution", "kc-3", "DefenseEvasion",
                "kc-4", "CredentialAccess", "kc-5", "CommandAndControl");
        List<WebElement> marks = b.driver.findElements(By.cssSelector(".timeline-svg circle.mark"));
        assertEquals(5, marks.size());
        for (WebElement m : marks) assertEquals(lanes.get(m.getDomAttribute("data-alert-id")), m.getDomAttribute("data-lane"));
        // Lanes in kill-chain order, top to bottom.
        List<String> laneLabels = b.driver.findElements(By.cssSelector(".timeline-svg .lane-label")).stream().map(WebElement::getText).toList();
        assertEquals(List.of("InitialAccess", "Execution", "DefenseEvasion", "CredentialAccess", "CommandAndControl"), laneLabels);
        // The graph: every alert, and each entity of the reasons, once; one edge per alert and entity it linked by.
        JsonNode inc = api("/api/incidents/" + id, TestService.ANALYST);
        Set<String> entities = new HashSet<>();
        Set<String> edges = new HashSet<>();
        for (JsonNode r : inc.path("reasons")) {
            String e = r.path("entity").path("type").asText() + ":" + r.path("entity").path("key").asText();
            entities.add(e);
            edges.add(r.path("earlierAlertId").asText() + " " + e);
            edges.add(r.path("laterAlertId").asText() + " " + e);
        }
        assertFalse(entities.isEmpty());
        assertEquals(5, b.driver.findElements(By.cssSelector(".graph-svg .alert-node")).size());
        Set<String> drawnEntities = new HashSet<>();
        for (WebElement n : b.driver.findElements(By.cssSelector(".graph-svg .entity-node"))) drawnEntities.add(n.getDomAttribute("data-entity"));
        assertEquals(entities, drawnEntities);
        Set<String> drawnEdges = new HashSet<>();
        for (WebElement e : b.driver.findElements(By.cssSelector(".graph-svg line.edge"))) {
            drawnEdges.add(e.getDomAttribute("data-alert-id") + " " + e.getDomAttribute("data-entity"));
        }
        assertEquals(edges, drawnEdges);
        // Alert list, reasons, history.
        assertEquals(5, b.driver.findElements(By.cssSelector(".alert-list .alert-item")).size());
        assertEquals(inc.path("reasons").size(), b.driver.findElements(By.cssSelector("table.reasons tbody tr")).size());
        assertTrue(b.driver.findElement(By.cssSelector(".incident-title")).getText().startsWith("Kill chain on host"));
        // Zooming in draws fewer marks, the whole incident all of them again.
        b.driver.findElement(By.cssSelector(".zoom-in")).click();
        b.driver.findElement(By.cssSelector(".zoom-in")).click();
        assertTrue(b.driver.findElements(By.cssSelector(".timeline-svg circle.mark")).size() < 5);
        b.driver.findElement(By.cssSelector(".zoom-reset")).click();
        assertEquals(5, b.driver.findElements(By.cssSelector(".timeline-svg circle.mark")).size());
        // A mark opens its alert from the keyboard.
        WebElement first = b.driver.findElement(By.cssSelector(".timeline-svg circle.mark[data-alert-id='kc-4']"));
        b.js("arguments[0].focus();", first);
        b.driver.switchTo().activeElement().sendKeys(Keys.ENTER);
        assertEquals("kc-4", b.driver.switchTo().activeElement().getDomAttribute("data-alert-id"));
        b.js("window.scrollTo(0, 0);");
        b.screenshot(SHOTS.resolve("incident.png"), 2400);
        // Readable contrast: every text element of the page against its background, at least 4.5:1 (WCAG AA).
        Map<?, ?> contrast = (Map<?, ?>) b.js(CONTRAST);
        assertEquals(List.of(), contrast.get("low"), "texts below 4.5:1");
        assertTrue(((Number) contrast.get("checked")).intValue() > 50, "texts checked: " + contrast.get("checked"));
    }

    /** The texts whose colour has a contrast below 4.5:1 with the first opaque background behind them, and how many were checked. */
    static final String CONTRAST = """
            function rgb(c) { var m = c.match(/[\\d.]+/g).map(Number); return {r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1}; }
            function lum(c) { return [c.r, c.g, c.b].map(function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
                .reduce(function (s, v, i) { return s + v * [0.2126, 0.7152, 0.0722][i]; }, 0); }
            function bg(e) { for (; e && e.nodeType === 1; e = e.parentNode) { var c = rgb(getComputedStyle(e).backgroundColor); if (c.a > 0.5) return c; } return {r: 255, g: 255, b: 255}; }
            var low = [], checked = 0;
            document.querySelectorAll('main *').forEach(function (e) {
                if (e.namespaceURI !== 'http://www.w3.org/1999/xhtml' || !e.childNodes.length) return;
                var own = Array.prototype.some.call(e.childNodes, function (n) { return n.nodeType === 3 && n.textContent.trim(); });
                if (!own || !e.getClientRects().length) return;
                var a = lum(rgb(getComputedStyle(e).color)), b = lum(bg(e));
                var ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
                checked++;
                if (ratio < 4.5) low.push(e.tagName + '.' + e.className + ' ' + e.textContent.slice(0, 30) + ' ' + ratio.toFixed(2));
            });
            return {low: low, checked: checked};
            """;

    @Test
    @Order(6)
    void statusAndOwnerPersistAcrossAReloadAndAStaleEditIsAConflict() throws Exception {
        String id = incidentWith("kc-1");
        b.driver.get(url("/#/incident/" + id));
        b.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("actions")));
        new Select(b.driver.findElement(By.id("action-status"))).selectByValue("Active");
        WebElement owner = b.driver.findElement(By.id("action-owner"));
        owner.clear();
        owner.sendKeys("alice");
        b.driver.findElement(By.id("action-comment")).sendKeys("looking at web01");
        b.driver.findElement(By.id("save-actions")).click();
        b.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-result"), "Saved"));
        b.driver.navigate().refresh();
        b.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("actions")));
        assertEquals("Active", new Select(b.driver.findElement(By.id("action-status"))).getFirstSelectedOption().getDomAttribute("value"));
        assertEquals("alice", b.driver.findElement(By.id("action-owner")).getDomProperty("value"));
        assertTrue(b.driver.findElement(By.cssSelector(".badge.owner")).getText().contains("alice"));
        assertTrue(b.driver.findElement(By.cssSelector("table.history")).getText().contains("looking at web01"));
        JsonNode stored = api("/api/incidents/" + id, TestService.ADMIN);
        assertEquals("Active", stored.path("status").asText());
        assertEquals("alice", stored.path("owner").asText());

        // Someone else changes it while the page is open: the page's edit is refused, shown, and kept.
        TestService.Response other = svc.patch("/api/incidents/" + id, TestService.ADMIN, "{\"owner\":\"bob\"}");
        assertEquals(200, other.status(), other.toString());
        new Select(b.driver.findElement(By.id("action-status"))).selectByValue("Closed");
        b.driver.findElement(By.id("save-actions")).click();
        WebElement conflict = b.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("conflict")));
        assertTrue(conflict.getText().contains("Conflict"), conflict.getText());
        assertEquals("Active", api("/api/incidents/" + id, TestService.ADMIN).path("status").asText(), "the stale edit was not applied");
        b.driver.findElement(By.id("reload-keep")).click();
        b.wait.until(d -> d.findElement(By.cssSelector(".badge.owner")).getText().contains("bob"));
        assertEquals("Closed", new Select(b.driver.findElement(By.id("action-status"))).getFirstSelectedOption().getDomAttribute("value"),
                "the analyst's edit is still in the form");
        b.driver.findElement(By.id("save-actions")).click();
        b.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-result"), "Saved"));
        assertEquals("Closed", api("/api/incidents/" + id, TestService.ADMIN).path("status").asText());
    }

    @Test
    @Order(7)
    void alertTextIsShownAsTextNeverAsMarkup() throws Exception {
        String id = incidentWith("xss-1");
        b.driver.get(url("/#/incident/" + id));
        b.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".alert-name")));
        List<String> names = b.driver.findElements(By.cssSelector(".alert-name")).stream().map(WebElement::getText).toList();
        assertTrue(names.contains(XSS_NAME), names.toString());
        assertTrue(b.driver.findElement(By.cssSelector(".alert-list")).getText().contains("<script>document.title='owned'</script>"));
        assertEquals(0, b.driver.findElements(By.cssSelector("main img, main script")).size(), "no element made from alert text");
        assertFalse(b.driver.getTitle().contains("owned"));
        try {
            b.driver.switchTo().alert();
            throw new AssertionError("a script from an alert ran");
        } catch (NoAlertPresentException expected) {
            // nothing ran
        }
        assertEquals(List.of(), b.severeConsole(), "no script error and no CSP violation");
        // The policy is in force: a script element put into the page does not run, and the browser says why.
        assertEquals(null, b.js("var s = document.createElement('script'); s.textContent = 'window.injected = 1';"
                + "document.body.appendChild(s); return window.injected === undefined ? null : window.injected;"));
        List<String> refused = b.severeConsole();
        assertTrue(refused.stream().anyMatch(m -> m.contains("Content Security Policy")), refused.toString());
    }

    @Test
    @Order(8)
    void aTenantScopedTokenSeesNoOtherTenant() throws Exception {
        signIn(TestService.CONTOSO_ANALYST);
        awaitQueue();
        List<WebElement> rows = queueRows();
        assertFalse(rows.isEmpty());
        for (WebElement row : rows) assertEquals(TestService.CONTOSO, row.findElement(By.cssSelector(".col-tenant")).getText());
        assertEquals(api("/api/incidents", TestService.CONTOSO_ANALYST).path("total").asInt(), rows.size());
        String fabrikam = incidentWith("tn-b1");
        b.driver.get(url("/#/incident/" + fabrikam));
        WebElement err = b.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#incident-box .message.error")));
        assertTrue(err.getText().contains("no incident"), err.getText()); // exactly as for a missing id
        assertEquals(0, b.driver.findElements(By.cssSelector(".incident-title")).size());
    }

    @Test
    @Order(9)
    void theRulesPageShowsTheVersionAndReloads() throws Exception {
        signIn(TestService.ADMIN);
        b.driver.get(url("/#/rules"));
        WebElement version = b.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("rules-version")));
        assertEquals(api("/api/rules", TestService.ADMIN).path("version").asText(), version.getText());
        assertTrue(b.driver.findElements(By.cssSelector("table.files tbody tr")).size() >= 8);
        b.driver.findElement(By.id("reload-rules")).click();
        b.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("reload-status"), "unchanged"));
        b.driver.findElement(By.id("sign-out")).click();
        b.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        assertEquals(null, b.js("return sessionStorage.getItem('alertcorrelator.token');"));
    }

    @Test
    @Order(10)
    void theReplayReportShowsTheDemoLikeTheView() throws Exception {
        Path html = dir.resolve("demo.html");
        Path json = dir.resolve("demo.json");
        int code = org.alertcorrelator.cli.Main.execute(
                "replay", "--html", html.toString(), "--out", json.toString(), "fixtures/demo");
        assertEquals(0, code);
        JsonNode incidents = org.alertcorrelator.service.Json.parse(Files.readString(json));
        String page = Files.readString(html);
        assertFalse(page.matches("(?s).*(src|href)=\"?(https?:)?//.*"), "no external request");
        b.driver.get(html.toUri().toString());
        b.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".report-incident")));
        assertEquals("34", b.driver.findElement(By.cssSelector(".alerts-read")).getText());
        assertEquals(String.valueOf(incidents.size()), b.driver.findElement(By.cssSelector(".incident-count")).getText());
        List<WebElement> items = b.driver.findElements(By.cssSelector(".report-incident"));
        assertEquals(incidents.size(), items.size());
        for (int n = 0; n < items.size(); n++) {
            WebElement item = items.get(n);
            JsonNode inc = incidents.get(n);
            item.findElement(By.tagName("summary")).click();
            b.wait.until(d -> item.findElements(By.cssSelector(".timeline-svg circle.mark")).size() > 0);
            assertEquals(inc.path("alertCount").asInt(), item.findElements(By.cssSelector(".timeline-svg circle.mark")).size());
            assertEquals(inc.path("alertCount").asInt(), item.findElements(By.cssSelector(".graph-svg .alert-node")).size());
            assertEquals(inc.path("title").asText(), item.findElement(By.cssSelector(".incident-title")).getText());
            Set<String> lanes = new TreeSet<>();
            for (WebElement m : item.findElements(By.cssSelector(".timeline-svg circle.mark"))) lanes.add(m.getDomAttribute("data-lane"));
            Set<String> tactics = new TreeSet<>();
            inc.path("tactics").forEach(t -> tactics.add(t.asText()));
            assertTrue(tactics.containsAll(lanes) || lanes.contains("no tactic"), lanes + " within " + tactics);
        }
        assertEquals(List.of(), b.severeConsole(), "the report runs under its own policy without an error");
        items.get(1).findElement(By.tagName("summary")).click();
        items.get(2).findElement(By.tagName("summary")).click();
        b.js("window.scrollTo(0, 0);");
        b.screenshot(SHOTS.resolve("report.png"), 2000);
    }

    @Test
    @Order(11)
    void aFailingScenarioGetsAPageWithExpectedBesideRaised() throws Exception {
        Path sc = dir.resolve("scenarios/01-wrong");
        Files.createDirectories(sc);
        Path from = TestService.SCENARIOS.resolve("01-host-kill-chain");
        Files.copy(from.resolve("alerts.json"), sc.resolve("alerts.json"));
        Files.writeString(sc.resolve("expected.json"), "{\"description\": \"expects too little\", \"incidents\": [{\"alertIds\": [\"kc-1\", \"kc-2\"]}]}");
        Path out = dir.resolve("reports");
        int code = org.alertcorrelator.cli.Main.execute(
                "test", "--html", out.toString(), sc.toString(), from.toString());
        assertEquals(1, code);
        assertFalse(Files.exists(out.resolve("01-host-kill-chain.html")), "a passing scenario gets no page");
        b.driver.get(out.resolve("01-wrong.html").toUri().toString());
        b.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".side-by-side")));
        assertEquals(1, b.driver.findElements(By.cssSelector(".expected .expected-incident")).size());
        assertTrue(b.driver.findElement(By.cssSelector(".expected")).getText().contains("kc-1, kc-2"));
        assertEquals(1, b.driver.findElements(By.cssSelector(".raised .report-incident")).size());
        assertFalse(b.driver.findElements(By.cssSelector(".differences li")).isEmpty());
        // A scenario's raised incidents are few: they are drawn open.
        b.wait.until(d -> d.findElements(By.cssSelector(".raised .timeline-svg circle.mark")).size() == 5);
    }

    /** The command line as the record wrote it (its case, markup in it as text) and Graph's verdict and remediation. */
    @Test
    @Order(12)
    void entitiesShowTheirValueAsWrittenWithVerdictAndRemediation() throws Exception {
        TestService.Response r = svc.post("/api/alerts", TestService.ADMIN, "application/json", graphAlertsWithEvidence());
        assertEquals(202, r.status(), r.toString());
        svc.settle();
        signIn(TestService.ADMIN);
        String id = incidentWith("gx-1");
        JsonNode inc = api("/api/incidents/" + id, TestService.ADMIN);
        JsonNode process = null;
        for (JsonNode e : inc.path("entities")) if (e.path("type").asText().equals("process")) process = e;
        assertTrue(process != null, inc.path("entities").toString());
        assertEquals(COMMAND_LINE, process.path("value").asText(), "the incident JSON has the command line as written");
        b.driver.get(url("/#/incident/" + id));
        b.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".alert-list .entity-item")));
        String key = "process:" + process.path("key").asText();
        List<WebElement> items = b.driver.findElements(By.cssSelector(".alert-list .entity-item")).stream()
                .filter(e -> key.equals(e.getDomAttribute("data-entity"))).toList();
        assertEquals(2, items.size(), "the process of each of the two alerts");
        for (WebElement item : items) {
            assertEquals("process: " + COMMAND_LINE, item.findElement(By.tagName("code")).getText(), "as written, not the lower-case key");
            assertEquals("verdict: malicious", item.findElement(By.cssSelector(".entity-verdict")).getText());
            assertEquals("remediation: prevented", item.findElement(By.cssSelector(".entity-remediation")).getText());
        }
        assertEquals(0, b.driver.findElements(By.cssSelector("main .alert-list b, main img, main script")).size(),
                "markup in a command line is text");
        assertEquals(List.of(), b.severeConsole(), "no script error and no CSP violation");
    }

    static final String COMMAND_LINE = "PowerShell.exe -NoP -Enc SQBFAFgA <b>Bold</b>";

    /** Two Graph alerts on one device, each with the same process evidence (a Medium shared-context incident). */
    static String graphAlertsWithEvidence() {
        String tpl = """
                {"@odata.type": "#microsoft.graph.security.alert", "id": "%1$s", "tenantId": "3f2b8c1e-5d4a-4e6b-9c7d-1a2b3c4d5e01",
                 "severity": "medium", "status": "new", "category": "%2$s", "title": "Graph alert %1$s", "detectorId": "det-%1$s",
                 "serviceSource": "microsoftDefenderForEndpoint", "createdDateTime": "%3$s", "firstActivityDateTime": "%3$s",
                 "lastActivityDateTime": "%3$s",
                 "evidence": [
                   {"@odata.type": "#microsoft.graph.security.deviceEvidence", "deviceDnsName": "gx-host.contoso.com",
                    "verdict": "suspicious", "remediationStatus": "none"},
                   {"@odata.type": "#microsoft.graph.security.processEvidence", "processCommandLine": %4$s,
                    "verdict": "malicious", "remediationStatus": "prevented"}]}""";
        String cmd = org.alertcorrelator.service.Json.MAPPER.getNodeFactory().textNode(COMMAND_LINE).toString();
        return "[" + String.format(tpl, "gx-1", "Execution", "2024-03-07T10:00:00Z", cmd) + ","
                + String.format(tpl, "gx-2", "Persistence", "2024-03-07T10:30:00Z", cmd) + "]";
    }

    /** Two alerts of one host whose texts are markup: a Medium kill chain (Execution, then Persistence). */
    static String markupAlerts() {
        String tpl = """
                {"id": "/subscriptions/b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d51/providers/Microsoft.Security/locations/westeurope/alerts/%1$s",
                 "name": "%1$s", "type": "Microsoft.Security/Locations/alerts",
                 "properties": {"status": "Active", "alertDisplayName": "%2$s", "alertType": "Custom_%1$s",
                   "compromisedEntity": "xss-host", "description": "<script>document.title='owned'</script>",
                   "severity": "Medium", "intent": "%3$s", "startTimeUtc": "%4$s", "endTimeUtc": "%4$s",
                   "timeGeneratedUtc": "%4$s", "systemAlertId": "%1$s", "productName": "<b>bold</b>",
                   "resourceIdentifiers": [{"type": "AAD", "aadTenantId": "3f2b8c1e-5d4a-4e6b-9c7d-1a2b3c4d5e01"}],
                   "entities": [{"$id": "1", "hostName": "xss-host", "dnsDomain": "contoso.com", "type": "host"}]}}""";
        return "[" + String.format(tpl, "xss-1", XSS_NAME, "Execution", "2024-03-06T10:00:00Z") + ","
                + String.format(tpl, "xss-2", "\\\"quoted\\\" & <b>bold</b>", "Persistence", "2024-03-06T11:00:00Z") + "]";
    }
}
