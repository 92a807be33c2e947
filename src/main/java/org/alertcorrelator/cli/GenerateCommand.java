package org.alertcorrelator.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

import org.alertcorrelator.generate.OutputFormat;
import org.alertcorrelator.generate.StreamGenerator;
import org.alertcorrelator.ruleset.Durations;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Generates a realistic alert stream with its ground truth, for benchmarks and tests:",
                "tenants with machines, users and cloud resources; background noise (lone alerts, busy hosts repeating",
                "benign alerts, shared infrastructure, scanner waves, dismissed and test alerts); and attack campaigns",
                "that move forward through the kill chain across entities, over hours and days; and waves of low-severity",
                "campaigns (truth ids Pnnnn-tK) that run in three to five tenants with tactics that do not progress, with",
                "decoys: their alert types alone and unlinked, and other low types linked in one tenant only.",
                "Alert types, names and tactics come from the Defender alert reference (rules/alert-tactics.csv).",
                "The same options give the same files, byte for byte.",
                "The truth file is CSV alertId,campaignId (campaignId empty for noise)."})
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--alerts", defaultValue = "100000", paramLabel = "N", description = "Number of alerts (default: ${DEFAULT-VALUE}).")
    int alerts;

    @Option(names = "--tenants", defaultValue = "5", paramLabel = "N", description = "Number of tenants (default: ${DEFAULT-VALUE}).")
    int tenants;

    @Option(names = "--hosts", paramLabel = "N",
            description = "Machines across all tenants to start with (default: alerts/4, at least 200). More are added when no quiet one is left.")
    Integer hosts;

    @Option(names = "--campaigns", paramLabel = "N", description = "Attack campaigns (default: alerts/1000).")
    Integer campaigns;

    @Option(names = "--days", defaultValue = "7", paramLabel = "N", description = "Days the stream spans (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--start", paramLabel = "TIME", description = "Start of the stream, ISO-8601 (default: 2025-01-06T00:00:00Z, a Monday).")
    Instant start;

    @Option(names = "--format", defaultValue = "export", paramLabel = "FORMAT",
            description = "export (Defender continuous export, JSON lines), rest-json (Defender REST, a JSON array), "
                    + "sentinel-csv or sentinel-jsonl (Sentinel SecurityAlert rows) (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--quiet-gap", defaultValue = "36h", paramLabel = "DURATION",
            description = "How far noise keeps off campaign entities, and lone alerts off each other (default: ${DEFAULT-VALUE}, 1.5 x the default window).")
    String quietGap;

    @Option(names = "--dwell-share", defaultValue = "0.04", paramLabel = "P",
            description = "Share of campaigns with one pause of 26 to 60 hours between two steps (default: ${DEFAULT-VALUE}).")
    double dwellShare;

    @Option(names = "--catalog", paramLabel = "FILE", description = "The Defender alert reference (default: rules/alert-tactics.csv).")
    Path catalog;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Alert file to write.")
    Path out;

    @Option(names = "--truth", required = true, paramLabel = "FILE", description = "Ground truth CSV to write (alertId,campaignId).")
    Path truth;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OutputFormat f;
        Duration gap;
        try {
            f = OutputFormat.parse(format);
            gap = Durations.parse(quietGap);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (alerts < 1 || tenants < 1 || days < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--alerts, --tenants and --days must be 1 or more");
        }
        StreamGenerator.Options o = new StreamGenerator.Options(seed, alerts, tenants,
                hosts != null ? hosts : StreamGenerator.Options.defaultHosts(alerts),
                campaigns != null ? campaigns : StreamGenerator.Options.defaultCampaigns(alerts), days,
                start != null ? start : StreamGenerator.Options.DEFAULT_START, f, out, truth, catalog, gap, dwellShare);
        StreamGenerator.Summary s;
        try {
            s = StreamGenerator.generate(o);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return Main.USAGE_OR_INPUT_ERROR;
        }
        spec.commandLine().getErr().println("generated " + s + " -> " + out + " (truth: " + truth + ")");
        return Main.OK;
    }
}
