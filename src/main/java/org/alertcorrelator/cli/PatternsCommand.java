package org.alertcorrelator.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.alertcorrelator.engine.PatternMining;
import org.alertcorrelator.export.PatternCsv;
import org.alertcorrelator.ingest.RecordError;
import org.alertcorrelator.ruleset.RuleSet;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "patterns", mixinStandardHelpOptions = true,
        description = {"Mines cross-tenant step pairs from a history of alerts: replays them as `replay` does and writes every",
                "ordered pair of alert types seen linked in two or more tenants, with its counts, as CSV. Put the file in",
                "a rules folder as patterns.csv to seed the live counts. Only alert types and counts are written: no",
                "tenant, entity or alert id. A summary goes to stderr."})
final class PatternsCommand implements Callable<Integer> {

    @Option(names = "--rules", defaultValue = "rules", paramLabel = "DIR", description = "Rules directory (default: ${DEFAULT-VALUE}).")
    Path rules;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "CSV file to write (e.g. patterns.csv).")
    Path out;

    @Option(names = "--strict", description = "Stop at the first record that cannot be read (exit code 2).")
    boolean strict;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Alert files, or folders of them.")
    List<Path> inputs;

    @Override
    public Integer call() throws IOException {
        RuleSet ruleSet = RuleSet.load(rules);
        PatternMining.Result r = PatternMining.run(ruleSet, inputs, strict);
        for (RecordError e : r.errors().subList(0, Math.min(50, r.errors().size()))) System.err.println("rejected: " + e);
        for (String f : r.skippedFiles()) System.err.println("skipped: " + f);
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            PatternCsv.write(r.pairs(), w);
        }
        long prevalent = r.pairs().stream().filter(p -> p.getTenants() >= ruleSet.settings().getPrevalence().minTenants()).count();
        System.err.println(r.alerts() + " alerts from " + r.tenants() + " tenant(s), " + r.errors().size() + " rejected: "
                + r.pairs().size() + " step pairs seen linked in two or more tenants, " + prevalent + " in "
                + ruleSet.settings().getPrevalence().minTenants() + " or more -> " + out);
        return Main.OK;
    }
}
