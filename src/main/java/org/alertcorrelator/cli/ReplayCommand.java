package org.alertcorrelator.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.alertcorrelator.engine.Replay;
import org.alertcorrelator.engine.profile.RuleProfile;
import org.alertcorrelator.export.IncidentCsv;
import org.alertcorrelator.export.IncidentJson;
import org.alertcorrelator.ingest.InputException;
import org.alertcorrelator.ingest.RecordError;
import org.alertcorrelator.ruleset.RuleSet;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Reads alert files (Defender REST, Defender export, Sentinel SecurityAlert, Graph security alerts and",
                "incidents, Defender for Endpoint, Log Analytics results, Event Hubs envelopes; JSON, JSONL or CSV, mixed),",
                "correlates them in event-time order on a pseudo clock and writes the incidents.",
                "The output does not depend on the order of the files or of the records in them.",
                "A summary goes to stderr."})
final class ReplayCommand implements Callable<Integer> {
    enum Format { json, csv }

    @Option(names = "--rules", defaultValue = "rules", paramLabel = "DIR", description = "Rules directory (default: ${DEFAULT-VALUE}).")
    Path rules;

    @Option(names = "--format", defaultValue = "json", paramLabel = "json|csv",
            description = "Output format: a JSON array, or CSV with one row per incident (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write incidents to FILE instead of stdout.")
    Path out;

    @Option(names = "--strict", description = "Stop at the first record that cannot be read (exit code 2).")
    boolean strict;

    @Option(names = "--max-errors", defaultValue = "50", paramLabel = "N", description = "Show at most N rejected records, and at most N warnings (default: ${DEFAULT-VALUE}).")
    int maxErrors;

    @Option(names = "--profile", description = "Print to stderr what each rule cost: firings, time in its conditions and consequence, share.")
    boolean profile;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Also write a self-contained HTML report: summary, and every incident with its timeline, entity graph and alerts.")
    Path html;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Alert files, or folders of them.")
    List<Path> inputs;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(rules)) throw new InputException(rules + ": rules directory not found (--rules)");
        if (maxErrors < 0) throw new InputException("--max-errors must be 0 or more, not " + maxErrors);
        Path outDir = out == null ? null : out.toAbsolutePath().getParent();
        if (outDir != null && !Files.isDirectory(outDir)) {
            throw new InputException("--out " + out + ": the folder " + outDir + " does not exist");
        }
        RuleSet ruleSet = RuleSet.load(rules);
        RuleProfile ruleProfile = profile ? RuleProfile.start() : null;
        Replay.Result result = Replay.run(ruleSet, inputs, strict);
        RuleProfile.stop();
        List<RecordError> errors = result.errors();
        for (int i = 0; i < Math.min(errors.size(), maxErrors); i++) System.err.println("rejected: " + errors.get(i));
        if (errors.size() > maxErrors) System.err.println("rejected: ... and " + (errors.size() - maxErrors) + " more");
        List<RecordError> warnings = result.warnings();
        for (int i = 0; i < Math.min(warnings.size(), maxErrors); i++) System.err.println("warning: " + warnings.get(i));
        if (warnings.size() > maxErrors) System.err.println("warning: ... and " + (warnings.size() - maxErrors) + " more");
        for (String f : result.skippedFiles()) System.err.println("skipped: " + f);
        result.skipped().forEach((reason, n) -> System.err.println("skipped: " + n + (n == 1 ? " record (" : " records (") + reason + ")"));
        OutputStream target = out == null ? System.out : Files.newOutputStream(out);
        try (OutputStream os = new BufferedOutputStream(target) {
            @Override
            public void close() throws IOException {
                if (out == null) flush(); else super.close();
            }
        }) {
            if (format == Format.json) {
                IncidentJson.writeArray(result.incidents(), new NonClosingStream(os));
            } else {
                Writer w = new OutputStreamWriter(new NonClosingStream(os), StandardCharsets.UTF_8);
                IncidentCsv.write(result.incidents(), w);
                w.flush();
            }
        }
        if (html != null) {
            org.alertcorrelator.web.HtmlReport.writeReplay(html, "alert-correlator replay report", result, inputs, ruleSet);
            System.err.println("report: " + html);
        }
        System.err.println(result.summary());
        if (ruleProfile != null) ruleProfile.print(System.err, 0);
        return Main.OK;
    }

    /** Lets writers close without closing stdout. */
    private static final class NonClosingStream extends java.io.FilterOutputStream {
        NonClosingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
