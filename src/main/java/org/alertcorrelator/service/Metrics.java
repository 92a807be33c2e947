package org.alertcorrelator.service;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;

/**
 * The service's counters and gauges, written out in the Prometheus text format at {@code GET /metrics}.
 * Counters live as long as the process; gauges are read when scraped.
 *
 * <p>Not yet Micrometer or the Prometheus Java client (issue 7 asks for one): micrometer-registry-prometheus 1.17.2
 * and io.prometheus:prometheus-metrics-core 1.10.0 resolve here and do not depend on the store, so either would
 * serve. It was not done for lack of time, not because a measurement showed it does not serve; the metric names
 * in docs/service.md are what the switch must keep.
 */
public final class Metrics {
    public final LongAdder alertsReceived = new LongAdder();
    public final LongAdder alertsAccepted = new LongAdder();
    public final LongAdder alertsRejected = new LongAdder();
    public final LongAdder alertsDuplicate = new LongAdder();
    public final LongAdder alertsUpdated = new LongAdder();
    public final LongAdder alertsLate = new LongAdder();
    public final LongAdder alertsCorrelated = new LongAdder();
    public final LongAdder incidentsOpened = new LongAdder();
    public final LongAdder incidentsUpdated = new LongAdder();
    public final LongAdder incidentsMerged = new LongAdder();
    public final LongAdder incidentsWithdrawn = new LongAdder();
    public final LongAdder incidentsReopened = new LongAdder();
    public final LongAdder ruleReloads = new LongAdder();
    public final LongAdder ruleReloadFailures = new LongAdder();
    public final LongAdder correlationFailures = new LongAdder();
    public final LongAdder alertsQuarantined = new LongAdder();
    public final LongAdder webhookDeliveries = new LongAdder();
    public final LongAdder webhookFailures = new LongAdder();
    public final LongAdder alertsPurged = new LongAdder();
    public final LongAdder incidentsPurged = new LongAdder();
    public final Histogram ingestSeconds = new Histogram(
            new double[] {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10});
    private final Map<String, LongAdder> ruleFirings = new ConcurrentHashMap<>();
    private final Map<String, LongSupplier> gauges = new ConcurrentHashMap<>();
    private final Map<String, String> gaugeHelp = new ConcurrentHashMap<>();

    /** Counts rule firings by rule name; one listener per rule session. */
    public final class RuleFiringCounter extends DefaultAgendaEventListener {
        @Override
        public void afterMatchFired(AfterMatchFiredEvent event) {
            ruleFirings.computeIfAbsent(event.getMatch().getRule().getName(), k -> new LongAdder()).increment();
        }
    }

    public RuleFiringCounter ruleFiringCounter() {
        return new RuleFiringCounter();
    }

    public void gauge(String name, String help, LongSupplier value) {
        gauges.put(name, value);
        gaugeHelp.put(name, help);
    }

    public long ruleFirings(String rule) {
        LongAdder a = ruleFirings.get(rule);
        return a == null ? 0 : a.sum();
    }

    /** A Prometheus histogram with fixed buckets (seconds). */
    public static final class Histogram {
        private final double[] bounds;
        private final LongAdder[] counts;
        private final LongAdder count = new LongAdder();
        private final java.util.concurrent.atomic.DoubleAdder sum = new java.util.concurrent.atomic.DoubleAdder();

        Histogram(double[] bounds) {
            this.bounds = bounds;
            this.counts = new LongAdder[bounds.length];
            for (int i = 0; i < bounds.length; i++) counts[i] = new LongAdder();
        }

        public void observe(double seconds) {
            for (int i = 0; i < bounds.length; i++) if (seconds <= bounds[i]) counts[i].increment();
            count.increment();
            sum.add(seconds);
        }

        public long count() {
            return count.sum();
        }
    }

    public String render() {
        StringBuilder b = new StringBuilder(4096);
        counter(b, "alertcorrelator_alerts_received_total", "Alert records received by POST /api/alerts.", alertsReceived);
        counter(b, "alertcorrelator_alerts_accepted_total", "Alerts accepted and stored (new SystemAlertIds).", alertsAccepted);
        counter(b, "alertcorrelator_alerts_rejected_total", "Alert records rejected (unreadable, or outside the token's tenants).", alertsRejected);
        counter(b, "alertcorrelator_alerts_duplicate_total", "Alert records already stored (same SystemAlertId), not stored again.", alertsDuplicate);
        counter(b, "alertcorrelator_alerts_updated_total", "Stored alerts replaced by a later version of the same SystemAlertId.", alertsUpdated);
        counter(b, "alertcorrelator_alerts_late_total", "Alerts that came later than the lateness allows, correlated at the current clock.", alertsLate);
        counter(b, "alertcorrelator_alerts_correlated_total", "Alerts handed to the live rule session.", alertsCorrelated);
        counter(b, "alertcorrelator_incidents_opened_total", "Incidents opened.", incidentsOpened);
        counter(b, "alertcorrelator_incidents_updated_total", "Incident changes published (alerts joined, severity, kind, final).", incidentsUpdated);
        counter(b, "alertcorrelator_incidents_merged_total", "Incidents merged into another.", incidentsMerged);
        counter(b, "alertcorrelator_incidents_withdrawn_total", "Incidents withdrawn (their links turned out to be infrastructure).", incidentsWithdrawn);
        counter(b, "alertcorrelator_incidents_reopened_total", "Closed incidents reopened by a new alert.", incidentsReopened);
        b.append("# HELP alertcorrelator_rule_firings_total Rule firings in the live session, by rule.\n");
        b.append("# TYPE alertcorrelator_rule_firings_total counter\n");
        for (Map.Entry<String, LongAdder> e : new TreeMap<>(ruleFirings).entrySet()) {
            b.append("alertcorrelator_rule_firings_total{rule=\"").append(escape(e.getKey())).append("\"} ")
                    .append(e.getValue().sum()).append('\n');
        }
        counter(b, "alertcorrelator_rules_reloads_total", "Successful rule reloads.", ruleReloads);
        counter(b, "alertcorrelator_rules_reload_failures_total", "Rule reloads that failed to build (the running rules stayed).", ruleReloadFailures);
        counter(b, "alertcorrelator_correlation_failures_total", "Times a rule or the engine failed and the live session was rebuilt from the store.", correlationFailures);
        counter(b, "alertcorrelator_alerts_quarantined_total", "Alerts set aside because correlating them failed (stored, not correlated until other rules are loaded).", alertsQuarantined);
        counter(b, "alertcorrelator_webhook_deliveries_total", "Webhook deliveries accepted by a receiver.", webhookDeliveries);
        counter(b, "alertcorrelator_webhook_failures_total", "Webhook tries that failed (retried later).", webhookFailures);
        counter(b, "alertcorrelator_alerts_purged_total", "Alerts removed by the retention purge.", alertsPurged);
        counter(b, "alertcorrelator_incidents_purged_total", "Incidents removed by the retention purge.", incidentsPurged);
        for (Map.Entry<String, LongSupplier> g : new TreeMap<>(gauges).entrySet()) {
            b.append("# HELP ").append(g.getKey()).append(' ').append(gaugeHelp.get(g.getKey())).append('\n');
            b.append("# TYPE ").append(g.getKey()).append(" gauge\n");
            long v;
            try {
                v = g.getValue().getAsLong();
            } catch (RuntimeException e) {
                continue; // e.g. the store is unreachable: leave the sample out rather than fail the scrape
            }
            b.append(g.getKey()).append(' ').append(v).append('\n');
        }
        Histogram h = ingestSeconds;
        b.append("# HELP alertcorrelator_ingest_seconds Time from receiving POST /api/alerts to answering it (stored durably).\n");
        b.append("# TYPE alertcorrelator_ingest_seconds histogram\n");
        for (int i = 0; i < h.bounds.length; i++) {
            b.append("alertcorrelator_ingest_seconds_bucket{le=\"").append(format(h.bounds[i])).append("\"} ")
                    .append(h.counts[i].sum()).append('\n');
        }
        b.append("alertcorrelator_ingest_seconds_bucket{le=\"+Inf\"} ").append(h.count.sum()).append('\n');
        b.append("alertcorrelator_ingest_seconds_sum ").append(String.format(Locale.ROOT, "%.6f", h.sum.sum())).append('\n');
        b.append("alertcorrelator_ingest_seconds_count ").append(h.count.sum()).append('\n');
        return b.toString();
    }

    private static void counter(StringBuilder b, String name, String help, LongAdder v) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(" counter\n");
        b.append(name).append(' ').append(v.sum()).append('\n');
    }

    private static String format(double d) {
        String s = Double.toString(d);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
