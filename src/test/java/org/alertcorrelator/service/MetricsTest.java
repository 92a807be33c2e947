package org.alertcorrelator.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.alertcorrelator.service.PrometheusText.Family;
import org.alertcorrelator.service.PrometheusText.Sample;
import org.junit.jupiter.api.Test;

/** The metrics docs/service.md documents, as a Prometheus scraper reads them from {@link Metrics#render()}. */
class MetricsTest {
    /** Every metric family docs/service.md lists ("Operations"), with its Prometheus type. */
    static final Map<String, String> DOCUMENTED = new TreeMap<>(Map.ofEntries(
            Map.entry("alertcorrelator_alerts_received_total", "counter"),
            Map.entry("alertcorrelator_alerts_accepted_total", "counter"),
            Map.entry("alertcorrelator_alerts_rejected_total", "counter"),
            Map.entry("alertcorrelator_alerts_duplicate_total", "counter"),
            Map.entry("alertcorrelator_alerts_updated_total", "counter"),
            Map.entry("alertcorrelator_alerts_late_total", "counter"),
            Map.entry("alertcorrelator_alerts_correlated_total", "counter"),
            Map.entry("alertcorrelator_incidents_opened_total", "counter"),
            Map.entry("alertcorrelator_incidents_updated_total", "counter"),
            Map.entry("alertcorrelator_incidents_merged_total", "counter"),
            Map.entry("alertcorrelator_incidents_withdrawn_total", "counter"),
            Map.entry("alertcorrelator_incidents_reopened_total", "counter"),
            Map.entry("alertcorrelator_rule_firings_total", "counter"),
            Map.entry("alertcorrelator_rules_reloads_total", "counter"),
            Map.entry("alertcorrelator_rules_reload_failures_total", "counter"),
            Map.entry("alertcorrelator_correlation_failures_total", "counter"),
            Map.entry("alertcorrelator_alerts_quarantined_total", "counter"),
            Map.entry("alertcorrelator_webhook_deliveries_total", "counter"),
            Map.entry("alertcorrelator_webhook_failures_total", "counter"),
            Map.entry("alertcorrelator_alerts_purged_total", "counter"),
            Map.entry("alertcorrelator_incidents_purged_total", "counter"),
            Map.entry("alertcorrelator_working_memory_facts", "gauge"),
            Map.entry("alertcorrelator_reorder_buffer_alerts", "gauge"),
            Map.entry("alertcorrelator_engine_inbox_alerts", "gauge"),
            Map.entry("alertcorrelator_event_time_clock_seconds", "gauge"),
            Map.entry("alertcorrelator_webhook_pending", "gauge"),
            Map.entry("alertcorrelator_ingest_seconds", "histogram"),
            // Micrometer's: the longest ingest of the last few minutes
            Map.entry("alertcorrelator_ingest_seconds_max", "gauge")));

    /** The ingest histogram's bucket bounds, in seconds, as before Micrometer. */
    static final List<Double> INGEST_BUCKETS = List.of(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
            Double.POSITIVE_INFINITY);

    /**
     * Asserts that the scrape holds exactly the documented families (none missing, none renamed), each with its
     * type and a help text, and the ingest histogram with its buckets. Used on a running service too.
     */
    static Map<String, Family> assertDocumented(String scrape) {
        Map<String, Family> families = PrometheusText.parse(scrape);
        Map<String, String> types = new TreeMap<>();
        families.values().stream().filter(f -> f.name().startsWith("alertcorrelator_") && !f.name().startsWith("alertcorrelator_kafka_"))
                .forEach(f -> types.put(f.name(), f.type()));
        assertEquals(DOCUMENTED, types, scrape);
        for (Family f : families.values()) assertTrue(f.help() != null && !f.help().isBlank(), "help for " + f.name());
        Family ingest = families.get("alertcorrelator_ingest_seconds");
        List<Double> bounds = ingest.samples().stream().filter(s -> s.name().endsWith("_bucket"))
                .map(s -> Double.parseDouble(s.labels().get("le").replace("+Inf", "Infinity"))).toList();
        assertEquals(INGEST_BUCKETS, bounds);
        Set<String> parts = ingest.samples().stream().map(Sample::name).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of("alertcorrelator_ingest_seconds_bucket", "alertcorrelator_ingest_seconds_count",
                "alertcorrelator_ingest_seconds_sum"), parts);
        return families;
    }

    static double value(Map<String, Family> families, String name, Map<String, String> labels) {
        return families.values().stream().flatMap(f -> f.samples().stream()).filter(s -> s.name().equals(name) && s.labels().equals(labels)).findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + name + labels)).value();
    }

    @Test
    void writesEveryDocumentedFamilyWithItsTypeCountsAndBuckets() {
        Metrics m = new Metrics();
        m.alertsReceived.add(11);
        m.alertsRejected.increment();
        m.gauge("alertcorrelator_working_memory_facts", "Facts in the live session's working memory.", () -> 42);
        m.gauge("alertcorrelator_reorder_buffer_alerts", "Alerts held in the reorder buffer.", () -> 0);
        m.gauge("alertcorrelator_engine_inbox_alerts", "Stored alerts not yet taken by the engine.", () -> 3);
        m.gauge("alertcorrelator_event_time_clock_seconds", "The live session's event-time clock (Unix seconds).", () -> 1_700_000_000L);
        m.gauge("alertcorrelator_webhook_pending", "Webhook deliveries waiting in the outbox.", () -> {
            throw new IllegalStateException("the store is unreachable");
        });
        m.ingestSeconds.observe(0.003);
        m.ingestSeconds.observe(0.003);
        m.ingestSeconds.observe(7);
        m.ingestSeconds.observe(60);
        // a rule name with every character the format must escape
        m.ruleFired("Rule \"quoted\" \\ back\nline");
        m.ruleFired("Rule \"quoted\" \\ back\nline");

        Map<String, Family> f = assertDocumented(m.render());
        assertEquals(11, value(f, "alertcorrelator_alerts_received_total", Map.of()));
        assertEquals(1, value(f, "alertcorrelator_alerts_rejected_total", Map.of()));
        assertEquals(0, value(f, "alertcorrelator_alerts_accepted_total", Map.of()));
        assertEquals(42, value(f, "alertcorrelator_working_memory_facts", Map.of()));
        assertEquals(1_700_000_000L, value(f, "alertcorrelator_event_time_clock_seconds", Map.of()));
        assertTrue(Double.isNaN(value(f, "alertcorrelator_webhook_pending", Map.of())), "an unreadable gauge is NaN, the scrape goes on");
        assertEquals(2, value(f, "alertcorrelator_rule_firings_total", Map.of("rule", "Rule \"quoted\" \\ back\nline")));
        assertEquals(0, value(f, "alertcorrelator_ingest_seconds_bucket", Map.of("le", "0.0025")));
        assertEquals(2, value(f, "alertcorrelator_ingest_seconds_bucket", Map.of("le", "0.005")));
        assertEquals(2, value(f, "alertcorrelator_ingest_seconds_bucket", Map.of("le", "5.0")));
        assertEquals(3, value(f, "alertcorrelator_ingest_seconds_bucket", Map.of("le", "10.0")));
        assertEquals(4, value(f, "alertcorrelator_ingest_seconds_bucket", Map.of("le", "+Inf")));
        assertEquals(4, value(f, "alertcorrelator_ingest_seconds_count", Map.of()));
        assertEquals(67.006, value(f, "alertcorrelator_ingest_seconds_sum", Map.of()), 1e-6);
        assertEquals(11, m.alertsReceived.sum());
        assertEquals(4, m.ingestSeconds.count());
    }

    @Test
    void aGaugeRegisteredAgainReadsTheNewestSource() {
        Metrics m = new Metrics();
        m.gauge("alertcorrelator_working_memory_facts", "Facts in the live session's working memory.", () -> 1);
        m.gauge("alertcorrelator_working_memory_facts", "Facts in the live session's working memory.", () -> 2);
        Map<String, Family> f = PrometheusText.parse(m.render());
        assertEquals(2, value(f, "alertcorrelator_working_memory_facts", Map.of()));
    }
}
