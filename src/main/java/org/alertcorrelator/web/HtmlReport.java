package org.alertcorrelator.web;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.alertcorrelator.engine.Replay;
import org.alertcorrelator.export.IncidentJson;
import org.alertcorrelator.ingest.AlertReader;
import org.alertcorrelator.ingest.AlertRecord;
import org.alertcorrelator.ingest.Deduplicator;
import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.Incident;
import org.alertcorrelator.ruleset.RuleSet;
import org.alertcorrelator.scenario.ExpectedIncident;
import org.alertcorrelator.scenario.Scenario;
import org.alertcorrelator.scenario.ScenarioResult;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One self-contained HTML file (no external request) showing incidents as the web view does: the page holds the
 * data as JSON in a non-executable script block, {@code web/render.js} and {@code web/style.css} inline, and a
 * Content-Security-Policy that allows only those two by their hashes. The same inputs give the same bytes (no
 * timings, no wall-clock time), so two reports of two rule versions can be compared side by side or by diff.
 */
public final class HtmlReport {
    private HtmlReport() {
    }

    /** The {@code replay --html} report: summary and every incident with its alerts. */
    public static void writeReplay(Path file, String title, Replay.Result result, List<Path> inputs, RuleSet rules) {
        Map<String, Alert> alerts = alertsOf(result.incidents(), inputs);
        ObjectNode data = IncidentModel.MAPPER.createObjectNode();
        data.put("mode", "replay");
        data.put("title", title);
        data.put("subtitle", "Replay of " + inputs.size() + " input(s) with the rules in " + rules.directory().getFileName()
                + " (version " + rules.version() + ")");
        data.put("rulesVersion", rules.version());
        Replay.Summary s = result.summary();
        ObjectNode summary = data.putObject("summary");
        summary.put("alertsRead", s.recordsRead());
        summary.put("rejected", s.rejected());
        summary.put("duplicates", s.duplicates());
        summary.put("ruledOut", s.alertsRuledOut());
        summary.put("correlated", s.alertsCorrelated() - s.alertsRuledOut());
        summary.put("line", s.recordsRead() + " alerts read from " + s.files() + " file(s), " + s.rejected() + " rejected, "
                + s.duplicates() + " duplicates dropped, " + s.alertsRuledOut() + " ruled out, "
                + (s.alertsCorrelated() - s.alertsRuledOut()) + " correlated: " + s.incidents() + " incidents");
        Map<String, Integer> byKind = new TreeMap<>();
        Map<String, Integer> bySeverity = new TreeMap<>();
        for (Incident i : result.incidents()) {
            byKind.merge(i.kind(), 1, Integer::sum);
            bySeverity.merge(i.severity().label(), 1, Integer::sum);
        }
        byKind.forEach(summary.putObject("byKind")::put);
        bySeverity.forEach(summary.putObject("bySeverity")::put);
        common(data, rules);
        data.set("incidents", incidents(result.incidents(), alerts, rules));
        write(file, title, data);
    }

    /** The {@code test --html} page of one scenario: what it expected beside what the rules raised. */
    public static void writeScenario(Path file, ScenarioResult outcome, Replay.Result raised, RuleSet rules) {
        Scenario sc = outcome.scenario();
        String title = "Scenario " + sc.name() + (outcome.passed() ? ": PASS" : ": FAIL");
        ObjectNode data = IncidentModel.MAPPER.createObjectNode();
        data.put("mode", "scenario");
        data.put("title", title);
        data.put("subtitle", sc.dir().toString());
        data.put("description", sc.description());
        if (outcome.error() != null) data.put("error", outcome.error());
        outcome.differences().forEach(data.putArray("differences")::add);
        ArrayNode expected = data.putArray("expected");
        for (ExpectedIncident e : sc.expected()) {
            ObjectNode n = expected.addObject();
            e.alertIds().forEach(n.putArray("alertIds")::add);
            if (e.tactics() != null) e.tactics().forEach(n.putArray("tactics")::add);
            if (e.severity() != null) n.put("severity", e.severity());
            if (e.kind() != null) n.put("kind", e.kind());
        }
        common(data, rules);
        List<Incident> incidents = raised == null ? List.of() : raised.incidents();
        data.set("incidents", incidents(incidents, alertsOf(incidents, List.of(sc.dir())), rules));
        write(file, title, data);
    }

    private static void common(ObjectNode data, RuleSet rules) {
        data.set("killChain", IncidentModel.killChain(rules));
        data.set("strongTypes", IncidentModel.strongTypes(rules));
    }

    private static ArrayNode incidents(List<Incident> incidents, Map<String, Alert> alerts, RuleSet rules) {
        ArrayNode out = IncidentModel.MAPPER.createArrayNode();
        for (Incident i : incidents) {
            ObjectNode item = out.addObject();
            try {
                item.set("incident", IncidentModel.MAPPER.readTree(IncidentJson.toJson(i)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ArrayNode list = item.putArray("alerts");
            List<Alert> mine = new ArrayList<>();
            for (String id : i.alertIds()) {
                Alert a = alerts.get(id);
                if (a != null) mine.add(a);
            }
            mine.sort(Alert::byEventTimeThenId);
            for (Alert a : mine) list.add(IncidentModel.alert(a, rules));
        }
        return out;
    }

    /**
     * The alerts of the incidents, read again from the inputs as replay read them (the later record of an alert
     * wins), keeping only those in some incident.
     */
    static Map<String, Alert> alertsOf(List<Incident> incidents, List<Path> inputs) {
        Set<String> wanted = new HashSet<>();
        for (Incident i : incidents) wanted.addAll(i.alertIds());
        List<AlertRecord> records = new ArrayList<>();
        AlertReader reader = new AlertReader();
        for (Path f : Replay.expand(inputs)) {
            for (AlertRecord r : reader.read(f, false).records()) {
                if (wanted.contains(r.alert().getId())) records.add(r);
            }
        }
        Map<String, Alert> out = new HashMap<>();
        for (AlertRecord r : Deduplicator.latestById(records)) out.put(r.alert().getId(), r.alert());
        return out;
    }

    static void write(Path file, String title, ObjectNode data) {
        String script = WebAssets.text("render.js");
        String css = WebAssets.text("style.css");
        if (script.contains("</script") || css.contains("</style")) throw new IllegalStateException("web/ files must not end their own block");
        String csp = "default-src 'none'; script-src '" + sha256(script) + "'; style-src '" + sha256(css)
                + "'; img-src data:; base-uri 'none'; form-action 'none'";
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
            w.write("<meta http-equiv=\"Content-Security-Policy\" content=\"" + csp + "\">\n");
            w.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
            w.write("<meta name=\"generator\" content=\"alert-correlator\">\n");
            w.write("<title>" + escapeHtml(title) + "</title>\n<style>" + css + "</style>\n</head>\n<body>\n");
            w.write("<main id=\"report\"></main>\n");
            w.write("<script type=\"application/json\" id=\"report-data\">");
            w.write(scriptSafeJson(data));
            w.write("</script>\n<script>" + script + "</script>\n</body>\n</html>\n");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write the report: " + e.getMessage(), e);
        }
    }

    /** JSON that cannot end the script block it sits in: {@code <}, {@code >} and {@code &} written as escapes. */
    static String scriptSafeJson(ObjectNode data) {
        StringWriter w = new StringWriter(1 << 16);
        try (JsonGenerator g = IncidentModel.MAPPER.getFactory().createGenerator(w)) {
            g.setCharacterEscapes(new ScriptSafeEscapes());
            IncidentModel.MAPPER.writeTree(g, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static final class ScriptSafeEscapes extends CharacterEscapes {
        private final int[] escapes;

        ScriptSafeEscapes() {
            escapes = standardAsciiEscapesForJSON();
            escapes['<'] = ESCAPE_STANDARD;
            escapes['>'] = ESCAPE_STANDARD;
            escapes['&'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }

    private static String sha256(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
