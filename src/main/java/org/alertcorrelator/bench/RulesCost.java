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
 * child warms up on a small file, then times one replay (read, correlate, write the incidents). Prints each
 * round and the ratio of the best times.
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
        String[] loads = new String[rounds];
        for (int i = 0; i < rounds; i++) {
            baseRates[i] = run(base, alerts, warm, out.resolve("base.json"));
            otherRates[i] = run(other, alerts, warm, out.resolve("other.json"));
            loads[i] = Files.readString(Path.of("/proc/loadavg")).trim();
            System.out.printf(Locale.ROOT, "round %d: %s %,.0f alerts/s, %s %,.0f alerts/s (load %s)%n", i + 1, base,
                    baseRates[i], other, otherRates[i], loads[i]);
        }
        double bestBase = Arrays.stream(baseRates).max().orElse(0);
        double bestOther = Arrays.stream(otherRates).max().orElse(0);
        System.out.printf(Locale.ROOT, "best: %s %,.0f alerts/s, %s %,.0f alerts/s: ratio %.3f, throughput loss %.1f%%%n",
                base, bestBase, other, bestOther, bestOther / bestBase, 100 * (1 - bestOther / bestBase));
        for (Path p : List.of(out.resolve("base.json"), out.resolve("other.json"))) Files.deleteIfExists(p);
        Files.deleteIfExists(out);
    }

    private static double run(Path rules, Path alerts, Path warm, Path out) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JVM);
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
        return Double.parseDouble(result);
    }

    private static void child(Path rulesDir, Path alerts, Path warm, Path out) throws IOException {
        RuleSet rules = RuleSet.load(rulesDir);
        for (int i = 0; i < 3; i++) BenchChild.replay(rules, warm, out);
        long records = BenchChild.parseOnly(alerts);
        long t0 = System.nanoTime();
        List<Incident> incidents = BenchChild.replay(rules, alerts, out);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.err.println(incidents.size() + " incidents");
        System.out.println("RESULT " + (records / seconds));
        System.out.flush();
        System.exit(0);
    }
}
