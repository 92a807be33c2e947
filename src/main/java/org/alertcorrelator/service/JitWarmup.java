package org.alertcorrelator.service;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.alertcorrelator.engine.Correlator;
import org.alertcorrelator.generate.StreamGenerator;
import org.alertcorrelator.ingest.AlertReader;
import org.alertcorrelator.ingest.AlertRecord;
import org.alertcorrelator.ingest.ReadResult;
import org.alertcorrelator.ruleset.RuleSet;
import org.alertcorrelator.store.AlertCodec;

/**
 * Before the engine takes its first alert, a generated stream goes the way a posted one does (parsed from request
 * bodies of 100 lines, encoded for the store, correlated) through a session of its own that is then thrown away.
 * Why: a fresh JVM runs the code of the first tens of thousands of alerts interpreted or half-compiled, and that,
 * not the work itself, is what made the first minute's incidents late (docs/service.md, load test). Nothing of it
 * reaches the store, the live session or its prevalence counts: the stream is read into a session with its own
 * ledger, and nothing is written.
 */
final class JitWarmup {
    private JitWarmup() {
    }

    /** Runs {@code alerts} generated alerts through; returns how many went through. */
    static int run(RuleSet rules, int alerts) {
        if (alerts <= 0) return 0;
        Path dir = null;
        try {
            dir = Files.createTempDirectory("alert-correlator-warm-up");
            Path file = dir.resolve("alerts.jsonl");
            // The alert types of the rules' own table, so that the warm-up meets what the rules know.
            Path catalog = rules.directory().resolve("alert-tactics.csv");
            if (!Files.isRegularFile(catalog)) return 0;
            StreamGenerator.Options d = StreamGenerator.Options.defaults(alerts, file, dir.resolve("truth.csv"));
            StreamGenerator.generate(new StreamGenerator.Options(d.seed(), d.alerts(), d.tenants(), d.hosts(), d.campaigns(), d.days(),
                    d.start(), d.format(), d.out(), d.truth(), catalog, d.quietGap(), d.dwellShare()));
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            delete(dir); // at once: tens of megabytes, which a kill later on would leave behind
            dir = null;
            AlertReader reader = new AlertReader();
            int n = 0;
            try (Correlator session = new Correlator(rules, true)) {
                for (int i = 0; i < lines.size(); i += 100) {
                    byte[] body = String.join("\n", lines.subList(i, Math.min(lines.size(), i + 100))).getBytes(StandardCharsets.UTF_8);
                    ReadResult read = reader.read("warm-up", new ByteArrayInputStream(body), false);
                    for (AlertRecord r : read.records()) {
                        AlertCodec.toJson(r.alert());
                        session.process(r.alert());
                        n++;
                    }
                    session.drainChangedGroups();
                }
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (dir != null) delete(dir);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is no failure
        }
    }
}
