package org.alertcorrelator.it;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar, run as a user runs it: {@code java -jar target/alert-correlator.jar ...} from another
 * folder. Drools must start from the shaded jar (its META-INF/kie.conf files merged).
 */
class JarIT {
    static final Path JAR = Path.of("target", "alert-correlator.jar").toAbsolutePath();
    static final Path RULES = Path.of("rules").toAbsolutePath();
    static final Path SCENARIOS = Path.of("fixtures", "scenarios").toAbsolutePath();

    @TempDir
    Path workDir;

    record Run(int exit, String out, String err) {
    }

    Run run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        Path out = workDir.resolve("out.txt");
        Path err = workDir.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the jar finished in time");
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void replaysAScenarioFromAnyFolder() throws Exception {
        Run r = run("replay", "--rules", RULES.toString(), SCENARIOS.resolve("01-host-kill-chain").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("\"kind\" : \"KillChain\""), r.out());
        assertTrue(r.out().contains("\"severity\" : \"High\""), r.out());
        assertTrue(r.err().contains("1 incidents"), r.err());
    }

    @Test
    void runsTheScenarioSuite() throws Exception {
        List<String> args = new ArrayList<>(List.of("test", "--rules", RULES.toString()));
        try (Stream<Path> s = Files.list(SCENARIOS)) {
            s.sorted().forEach(p -> args.add(p.toString()));
        }
        Run r = run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains(" 0 failed"), r.out());
    }

    @Test
    void checkReportsABrokenRuleWithFileAndLine() throws Exception {
        Path rules = Files.createDirectories(workDir.resolve("my-rules"));
        try (Stream<Path> s = Files.list(RULES)) {
            for (Path f : s.toList()) Files.copy(f, rules.resolve(f.getFileName()));
        }
        Files.writeString(rules.resolve("70-new.drl"), "package alertcorrelator\n\nrule \"unfinished\"\nwhen\n    Alert( id == )\nthen\nend\n");
        Run r = run("check", "--rules", "my-rules");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("my-rules/70-new.drl:5:"), r.out());
    }

    @Test
    void helpAndUsageErrors() throws Exception {
        Run help = run("replay", "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("--strict"), help.out());
        Run missing = run("replay", "--rules", RULES.toString(), "nope.json");
        assertEquals(2, missing.exit());
        assertFalse(missing.err().contains("\tat "), "no stack trace: " + missing.err());
        Run bench = run("bench", "--sizes", "10"); // outside the project: no alert reference to generate from
        assertEquals(2, bench.exit(), bench.err());
        assertTrue(bench.err().contains("run it from the project folder"), bench.err());
        assertFalse(bench.err().contains("\tat "), "no stack trace: " + bench.err());
    }
}
