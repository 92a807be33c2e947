package org.alertcorrelator.it;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/alert-correlator}, the launcher the README uses: the same program and output as {@code java -jar},
 * its class-data archive written by the first run and mapped by the next, and a broken archive costing nothing
 * but the archive. The jar is copied into a temporary folder so that the archive goes there, not into target/.
 */
class LauncherIT {
    static final Path LAUNCHER = Path.of("bin", "alert-correlator").toAbsolutePath();
    static final Path DEMO = Path.of("fixtures", "demo").toAbsolutePath();

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    Run run(List<String> cmd, Map<String, String> env) throws IOException, InterruptedException {
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder b = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        b.environment().put("JAVA_HOME", System.getProperty("java.home"));
        b.environment().putAll(env);
        Process p = b.start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "finished in time");
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    Run launcher(Path jar, String... extraOpts) throws IOException, InterruptedException {
        List<String> cmd = List.of(LAUNCHER.toString(), "replay", "--rules", JarIT.RULES.toString(), DEMO.toString());
        return run(cmd, extraOpts.length == 0 ? Map.of("ALERTCORRELATOR_JAR", jar.toString())
                : Map.of("ALERTCORRELATOR_JAR", jar.toString(), "ALERTCORRELATOR_JAVA_OPTS", String.join(" ", extraOpts)));
    }

    List<Path> archives() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().contains(".jsa")).toList();
        }
    }

    @Test
    void sameIncidentsAsJavaJarWithAnArchiveFromTheFirstRun() throws Exception {
        Path jar = Files.copy(JarIT.JAR, dir.resolve("alert-correlator.jar"));
        Run plain = run(new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                "replay", "--rules", JarIT.RULES.toString(), DEMO.toString())), Map.of());
        assertEquals(0, plain.exit(), plain.err());
        assertTrue(plain.out().contains("\"title\" : \"Kill chain on host"), plain.out());

        assertTrue(archives().isEmpty());
        Run first = launcher(jar);
        assertEquals(0, first.exit(), first.err());
        assertEquals(plain.out(), first.out(), "the launcher's incidents are java -jar's");
        List<Path> made = archives();
        assertEquals(1, made.size(), "one archive, no temporary file left: " + made);
        assertTrue(made.get(0).getFileName().toString().endsWith(".jsa"), made.toString());
        assertTrue(Files.size(made.get(0)) > 1_000_000, "the archive holds the loaded classes");

        // -Xshare:on makes the JVM fail when it cannot map the archive: the second run really uses it.
        Run second = launcher(jar, "-Xshare:on");
        assertEquals(0, second.exit(), second.err());
        assertEquals(plain.out(), second.out());

        // A broken archive (a disk error, a copy from another machine) is only ignored.
        Files.writeString(made.get(0), "not an archive");
        Run broken = launcher(jar);
        assertEquals(0, broken.exit(), broken.err());
        assertEquals(plain.out(), broken.out());
    }

    @Test
    void shortRunsUseTheQuickCompilerOnlyAndLargeInputsAndTheServiceBoth() throws Exception {
        Path big = dir.resolve("big.jsonl");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(300L << 20); // sparse: counted by its size, as du -b does
        }
        Path gz = dir.resolve("small.jsonl.gz");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(gz.toFile(), "rw")) {
            f.setLength(30L << 20); // a tenth of what it may hold
        }
        String quick = "-XX:TieredStopAtLevel=1";
        assertTrue(flags("check").contains(quick));
        assertTrue(flags("test").contains(quick));
        assertTrue(flags("replay", DEMO.toString()).contains(quick));
        assertTrue(flags("replay", "--out", big.toString(), DEMO.toString()).contains(quick), "an output file is no input");
        assertFalse(flags("replay", big.toString()).contains(quick));
        assertFalse(flags("replay", DEMO.toString(), gz.toString()).contains(quick));
        assertFalse(flags("patterns", "--out", "p.csv", big.toString()).contains(quick));
        assertFalse(flags("serve", "--config", "c.properties").contains(quick));
        assertTrue(flags("replay", DEMO.toString()).startsWith("-XX:+UseParallelGC -Xmx1g"));
    }

    private String flags(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        Run r = run(cmd, Map.of("ALERTCORRELATOR_JAR", JarIT.JAR.toString(), "ALERTCORRELATOR_PRINT_FLAGS", "1"));
        assertEquals(0, r.exit(), r.err());
        return r.out().trim();
    }

    @Test
    void noJarIsAClearError() throws Exception {
        Run r = run(List.of(LAUNCHER.toString(), "--version"), Map.of("ALERTCORRELATOR_JAR", dir.resolve("none.jar").toString()));
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("none.jar not found"), r.err());
        assertTrue(r.err().contains("mvn -q -DskipTests package"), r.err());
    }
}
