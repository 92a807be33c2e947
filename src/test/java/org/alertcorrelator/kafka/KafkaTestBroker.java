package org.alertcorrelator.kafka;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.alertcorrelator.ingest.AlertReader;
import org.alertcorrelator.ingest.AlertRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Apache Kafka broker in KRaft mode (one combined broker and controller), in the test's JVM, from Kafka's
 * own test kit (Maven Central artifacts, no Docker). With one broker the internal topics need replication factor
 * 1, or consumer groups never get their offsets topic and receive nothing.
 */
final class KafkaTestBroker implements AutoCloseable {
    private final KafkaClusterTestKit cluster;

    private KafkaTestBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    static KafkaTestBroker start() throws Exception {
        KafkaClusterTestKit c = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "4")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("auto.create.topics.enable", "false")
                .setConfigProp("log.flush.interval.messages", "1000000")
                .build();
        c.format();
        c.startup();
        c.waitForReadyBrokers();
        return new KafkaTestBroker(c);
    }

    String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /**
     * Writes an in-process member's config to {@code file}: the shared store, the rules, this broker, topic
     * {@code alerts-GROUP} in group {@code GROUP}, a session timeout short enough for a test to see a member leave;
     * then the {@code extra} lines.
     */
    Path memberConfig(Path file, String storeUrl, Path rules, String group, String... extra) throws java.io.IOException {
        List<String> lines = new ArrayList<>(List.of(
                "port = 0",
                "store.url = " + storeUrl.replace("\\", "\\\\"),
                "rules = " + rules.toAbsolutePath().toString().replace("\\", "\\\\"),
                "flush-after-idle = 2s",
                "kafka.bootstrap-servers = " + bootstrapServers(),
                "kafka.topics = alerts-" + group,
                "kafka.group-id = " + group,
                "kafka.session.timeout.ms = 6000",
                "kafka.heartbeat.interval.ms = 1000"));
        lines.addAll(List.of(extra));
        lines.add("");
        Files.writeString(file, String.join("\n", lines));
        return file;
    }

    /** Starts an in-process member from a config {@link #memberConfig} wrote. */
    static org.alertcorrelator.kafka.KafkaService member(Path cfg) {
        return org.alertcorrelator.kafka.KafkaService.start(org.alertcorrelator.service.ServiceConfig.load(cfg, Map.of(), Map.of()),
                org.alertcorrelator.kafka.KafkaSettings.load(cfg, Map.of()));
    }

    void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, Optional.of(partitions), Optional.of((short) 1)))).all().get();
        }
    }

    KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    /** The lines of a JSON-lines alert file, each with its tenant (the key a SIEM forwarder would give it). */
    static List<String[]> keyedLines(Path jsonl) throws Exception {
        AlertReader reader = new AlertReader();
        List<String[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
            if (line.isBlank()) continue;
            List<AlertRecord> recs = reader.read("line", new java.io.ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)), true).records();
            out.add(new String[] {recs.get(0).alert().getTenant(), line, recs.get(0).alert().getId()});
        }
        return out;
    }

    /** Every record of a topic, from the start to its current end. */
    List<ConsumerRecord<String, String>> readAll(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = new ArrayList<>();
            c.partitionsFor(topic).forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = new HashMap<>(c.endOffsets(parts));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /** Committed offsets of a group against the end of each partition: records not yet committed. */
    long groupLag(String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            int n = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int i = 0; i < n; i++) latest.put(new TopicPartition(topic, i), OffsetSpec.latest());
            long lag = 0;
            for (var e : admin.listOffsets(latest).all().get().entrySet()) {
                var om = committed.get(e.getKey());
                lag += e.getValue().offset() - (om == null ? 0 : om.offset());
            }
            return lag;
        }
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
