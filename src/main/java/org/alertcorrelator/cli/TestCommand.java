package org.alertcorrelator.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.alertcorrelator.engine.profile.RuleProfile;
import org.alertcorrelator.ingest.InputException;
import org.alertcorrelator.scenario.JUnitXml;
import org.alertcorrelator.scenario.ScenarioResult;
import org.alertcorrelator.scenario.ScenarioRunner;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Runs scenario folders: each holds alert files and expected.json (the incidents that must be",
                "raised, and no other). Prints PASS/FAIL per scenario with what differed. Exit code 1 on any failure."})
final class TestCommand implements Callable<Integer> {
    @Option(names = "--rules", defaultValue = "rules", paramLabel = "DIR", description = "Rules directory (default: ${DEFAULT-VALUE}).")
    Path rules;

    @Option(names = "--junit-xml", paramLabel = "FILE", description = "Also write the results as a JUnit XML report.")
    Path junitXml;

    @Option(names = "--overlay", paramLabel = "DIR",
            description = "Lay this folder's files over the rules for every scenario (a pack of example rules); repeatable, in order.")
    List<Path> overlays = new ArrayList<>();

    @Option(names = "--profile", description = "After the results, print what each rule cost over all scenarios: firings, time in its conditions and consequence, share.")
    boolean profile;

    @Option(names = "--html", paramLabel = "DIR",
            description = "Also write DIR/SCENARIO.html for each failing scenario: the expected and the raised incidents side by side.")
    Path html;

    @Parameters(arity = "0..*", paramLabel = "SCENARIO_DIR", description = "Scenario folders (default: every folder in fixtures/scenarios).")
    List<Path> scenarios = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        Path defaultDir = Path.of("fixtures", "scenarios");
        if (scenarios.isEmpty() && !Files.isDirectory(defaultDir)) {
            throw new InputException("no scenario folders: looked in " + defaultDir.toAbsolutePath()
                    + " (run test from the project root, or name the scenario folders)");
        }
        if (!Files.isDirectory(rules)) throw new InputException(rules.toAbsolutePath() + ": rules directory not found (--rules)");
        List<Path> dirs = scenarios.isEmpty() ? ScenarioRunner.scenariosIn(defaultDir) : scenarios;
        if (dirs.isEmpty()) throw new InputException("no scenario folders (folders with an expected.json) found in " + defaultDir.toAbsolutePath());
        ScenarioRunner runner = new ScenarioRunner(rules, overlays);
        List<ScenarioResult> results = new ArrayList<>();
        RuleProfile ruleProfile = profile ? RuleProfile.start() : null;
        for (Path dir : dirs) {
            ScenarioResult r = runner.run(dir);
            results.add(r);
            System.out.println((r.passed() ? "PASS " : "FAIL ") + r.scenario().name() + "  (" + r.millis() + " ms)");
            if (r.error() != null) System.out.println("     error: " + r.error().replace("\n", "\n     "));
            for (String d : r.differences()) System.out.println("     " + d);
            if (html != null && !r.passed()) writeHtml(runner, r);
        }
        long failed = results.stream().filter(r -> !r.passed()).count();
        RuleProfile.stop();
        System.out.println((results.size() - failed) + " passed, " + failed + " failed");
        if (ruleProfile != null) ruleProfile.print(System.out, 0);
        if (junitXml != null) {
            try (Writer w = Files.newBufferedWriter(junitXml, StandardCharsets.UTF_8)) {
                JUnitXml.write(results, w);
            }
        }
        return failed == 0 ? Main.OK : Main.RULES_OR_TEST_FAILED;
    }

    /** The failing scenario's page: what it expected beside what its rules raised. */
    private void writeHtml(ScenarioRunner runner, ScenarioResult r) throws IOException {
        Files.createDirectories(html);
        Path file = html.resolve(r.scenario().name() + ".html");
        ScenarioRunner.Raised raised;
        try {
            raised = runner.raise(r.scenario());
        } catch (RuntimeException e) {
            System.out.println("     no report: " + e.getMessage());
            return;
        }
        org.alertcorrelator.web.HtmlReport.writeScenario(file, r, raised.result(), raised.rules());
        System.out.println("     report: " + file);
    }
}
