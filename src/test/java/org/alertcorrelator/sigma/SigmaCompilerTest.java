package org.alertcorrelator.sigma;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sigma files: what is generated, and every error with its FILE:LINE and key. */
class SigmaCompilerTest {
    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private List<String> errors(String yml) throws IOException {
        Path f = file("r.yml", yml);
        return SigmaCompiler.compile(List.of(f)).errors().stream()
                .map(e -> e.toString().replace(f.toString(), "r.yml")).toList();
    }

    private static final String DETECTION = """
            ---
            title: Failed logon
            name: failed
            detection:
                selection:
                    AlertType: FailedLogon
                condition: selection
            """;

    @Test
    void anUnknownTypeIsReportedAtItsLine() throws IOException {
        List<String> e = errors("""
                title: x
                correlation:
                    type: event_sum
                    rules: [failed]
                    group-by: [Host]
                    timespan: 1h
                    condition: {gte: 3}
                """ + DETECTION);
        assertEquals(1, e.size(), e.toString());
        assertTrue(e.get(0).startsWith("r.yml:3: correlation.type: unknown type \"event_sum\""), e.get(0));
    }

    @Test
    void anUnknownReferencedRuleIsReportedAtItsLine() throws IOException {
        List<String> e = errors("""
                title: x
                correlation:
                    type: event_count
                    rules:
                        - failed
                        - no_such_rule
                    group-by: [Host]
                    timespan: 1h
                    condition: {gte: 3}
                """ + DETECTION);
        assertEquals(List.of("r.yml:6: correlation.rules: unknown rule \"no_such_rule\": no rule in the rules folder has this id or name"), e);
    }

    @Test
    void aValueTypeWithoutFieldIsAnError() throws IOException {
        List<String> e = errors("""
                title: x
                correlation:
                    type: value_count
                    rules: [failed]
                    group-by: [Host]
                    timespan: 1h
                    condition:
                        gte: 3
                """ + DETECTION);
        assertEquals(List.of("r.yml:7: correlation.condition.field: missing: value_count needs the field it counts or measures"), e);
    }

    @Test
    void anUnsupportedModifierIsReportedAtItsField() throws IOException {
        List<String> e = errors("""
                title: y
                detection:
                    selection:
                        AlertType: FailedLogon
                        AlertName|base64offset|contains: secret
                    condition: selection
                """);
        assertEquals(List.of("r.yml:5: detection.selection.AlertName|base64offset|contains: unsupported modifier \"base64offset\""), e);
    }

    @Test
    void otherMistakesNameTheirKeyToo() throws IOException {
        List<String> e = errors("""
                title: z
                detection:
                    selection:
                        Hostname: web01
                        IP|cidr: 10.0.0.0/33
                        AlertName|re: '(unclosed'
                    condition: selection and not filter
                """);
        assertEquals(3, e.size(), e.toString());
        assertTrue(e.get(0).startsWith("r.yml:4: detection.selection.Hostname: unknown alert field \"Hostname\""), e.get(0));
        assertTrue(e.get(1).startsWith("r.yml:5: detection.selection.IP|cidr: cidr: \"10.0.0.0/33\""), e.get(1));
        assertTrue(e.get(2).startsWith("r.yml:6: detection.selection.AlertName|re: bad regular expression"), e.get(2));
        List<String> c = errors("""
                title: z
                detection:
                    selection:
                        AlertType: X
                    condition: selection and not filter
                """);
        assertEquals(List.of("r.yml:5: detection.condition: no selection named \"filter\""), c);
        List<String> t = errors("""
                title: x
                correlation:
                    type: temporal
                    rules: [failed]
                    group-by: [Host]
                    timespan: 1 hour
                """ + DETECTION);
        assertEquals(1, t.size(), t.toString());
        assertTrue(t.get(0).startsWith("r.yml:6: correlation.timespan: timespan \"1 hour\""), t.get(0));
        List<String> y = errors("title: [unclosed\n");
        assertEquals(1, y.size());
        assertTrue(y.get(0).startsWith("r.yml:2: not valid YAML"), y.get(0));
        List<String> v1 = errors("""
                title: old style
                detection:
                    selection:
                        AlertType: X
                    timeframe: 10m
                    condition: selection | count() by Host > 5
                """);
        assertEquals(1, v1.size(), v1.toString());
        assertTrue(v1.get(0).startsWith("r.yml:5: detection.timeframe: unsupported"), v1.toString());
        List<String> pipe = errors("""
                title: old style
                detection:
                    selection:
                        AlertType: X
                    condition: selection | count() by Host > 5
                """);
        assertEquals(1, pipe.size(), pipe.toString());
        assertTrue(pipe.get(0).startsWith("r.yml:5: detection.condition: aggregations after |"), pipe.toString());
    }

    @Test
    void referencesWorkAcrossFilesAndCyclesAreRefused() throws IOException {
        Path a = file("a.yml", """
                title: counts
                name: counts
                correlation:
                    type: event_count
                    rules: [failed]
                    group-by: [Host]
                    timespan: 1h
                    condition: {gte: 3}
                """);
        Path b = file("b.yml", DETECTION.substring(4));
        SigmaCompiler.Result r = SigmaCompiler.compile(List.of(a, b));
        assertEquals(List.of(), r.errors());
        assertTrue(r.drl().get(b).contains("blocks.count( \"counts\", \"Host\", \"1h\" ).holdsWhen( \"count >= 3\" ).add( drools, $a, null, java.util.List.of( \"Host\" ) );"), r.drl().get(b));
        assertTrue(r.drl().get(a).contains("$w : CountWindow( name == \"counts\", conditionMet )"), r.drl().get(a));
        Path c = file("c.yml", """
                title: one
                name: one
                correlation: {type: temporal, rules: [two, failed], group-by: [Host], timespan: 1h}
                ---
                title: two
                name: two
                correlation: {type: temporal, rules: [one, failed], group-by: [Host], timespan: 1h}
                """);
        List<SigmaError> cyc = SigmaCompiler.compile(List.of(b, c)).errors();
        assertEquals(2, cyc.size(), cyc.toString());
        assertTrue(cyc.get(0).text().contains("cycle"), cyc.toString());
    }

    @Test
    void conditionsBecomeJavaExpressions() throws IOException {
        Path f = file("d.yml", """
                title: d
                name: d
                detection:
                    sel_a:
                        AlertName|contains: 'C:\\\\Windows\\\\*"quoted"'
                    sel_b:
                        - Tactics: Execution
                        - Tactics: Persistence
                    filter:
                        Severity: Informational
                    condition: (1 of sel_*) and not filter
                """);
        SigmaCompiler.Result r = SigmaCompiler.compile(List.of(f));
        assertEquals(List.of(), r.errors());
        String drl = r.drl().get(f);
        assertTrue(drl.contains("Arrival( $a : alert, ( ( SigmaMatch.test( alert, \"AlertName|contains\", \"C:\\\\\\\\Windows\\\\\\\\*\\\"quoted\\\"\" ) || "
                + "( SigmaMatch.test( alert, \"Tactics\", \"Execution\" ) || SigmaMatch.test( alert, \"Tactics\", \"Persistence\" ) ) ) ) && "
                + "!SigmaMatch.test( alert, \"Severity\", \"Informational\" ) )"), drl);
    }

    @Test
    void checkReportsSigmaErrorsAgainstTheYamlFile() throws IOException {
        try (java.util.stream.Stream<Path> s = Files.list(Path.of("rules"))) {
            for (Path f : s.toList()) Files.copy(f, dir.resolve(f.getFileName()));
        }
        Path bad = file("mr_bad.yml", """
                title: x
                correlation:
                    type: event_count
                    rules: [nothing_here]
                    group-by: [Host]
                    timespan: 1h
                    condition: {gte: 3}
                """);
        List<org.alertcorrelator.ruleset.BuildProblem> problems = new org.alertcorrelator.ruleset.RuleSetBuilder(dir).check();
        assertTrue(problems.stream().anyMatch(p -> p.isError() && p.file().equals(bad.toString()) && p.line() == 4
                && p.message().startsWith("correlation.rules: unknown rule \"nothing_here\"")), problems.toString());
    }
}
