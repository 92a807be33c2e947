package org.alertcorrelator.kafka;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * What the consumer thread shows the rest of the service: partitions owned and their rebuild, consumer lag per
 * partition, rebalances, rebuild time. Written by the consumer thread, read by /ready and /metrics.
 */
public final class KafkaStatus {

    /** One owned partition. lag is -1 while unknown. */
    public record PartitionState(boolean ready, long rebuildMillis, long replayed, int tenants, int buffered, long lag,
                                 long facts, long correlated) {
        static PartitionState rebuilding() {
            return new PartitionState(false, 0, 0, 0, 0, -1, 0, 0);
        }
    }

    final Map<Integer, PartitionState> owned = new ConcurrentHashMap<>();
    final LongAdder rebalances = new LongAdder();
    final LongAdder misrouted = new LongAdder();
    final LongAdder fenced = new LongAdder();
    final LongAdder published = new LongAdder();
    final LongAdder rebuildMillisTotal = new LongAdder();
    volatile long lastRebuildMillis;
    volatile int partitionCount;
    volatile boolean subscribed;
    volatile String failure;
    volatile String topic;
    /** With cross-tenant counts shared: the boundary (event time) every partition has filed its counts through. */
    volatile long barrierLowest = Long.MIN_VALUE;
    /** Partitions whose fetch is paused while their session holds many alerts for the barrier. */
    volatile int heldBack;
    final LongAdder holdBacks = new LongAdder();

    void rebuilt(PartitionSession s) {
        owned.put(s.partition, new PartitionState(true, s.rebuildMillis, s.replayed, s.tenants().size(), s.buffered(), -1,
                s.facts(), s.processed));
    }

    void refresh(Collection<PartitionSession> sessions, KafkaConsumer<?, ?> consumer, String topic) {
        this.topic = topic;
        for (PartitionSession s : sessions) {
            long lag = consumer.currentLag(new TopicPartition(topic, s.partition)).orElse(-1);
            owned.put(s.partition, new PartitionState(true, s.rebuildMillis, s.replayed, s.tenants().size(), s.buffered(), lag,
                    s.facts(), s.processed));
        }
    }

    /** Ready: subscribed, no failure, and every owned partition rebuilt. */
    public boolean ready() {
        if (!subscribed || failure != null) return false;
        for (PartitionState p : owned.values()) if (!p.ready()) return false;
        return true;
    }

    public String failure() {
        return failure;
    }

    public Map<Integer, PartitionState> owned() {
        return new TreeMap<>(owned);
    }

    public long rebalances() {
        return rebalances.sum();
    }

    public long holdBacks() {
        return holdBacks.sum();
    }

    public long published() {
        return published.sum();
    }

    /** Prometheus text for the Kafka part (appended to the service's metrics). */
    public String render() {
        StringBuilder b = new StringBuilder();
        Map<Integer, PartitionState> parts = owned();
        gaugeHead(b, "alertcorrelator_kafka_partitions_owned", "Partitions of the correlated topic this service owns.");
        b.append("alertcorrelator_kafka_partitions_owned ").append(parts.size()).append('\n');
        gaugeHead(b, "alertcorrelator_kafka_consumer_lag", "Records of the partition not yet consumed (from the last fetch), by partition.");
        for (Map.Entry<Integer, PartitionState> e : parts.entrySet()) {
            if (e.getValue().lag() >= 0) b.append("alertcorrelator_kafka_consumer_lag{partition=\"").append(e.getKey()).append("\"} ").append(e.getValue().lag()).append('\n');
        }
        gaugeHead(b, "alertcorrelator_kafka_partition_rebuild_milliseconds", "How long the partition's sessions took to rebuild from the store when assigned.");
        for (Map.Entry<Integer, PartitionState> e : parts.entrySet()) {
            b.append("alertcorrelator_kafka_partition_rebuild_milliseconds{partition=\"").append(e.getKey()).append("\"} ").append(e.getValue().rebuildMillis()).append('\n');
        }
        gaugeHead(b, "alertcorrelator_kafka_partition_buffered_alerts", "Alerts in the partition's reorder buffer.");
        for (Map.Entry<Integer, PartitionState> e : parts.entrySet()) {
            b.append("alertcorrelator_kafka_partition_buffered_alerts{partition=\"").append(e.getKey()).append("\"} ").append(e.getValue().buffered()).append('\n');
        }
        if (barrierLowest != Long.MIN_VALUE) {
            gaugeHead(b, "alertcorrelator_kafka_prevalence_filed_through_seconds",
                    "Event time (epoch seconds) every partition has filed its cross-tenant counts through: no session crosses a later sweep boundary yet.");
            b.append("alertcorrelator_kafka_prevalence_filed_through_seconds ").append(barrierLowest / 1000).append('\n');
            gaugeHead(b, "alertcorrelator_kafka_partitions_held_back",
                    "Partitions whose fetch is paused: their session holds many alerts while it waits for the others to file their counts.");
            b.append("alertcorrelator_kafka_partitions_held_back ").append(heldBack).append('\n');
            counterHead(b, "alertcorrelator_kafka_hold_backs_total", "Times a partition's fetch was paused while its session waited for the barrier.");
            b.append("alertcorrelator_kafka_hold_backs_total ").append(holdBacks.sum()).append('\n');
        }
        counterHead(b, "alertcorrelator_kafka_rebalances_total", "Partition assignments, revocations and losses seen.");
        b.append("alertcorrelator_kafka_rebalances_total ").append(rebalances.sum()).append('\n');
        counterHead(b, "alertcorrelator_kafka_rebuild_milliseconds_total", "Time spent rebuilding sessions of assigned partitions.");
        b.append("alertcorrelator_kafka_rebuild_milliseconds_total ").append(rebuildMillisTotal.sum()).append('\n');
        counterHead(b, "alertcorrelator_kafka_misrouted_total", "Alerts whose tenant belongs in another partition (topic not keyed by tenant), not taken.");
        b.append("alertcorrelator_kafka_misrouted_total ").append(misrouted.sum()).append('\n');
        counterHead(b, "alertcorrelator_kafka_fenced_writes_total", "Writes refused because another member had taken the partition since (this member's session for it dropped).");
        b.append("alertcorrelator_kafka_fenced_writes_total ").append(fenced.sum()).append('\n');
        counterHead(b, "alertcorrelator_kafka_incident_changes_published_total", "Incident changes sent to the output topic.");
        b.append("alertcorrelator_kafka_incident_changes_published_total ").append(published.sum()).append('\n');
        return b.toString();
    }

    private static void gaugeHead(StringBuilder b, String name, String help) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n').append("# TYPE ").append(name).append(" gauge\n");
    }

    private static void counterHead(StringBuilder b, String name, String help) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n').append("# TYPE ").append(name).append(" counter\n");
    }
}
