package org.alertcorrelator.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The runs as users run them: ratios to the parse-only child of the same run, issue 13's targets from the
 * launcher's figures, a table of a run that measured only that part, and the peak RSS read from /proc.
 */
class UsersReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode figures(long wall, long cpu, long rss) {
        ObjectNode f = JSON.createObjectNode();
        f.put("wallMillis", wall);
        f.put("cpuMillis", cpu);
        f.put("maxRssBytes", rss);
        return f;
    }

    @Test
    void ratiosAndTargetsComeFromTheLauncherRunOfTheLargestStream() {
        ObjectNode root = JSON.createObjectNode();
        root.put("command", "alert-correlator bench --parts users");
        root.put("started", "2026-11-30T17:14:55Z");
        ObjectNode run = root.putArray("runs").addObject();
        run.put("size", 1_000_000);
        ObjectNode u = run.putObject("users");
        u.put("alerts", 1_000_000);
        u.put("parseMillis", 8_000.0);                                 // 125,000 alerts/s
        u.set("plain", figures(40_000, 60_000, 5_000L << 20));        // 25,000 alerts/s, 0.2 of parse-only
        u.set("launcher", figures(11_000, 20_000, 1_200L << 20));     // 90,909 alerts/s, 0.73 of parse-only
        u.put("sameOutput", true);
        ObjectNode demo = root.putObject("demo");
        demo.set("plain", figures(2_000, 3_000, 200L << 20));
        demo.set("launcher", figures(1_100, 1_500, 220L << 20));

        BenchRunner.derive(root);

        assertEquals(0.2, run.at("/derived/usersPlainToParse").asDouble(), 1e-9);
        assertEquals(1_000_000 / 11.0, run.at("/derived/usersLauncherPerSecond").asDouble(), 1e-6);
        var t = root.get("targets");
        assertFalse(t.get("bin/alert-correlator replay, alerts/s at 1000000").get("met").asBoolean());
        assertFalse(t.get("bin/alert-correlator replay / parse-only at 1000000").get("met").asBoolean());
        assertTrue(t.get("bin/alert-correlator replay, max RSS MiB at 1000000").get("met").asBoolean());
        assertEquals(1200, t.get("bin/alert-correlator replay, max RSS MiB at 1000000").get("value").asDouble(), 1e-9);
        assertTrue(t.get("bin/alert-correlator replay fixtures/demo, ms (JVM start included)").get("met").asBoolean());
        assertNull(t.get("pairwise F1 at 1000000"), "no quality target without the throughput part");

        String table = Report.table(root);
        assertTrue(table.contains("bin/alert-correlator: wall s, CPU s, max RSS MiB"), table);
        assertTrue(table.contains("11.0, 20.0, 1,200"), table);
        assertTrue(table.contains("25,000; 0.20"), table);
        assertFalse(table.contains("replay end-to-end, alerts/s"), "no warm-child rows: " + table);
        assertFalse(table.contains("retained heap"), table);
        String md = Report.markdown(withJvmArgs(root));
        assertTrue(md.contains("| bin/alert-correlator: same output as java -jar | yes |"), md);
    }

    private static ObjectNode withJvmArgs(ObjectNode root) {
        ObjectNode m = root.putObject("machine");
        m.put("nproc", 2);
        m.put("javaVersion", "17");
        root.putArray("jvmArgs").add("-Xmx1g");
        return root;
    }

    @Test
    void peakResidentSizeOfAJvmTheScriptStarts() throws Exception {
        // The JVM is the shell's child (the shell waits for it): the peak is read from the descendant's /proc. Its class
        // path is the test classes folder (surefire's java.class.path may be a manifest-only jar), its name quoted (the $).
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = Files.createTempFile("userrun", ".log");
        UserRun.Figures f = UserRun.run(List.of("bash", "-c", "'" + javaBin + "' -Xms256m -Xmx256m -XX:+AlwaysPreTouch -XX:+UseSerialGC "
                + "-cp '" + Path.of("target", "test-classes").toAbsolutePath() + "' '" + Sleeper.class.getName() + "' && echo done"), Path.of("."), log);
        assertEquals(0, f.exit(), Files.readString(log));
        assertTrue(Files.readString(log).contains("done"));
        assertTrue(f.maxRssBytes() >= 200L << 20, "the pre-touched heap counts: " + f.maxRssBytes());
        assertTrue(f.wallMillis() >= 500, "it waited for the exit: " + f.wallMillis());
        assertTrue(f.cpuMillis() > 0, "CPU time read: " + f.cpuMillis());
    }

    /** A JVM that stays alive long enough to be watched. */
    public static final class Sleeper {
        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(800);
        }
    }
}
