package org.alertcorrelator.service.loadtest;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.alertcorrelator.ingest.AlertReader;
import org.alertcorrelator.ingest.AlertRecord;
import org.alertcorrelator.ingest.ReadResult;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Drives a running service over HTTP: posts a JSON-lines alert file in batches from several threads, and
 * meanwhile polls {@code GET /api/incidents?updatedSince=...} to see when each alert first shows in an
 * incident. Reports the sustained ingest rate and the latency from POST to incident readable.
 *
 * <p>Alerts wait in the service's reorder buffer for its lateness (in event time) before they are correlated,
 * and the last ones until the buffer's idle flush: the latencies include that, as a client would see it.
 */
public final class LoadDriver {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @param rate alerts per second to post at (each batch waits for its time), or 0 for as fast as answered */
    public record Options(URI url, String token, Path alerts, int batch, int concurrency, Duration settle,
                          Duration timeout, Duration pollInterval, double rate) {
    }

    public record Report(int lines, int alertsRead, int requests, int failedRequests, long accepted, long duplicates,
                         long rejected, double postSeconds, double alertsPerSecond, long postP50Ms, long postP99Ms,
                         int alertsInIncidents, int incidentsSeen, long readableP50Ms, long readableP90Ms,
                         long readableP99Ms, long readableMaxMs, long newestP50Ms, long newestP90Ms, long newestP99Ms) {
        public String describe(int batch, int concurrency) {
            return String.format(Locale.ROOT,
                    "posted %d alerts (%d lines) in %d requests (batch %d, concurrency %d) in %.2f s: %.0f alerts/s sustained%n"
                            + "  accepted %d, duplicates %d, rejected %d, failed requests %d%n"
                            + "  POST latency (stored durably): p50 %d ms, p99 %d ms%n"
                            + "  POST to incident readable: %d alerts in %d incidents; p50 %d ms, p90 %d ms, p99 %d ms, max %d ms%n"
                            + "  the same from the POST of the incident's newest alert: p50 %d ms, p90 %d ms, p99 %d ms",
                    alertsRead, lines, requests, batch, concurrency, postSeconds, alertsPerSecond, accepted, duplicates,
                    rejected, failedRequests, postP50Ms, postP99Ms, alertsInIncidents, incidentsSeen, readableP50Ms,
                    readableP90Ms, readableP99Ms, readableMaxMs, newestP50Ms, newestP90Ms, newestP99Ms);
        }
    }

    private final Options o;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final Map<String, Long> readableAt = new ConcurrentHashMap<>();
    /**
     * For each alert, how long after the POST of its incident's newest alert (as first read with it) it showed: an
     * alert that joins an incident only once a later alert comes cannot show before that alert is posted, so this is
     * the service's own part of the latency, without the wait for the rest of the stream.
     */
    private final Map<String, Long> sinceNewest = new ConcurrentHashMap<>();
    private final Map<String, Boolean> incidents = new ConcurrentHashMap<>();

    public LoadDriver(Options options) {
        this.o = options;
    }

    public Report run(PrintStream log) throws IOException, InterruptedException {
        List<String> all = Files.readAllLines(o.alerts(), StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        for (String l : all) if (!l.isBlank()) lines.add(l);
        if (lines.isEmpty()) throw new IOException(o.alerts() + ": no alerts");
        // The alert id on each line, so the poller can tell when each one shows in an incident.
        ReadResult read = new AlertReader().read(o.alerts(), false);
        Map<Integer, String> idOfLine = new HashMap<>();
        for (AlertRecord r : read.records()) {
            String origin = r.origin();
            int colon = origin.lastIndexOf(':');
            try {
                idOfLine.put(Integer.parseInt(origin.substring(colon + 1)), r.alert().getId());
            } catch (NumberFormatException e) {
                // not a JSON-lines origin: latency for it is not measured
            }
        }
        // Batches of line numbers (from 1), blank lines left out.
        List<List<Integer>> batches = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        for (int lineNo = 1; lineNo <= all.size(); lineNo++) {
            if (all.get(lineNo - 1).isBlank()) continue;
            current.add(lineNo);
            if (current.size() == o.batch()) {
                batches.add(current);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) batches.add(current);
        log.printf(Locale.ROOT, "loadtest: %d alerts from %s in %d requests of up to %d, %d at a time, %s, to %s%n",
                lines.size(), o.alerts(), batches.size(), o.batch(), o.concurrency(),
                o.rate() > 0 ? String.format(Locale.ROOT, "paced at %.0f alerts/s", o.rate()) : "as fast as answered", o.url());

        AtomicLong accepted = new AtomicLong();
        AtomicLong duplicates = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        AtomicInteger failed = new AtomicInteger();
        long[] postMillis = new long[batches.size()];
        Thread poller = new Thread(this::poll, "loadtest-poller");
        poller.setDaemon(true);
        long pollerStartWall = System.currentTimeMillis();
        pollFrom = pollerStartWall - 2000;
        poller.start();

        ExecutorService pool = Executors.newFixedThreadPool(o.concurrency());
        long t0 = System.nanoTime();
        AtomicLong lastDone = new AtomicLong(t0);
        List<Future<?>> futures = new ArrayList<>();
        long alertsBefore = 0;
        for (int b = 0; b < batches.size(); b++) {
            int index = b;
            List<Integer> batch = batches.get(b);
            // Paced: a batch is due when the alerts before it have had their time at the rate (an open schedule: a
            // slow answer does not push the later batches back, their latency counts from when they were sent).
            long due = o.rate() > 0 ? t0 + (long) (alertsBefore / o.rate() * 1e9) : t0;
            alertsBefore += batch.size();
            futures.add(pool.submit(() -> {
                StringBuilder body = new StringBuilder();
                for (int ln : batch) body.append(all.get(ln - 1)).append('\n');
                long wait = due - System.nanoTime();
                if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                long start = System.nanoTime();
                for (int ln : batch) {
                    String id = idOfLine.get(ln);
                    if (id != null) sentAt.putIfAbsent(id, start);
                }
                try {
                    HttpResponse<String> r = http.send(request("/api/alerts")
                            .header("Content-Type", "application/x-ndjson")
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    long end = System.nanoTime();
                    postMillis[index] = (end - start) / 1_000_000;
                    lastDone.accumulateAndGet(end, Math::max);
                    if (r.statusCode() == 202 || r.statusCode() == 400) {
                        JsonNode n = JSON.readTree(r.body());
                        accepted.addAndGet(n.path("accepted").asLong());
                        duplicates.addAndGet(n.path("duplicates").asLong());
                        rejected.addAndGet(n.path("rejected").asLong());
                        if (r.statusCode() != 202) failed.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        if (failed.get() <= 5) log.println("loadtest: HTTP " + r.statusCode() + ": " + r.body());
                    }
                } catch (IOException e) {
                    failed.incrementAndGet();
                    if (failed.get() <= 5) log.println("loadtest: " + e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                failed.incrementAndGet();
            }
        }
        pool.shutdown();
        double postSeconds = (lastDone.get() - t0) / 1e9;

        // Wait for the incidents to settle: no alert newly readable for `settle`, or the time-out.
        long deadline = System.nanoTime() + o.timeout().toNanos();
        int lastSeen = -1;
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Thread.sleep(o.pollInterval().toMillis());
            int seen = readableAt.size();
            if (seen != lastSeen) {
                lastSeen = seen;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince >= o.settle().toNanos()) {
                break;
            }
        }
        pollerStop = true;
        poller.join(5000);

        long[] latencies = readableAt.entrySet().stream()
                .filter(e -> sentAt.containsKey(e.getKey()))
                .mapToLong(e -> (e.getValue() - sentAt.get(e.getKey())) / 1_000_000).sorted().toArray();
        long[] posts = Arrays.stream(postMillis).sorted().toArray();
        long[] service = sinceNewest.values().stream().mapToLong(n -> n / 1_000_000).sorted().toArray();
        return new Report(lines.size(), read.records().size(), batches.size(), failed.get(), accepted.get(), duplicates.get(),
                rejected.get(), postSeconds, accepted.get() / Math.max(postSeconds, 1e-9), pct(posts, 50), pct(posts, 99),
                latencies.length, incidents.size(), pct(latencies, 50), pct(latencies, 90), pct(latencies, 99),
                latencies.length == 0 ? 0 : latencies[latencies.length - 1], pct(service, 50), pct(service, 90), pct(service, 99));
    }

    private volatile boolean pollerStop;
    private volatile long pollFrom;

    /** Reads the incidents changed since the last look; notes when each posted alert first shows in one. */
    private void poll() {
        while (!pollerStop) {
            long startWall = System.currentTimeMillis();
            try {
                int offset = 0;
                while (true) {
                    String q = "/api/incidents?state=all&limit=1000&offset=" + offset + "&updatedSince="
                            + URLEncoder.encode(Instant.ofEpochMilli(pollFrom).toString(), StandardCharsets.UTF_8);
                    HttpResponse<String> r = http.send(request(q).GET().build(), HttpResponse.BodyHandlers.ofString());
                    long now = System.nanoTime();
                    if (r.statusCode() != 200) break;
                    JsonNode items = JSON.readTree(r.body()).path("items");
                    for (JsonNode i : items) {
                        incidents.put(i.path("id").asText(), Boolean.TRUE);
                        List<String> shown = new ArrayList<>();
                        long newest = Long.MIN_VALUE;
                        for (JsonNode a : i.path("alertIds")) {
                            String id = a.asText();
                            Long sent = sentAt.get(id);
                            if (readableAt.putIfAbsent(id, now) == null && sent != null) shown.add(id);
                            if (sent != null) newest = Math.max(newest, sent);
                        }
                        if (newest != Long.MIN_VALUE) for (String id : shown) sinceNewest.put(id, now - newest);
                    }
                    if (items.size() < 1000) break;
                    offset += 1000;
                }
                pollFrom = startWall - 1000; // overlap: a change committed while we read is seen next time
                Thread.sleep(o.pollInterval().toMillis());
            } catch (IOException e) {
                try {
                    Thread.sleep(o.pollInterval().toMillis());
                } catch (InterruptedException ie) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(o.url().resolve(path)).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + o.token());
    }

    private static long pct(long[] sorted, int p) {
        if (sorted.length == 0) return 0;
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
