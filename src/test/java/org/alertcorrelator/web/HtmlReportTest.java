package org.alertcorrelator.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.alertcorrelator.engine.Replay;
import org.alertcorrelator.ruleset.RuleSet;
import org.alertcorrelator.service.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** The report's file itself (the browser test draws it): data that cannot escape, a policy that fits, same bytes. */
class HtmlReportTest {
    static final String BREAKOUT = "</script><script>alert(1)</script><!--";

    @Test
    void alertTextCannotEndTheDataBlockAndTheSameInputsGiveTheSameBytes(@TempDir Path dir) throws Exception {
        Path alerts = dir.resolve("alerts.json");
        Files.writeString(alerts, WebViewBrowserTest.markupAlerts().replace(WebViewBrowserTest.XSS_NAME, BREAKOUT));
        RuleSet rules = RuleSet.load(Path.of("rules"));
        Replay.Result result = Replay.run(rules, List.of(alerts), true);
        assertEquals(1, result.incidents().size());
        Path a = dir.resolve("a.html");
        Path b = dir.resolve("b.html");
        HtmlReport.writeReplay(a, "report <of> \"markup\"", result, List.of(alerts), rules);
        HtmlReport.writeReplay(b, "report <of> \"markup\"", Replay.run(rules, List.of(alerts), true), List.of(alerts), rules);
        String html = Files.readString(a);
        assertEquals(html, Files.readString(b), "no timing or clock in the report");

        // Our two script blocks end where we end them; the alert's "</script>" is inside the JSON as \u003C/script\u003E.
        assertEquals(2, count(html, "</script>"), "only the data block and the renderer close a script");
        assertFalse(html.contains(BREAKOUT));
        assertTrue(html.contains("<title>report &lt;of&gt; &quot;markup&quot;</title>"));
        Matcher data = Pattern.compile("(?s)<script type=\"application/json\" id=\"report-data\">(.*?)</script>").matcher(html);
        assertTrue(data.find());
        JsonNode model = Json.parse(data.group(1));
        JsonNode alertsOut = model.path("incidents").get(0).path("alerts");
        assertEquals(2, alertsOut.size());
        assertEquals(BREAKOUT, alertsOut.get(0).path("displayName").asText(), "the text comes back unchanged");
        assertEquals(List.of("Execution"), List.of(alertsOut.get(0).path("tactics").get(0).asText()));
        assertEquals(2, model.path("summary").path("alertsRead").asInt());

        // The policy allows exactly the inline script and style of the page, by hash, and nothing from elsewhere.
        Matcher csp = Pattern.compile("Content-Security-Policy\" content=\"([^\"]+)\"").matcher(html);
        assertTrue(csp.find());
        String policy = csp.group(1);
        assertTrue(policy.startsWith("default-src 'none'"), policy);
        Matcher script = Pattern.compile("(?s)<script>(.*?)</script>").matcher(html);
        assertTrue(script.find());
        assertTrue(policy.contains("script-src '" + sha256(script.group(1)) + "'"), policy);
        Matcher style = Pattern.compile("(?s)<style>(.*?)</style>").matcher(html);
        assertTrue(style.find());
        assertTrue(policy.contains("style-src '" + sha256(style.group(1)) + "'"), policy);
        assertFalse(policy.contains("unsafe"), policy);
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) n++;
        return n;
    }

    private static String sha256(String text) throws Exception {
        return "sha256-" + Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
