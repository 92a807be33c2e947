package org.alertcorrelator.service;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;

/**
 * The service's counters, gauges and the ingest histogram, kept in a Micrometer registry of its own (one per
 * service, not the global one) and written out in the Prometheus text format at {@code GET /metrics}. Counters live
 * as long as the process; gauges are read when scraped. The names are those docs/service.md lists: Micrometer's
 * Prometheus naming adds {@code _total} to a counter and {@code _seconds} to a timer, which the names below
 * already end with, so the scraped names are exactly these.
 */
public final class Metrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public final Count alertsReceived = count("alertcorrelator_alerts_received_total", "Alert records received by POST /api/alerts.");
    public final Count alertsAccepted = count("alertcorrelator_alerts_accepted_total", "Alerts accepted and stored (new SystemAlertIds).");
    public final Count alertsRejected = count("alertcorrelator_alerts_rejected_total", "Alert records rejected (unreadable, or outside the token's tenants).");
    public final Count alertsDuplicate = count("alertcorrelator_alerts_duplicate_total", "Alert records already stored (same SystemAlertId), not stored again.");
    public final Count alertsUpdated = count("alertcorrelator_alerts_updated_total", "Stored alerts replaced by a later version of the same SystemAlertId.");
    public final Count alertsLate = count("alertcorrelator_alerts_late_total", "Alerts that came later than the lateness allows, correlated at the current clock.");
    public final Count alertsCorrelated = count("alertcorrelator_alerts_correlated_total", "Alerts handed to the live rule session.");
    public final Count incidentsOpened = count("alertcorrelator_incidents_opened_total", "Incidents opened.");
    public final Count incidentsUpdated = count("alertcorrelator_incidents_updated_total", "Incident changes published (alerts joined, severity, kind, final).");
    public final Count incidentsMerged = count("alertcorrelator_incidents_merged_total", "Incidents merged into another.");
    public final Count incidentsWithdrawn = count("alertcorrelator_incidents_withdrawn_total", "Incidents withdrawn (their links turned out to be infrastructure).");
    public final Count incidentsReopened = count("alertcorrelator_incidents_reopened_total", "Closed incidents reopened by a new alert.");
    public final Count ruleReloads = count("alertcorrelator_rules_reloads_total", "Successful rule reloads.");
    public final Count ruleReloadFailures = count("alertcorrelator_rules_reload_failures_total", "Rule reloads that failed to build (the running rules stayed).");
    public final Count correlationFailures = count("alertcorrelator_correlation_failures_total", "Times a rule or the engine failed and the live session was rebuilt from the store.");
    public final Count alertsQuarantined = count("alertcorrelator_alerts_quarantined_total", "Alerts set aside because correlating them failed (stored, not correlated until other rules are loaded).");
    public final Count webhookDeliveries = count("alertcorrelator_webhook_deliveries_total", "Webhook deliveries accepted by a receiver.");
    public final Count webhookFailures = count("alertcorrelator_webhook_failures_total", "Webhook tries that failed (retried later).");
    public final Count alertsPurged = count("alertcorrelator_alerts_purged_total", "Alerts removed by the retention purge.");
    public final Count incidentsPurged = count("alertcorrelator_incidents_purged_total", "Incidents removed by the retention purge.");
    public final Histogram ingestSeconds = new Histogram(Timer.builder("alertcorrelator_ingest_seconds")
            .description("Time from receiving POST /api/alerts to answering it (stored durably).")
            .serviceLevelObjectives(seconds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
            .register(registry));
    private static final String RULE_FIRINGS = "alertcorrelator_rule_firings_total";
    private final Map<String, Counter> ruleFirings = new ConcurrentHashMap<>();
    /** The newest supplier of each gauge: a gauge registered again (a rebuilt engine) reads from the new one. */
    private final Map<String, LongSupplier> gauges = new ConcurrentHashMap<>();

    /** A counter that only goes up. */
    public static final class Count {
        private final Counter counter;

        private Count(Counter counter) {
            this.counter = counter;
        }

        public void increment() {
            counter.increment();
        }

        public void add(long n) {
            counter.increment(n);
        }

        public long sum() {
            return (long) counter.count();
        }
    }

    /** A histogram of durations in seconds, with fixed buckets. */
    public static final class Histogram {
        private final Timer timer;

        private Histogram(Timer timer) {
            this.timer = timer;
        }

        public void observe(double seconds) {
            timer.record((long) (seconds * 1e9), TimeUnit.NANOSECONDS);
        }

        public long count() {
            return timer.count();
        }
    }

    private Count count(String name, String help) {
        return new Count(Counter.builder(name).description(help).register(registry));
    }

    private static Duration[] seconds(double... bounds) {
        Duration[] d = new Duration[bounds.length];
        for (int i = 0; i < bounds.length; i++) d[i] = Duration.ofNanos(Math.round(bounds[i] * 1e9));
        return d;
    }

    /** Counts rule firings by rule name; one listener per rule session. */
    public final class RuleFiringCounter extends DefaultAgendaEventListener {
        @Override
        public void afterMatchFired(AfterMatchFiredEvent event) {
            ruleFired(event.getMatch().getRule().getName());
        }
    }

    void ruleFired(String rule) {
        ruleFirings.computeIfAbsent(rule, r -> Counter.builder(RULE_FIRINGS)
                .description("Rule firings in the live session, by rule.").tag("rule", r).register(registry)).increment();
    }

    public RuleFiringCounter ruleFiringCounter() {
        return new RuleFiringCounter();
    }

    /**
     * A gauge read when scraped. A value that cannot be read (e.g. the store is unreachable) is written as NaN
     * rather than failing the scrape.
     */
    public void gauge(String name, String help, LongSupplier value) {
        if (gauges.put(name, value) != null) return;
        Gauge.builder(name, () -> gauges.get(name).getAsLong()).description(help).register(registry);
    }

    public long ruleFirings(String rule) {
        Counter c = ruleFirings.get(rule);
        return c == null ? 0 : (long) c.count();
    }

    /** Everything, in the Prometheus text format (version 0.0.4). */
    public String render() {
        return registry.scrape();
    }
}
