package org.alertcorrelator.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import org.alertcorrelator.bench.BenchRunner;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true, usageHelpWidth = 160,
        description = {"Benchmarks replay on generated streams (default 10k, 100k and 1M alerts): parse-only and end-to-end",
                "throughput, per-alert cost as the window fills, heap per live alert, rule build and hot reload, grouping",
                "quality against the generator's truth, and the Drools/reference speed ratio.",
                "Each measurement runs in a fresh child JVM with the flags of --jvm-args. The reference correlator is in",
                "the test classes: run with them on the class path for the ratio, after mvn -q -DskipTests package, e.g.",
                "",
                "java -cp target/alert-correlator.jar:target/test-classes org.alertcorrelator.cli.Main bench --json target/bench.json --markdown docs/benchmarks.md"})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--sizes", split = ",", paramLabel = "N,N,...", description = "Stream sizes (default: 10000,100000,1000000).")
    List<Integer> sizes;

    @Option(names = "--rules", defaultValue = "rules", paramLabel = "DIR", description = "Rules directory (default: ${DEFAULT-VALUE}).")
    Path rules;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--work", paramLabel = "DIR", description = "Where the streams go (default: a temporary directory, deleted after).")
    Path work;

    @Option(names = "--keep", description = "Keep the generated streams and incidents.")
    boolean keep;

    @Option(names = "--json", paramLabel = "FILE", description = "Write every figure as JSON.")
    Path json;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Write the results section (machine, table, targets) as Markdown.")
    Path markdown;

    @Option(names = "--jvm-args", paramLabel = "ARGS",
            description = "Flags of the measuring JVMs, space-separated (default: -Xms6g -Xmx6g -XX:+UseParallelGC).")
    String jvmArgs;

    @Option(names = "--jfr", paramLabel = "DIR", description = "Record each throughput child with Java Flight Recorder into DIR.")
    Path jfr;

    @Option(names = "--parts", split = ",", paramLabel = "PART,...",
            description = "What to measure: throughput, session, profile, users (the README's replay command in a fresh JVM with no flags, "
                    + "and through bin/alert-correlator: wall time, CPU time, max RSS, beside a parse-only child; and the demo replay) "
                    + "(default: all).")
    List<String> parts;

    @Option(names = "--iterations", paramLabel = "N",
            description = "Timed iterations of each throughput measurement (default: 5 up to 100k alerts, fewer above, at least 2); "
                    + "with --blocks, rounds of the comparison (default: 2 up to 100k alerts, 1 above).")
    int iterations;

    @Option(names = "--render", paramLabel = "FILE",
            description = "Measure nothing: print the table of a JSON file an earlier run wrote (and its Markdown with --markdown).")
    Path render;

    @Option(names = "--blocks", paramLabel = "DIR",
            description = {"Also measure what DIR's rules cost laid over --rules (e.g. examples/rules/threshold-detections/rules,",
                    "ten correlation blocks): end-to-end replay of each stream with the rules alone and with DIR added, in",
                    "alternate child JVMs; prints alerts/s and per CPU second of both and the ratios."})
    Path blocks;

    @Option(names = "--blocks-only", description = "With --blocks: measure only that comparison (--json gets its figures).")
    boolean blocksOnly;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // bench generates its streams from the Defender alert reference in the project's rules folder: run from
        // elsewhere, it says so in one line (it printed a stack trace).
        if (render == null && !org.alertcorrelator.generate.StreamGenerator.catalogFoundByDefault()) {
            spec.commandLine().getErr().println("error: bench generates its alert streams from rules/alert-tactics.csv "
                    + "(the Defender alert reference): run it from the project folder");
            return Main.USAGE_OR_INPUT_ERROR;
        }
        List<Integer> s = sizes == null || sizes.isEmpty() ? BenchRunner.DEFAULT_SIZES : sizes;
        for (int n : s) if (n < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--sizes must be 1 or more");
        if (iterations < 0) throw new CommandLine.ParameterException(spec.commandLine(), "--iterations must be 1 or more");
        List<String> flags = jvmArgs == null ? BenchRunner.DEFAULT_JVM_ARGS : Arrays.asList(jvmArgs.trim().split("\\s+"));
        List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
        if (!args.isEmpty() && args.get(0).equals("bench")) args.remove(0);
        String command = "alert-correlator bench" + (args.isEmpty() ? "" : " " + String.join(" ", args));
        if (render != null) {
            BenchRunner.render(render, markdown, System.err);
            return Main.OK;
        }
        if (blocksOnly && blocks == null) throw new CommandLine.ParameterException(spec.commandLine(), "--blocks-only needs --blocks DIR");
        if (blocks != null) {
            new org.alertcorrelator.bench.BlocksBench(s, rules, blocks, seed, flags, work, System.err).rounds(iterations).run(blocksOnly ? json : null);
            if (blocksOnly) return Main.OK;
        }
        java.util.Set<String> what = parts == null || parts.isEmpty() ? BenchRunner.PARTS : new java.util.TreeSet<>(parts);
        for (String p : what) {
            if (!BenchRunner.PARTS.contains(p)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--parts: unknown part " + p + " (throughput, session, profile, users)");
            }
        }
        new BenchRunner(new BenchRunner.Options(s, rules, work, keep, json, markdown, flags, seed, jfr, command, what, iterations), System.err).run();
        return Main.OK;
    }
}
