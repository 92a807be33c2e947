package org.alertcorrelator.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.alertcorrelator.model.Incident;
import org.alertcorrelator.ruleset.RuleSet;

/**
 * What rules added to a rule set cost: end-to-end replay throughput of one alert file with a base rules
 * directory and with another (e.g. the default rules plus ten correlation blocks), measured in the same run, in
 * fresh child JVMs taken in turns (base, other, base, other, ...) so that a busy machine slows both alike. Each
 * child warms up on a small file, then times one replay (read, correlate, write the incidents): wall time and the
 * CPU time of the whole process (all its threads: on a machine shared with other work, CPU time is what the
 * rules cost, wall time also counts the waits for a core). Prints each round and the ratios of the best figures.
 *
 * <pre>
 * java -cp target/alert-correlator.jar org.alertcorrelator.bench.RulesCost BASE_RULES OTHER_RULES ALERTS WARM_ALERTS [ROUNDS]
 * </pre>
 */
public final class RulesCost {
    private static final List<String> JVM = List.of("-Xms6g", "-Xmx6g", "-XX:+UseParallelGC");

    private RulesCost() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && args[0].equals("child")) {
            child(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]), Path.of(args[4]));
            return;
        }
        if (args.length < 4) {
            System.err.println("usage: RulesCost BASE_RULES OTHER_RULES ALERTS WARM_ALERTS [ROUNDS]");
            System.exit(2);
        }
        Path base = Path.of(args[0]);
        Path other = Path.of(args[1]);
        Path alerts = Path.of(args[2]);
        Path warm = Path.of(args[3]);
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        Path out = Files.createTempDirectory("rules-cost-");
        double[] baseRates = new double[rounds];
        double[] otherRates = new double[rounds];
        double[] baseCpuRates = new double[rounds];
        double[] otherCpuRates = new double[rounds];
        String[] loads = new String[rounds];
        for (int i = 0; i < rounds; i++) {
            double[] b = run(base, alerts, warm, out.resolve("base.json"));
            double[] o = run(other, alerts, warm, out.resolve("other.json"));
            baseRates[i] = b[0];
            baseCpuRates[i] = b[1];
            otherRates[i] = o[0];
            otherCpuRates[i] = o[1];
            loads[i] = Files.readString(Path.of("/proc/loadavg")).trim();
            System.out.printf(Locale.ROOT, "round %d: %s %,.0f alerts/s (%,.0f per CPU second), %s %,.0f alerts/s (%,.0f per CPU second); load %s%n",
                    i + 1, base, b[0], b[1], other, o[0], o[1], loads[i]);
        }
        double bestBaseCpu = Arrays.stream(baseCpuRates).max().orElse(0);
        double bestOtherCpu = Arrays.stream(otherCpuRates).max().orElse(0);
        System.out.printf(Locale.ROOT, "best per CPU second: %s %,.0f, %s %,.0f: ratio %.3f, cost %.1f%%%n",
                base, bestBaseCpu, other, bestOtherCpu, bestOtherCpu / bestBaseCpu, 100 * (1 - bestOtherCpu / bestBaseCpu));
        double bestBase = Arrays.stream(baseRates).max().orElse(0);
        double bestOther = Arrays.stream(otherRates).max().orElse(0);
        System.out.printf(Locale.ROOT, "best wall: %s %,.0f alerts/s, %s %,.0f alerts/s: ratio %.3f, throughput loss %.1f%%%n",
                base, bestBase, other, bestOther, bestOther / bestBase, 100 * (1 - bestOther / bestBase));
        for (Path p : List.of(out.resolve("base.json"), out.resolve("other.json"))) Files.deleteIfExists(p);
        Files.deleteIfExists(out);
    }

    /** @return alerts per second of wall time and per second of the process's CPU time */
    private static double[] run(Path rules, Path alerts, Path warm, Path out) throws IOException, InterruptedException {
        return run(JVM, rules, alerts, warm, out);
    }

    /** One child with these JVM flags: warms up on {@code warm}, then times one replay of {@code alerts}. */
    static double[] run(List<String> jvmArgs, Path rules, Path alerts, Path warm, Path out) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(RulesCost.class.getName());
        cmd.addAll(List.of("child", rules.toString(), alerts.toString(), warm.toString(), out.toString()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String result = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) if (line.startsWith("RESULT ")) result = line.substring(7);
        }
        if (p.waitFor() != 0 || result == null) throw new IOException("child for " + rules + " failed");
        String[] parts = result.split(" ");
        return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])};
    }

    private static void child(Path rulesDir, Path alerts, Path warm, Path out) throws IOException {
        RuleSet rules = RuleSet.load(rulesDir);
        for (int i = 0; i < 2; i++) BenchChild.replay(rules, warm, out);
        long records = BenchChild.parseOnly(alerts);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        List<Incident> incidents = BenchChild.replay(rules, alerts, out);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuSeconds = (os.getProcessCpuTime() - cpu0) / 1e9;
        System.err.println(incidents.size() + " incidents");
        System.out.println("RESULT " + (records / seconds) + " " + (records / cpuSeconds));
        System.out.flush();
        System.exit(0);
    }
}
