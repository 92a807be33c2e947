package org.alertcorrelator.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.alertcorrelator.generate.Estate.Tenant;

/**
 * Generates a realistic alert stream with its ground truth, hour by hour, straight to the files (a million alerts
 * never sit in memory). The same options give the same bytes.
 *
 * <p>What the stream guarantees (and the truth file relies on):
 * <ul>
 * <li>Campaign alerts are tied to each other by shared strong entities (machine, account, resource, attacker
 * address, malware hash), step after step, forward through the kill chain; a campaign in several tenants has one
 * truth id per tenant.</li>
 * <li>No noise alert names a campaign's machine, account, resource or attacker address from {@code quietGap}
 * before the campaign's first alert to {@code quietGap} after its last, except dismissed and vendor test alerts,
 * which take no part in correlation.</li>
 * <li>A lone alert shares no strong entity with any other alert within {@code quietGap}, except entities that are
 * no evidence (generic accounts, well-known SIDs, loopback and link-local addresses) and infrastructure named on
 * many machines (DNS servers, the proxy, 168.63.129.16, a management account, {@code azureuser}, scanner
 * addresses): those link alerts only until they are seen on more machines than a correlator allows, which at the
 * default rates happens within hours.</li>
 * <li>Busy hosts repeat only alerts of one kill-chain stage (or none) at Low or Informational severity.</li>
 * </ul>
 * What it does not guarantee: a campaign with a dwell of more than a day between two steps (a share of them,
 * {@code dwellShare}) is one attack in the truth, but no window-based correlator can join its halves.
 */
public final class StreamGenerator {

    /** What {@code generate} was asked for. */
    public record Options(long seed, int alerts, int tenants, int hosts, int campaigns, int days, Instant start,
                          OutputFormat format, Path out, Path truth, Path catalog, Duration quietGap, double dwellShare) {
        public static final Instant DEFAULT_START = Instant.parse("2025-01-06T00:00:00Z");

        /** The defaults for a stream of {@code alerts} alerts: hosts and campaigns grow with it, tenants and days do not. */
        public static Options defaults(int alerts, Path out, Path truth) {
            return new Options(1, alerts, 5, defaultHosts(alerts), defaultCampaigns(alerts), 7, DEFAULT_START, OutputFormat.EXPORT,
                    out, truth, null, Duration.ofHours(36), 0.04);
        }

        public static int defaultHosts(int alerts) {
            return Math.max(200, alerts / 4);
        }

        public static int defaultCampaigns(int alerts) {
            return Math.max(alerts >= 200 ? 2 : 0, alerts / 1000);
        }

        public Options withSeed(long s) {
            return new Options(s, alerts, tenants, hosts, campaigns, days, start, format, out, truth, catalog, quietGap, dwellShare);
        }
    }

    /** What was written. */
    public record Summary(int alerts, int campaignAlerts, int campaigns, int tenants, int hosts, int hostsAdded,
                          long bytes, long millis) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d alerts (%d in %d campaigns, %d noise) from %d tenants, %d machines (%d added"
                            + " to keep lone alerts lone); %.1f MB in %.1f s",
                    alerts, campaignAlerts, campaigns, alerts - campaignAlerts, tenants, hosts, hostsAdded, bytes / 1e6, millis / 1000.0);
        }
    }

    private StreamGenerator() {
    }

    /** Waves of multi-tenant low-severity campaigns: one per ten campaigns, at least one when there are campaigns. */
    static int defaultPrevalentWaves(int campaigns) {
        return campaigns == 0 ? 0 : Math.max(1, campaigns / 10);
    }

    /** Whether the Defender alert reference is found without {@code --catalog} (rules/alert-tactics.csv from here). */
    public static boolean catalogFoundByDefault() {
        return Catalog.foundByDefault();
    }

    public static Summary generate(Options o) throws IOException {
        if (o.alerts() < 1) throw new IllegalArgumentException("--alerts must be 1 or more");
        if (o.tenants() < 1) throw new IllegalArgumentException("--tenants must be 1 or more");
        if (o.days() < 1) throw new IllegalArgumentException("--days must be 1 or more");
        long t0 = System.nanoTime();
        Catalog catalog = Catalog.load(o.catalog());
        Rnd root = new Rnd(o.seed());
        Rnd estateRnd = root.split();
        Rnd campaignRnd = root.split();
        Rnd noiseRnd = root.split();
        Rnd alertRnd = root.split();
        EstateBuilder estate = new EstateBuilder(estateRnd, catalog);
        List<Tenant> tenants = estate.build(o.tenants(), Math.max(o.hosts(), o.tenants() * 40));
        int hostsBefore = 0;
        for (Tenant t : tenants) hostsBefore += t.vms.size() + t.busyVms.size();
        Alerts alerts = new Alerts(alertRnd);
        long startMs = o.start().toEpochMilli();
        long hours = o.days() * 24L;
        long endMs = startMs + hours * 3_600_000L;
        long gap = o.quietGap().toMillis();

        Campaigns planner = new Campaigns(campaignRnd, catalog, alerts, estate, tenants, startMs, endMs, gap, o.dwellShare());
        List<AlertSpec> campaignAlerts = new ArrayList<>(planner.plan(o.campaigns(), o.alerts() / 2));
        // Low-severity campaigns in many tenants (after the others, so those stay as they were); busy hosts do not
        // repeat their steps.
        List<List<Catalog.Row>> templates = Campaigns.prevalentTemplates(catalog);
        java.util.Set<Catalog.Row> templateRows = new java.util.HashSet<>();
        templates.forEach(templateRows::addAll);
        java.util.Set<String> templateSteps = new java.util.HashSet<>();
        for (Catalog.Row r : templateRows) {
            templateSteps.addAll(r.types());
            templateSteps.add(r.name());
        }
        for (Tenant t : tenants) {
            for (Estate.Vm vm : t.busyVms) {
                List<Catalog.Row> kept = new ArrayList<>(vm.busyRows);
                kept.removeIf(r -> templateSteps.contains(r.name()) || r.types().stream().anyMatch(templateSteps::contains));
                if (kept.isEmpty()) { // a busy host that repeated a campaign step repeats another benign alert instead
                    List<Catalog.Row> others = new ArrayList<>();
                    for (Catalog.Row r : catalog.plane(vm.windows ? Catalog.Plane.WINDOWS : Catalog.Plane.LINUX)) {
                        if (r.isVendorTest() || !r.singleStage() || templateSteps.contains(r.name())
                                || r.types().stream().anyMatch(templateSteps::contains)) continue;
                        if (r.allows(org.alertcorrelator.model.Severity.LOW) || r.allows(org.alertcorrelator.model.Severity.INFORMATIONAL)) others.add(r);
                    }
                    if (!others.isEmpty()) kept.add(others.get(Math.floorMod(vm.name.hashCode(), others.size())));
                }
                if (!kept.isEmpty()) vm.busyRows = kept;
            }
        }
        if (campaignAlerts.size() < o.alerts() / 2) {
            campaignAlerts.addAll(planner.planPrevalent(defaultPrevalentWaves(o.campaigns()), templates, Campaigns.decoyRows(catalog)));
        }
        campaignAlerts.sort(AlertSpec::compareByStartThenId);
        int noiseTotal = o.alerts() - campaignAlerts.size();
        int[][] budget = budgets(tenants, (int) hours, startMs, noiseTotal);

        Noise noise = new Noise(noiseRnd, catalog, alerts, estate, tenants.size(), gap);
        noise.keepOff(templateRows);
        Path out = o.out();
        Path truth = o.truth();
        if (out.toAbsolutePath().getParent() != null) Files.createDirectories(out.toAbsolutePath().getParent());
        if (truth.toAbsolutePath().getParent() != null) Files.createDirectories(truth.toAbsolutePath().getParent());
        CountingStream counter;
        int written = 0;
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
            Thread th = new Thread(r, "generate-format");
            th.setDaemon(true);
            return th;
        }) : null;
        Formats.RecordFormat[] formats = new Formats.RecordFormat[threads];
        StringBuilder[] chunks = new StringBuilder[threads];
        for (int i = 0; i < threads; i++) {
            formats[i] = Formats.format(o.format());
            chunks[i] = new StringBuilder(1 << 20);
        }
        try (OutputStream fileOut = Files.newOutputStream(out);
             Writer w = new BufferedWriter(new OutputStreamWriter(counter = new CountingStream(fileOut), StandardCharsets.UTF_8), 1 << 16);
             Writer tw = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(truth), StandardCharsets.UTF_8), 1 << 16)) {
            w.write(formats[0].head());
            tw.write("alertId,campaignId\n");
            int next = 0;
            List<AlertSpec> batch = new ArrayList<>(4096);
            for (int h = 0; h < hours; h++) {
                long hourStart = startMs + h * 3_600_000L;
                long hourEnd = hourStart + 3_600_000L;
                while (next < campaignAlerts.size() && campaignAlerts.get(next).startNanos / 1_000_000L < hourEnd) {
                    batch.add(campaignAlerts.get(next++));
                }
                for (Tenant t : tenants) noise.hour(t, hourStart, budget[t.index][h], batch);
                batch.sort(AlertSpec::compareByStartThenId);
                formatInParallel(batch, written == 0, formats, chunks, pool);
                for (StringBuilder chunk : chunks) {
                    w.append(chunk);
                    chunk.setLength(0);
                }
                for (AlertSpec a : batch) {
                    tw.write(a.id);
                    tw.write(',');
                    if (a.campaignId != null) tw.write(a.campaignId);
                    tw.write('\n');
                }
                written += batch.size();
                batch.clear();
            }
            if (next < campaignAlerts.size()) throw new IllegalStateException("campaign alerts after the end of the stream");
            w.write(formats[0].tail());
        } finally {
            if (pool != null) pool.shutdownNow();
        }
        if (written != o.alerts()) throw new IllegalStateException("wrote " + written + " alerts, not " + o.alerts());
        int hostsAfter = 0;
        for (Tenant t : tenants) hostsAfter += t.vms.size() + t.busyVms.size();
        return new Summary(written, campaignAlerts.size(), planner.campaigns(), tenants.size(), hostsAfter,
                hostsAfter - hostsBefore, counter.count, (System.nanoTime() - t0) / 1_000_000);
    }

    /** Formats the batch in as many contiguous parts as there are formats, each into its chunk, in order. */
    private static void formatInParallel(List<AlertSpec> batch, boolean firstOfFile, Formats.RecordFormat[] formats,
                                         StringBuilder[] chunks, ExecutorService pool) throws IOException {
        int parts = pool == null || batch.size() < 256 ? 1 : formats.length;
        int per = (batch.size() + parts - 1) / parts;
        List<Future<?>> done = new ArrayList<>(parts);
        for (int p = 0; p < parts; p++) {
            int from = p * per;
            int to = Math.min(batch.size(), from + per);
            Formats.RecordFormat f = formats[p];
            StringBuilder chunk = chunks[p];
            Runnable job = () -> {
                for (int i = from; i < to; i++) f.format(batch.get(i), chunk, firstOfFile && i == 0);
            };
            if (parts == 1) job.run();
            else done.add(pool.submit(job));
        }
        try {
            for (Future<?> d : done) d.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Noise alerts per tenant and hour: the tenant's share, a working-day curve in the tenant's time zone (nights
     * and weekends at about a third of the peak), rounded so that the total is exact.
     */
    static int[][] budgets(List<Tenant> tenants, int hours, long startMs, int total) {
        double[][] want = new double[tenants.size()][hours];
        double sum = 0;
        for (Tenant t : tenants) {
            for (int h = 0; h < hours; h++) {
                long local = startMs / 3_600_000L + h + t.utcOffsetHours;
                int hourOfDay = (int) Math.floorMod(local, 24L);
                int dayOfWeek = (int) Math.floorMod(Math.floorDiv(local, 24L) + 3, 7L); // epoch day 0 was a Thursday; 0 = Monday
                double curve = hourOfDay >= 8 && hourOfDay < 18 ? 1.0 : hourOfDay >= 6 && hourOfDay < 21 ? 0.6 : 0.35;
                if (dayOfWeek >= 5) curve *= 0.5;
                want[t.index][h] = t.weight * curve;
                sum += want[t.index][h];
            }
        }
        int[][] budget = new int[tenants.size()][hours];
        int given = 0;
        List<double[]> remainders = new ArrayList<>();
        for (int i = 0; i < tenants.size(); i++) {
            for (int h = 0; h < hours; h++) {
                double x = want[i][h] / sum * total;
                budget[i][h] = (int) Math.floor(x);
                given += budget[i][h];
                remainders.add(new double[]{x - Math.floor(x), i, h});
            }
        }
        remainders.sort((a, b) -> a[0] != b[0] ? Double.compare(b[0], a[0]) : a[1] != b[1] ? Double.compare(a[1], b[1]) : Double.compare(a[2], b[2]));
        for (int k = 0; given < total; k = (k + 1) % remainders.size(), given++) {
            double[] r = remainders.get(k);
            budget[(int) r[1]][(int) r[2]]++;
        }
        return budget;
    }

    private static final class CountingStream extends java.io.FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
