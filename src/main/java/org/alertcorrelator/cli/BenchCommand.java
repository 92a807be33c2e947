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

    @Option(names = "--iterations", paramLabel = "N",
            description = "Timed iterations of each throughput measurement (default: 5 up to 100k alerts, fewer above, at least 2).")
    int iterations;

    @Option(names = "--render", paramLabel = "FILE",
            description = "Measure nothing: print the table of a JSON file an earlier run wrote (and its Markdown with --markdown).")
    Path render;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
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
        new BenchRunner(new BenchRunner.Options(s, rules, work, keep, json, markdown, flags, seed, jfr, command, iterations), System.err).run();
        return Main.OK;
    }
}
