package org.alertcorrelator.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.alertcorrelator.service.Setting;
import org.alertcorrelator.service.TestService;
import org.openqa.selenium.By;

/**
 * How fast the web view's queue opens over 10,000 incidents, made the real way: 20,000 alerts posted to a real
 * service (embedded store) over HTTP, one two-stage kill chain per host, then the queue page loaded in a real
 * headless Chromium. Prints, from the same run: the time from navigation to the first page of the queue drawn
 * (median and worst of several loads), the same with a filter and at the last page, and the API call alone.
 *
 * <pre>
 * mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) org.alertcorrelator.web.QueueBenchmark [INCIDENTS]
 * </pre>
 */
public final class QueueBenchmark {
    private QueueBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int incidents = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path dir = Files.createTempDirectory("queue-bench-");
        try (TestService svc = TestService.start(dir, Map.of(Setting.FLUSH_AFTER_IDLE, "1s"))) {
            long t0 = System.nanoTime();
            int batch = 500;
            for (int from = 0; from < incidents; from += batch) {
                StringBuilder body = new StringBuilder("[");
                for (int i = from; i < Math.min(incidents, from + batch); i++) {
                    if (i > from) body.append(',');
                    body.append(alert("qb-" + i + "-a", i, "Execution", 0)).append(',').append(alert("qb-" + i + "-b", i, "Persistence", 1));
                }
                body.append(']');
                TestService.Response r = svc.post("/api/alerts", TestService.ADMIN, "application/json", body.toString());
                if (r.status() != 202) throw new IllegalStateException("POST refused: " + r);
            }
            // Wait (at most 15 minutes) until the engine has correlated everything and stored every incident.
            long stored = 0;
            for (long end = System.nanoTime() + 900_000_000_000L; System.nanoTime() < end; Thread.sleep(500)) {
                stored = svc.get("/api/incidents?limit=1", TestService.ANALYST).json().path("total").asLong();
                if (stored >= incidents) break;
            }
            System.out.printf(Locale.ROOT, "incidents stored: %d (from %d alerts posted and correlated in %.1f s)%n",
                    stored, 2L * incidents, (System.nanoTime() - t0) / 1e9);
            if (stored != incidents) throw new IllegalStateException("expected " + incidents + " incidents, found " + stored);

            List<Double> api = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                long s = System.nanoTime();
                svc.get("/api/incidents?limit=50", TestService.ANALYST);
                api.add((System.nanoTime() - s) / 1e6);
            }
            try (Browser b = Browser.start()) {
                b.driver.get(svc.base().resolve("/").toString());
                b.js("sessionStorage.setItem('alertcorrelator.token', arguments[0]);", TestService.ANALYST);
                List<Double> first = loads(b, svc.base() + "/#/queue", 7);
                List<Double> filtered = loads(b, svc.base() + "/#/queue?severity=Medium&entity=host-" + (incidents / 2) + ".bench.example", 5);
                List<Double> last = loads(b, svc.base() + "/#/queue?offset=" + (incidents - 50), 5);
                System.out.printf(Locale.ROOT, "GET /api/incidents?limit=50 alone:           median %6.1f ms, worst %6.1f ms%n", median(api), max(api));
                System.out.printf(Locale.ROOT, "queue, first page drawn after navigation:     median %6.1f ms, worst %6.1f ms%n", median(first), max(first));
                System.out.printf(Locale.ROOT, "queue, entity + severity filter:              median %6.1f ms, worst %6.1f ms%n", median(filtered), max(filtered));
                System.out.printf(Locale.ROOT, "queue, last page (offset %d):               median %6.1f ms, worst %6.1f ms%n", incidents - 50, median(last), max(last));
                System.out.printf(Locale.ROOT, "ratio first page / target 1000 ms: %.2f; last page / first page: %.2f%n",
                        median(first) / 1000, median(last) / median(first));
            }
        }
    }

    /** Loads the page afresh n times; each time, ms from navigation start to the queue's first table drawn. */
    static List<Double> loads(Browser b, String url, int n) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            b.driver.get("about:blank");
            b.driver.get(url);
            b.wait.until(d -> !d.findElements(By.cssSelector("#queue tr.incident-row, #queue-box .empty")).isEmpty());
            Object ms = b.js("var m = performance.getEntriesByName('queue-drawn'); return m.length ? m[0].startTime : -1;");
            out.add(((Number) ms).doubleValue());
        }
        return out;
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }

    static double max(List<Double> xs) {
        return Collections.max(xs);
    }

    /** One Defender alert on its own host; the second of a pair comes an hour later at a later stage. */
    static String alert(String id, int host, String tactic, int hour) {
        String t = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(host * 60L + hour * 3600L).toString();
        return """
                {"id": "/subscriptions/b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d51/providers/Microsoft.Security/locations/westeurope/alerts/%1$s",
                 "name": "%1$s", "type": "Microsoft.Security/Locations/alerts",
                 "properties": {"status": "Active", "alertDisplayName": "Suspicious %3$s on host %2$d", "alertType": "Bench_%3$s",
                   "compromisedEntity": "host-%2$d", "severity": "Medium", "intent": "%3$s", "startTimeUtc": "%4$s",
                   "endTimeUtc": "%4$s", "timeGeneratedUtc": "%4$s", "systemAlertId": "%1$s",
                   "resourceIdentifiers": [{"type": "AAD", "aadTenantId": "3f2b8c1e-5d4a-4e6b-9c7d-1a2b3c4d5e01"}],
                   "entities": [{"$id": "1", "hostName": "host-%2$d", "dnsDomain": "bench.example", "type": "host"}]}}"""
                .formatted(id, host, tactic, t);
    }
}
