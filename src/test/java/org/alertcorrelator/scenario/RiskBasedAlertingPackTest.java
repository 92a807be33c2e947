package org.alertcorrelator.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example pack examples/rules/risk-based-alerting, copied into the default rules as its README says, passes
 * its scenarios (Splunk's two default risk incident rules).
 */
class RiskBasedAlertingPackTest {
    private static final Path PACK = Path.of("examples", "rules", "risk-based-alerting");

    @TempDir
    static Path rules;

    @TestFactory
    Stream<DynamicTest> everyScenarioOfThePackPasses() throws IOException {
        for (Path dir : List.of(Path.of("rules"), PACK.resolve("rules"))) {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path f : s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".md")).toList()) {
                    Files.copy(f, rules.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        ScenarioRunner runner = new ScenarioRunner(rules);
        List<Path> dirs = ScenarioRunner.scenariosIn(PACK.resolve("scenarios"));
        assertEquals(4, dirs.size());
        return dirs.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
            ScenarioResult r = runner.run(dir);
            assertTrue(r.passed(), () -> dir + ": " + (r.error() != null ? r.error() : String.join("\n", r.differences())));
        }));
    }
}
