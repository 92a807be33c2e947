package org.alertcorrelator.scenario;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every scenario folder in fixtures/scenarios passes with the default rules. */
class ScenariosTest {
    private static final ScenarioRunner RUNNER = new ScenarioRunner(Path.of("rules"));

    @TestFactory
    Stream<DynamicTest> everyScenarioPasses() {
        List<Path> dirs = ScenarioRunner.scenariosIn(Path.of("fixtures", "scenarios"));
        assertTrue(dirs.size() >= 15, "at least 15 scenarios");
        return dirs.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
            ScenarioResult r = RUNNER.run(dir);
            assertTrue(r.passed(), () -> dir + ": " + (r.error() != null ? r.error() : String.join("\n", r.differences())));
        }));
    }

    @Test
    void theDemoStreamRaisesItsThreeAttacks() {
        ScenarioResult r = RUNNER.run(Path.of("fixtures", "demo"));
        assertTrue(r.passed(), () -> String.join("\n", r.differences()) + (r.error() == null ? "" : r.error()));
    }

    @Test
    void aWrongExpectationFailsWithAReadableDiff() {
        ScenarioResult r = RUNNER.run(Path.of("src/test/resources/scenarios/wrong-expectation"));
        assertTrue(!r.passed());
        String diff = String.join("\n", r.differences());
        assertTrue(diff.contains("missing: incident with alerts [kc-1, kc-2]"), diff);
        assertTrue(diff.contains("closest raised: [kc-1, kc-2, kc-3, kc-4, kc-5], with extra [kc-3, kc-4, kc-5]"), diff);
        assertTrue(diff.contains("unexpected: KillChain High incident with alerts [kc-1, kc-2, kc-3, kc-4, kc-5]"), diff);
    }
}
