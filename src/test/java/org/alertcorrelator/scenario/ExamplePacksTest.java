package org.alertcorrelator.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.alertcorrelator.TestRules;
import org.alertcorrelator.ruleset.BuildProblem;
import org.alertcorrelator.ruleset.RuleSetBuilder;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example pack in examples/rules passes its own scenarios, its rules laid over the default rules, as
 * {@code test --overlay examples/rules/PACK/rules examples/rules/PACK/scenarios/*} runs them.
 */
class ExamplePacksTest {
    @TestFactory
    Stream<DynamicTest> everyPackPassesItsScenarios() throws IOException {
        List<Path> packs;
        try (Stream<Path> s = Files.list(Path.of("examples", "rules"))) {
            packs = s.filter(Files::isDirectory).sorted().toList();
        }
        assertTrue(packs.stream().filter(p -> Files.isDirectory(p.resolve("scenarios"))).count() >= 4, "at least four packs with scenarios: " + packs);
        return packs.stream().flatMap(pack -> {
            assertTrue(Files.isRegularFile(pack.resolve("README.md")), pack + ": README.md");
            ScenarioRunner runner = new ScenarioRunner(Path.of("rules"), List.of(pack.resolve("rules")));
            if (!Files.isDirectory(pack.resolve("scenarios"))) return Stream.empty();
            List<Path> scenarios = ScenarioRunner.scenariosIn(pack.resolve("scenarios"));
            assertTrue(scenarios.size() >= 2, pack + ": at least two scenarios");
            return scenarios.stream().map(dir -> DynamicTest.dynamicTest(pack.getFileName() + "/" + dir.getFileName(), () -> {
                ScenarioResult r = runner.run(dir);
                assertTrue(r.passed(), () -> dir + ": " + (r.error() != null ? r.error() : String.join("\n", r.differences())));
            }));
        });
    }

    @TempDir
    Path work;

    /**
     * A pack's README tells its reader to copy it over the default rules and run {@code check}: that prints no
     * warning (a rule on the windows of its blocks was once reported as matching a type nothing inserts).
     */
    @TestFactory
    Stream<DynamicTest> everyPackLaidOverTheDefaultRulesChecksWithoutAWarning() throws IOException {
        List<Path> packs;
        try (Stream<Path> s = Files.list(Path.of("examples", "rules"))) {
            packs = s.filter(p -> Files.isDirectory(p.resolve("rules"))).sorted().toList();
        }
        return packs.stream().map(pack -> DynamicTest.dynamicTest(pack.getFileName().toString(), () -> {
            // A pack's table (risk-scores.csv) replaces the default one, as copying the pack over rules/ does.
            Path dir = TestRules.layered(work.resolve(pack.getFileName().toString()), Path.of("rules"), pack.resolve("rules"));
            List<BuildProblem> problems = new RuleSetBuilder(dir).reportingDeprecatedSyntax().check();
            assertEquals(List.of(), problems, pack.toString());
        }));
    }
}
