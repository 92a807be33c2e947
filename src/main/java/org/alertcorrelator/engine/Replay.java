package org.alertcorrelator.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.alertcorrelator.ingest.AlertReader;
import org.alertcorrelator.ingest.AlertRecord;
import org.alertcorrelator.ingest.Deduplicator;
import org.alertcorrelator.ingest.InputException;
import org.alertcorrelator.ingest.ReadResult;
import org.alertcorrelator.ingest.RecordError;
import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.Incident;
import org.alertcorrelator.ruleset.RuleSet;

/**
 * A replay from files: read every record, drop duplicates (the later record of an alert wins), sort by event
 * time then id, correlate on the pseudo clock, collect the incidents. Because of the sort, the result does not
 * depend on the order of the files or of the records in them.
 */
public final class Replay {

    /**
     * @param streamed true when the files were read while the rules ran (they came in event-time order); then
     *                 readMillis is 0 and correlateMillis covers both
     */
    public record Summary(int files, int recordsRead, int rejected, int duplicates, long alertsCorrelated,
                          int alertsRuledOut, int incidents, long readMillis, long correlateMillis, boolean streamed) {
        @Override
        public String toString() {
            String timing = streamed
                    ? String.format(Locale.ROOT, "read and correlated in %d ms, streamed", correlateMillis)
                    : String.format(Locale.ROOT, "read %d ms, correlate %d ms", readMillis, correlateMillis);
            return String.format(Locale.ROOT,
                    "%d alerts read from %d file(s), %d rejected, %d duplicates dropped, %d ruled out, %d correlated: %d incidents (%s)",
                    recordsRead, files, rejected, duplicates, alertsRuledOut, alertsCorrelated - alertsRuledOut,
                    incidents, timing);
        }
    }

    public record Result(List<Incident> incidents, List<RecordError> errors, Summary summary) {
    }

    private Replay() {
    }

    /**
     * Reads, deduplicates, sorts and correlates. Directories are read whole (their alert files, not a
     * scenario's expected.json).
     *
     * @throws InputException when a file cannot be read, or on the first bad record when strict
     */
    public static Result run(RuleSet rules, List<Path> inputs, boolean strict) {
        List<Path> files = expand(inputs);
        // Streamed when the files come in event-time order (exports and generated streams do): the same result,
        // reading on other threads while the rules run, holding almost nothing. Else the general path below.
        Result streamed = StreamingReplay.run(rules, files, strict);
        if (streamed != null) return streamed;
        return readAllThenCorrelate(rules, files, strict);
    }

    /** The general path: read every record, drop duplicates, sort, correlate. */
    static Result readAllThenCorrelate(RuleSet rules, List<Path> files, boolean strict) {
        long start = System.nanoTime();
        AlertReader reader = new AlertReader();
        List<AlertRecord> records = new ArrayList<>();
        List<RecordError> errors = new ArrayList<>();
        int read = 0;
        for (Path f : files) {
            ReadResult r = reader.read(f, strict);
            records.addAll(r.records());
            errors.addAll(r.errors());
            read += r.records().size() + r.rejected();
        }
        List<AlertRecord> unique = Deduplicator.latestById(records);
        List<Alert> alerts = new ArrayList<>(unique.size());
        for (AlertRecord r : unique) alerts.add(r.alert());
        long readMillis = (System.nanoTime() - start) / 1_000_000;
        long t0 = System.nanoTime();
        List<Incident> incidents;
        long correlated;
        int ruledOut;
        try (ShardedCorrelator c = new ShardedCorrelator(rules, ShardedCorrelator.defaultSessions())) {
            alerts.sort(Alert::byEventTimeThenId);
            for (Alert a : alerts) c.process(a);
            incidents = c.finish();
            correlated = c.alertsIn();
            ruledOut = c.alertsRuledOut();
        }
        long correlateMillis = (System.nanoTime() - t0) / 1_000_000;
        int rejected = errors.size();
        return new Result(incidents, errors, new Summary(files.size(), read, rejected, records.size() - unique.size(),
                correlated, ruledOut, incidents.size(), readMillis, correlateMillis, false));
    }

    /**
     * Correlates alerts already read, in one session: sorts them by event time then id, and returns every
     * incident. (Replay.run gives each tenant its own session; this one-session path is what a service does.)
     */
    public static List<Incident> correlate(RuleSet rules, List<Alert> alerts) {
        List<Alert> sorted = new ArrayList<>(alerts);
        sorted.sort(Alert::byEventTimeThenId);
        try (Correlator c = new Correlator(rules)) {
            for (Alert a : sorted) c.process(a);
            return c.incidents();
        }
    }

    /** Files as given, and the alert files inside directories (recursively, sorted). */
    public static List<Path> expand(List<Path> inputs) {
        List<Path> files = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    // A scenario folder may carry rule overrides in rules/: those are no alerts.
                    s.filter(Files::isRegularFile).filter(Replay::isAlertFile)
                            .filter(f -> !p.relativize(f).startsWith("rules"))
                            .sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new InputException(p + ": cannot list the directory: " + e.getMessage());
                }
            } else {
                files.add(p);
            }
        }
        return files;
    }

    /** Alert files in a folder: JSON, JSONL/NDJSON and CSV, but not a scenario's expected.json. */
    public static boolean isAlertFile(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.equals("expected.json") || name.startsWith(".")) return false;
        return name.endsWith(".json") || name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".csv");
    }
}
