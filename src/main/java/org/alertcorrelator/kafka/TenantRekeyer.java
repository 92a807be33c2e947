package org.alertcorrelator.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import org.alertcorrelator.ingest.AlertRecord;
import org.alertcorrelator.ingest.InputException;
import org.alertcorrelator.ingest.ReadResult;
import org.alertcorrelator.ingest.RecordError;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For topics not keyed by tenant (an Event Hubs export is keyed by nothing useful): reads each message, and
 * writes each alert record in it to the internal topic keyed by its tenant, as Kafka Streams repartitions. The
 * correlators then consume the internal topic, where all of a tenant's alerts are in one partition. Offsets of
 * the source are committed once the broker has the re-keyed records, so nothing is lost; a record re-keyed twice
 * (after a crash) is recognised downstream by tenant and alert id. Runs in its own consumer group
 * ({@code GROUP-ID-rekey}), on every member, so the re-keying is shared out too.
 */
final class TenantRekeyer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TenantRekeyer.class);
    /** Partitions of the internal topic when the service has to create it. */
    static final int DEFAULT_PARTITIONS = 12;

    private final KafkaSettings settings;
    private final MessageDecoder decoder = new MessageDecoder();
    private final Thread thread;
    private volatile boolean stopping;
    private KafkaConsumer<String, byte[]> consumer;

    TenantRekeyer(KafkaSettings settings) {
        this.settings = settings;
        this.thread = new Thread(this::run, "kafka-rekeyer");
    }

    void start() {
        thread.start();
    }

    private void run() {
        Properties pp = KafkaCorrelator.producerProperties(settings);
        pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(pp);
             KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(KafkaCorrelator.consumerProperties(settings, settings.groupId() + "-rekey"))) {
            consumer = c;
            ensureInternalTopic();
            c.subscribe(settings.topics());
            while (!stopping) {
                ConsumerRecords<String, byte[]> records;
                try {
                    records = c.poll(Duration.ofMillis(200));
                } catch (WakeupException e) {
                    break;
                }
                if (records.isEmpty()) continue;
                for (ConsumerRecord<String, byte[]> r : records) rekey(r, producer);
                producer.flush();
                c.commitSync();
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            LOG.error("re-keying by tenant stopped: {}", e.getMessage(), e);
        }
    }

    private void rekey(ConsumerRecord<String, byte[]> r, KafkaProducer<String, byte[]> producer) {
        String source = r.topic() + "-" + r.partition() + "@" + r.offset();
        ReadResult read;
        try {
            read = decoder.decode(source, r.value());
        } catch (InputException e) {
            LOG.warn("{} (not re-keyed)", e.getMessage());
            return;
        }
        for (RecordError e : read.errors()) LOG.warn("{} (not re-keyed)", e);
        for (AlertRecord rec : read.records()) {
            producer.send(new ProducerRecord<>(settings.internalTopic(), rec.alert().getTenant(),
                    rec.original().getBytes(StandardCharsets.UTF_8)));
        }
    }

    private void ensureInternalTopic() {
        Properties ap = new Properties();
        ap.putAll(KafkaCorrelator.producerProperties(settings));
        try (Admin admin = Admin.create(ap)) {
            Set<String> names = admin.listTopics().names().get();
            if (names.contains(settings.internalTopic())) return;
            admin.createTopics(List.of(new NewTopic(settings.internalTopic(), Optional.of(DEFAULT_PARTITIONS), Optional.empty())))
                    .all().get();
            LOG.info("created topic {} with {} partitions", settings.internalTopic(), DEFAULT_PARTITIONS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                LOG.warn("cannot create {}: {}", settings.internalTopic(), e.getCause().getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopping = true;
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
