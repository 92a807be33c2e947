package org.alertcorrelator.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.alertcorrelator.ingest.AlertReader;
import org.alertcorrelator.ingest.AlertRecord;
import org.alertcorrelator.ingest.Deduplicator;
import org.alertcorrelator.ingest.InputException;
import org.alertcorrelator.ingest.ReadResult;
import org.alertcorrelator.ingest.RecordError;
import org.alertcorrelator.ingest.VendorIncident;
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

    /**
     * @param skippedFiles files not read, each with why ({@code logs/x.txt: skipped (unknown extension .txt)}), and
     *                     bad files (empty, binary) that were left out while the good ones were still correlated
     * @param skipped      records that are no alerts (vendor incidents, compliance records), counted by reason
     */
    public record Result(List<Incident> incidents, List<RecordError> errors, Summary summary, List<String> skippedFiles,
                         Map<String, Integer> skipped, List<RecordError> warnings) {
        public Result {
            skippedFiles = List.copyOf(skippedFiles);
            skipped = java.util.Collections.unmodifiableMap(new TreeMap<>(skipped));
            warnings = warnings == null ? List.of() : List.copyOf(warnings);
        }

        /** @param warnings (last) records read with a problem that did not reject them, and alerts sharing an id */
        public Result(List<Incident> incidents, List<RecordError> errors, Summary summary, List<String> skippedFiles,
                      Map<String, Integer> skipped) {
            this(incidents, errors, summary, skippedFiles, skipped, List.of());
        }

        public Result(List<Incident> incidents, List<RecordError> errors, Summary summary) {
            this(incidents, errors, summary, List.of(), Map.of());
        }

        Result withSkippedFiles(List<String> before) {
            if (before.isEmpty()) return this;
            List<String> all = new ArrayList<>(before);
            all.addAll(skippedFiles);
            return new Result(incidents, errors, summary, all, skipped, warnings);
        }
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
        return run(rules, inputs, strict, c -> { });
    }

    /** As {@link #run(RuleSet, List, boolean)}, handing the finished correlator to {@code atEnd} (e.g. for its counts). */
    static Result run(RuleSet rules, List<Path> inputs, boolean strict, java.util.function.Consumer<ShardedCorrelator> atEnd) {
        List<String> skippedFiles = new ArrayList<>();
        List<Path> files = expand(inputs, skippedFiles);
        // A file named on the command line that cannot be read is the user's error; one found in a folder is
        // reported and left out, and the others are still correlated (unless strict).
        Set<Path> named = new HashSet<>();
        for (Path p : inputs) if (!Files.isDirectory(p)) named.add(p);
        Set<Path> tolerated = new HashSet<>();
        if (!strict) for (Path f : files) if (!named.contains(f)) tolerated.add(f);
        // Streamed when the files come in event-time order (exports and generated streams do): the same result,
        // reading on other threads while the rules run, holding almost nothing. Else the general path below.
        Result streamed = StreamingReplay.run(rules, files, strict, tolerated, atEnd);
        if (streamed != null) return streamed.withSkippedFiles(skippedFiles);
        return readAllThenCorrelate(rules, files, strict, tolerated, atEnd).withSkippedFiles(skippedFiles);
    }

    /** The general path: read every record, drop duplicates, sort, correlate. */
    static Result readAllThenCorrelate(RuleSet rules, List<Path> files, boolean strict) {
        return readAllThenCorrelate(rules, files, strict, Set.of(), c -> { });
    }

    /** @param tolerated files that may be left out, reported, when they cannot be read at all */
    static Result readAllThenCorrelate(RuleSet rules, List<Path> files, boolean strict, Set<Path> tolerated,
                                       java.util.function.Consumer<ShardedCorrelator> atEnd) {
        long start = System.nanoTime();
        AlertReader reader = new AlertReader();
        List<AlertRecord> records = new ArrayList<>();
        List<RecordError> errors = new ArrayList<>();
        List<String> badFiles = new ArrayList<>();
        List<RecordError> warnings = new ArrayList<>();
        List<VendorIncident> vendorIncidents = new ArrayList<>();
        Map<String, Integer> skipped = new TreeMap<>();
        int read = 0;
        for (Path f : files) {
            ReadResult r;
            try {
                r = reader.read(f, strict);
            } catch (InputException e) {
                // A bad file found in a folder (empty, binary, not an alert file) costs only itself.
                if (!tolerated.contains(f)) throw e;
                badFiles.add(e.getMessage());
                continue;
            }
            r.skipped().forEach((k, v) -> skipped.merge(k, v, Integer::sum));
            records.addAll(r.records());
            errors.addAll(r.errors());
            warnings.addAll(r.warnings());
            vendorIncidents.addAll(r.vendorIncidents());
            read += r.records().size() + r.rejected();
        }
        List<AlertRecord> unique = Deduplicator.latestById(records, warnings);
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
            incidents = VendorIncident.nameIn(c.finish(), vendorIncidents);
            atEnd.accept(c);
            correlated = c.alertsIn();
            ruledOut = c.alertsRuledOut();
        }
        long correlateMillis = (System.nanoTime() - t0) / 1_000_000;
        int rejected = errors.size();
        return new Result(incidents, errors, new Summary(files.size(), read, rejected, records.size() - unique.size(),
                correlated, ruledOut, incidents.size(), readMillis, correlateMillis, false), badFiles, skipped, warnings);
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
        return expand(inputs, new ArrayList<>());
    }

    /**
     * As {@link #expand(List)}, adding to {@code skipped} each file of a directory that is not read, with why:
     * files with an extension that is no alert format's (a README, a .txt). Files without an extension are read:
     * their content tells their format.
     */
    public static List<Path> expand(List<Path> inputs, List<String> skipped) {
        List<Path> files = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    // A scenario folder may carry rule overrides in rules/: those are no alerts.
                    for (Path f : s.filter(Files::isRegularFile).filter(f -> !p.relativize(f).startsWith("rules")).sorted().toList()) {
                        if (isAlertFile(f) || hasNoExtension(f)) {
                            files.add(f);
                        } else if (!isScenarioFile(f)) {
                            skipped.add(f + ": skipped (" + (extension(f).isEmpty() ? "hidden file" : "unknown extension " + extension(f)) + ")");
                        }
                    }
                } catch (IOException e) {
                    throw new InputException(p + ": cannot list the directory: " + e.getMessage());
                }
            } else {
                files.add(p);
            }
        }
        return files;
    }

    /** Alert files in a folder: JSON, JSONL/NDJSON and CSV, gzipped or not, but not a scenario's expected.json. */
    public static boolean isAlertFile(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.equals("expected.json") || name.startsWith(".")) return false;
        if (name.endsWith(".gz")) name = name.substring(0, name.length() - 3);
        return name.endsWith(".json") || name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".csv");
    }

    /** A file without an extension (LICENSE, an export saved without one): a folder replay reads it by its content. */
    static boolean hasNoExtension(Path p) {
        String name = p.getFileName().toString();
        return !name.startsWith(".") && name.indexOf('.') < 0;
    }

    /** A scenario folder's own files (its expected incidents and its story): not alerts, and not worth a notice. */
    private static boolean isScenarioFile(Path p) {
        String name = p.getFileName().toString();
        return name.equals("expected.json") || name.equals("README.md");
    }

    private static String extension(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? "" : name.substring(dot);
    }
}
