package org.alertcorrelator.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.alertcorrelator.engine.Correlator;
import org.alertcorrelator.engine.Replay;
import org.alertcorrelator.export.IncidentJson;
import org.alertcorrelator.ingest.AlertReader;
import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.AlertStatus;
import org.alertcorrelator.model.Incident;
import org.alertcorrelator.ruleset.RuleSet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One measurement in a JVM of its own (the benchmark forks one per measurement, JMH-style, so that heap and GC
 * flags are what the benchmark says and no run warms or pollutes another). Prints one line
 * {@code RESULT {json}} on stdout.
 *
 * <ul>
 * <li>{@code throughput}: after a warm-up on the small stream, times parse-only reading, end-to-end replay
 * (read, correlate, write the incidents), Drools correlation alone and the reference correlator alone on the
 * alerts already read; the fastest of the iterations; and scores the replay's incidents against the truth.</li>
 * <li>{@code session}: cold and warm rule build; the stream read straight into one rule session; heap retained
 * after GC per alert still within the window, and peak heap; then a hot reload with the window full (build a new
 * rule set, replay the stored alerts from the replay watermark into a new session); the same heap figure for the
 * reference correlator.</li>
 * </ul>
 */
public final class BenchChild {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchChild() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            a.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        ObjectNode result = switch (args[0]) {
            case "throughput" -> throughput(a);
            case "session" -> session(a);
            case "profile" -> profile(a);
            case "parse" -> parse(a);
            default -> throw new IllegalArgumentException("unknown task " + args[0]);
        };
        System.out.println("RESULT " + JSON.writeValueAsString(result));
        System.out.flush();
        System.exit(0);
    }

    // ---- parse-only, beside the runs as users run it ----

    /** Parse-only alone (warm-up on the small stream, then the fastest of the iterations): the as-users rows' yardstick. */
    static ObjectNode parse(Map<String, String> a) {
        Path file = Path.of(a.get("file"));
        Path warm = Path.of(a.get("warm"));
        int iterations = Integer.parseInt(a.get("iterations"));
        for (int i = 0; i < 3; i++) parseOnly(warm);
        TimedParse parse = timeParse(file, iterations);
        ObjectNode r = JSON.createObjectNode();
        r.put("alerts", parse.records());
        r.put("parseMillis", millis(best(parse.nanos())));
        return r;
    }

    /** Records read and the time of each of {@code iterations} parse-only reads of a file. */
    private record TimedParse(long records, long[] nanos) {
    }

    private static TimedParse timeParse(Path file, int iterations) {
        long[] nanos = new long[iterations];
        long records = 0;
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            records = parseOnly(file);
            nanos[i] = System.nanoTime() - t0;
        }
        return new TimedParse(records, nanos);
    }

    // ---- throughput ----

    static ObjectNode throughput(Map<String, String> a) throws IOException {
        Path rulesDir = Path.of(a.get("rules"));
        Path file = Path.of(a.get("file"));
        Path warm = Path.of(a.get("warm"));
        Path out = Path.of(a.get("out"));
        int iterations = Integer.parseInt(a.get("iterations"));
        RuleSet rules = RuleSet.load(rulesDir);
        Map<String, String> truth = Quality.readTruth(Path.of(a.get("truth")));
        boolean reference = Reference.available();
        HeapWatch heap = new HeapWatch();

        for (int i = 0; i < 3; i++) {
            parseOnly(warm);
            replay(rules, warm, out);
            List<Alert> alerts = readAlerts(warm);
            Replay.correlate(rules, copies(alerts));
            if (reference) Reference.batch().apply(rules, copies(alerts));
        }

        ObjectNode r = JSON.createObjectNode();
        TimedParse timed = timeParse(file, iterations);
        long[] parse = timed.nanos();
        long records = timed.records();
        long[] e2e = new long[iterations];
        long[] e2eCpu = new long[iterations];
        List<Incident> incidents = List.of();
        long e2ePeak = 0;
        long e2ePeakAfterGc = 0;
        // The same replay without cross-tenant prevalence, in turn with the one with it (so that a change of load on
        // a shared machine weighs on both alike): its cost, and what it finds of the low-severity campaigns that
        // run in many tenants. Wall time and the process's CPU time (all threads: sessions, reader, GC).
        RuleSet withoutPrevalence = RuleSet.load(withSetting(rulesDir, "prevalence", "off"));
        replay(withoutPrevalence, warm, out);
        long[] off = new long[iterations];
        long[] offCpu = new long[iterations];
        List<Incident> offIncidents = List.of();
        for (int i = 0; i < iterations; i++) {
            heap.usedAfterGc();
            heap.reset();
            long c0 = cpuNanos();
            long t0 = System.nanoTime();
            incidents = replay(rules, file, out);
            e2e[i] = System.nanoTime() - t0;
            e2eCpu[i] = cpuNanos() - c0;
            e2ePeak = Math.max(e2ePeak, heap.peak());
            e2ePeakAfterGc = Math.max(e2ePeakAfterGc, heap.peakAfterGc());
            heap.usedAfterGc();
            c0 = cpuNanos();
            t0 = System.nanoTime();
            offIncidents = replay(withoutPrevalence, file, out);
            off[i] = System.nanoTime() - t0;
            offCpu[i] = cpuNanos() - c0;
        }
        List<Alert> alerts = readAlerts(file);
        long[] drools = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            List<Alert> c = copies(alerts);
            heap.usedAfterGc();
            long t0 = System.nanoTime();
            Replay.correlate(rules, c);
            drools[i] = System.nanoTime() - t0;
        }
        long[] ref = new long[iterations];
        if (reference) {
            for (int i = 0; i < iterations; i++) {
                List<Alert> c = copies(alerts);
                heap.usedAfterGc();
                long t0 = System.nanoTime();
                Reference.batch().apply(rules, c);
                ref[i] = System.nanoTime() - t0;
            }
        }
        r.put("alerts", records);
        r.put("iterations", iterations);
        r.put("parseMillis", millis(best(parse)));
        r.put("replayMillis", millis(best(e2e)));
        r.put("replayPeakHeapBytes", e2ePeak);
        r.put("replayPeakHeapAfterGcBytes", e2ePeakAfterGc);
        r.put("droolsCorrelateMillis", millis(best(drools)));
        if (reference) r.put("referenceCorrelateMillis", millis(best(ref)));
        r.put("incidents", incidents.size());
        r.set("quality", JSON.valueToTree(Quality.of(incidents, truth)));
        r.put("replayWithoutPrevalenceMillis", millis(best(off)));
        r.put("replayCpuMillis", millis(best(e2eCpu)));
        r.put("replayWithoutPrevalenceCpuMillis", millis(best(offCpu)));
        // Each iteration's pair, with / without: on a shared machine the ratio of a pair run back to back is the
        // steadier figure; the median of those ratios, less 1.
        r.put("prevalenceCpuCostMedian", medianRatio(e2eCpu, offCpu) - 1);
        r.put("prevalenceWallCostMedian", medianRatio(e2e, off) - 1);
        r.set("prevalentCampaigns", JSON.valueToTree(PrevalentCampaigns.of(incidents, truth)));
        r.set("prevalentCampaignsWithoutPrevalence", JSON.valueToTree(PrevalentCampaigns.of(offIncidents, truth)));
        r.set("qualityWithoutPrevalence", JSON.valueToTree(Quality.of(offIncidents, truth)));
        r.put("incidentsFile", Files.size(out));
        return r;
    }

    /** A copy of the rules directory (in a temporary folder) with one setting changed. */
    static Path withSetting(Path rulesDir, String key, String value) throws IOException {
        Path dir = Files.createTempDirectory("alert-correlator-bench-rules");
        try (var files = Files.list(rulesDir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) Files.copy(f, dir.resolve(f.getFileName()));
        }
        Path settings = dir.resolve("settings.properties");
        String text = Files.exists(settings) ? Files.readString(settings) : "";
        Files.writeString(settings, text.replaceAll("(?m)^" + key + "\\s*=.*$", "") + "\n" + key + " = " + value + "\n");
        return dir;
    }

    /** Reads and normalises every record, keeping none: the most a replay's reading can do. */
    static long parseOnly(Path file) {
        long[] n = {0};
        new AlertReader().stream(file, false, false, rec -> n[0]++);
        return n[0];
    }

    /** A replay as the replay command does it: read, correlate, write the incidents as JSON. */
    static List<Incident> replay(RuleSet rules, Path file, Path out) throws IOException {
        Replay.Result r = Replay.run(rules, List.of(file), false);
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
            IncidentJson.writeArray(r.incidents(), os);
        }
        return r.incidents();
    }

    static List<Alert> readAlerts(Path file) {
        List<Alert> alerts = new ArrayList<>();
        new AlertReader().stream(file, false, false, rec -> alerts.add(rec.alert()));
        return alerts;
    }

    /** Each run gets alerts no session has touched (a session fills in tactics and keeps its state on them). */
    static List<Alert> copies(List<Alert> alerts) {
        List<Alert> out = new ArrayList<>(alerts.size());
        for (Alert x : alerts) out.add(x.freshCopy());
        return out;
    }

    // ---- session: heap, rule build, hot reload ----

    /** The top rules of a --profile replay of the stream's first {@code limit} alerts (profiling slows the session). */
    static ObjectNode profile(Map<String, String> a) {
        RuleSet rules = RuleSet.load(Path.of(a.get("rules")));
        List<Alert> alerts = readAlerts(Path.of(a.get("file")));
        int limit = Integer.parseInt(a.get("limit"));
        if (alerts.size() > limit) alerts = alerts.subList(0, limit);
        org.alertcorrelator.engine.profile.RuleProfile profile = org.alertcorrelator.engine.profile.RuleProfile.start();
        Replay.correlate(rules, copies(alerts));
        org.alertcorrelator.engine.profile.RuleProfile.stop();
        ObjectNode r = JSON.createObjectNode();
        r.put("alerts", alerts.size());
        long total = 0;
        for (var e : profile.entries()) total += e.totalNanos();
        var top = r.putArray("topRules");
        for (var e : profile.entries().subList(0, Math.min(5, profile.entries().size()))) {
            ObjectNode t = top.addObject();
            t.put("rule", e.rule());
            t.put("share", total == 0 ? 0 : e.totalNanos() / (double) total);
            t.put("firings", e.firings());
            t.put("conditionMillis", millis(e.conditionNanos()));
            t.put("consequenceMillis", millis(e.consequenceNanos()));
        }
        return r;
    }

    static ObjectNode session(Map<String, String> a) throws IOException {
        Path rulesDir = Path.of(a.get("rules"));
        Path file = Path.of(a.get("file"));
        HeapWatch heap = new HeapWatch();
        ObjectNode r = JSON.createObjectNode();

        long t0 = System.nanoTime();
        RuleSet.load(rulesDir);
        r.put("ruleBuildColdMillis", millis(System.nanoTime() - t0));
        t0 = System.nanoTime();
        RuleSet rules = RuleSet.load(rulesDir);
        r.put("ruleBuildWarmMillis", millis(System.nanoTime() - t0));
        long window = rules.settings().getWindowMillis();

        long base = heap.usedAfterGc();
        heap.reset();
        // Held only through this list, so that clearing it lets the whole session go.
        List<Correlator> holder = new ArrayList<>(List.of(new Correlator(rules)));
        t0 = System.nanoTime();
        new AlertReader().stream(file, false, false, rec -> holder.get(0).process(rec.alert()));
        Correlator session = holder.get(0);
        long streamed = System.nanoTime() - t0;
        long peak = heap.peak();
        long peakAfterGc = heap.peakAfterGc();
        long now = session.now();
        // Alerts still in working memory: event time within the window of now (they leave it a window later).
        long live = countLive(file, now - window);
        long withSession = heap.usedAfterGc();
        r.put("streamedCorrelateMillis", millis(streamed));
        r.put("alertsIn", session.alertsIn());
        r.put("liveAlerts", live);
        r.put("facts", session.factCount());
        r.put("liveGroups", session.liveGroups().size());
        r.put("entityTracks", session.entities().size());
        r.put("peakHeapBytes", peak);
        r.put("peakHeapAfterGcBytes", peakAfterGc);

        // The heap the session holds: with it, then without it (before anything else is built in this JVM:
        // Drools keeps every rule build in its repository).
        long watermark = session.replayWatermark();
        session.close();
        session = null;
        holder.clear();
        long without = heap.usedAfterGc();
        r.put("retainedHeapBytes", withSession - without);
        r.put("retainedPerLiveAlertBytes", live == 0 ? 0 : (withSession - without) / (double) live);
        r.put("baseHeapBytes", base);

        // Hot reload with the window full: the service's stored alerts from the watermark on, into a new session
        // built from a new rule set.
        List<Alert> stored = new ArrayList<>();
        new AlertReader().stream(file, false, false, rec -> {
            if (rec.alert().getEventTime() >= watermark) stored.add(rec.alert());
        });
        t0 = System.nanoTime();
        RuleSet reloaded = RuleSet.load(rulesDir);
        long built = System.nanoTime();
        try (Correlator fresh = new Correlator(reloaded)) {
            for (Alert x : stored) fresh.process(x);
        }
        long replayed = System.nanoTime();
        r.put("reloadBuildMillis", millis(built - t0));
        r.put("reloadReplayMillis", millis(replayed - built));
        r.put("reloadAlertsReplayed", stored.size());
        r.put("reloadWindowHours", (now - watermark) / 3_600_000.0);
        stored.clear();

        if (Reference.available()) {
            heap.usedAfterGc();
            List<Consumer<Alert>> ref = new ArrayList<>(List.of(Reference.streaming(rules)));
            t0 = System.nanoTime();
            new AlertReader().stream(file, false, false, rec -> ref.get(0).accept(rec.alert()));
            long refStreamed = System.nanoTime() - t0;
            long withRef = heap.usedAfterGc();
            ref.clear();
            long withoutRef = heap.usedAfterGc();
            r.put("referenceStreamedMillis", millis(refStreamed));
            r.put("referenceRetainedPerLiveAlertBytes", live == 0 ? 0 : (withRef - withoutRef) / (double) live);
        }
        return r;
    }

    /** Alerts taking part whose event time is after {@code from}. */
    private static long countLive(Path file, long from) {
        long[] n = {0};
        new AlertReader().stream(file, false, false, rec -> {
            Alert x = rec.alert();
            if (x.getEventTime() > from && x.getStatus() != AlertStatus.DISMISSED && !isVendorTest(x)) n[0]++;
        });
        return n[0];
    }

    private static boolean isVendorTest(Alert x) {
        return x.getDisplayName().toLowerCase(java.util.Locale.ROOT).contains("(not a threat)")
                || x.getAlertType().equals("VM_CompTestRule");
    }

    /** CPU time of this whole process so far (every thread, GC included). */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double medianRatio(long[] a, long[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) r[i] = a[i] / (double) Math.max(1, b[i]);
        Arrays.sort(r);
        return r.length == 0 ? Double.NaN : r.length % 2 == 1 ? r[r.length / 2] : (r[r.length / 2 - 1] + r[r.length / 2]) / 2;
    }

    /** The fastest run: on a shared machine, other processes only ever add time. */
    private static long best(long[] v) {
        return Arrays.stream(v).min().orElse(0);
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }
}
