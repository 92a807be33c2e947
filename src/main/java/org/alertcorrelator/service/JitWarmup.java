package org.alertcorrelator.service;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.alertcorrelator.engine.Correlator;
import org.alertcorrelator.generate.StreamGenerator;
import org.alertcorrelator.ingest.AlertReader;
import org.alertcorrelator.ingest.AlertRecord;
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
            AlertReader reader = new AlertReader();
            int n = 0;
            try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                 Correlator session = new Correlator(rules, true)) {
                delete(dir); // at once (the open file reads on): tens of megabytes, which a kill would leave behind
                dir = null;
                List<String> batch = new ArrayList<>(100);
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    batch.add(line);
                    if (batch.size() == 100) n += feed(batch, reader, session);
                }
                n += feed(batch, reader, session);
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (dir != null) delete(dir);
        }
    }

    /** One request body's worth: parsed, encoded for the store and correlated, as a POST is. */
    private static int feed(List<String> batch, AlertReader reader, Correlator session) {
        if (batch.isEmpty()) return 0;
        byte[] body = String.join("\n", batch).getBytes(StandardCharsets.UTF_8);
        batch.clear();
        int n = 0;
        for (AlertRecord r : reader.read("warm-up", new ByteArrayInputStream(body), false).records()) {
            AlertCodec.toJson(r.alert());
            session.process(r.alert());
            n++;
        }
        session.drainChangedGroups();
        return n;
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is no failure
        }
    }
}
