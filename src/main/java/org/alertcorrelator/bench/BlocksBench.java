package org.alertcorrelator.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.alertcorrelator.generate.StreamGenerator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code bench --blocks DIR}: what rules laid over the rule set cost (the measure: ten correlation blocks,
 * {@code examples/rules/threshold-detections/rules}, at most 20% of the replay throughput). For each size, the
 * same generated stream is replayed end to end (read, correlate, write the incidents) with the rules alone and
 * with the rules plus DIR's files, in fresh child JVMs taken in turns (rules, rules + DIR, rules, ...) so that a
 * busy machine slows both alike; each child warms up on a 10k stream first ({@link RulesCost}'s child). Prints
 * each round, then per size the best of each: alerts per second of wall time and per second of the child's CPU
 * time, and the ratios.
 */
public final class BlocksBench {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final List<Integer> sizes;
    private final Path rules;
    private final Path overlay;
    private final long seed;
    private final List<String> jvmArgs;
    private final Path workDir;
    private final PrintStream log;
    /** Rounds per size (0: two up to 100k alerts, one above). */
    private int rounds;

    public BlocksBench(List<Integer> sizes, Path rules, Path overlay, long seed, List<String> jvmArgs, Path workDir, PrintStream log) {
        this.sizes = sizes;
        this.rules = rules;
        this.overlay = overlay;
        this.seed = seed;
        this.jvmArgs = jvmArgs;
        this.workDir = workDir;
        this.log = log;
    }

    /** Rounds of the comparison per size; 0 for the default (two up to 100k alerts, one above: a 1M round takes minutes). */
    public BlocksBench rounds(int n) {
        this.rounds = n;
        return this;
    }

    /** Measures every size; returns the figures (and writes them as JSON to {@code json} when given). */
    public ObjectNode run(Path json) throws IOException, InterruptedException {
        if (!Files.isDirectory(overlay)) throw new IOException("--blocks " + overlay + ": not a folder");
        Path work = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("alert-correlator-blocks-bench");
        ObjectNode root = JSON.createObjectNode();
        root.put("rules", rules.toString());
        root.put("overlay", overlay.toString());
        ArrayNode runs = root.putArray("runs");
        List<String> lines = new ArrayList<>();
        try {
            Path layered = work.resolve("rules-with-overlay");
            Files.createDirectories(layered);
            copyFiles(rules, layered);
            copyFiles(overlay, layered);
            Path warm = work.resolve("warm.jsonl");
            StreamGenerator.generate(StreamGenerator.Options.defaults(10_000, warm, work.resolve("warm-truth.csv")).withSeed(seed + 1000));
            List<Integer> sorted = new ArrayList<>(sizes);
            sorted.sort(null);
            for (int size : sorted) {
                Path file = work.resolve("stream-" + size + ".jsonl");
                log.printf(Locale.ROOT, "generating %,d alerts ...%n", size);
                StreamGenerator.generate(StreamGenerator.Options.defaults(size, file, work.resolve("truth-" + size + ".csv")).withSeed(seed));
                int rounds = this.rounds > 0 ? this.rounds : size <= 100_000 ? 2 : 1;
                double[] best = {0, 0, 0, 0}; // wall base, wall with, cpu base, cpu with
                ObjectNode run = runs.addObject();
                run.put("size", size);
                ArrayNode each = run.putArray("rounds");
                for (int i = 0; i < rounds; i++) {
                    double[] b = RulesCost.run(jvmArgs, rules, file, warm, work.resolve("incidents-base.json"));
                    double[] o = RulesCost.run(jvmArgs, layered, file, warm, work.resolve("incidents-overlay.json"));
                    ObjectNode r = each.addObject();
                    r.put("rulesPerSecond", b[0]);
                    r.put("rulesPerCpuSecond", b[1]);
                    r.put("withOverlayPerSecond", o[0]);
                    r.put("withOverlayPerCpuSecond", o[1]);
                    r.put("loadAverage", Files.readString(Path.of("/proc/loadavg")).trim());
                    log.printf(Locale.ROOT, "  %,d alerts, round %d: rules %,.0f alerts/s (%,.0f per CPU s), + %s %,.0f alerts/s (%,.0f per CPU s); load %s%n",
                            size, i + 1, b[0], b[1], overlay, o[0], o[1], r.get("loadAverage").asText());
                    best[0] = Math.max(best[0], b[0]);
                    best[1] = Math.max(best[1], o[0]);
                    best[2] = Math.max(best[2], b[1]);
                    best[3] = Math.max(best[3], o[1]);
                }
                run.put("rulesPerSecond", best[0]);
                run.put("withOverlayPerSecond", best[1]);
                run.put("wallRatio", best[1] / best[0]);
                run.put("rulesPerCpuSecond", best[2]);
                run.put("withOverlayPerCpuSecond", best[3]);
                run.put("cpuRatio", best[3] / best[2]);
                lines.add(String.format(Locale.ROOT, "| %,d | %,.0f | %,.0f | %.3f (%.1f%% loss) | %,.0f | %,.0f | %.3f (%.1f%% more CPU) |",
                        size, best[0], best[1], best[1] / best[0], 100 * (1 - best[1] / best[0]),
                        best[2], best[3], best[3] / best[2], 100 * (best[2] / best[3] - 1)));
                Files.deleteIfExists(file);
            }
        } finally {
            if (workDir == null) deleteTree(work);
        }
        log.println();
        log.println("replay with " + rules + " alone and with " + overlay + " laid over it (best of each, same run):");
        log.println("| alerts | alerts/s | alerts/s with overlay | ratio | per CPU s | per CPU s with overlay | ratio |");
        log.println("|---:|---:|---:|---:|---:|---:|---:|");
        lines.forEach(log::println);
        if (json != null) {
            if (json.toAbsolutePath().getParent() != null) Files.createDirectories(json.toAbsolutePath().getParent());
            JSON.writeValue(json.toFile(), root);
        }
        return root;
    }

    private static void copyFiles(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.list(from)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                Files.copy(f, to.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
