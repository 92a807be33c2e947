package org.alertcorrelator.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

import org.alertcorrelator.ingest.AlertRecord;
import org.alertcorrelator.ingest.Deduplicator;
import org.alertcorrelator.ingest.InputException;
import org.alertcorrelator.ingest.ReadResult;
import org.alertcorrelator.ingest.RecordError;
import org.alertcorrelator.model.Alert;
import org.alertcorrelator.ruleset.RuleSet;
import org.alertcorrelator.service.IncidentPublisher.Publication;
import org.alertcorrelator.service.IncidentView;
import org.alertcorrelator.service.IncidentWriter;
import org.alertcorrelator.service.Json;
import org.alertcorrelator.service.Metrics;
import org.alertcorrelator.service.ReopenPolicy;
import org.alertcorrelator.store.AlertCodec;
import org.alertcorrelator.store.EngineState;
import org.alertcorrelator.store.EntityKeys;
import org.alertcorrelator.store.FencedException;
import org.alertcorrelator.store.IncidentRow;
import org.alertcorrelator.store.JdbcStore;
import org.alertcorrelator.store.SharedTables;
import org.alertcorrelator.store.StoreException;
import org.alertcorrelator.store.StoreTx;
import org.alertcorrelator.store.StoredAlert;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One member of the consumer group that correlates the alert topic (keyed by tenant). Everything happens on its
 * one thread, in this order for each batch the consumer returns:
 *
 * <ol>
 * <li>the messages are read into alerts; a redelivered alert (same tenant and id, already stored) changes nothing;</li>
 * <li>the new alerts are stored, durably (one transaction);</li>
 * <li>each goes to the session of its partition (reorder buffer, then the rules, in event-time order);</li>
 * <li>the incident changes and each session's restart point are stored (one transaction), with the output-topic
 * changes in an outbox;</li>
 * <li>only then are the offsets committed; then the outbox is sent to the output topic.</li>
 * </ol>
 *
 * When partitions are assigned, their tenants' sessions are rebuilt from the store (what a restart does) before
 * any of their records is taken; when revoked, what was taken is stored and committed and the sessions closed.
 * A killed member loses nothing: what it stored, the next owner rebuilds from; what it had not stored, Kafka
 * delivers again from the last commit.
 */
public final class KafkaCorrelator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaCorrelator.class);
    private static final int OUTPUT_BATCH = 1000;

    private final KafkaSettings settings;
    private final JdbcStore store;
    private final RuleSet rules;
    private final Metrics metrics;
    private final KafkaStatus status;
    private final long latenessMs;
    private final long flushAfterIdleMs;
    private final LongSupplier wallClock;
    private final IncidentWriter writer;
    private final MessageDecoder decoder = new MessageDecoder();
    private final String topic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, String> producer;
    private final Map<Integer, PartitionSession> sessions = new TreeMap<>();
    private final Map<TopicPartition, Long> consumed = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private final Thread thread;
    /** Names this member in the store's partition_owner table (for operators; the epoch is what fences). */
    private final String memberId;
    private volatile boolean stopping;
    private int partitionCount;
    private long nextSeq;
    /** The cross-tenant counts the group's partitions share through the store (set once the topic is known). */
    private SharedCounts shared;
    /**
     * Alerts a partition's session may hold while it waits for the barrier before its fetch is paused (what a member
     * far behind makes the others keep in memory); {@code -Dalertcorrelator.kafka.max-waiting=N}.
     */
    private final int maxWaiting = Integer.getInteger("alertcorrelator.kafka.max-waiting", 10_000);
    /** Partitions whose fetch is paused because their session holds {@code maxWaiting} alerts for the barrier. */
    private final Set<Integer> heldBack = new java.util.HashSet<>();
    private final long maxClockSkewMs;

    public KafkaCorrelator(KafkaSettings settings, JdbcStore store, RuleSet rules, Metrics metrics, KafkaStatus status,
                           Duration lateness, Duration flushAfterIdle, Duration maxClockSkew, ReopenPolicy reopen,
                           List<java.net.URI> webhooks, LongSupplier wallClock) {
        this.settings = settings;
        this.store = store;
        this.rules = rules;
        this.metrics = metrics;
        this.status = status;
        this.latenessMs = lateness.toMillis();
        this.flushAfterIdleMs = flushAfterIdle.toMillis();
        this.maxClockSkewMs = maxClockSkew.toMillis();
        this.wallClock = wallClock;
        this.topic = settings.correlatedTopic();
        this.writer = new IncidentWriter(reopen, webhooks, settings.outputTopic() == null ? null : KafkaCorrelator::enqueueOutput);
        this.consumer = new KafkaConsumer<>(consumerProperties(settings, settings.groupId()));
        this.producer = settings.outputTopic() == null ? null : new KafkaProducer<>(producerProperties(settings));
        this.nextSeq = store.maxAlertSeq() + 1;
        this.thread = new Thread(this::run, "kafka-correlator");
        this.memberId = memberName();
    }

    private static String memberName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return host + "/" + ProcessHandle.current().pid() + "/" + Long.toHexString(System.nanoTime() & 0xffffffL);
    }

    static Properties consumerProperties(KafkaSettings s, String group) {
        Properties p = new Properties();
        p.putAll(s.clientProperties());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        // Cooperative: a rebalance takes away only the partitions that move, so the others keep their sessions.
        p.putIfAbsent(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }

    static Properties producerProperties(KafkaSettings s) {
        Properties p = new Properties();
        for (Map.Entry<String, String> e : s.clientProperties().entrySet()) {
            // consumer-only properties would only be warned about
            if (!e.getKey().startsWith("session.") && !e.getKey().startsWith("heartbeat.") && !e.getKey().startsWith("max.poll")
                    && !e.getKey().startsWith("auto.offset") && !e.getKey().startsWith("isolation.")
                    && !e.getKey().startsWith("group.") && !e.getKey().startsWith("partition.assignment")) {
                p.put(e.getKey(), e.getValue());
            }
        }
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return p;
    }

    public void start() {
        thread.start();
    }

    // ---- the consumer thread ----

    private void run() {
        try {
            partitionCount = waitForTopic();
            status.partitionCount = partitionCount;
            List<String> sources = new ArrayList<>();
            for (int p = 0; p < partitionCount; p++) sources.add(stateName(p));
            shared = new SharedCounts(store, sources);
            consumer.subscribe(List.of(topic), new Rebalance());
            status.subscribed = true;
            while (!stopping) {
                ConsumerRecords<String, byte[]> records;
                try {
                    records = consumer.poll(Duration.ofMillis(200));
                } catch (WakeupException e) {
                    break;
                }
                cycle(records);
            }
            finishAll(sessions.keySet());
        } catch (WakeupException e) {
            finishAll(sessions.keySet());
        } catch (Throwable t) {
            status.failure = t.getMessage() == null ? t.toString() : t.getMessage();
            LOG.error("the Kafka consumer stopped: {}", status.failure, t);
        } finally {
            for (PartitionSession s : sessions.values()) s.close();
            sessions.clear();
            status.owned.clear();
            try {
                consumer.close(Duration.ofSeconds(10));
            } catch (RuntimeException e) {
                LOG.warn("closing the consumer: {}", e.getMessage());
            }
            if (producer != null) producer.close(Duration.ofSeconds(10));
            status.subscribed = false;
        }
    }

    private int waitForTopic() throws InterruptedException {
        while (!stopping) {
            try {
                List<PartitionInfo> parts = consumer.partitionsFor(topic, Duration.ofSeconds(10));
                if (parts != null && !parts.isEmpty()) return parts.size();
            } catch (RuntimeException e) {
                LOG.warn("topic {}: {}; trying again", topic, e.getMessage());
            }
            status.failure = null;
            LOG.info("waiting for topic {} to exist", topic);
            Thread.sleep(1000);
        }
        throw new WakeupException();
    }

    /** One round: store, correlate, store the changes, commit, publish. */
    private void cycle(ConsumerRecords<String, byte[]> records) {
        long now = wallClock.getAsLong();
        Map<TopicPartition, Long> firstOffsets = new HashMap<>();
        Map<TopicPartition, Long> lastOffsets = new HashMap<>();
        List<Incoming> incoming = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            // A partition without a session was fenced (another member owns it now): its records are not ours.
            if (!sessions.containsKey(r.partition())) continue;
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            firstOffsets.putIfAbsent(tp, r.offset());
            lastOffsets.put(tp, r.offset());
            read(r, incoming);
        }
        List<Handed> handed;
        try {
            handed = storeAlertsFenced(incoming, now);
        } catch (StoreException e) {
            // Nothing of this batch is stored: read it again once the store answers.
            LOG.warn("cannot store {} alert(s): {}; reading them again", incoming.size(), e.getMessage());
            for (Map.Entry<TopicPartition, Long> f : firstOffsets.entrySet()) consumer.seek(f.getKey(), f.getValue());
            sleep(1000);
            return;
        }
        for (Handed h : handed) {
            PartitionSession s = sessions.get(h.partition);
            if (s != null) s.accept(h.alert, h.replacement, now);
        }
        for (Map.Entry<TopicPartition, Long> e : lastOffsets.entrySet()) {
            if (sessions.containsKey(e.getKey().partition())) consumed.put(e.getKey(), e.getValue() + 1);
        }
        for (PartitionSession s : sessions.values()) {
            // unknown (no fetch answered yet) counts as a backlog: only a partition known to be caught up is idle
            if (consumer.currentLag(new TopicPartition(topic, s.partition)).orElse(1) > 0) s.backlog(now);
        }
        barrier();
        writeChanges(sessions.values(), now, true);
        holdBack();
        commit(new ArrayList<>(consumed.keySet()));
        sendOutput(ownedTenants());
        status.refresh(sessions.values(), consumer, topic);
    }

    private record Incoming(int partition, AlertRecord record) {
    }

    private record Handed(int partition, Alert alert, boolean replacement) {
    }

    private void read(ConsumerRecord<String, byte[]> r, List<Incoming> out) {
        String source = r.topic() + "-" + r.partition() + "@" + r.offset();
        ReadResult read;
        try {
            read = decoder.decode(source, r.value());
        } catch (InputException e) {
            metrics.alertsRejected.increment();
            LOG.warn("{}", e.getMessage());
            return;
        }
        metrics.alertsReceived.add(read.records().size() + read.errors().size());
        for (RecordError e : read.errors()) {
            metrics.alertsRejected.increment();
            LOG.warn("{}", e);
        }
        long latest = wallClock.getAsLong() + maxClockSkewMs;
        for (AlertRecord rec : read.records()) {
            String tenant = rec.alert().getTenant();
            if (rec.alert().getEventTime() > latest) {
                // as POST /api/alerts: one source's clock must not move everyone's event time (max-clock-skew)
                metrics.alertsRejected.increment();
                LOG.warn("{}: alert {} of tenant {} is dated {}, more than max-clock-skew ahead of this service's clock: "
                        + "not taken", source, rec.alert().getId(), tenant, java.time.Instant.ofEpochMilli(rec.alert().getEventTime()));
                continue;
            }
            int p = TenantPartitioner.partitionOf(tenant, partitionCount);
            if (p != r.partition()) {
                // Another member may own that tenant: correlating it here would split its window in two.
                metrics.alertsRejected.increment();
                status.misrouted.increment();
                LOG.warn("{}: alert {} of tenant {} belongs in partition {}: the topic is not keyed by tenant "
                        + "(set kafka.keyed-by-tenant = false to re-key it)", source, rec.alert().getId(), tenant, p);
                continue;
            }
            out.add(new Incoming(r.partition(), rec));
        }
    }

    /** As {@link #storeAlerts}; a partition fenced meanwhile is dropped and the rest stored without it. */
    private List<Handed> storeAlertsFenced(List<Incoming> incoming, long now) {
        List<Incoming> left = incoming;
        while (true) {
            try {
                return storeAlerts(left, now);
            } catch (FencedException e) {
                dropFenced(e);
                List<Incoming> owned = new ArrayList<>();
                for (Incoming in : left) if (sessions.containsKey(in.partition)) owned.add(in);
                left = owned;
            }
        }
    }

    /**
     * Stores the alerts not stored yet, durably. An alert already stored for the same tenant is a redelivery or a
     * repeat: nothing changes, unless the record is a later version (replay's rule), which replaces it.
     */
    private List<Handed> storeAlerts(List<Incoming> incoming, long now) {
        if (incoming.isEmpty()) return List.of();
        long firstSeq = nextSeq;
        Map<String, Long> epochs = new TreeMap<>();
        for (Incoming in : incoming) {
            PartitionSession s = sessions.get(in.partition);
            epochs.put(s.name, s.epoch);
        }
        StoreResult r = store.write(tx -> {
            // First, so that a member that took one of these partitions meanwhile waits for this or refuses it.
            for (Map.Entry<String, Long> e : epochs.entrySet()) tx.checkPartitionOwner(e.getKey(), e.getValue());
            long seq = firstSeq;
            List<String> ids = new ArrayList<>();
            for (Incoming in : incoming) ids.add(in.record.alert().getId());
            Map<String, StoredAlert> stored = tx.findAlertsByIdentity(ids); // by tenant and id
            Map<String, StoredAlert> inserts = new LinkedHashMap<>();
            Map<String, StoredAlert> replaces = new LinkedHashMap<>();
            List<Handed> handed = new ArrayList<>();
            int duplicates = 0, updated = 0;
            for (Incoming in : incoming) {
                AlertRecord rec = in.record;
                Alert a = rec.alert();
                String id = a.getId();
                String key = StoredAlert.identity(a.getTenant(), id); // the same id in two tenants is two alerts
                StoredAlert existing = inserts.containsKey(key) ? inserts.get(key) : replaces.containsKey(key) ? replaces.get(key) : stored.get(key);
                if (existing == null) {
                    StoredAlert s = new StoredAlert(seq++, id, a.getTenant(), a.getEventTime(), now, a.getSeverity().label(),
                            a.getDisplayName(), rec.origin(), rec.original(), AlertCodec.toJson(a), EntityKeys.of(a.getEntities()), null);
                    inserts.put(key, s);
                    handed.add(new Handed(in.partition, a, false));
                    continue;
                }
                String json = AlertCodec.toJson(a);
                AlertRecord old = new AlertRecord(AlertCodec.fromJson(existing.alertJson()), existing.original(), existing.origin());
                boolean later = !json.equals(existing.alertJson()) && Deduplicator.latestById(List.of(old, rec)).get(0) == rec;
                if (!later) {
                    duplicates++;
                    continue;
                }
                StoredAlert replacement = new StoredAlert(existing.seq(), id, a.getTenant(), a.getEventTime(), existing.receivedAt(),
                        a.getSeverity().label(), a.getDisplayName(), rec.origin(), rec.original(), json,
                        EntityKeys.of(a.getEntities()), existing.incidentId());
                if (inserts.containsKey(key)) inserts.put(key, replacement);
                else replaces.put(key, replacement);
                handed.add(new Handed(in.partition, a, true));
                updated++;
            }
            tx.insertAlerts(new ArrayList<>(inserts.values()));
            for (StoredAlert s : replaces.values()) tx.replaceAlert(s);
            return new StoreResult(handed, seq, inserts.size(), duplicates, updated);
        });
        nextSeq = r.nextSeq;
        metrics.alertsAccepted.add(r.accepted);
        metrics.alertsDuplicate.add(r.duplicates);
        metrics.alertsUpdated.add(r.updated);
        return r.handed;
    }

    private record StoreResult(List<Handed> handed, long nextSeq, int accepted, int duplicates, int updated) {
    }

    /**
     * With cross-tenant counts shared: reads how far every partition of the topic has filed its counts (one query)
     * and lets each session past the boundaries all have filed through (docs/scale-out.md).
     */
    private void barrier() {
        boolean any = false;
        for (PartitionSession s : sessions.values()) any |= s.sharesCounts();
        if (!any) return;
        SharedCounts.Filed f;
        try {
            f = shared.read();
        } catch (StoreException e) {
            LOG.warn("cannot read how far the partitions filed their counts: {}; trying again", e.getMessage());
            return;
        }
        for (PartitionSession s : sessions.values()) s.barrier(f);
        status.barrierLowest = f.lowest();
    }

    /**
     * Pauses the fetch of a partition whose session holds {@code maxWaiting} alerts or more while it waits for the
     * barrier, and resumes it once the session goes on. Never the partition the barrier waits for: that one is not
     * waiting (it has not filed through the boundary), so the group always moves.
     */
    private void holdBack() {
        heldBack.retainAll(sessions.keySet());
        for (PartitionSession s : sessions.values()) {
            boolean over = s.waiting() > 0 && s.buffered() >= maxWaiting;
            TopicPartition tp = new TopicPartition(topic, s.partition);
            try {
                if (over && heldBack.add(s.partition)) {
                    consumer.pause(List.of(tp));
                    status.holdBacks.increment();
                }
                else if (!over && heldBack.remove(s.partition)) consumer.resume(List.of(tp));
            } catch (IllegalStateException notAssigned) {
                heldBack.remove(s.partition); // Kafka has taken it away already
            }
        }
        status.heldBack = heldBack.size();
    }

    /** Releases what is due in each session and stores the incident changes with the restart points. */
    private void writeChanges(Collection<PartitionSession> which, long now, boolean release) {
        List<Change> changes = new ArrayList<>();
        for (PartitionSession s : which) {
            if (release) s.advance(now);
            s.file(now);
            Publication p = s.drain();
            PartitionSession.Filing filing = s.takeFiling();
            if (s.dirty() || !p.isEmpty() || filing != null) changes.add(new Change(s.partition, s.name, s.epoch, p, s.state(now), filing));
        }
        if (changes.isEmpty()) return;
        writeDurably(changes, now);
    }

    /**
     * One partition's part of a write: its incident changes, restart point and the counts it filed (or null), under
     * its owner epoch.
     */
    private record Change(int partition, String name, long epoch, Publication publication, EngineState state,
                          PartitionSession.Filing filing) {
    }

    /**
     * Writes the changes in one transaction, each partition's owner epoch checked first. A partition another
     * member took meanwhile is dropped here (its changes are not written: its new owner rebuilt it), the rest
     * written without it.
     */
    private void writeDurably(List<Change> all, long now) {
        List<Change> changes = new ArrayList<>(all);
        for (int attempt = 1; ; attempt++) {
            if (changes.isEmpty()) return;
            List<Change> these = changes;
            try {
                IncidentWriter.Effects fx = store.writeDerived(tx -> {
                    for (Change c : these) tx.checkPartitionOwner(c.name, c.epoch);
                    IncidentWriter.Effects total = new IncidentWriter.Effects();
                    for (Change c : these) {
                        Publication p = c.publication;
                        if (p.isEmpty()) continue;
                        IncidentWriter.Effects e = writer.apply(tx, p, now);
                        total.opened += e.opened;
                        total.updated += e.updated;
                        total.merged += e.merged;
                        total.withdrawn += e.withdrawn;
                        total.reopened += e.reopened;
                    }
                    for (Change c : these) {
                        tx.saveNamedEngineState(c.name, c.state);
                        PartitionSession.Filing f = c.filing;
                        if (f != null) tx.savePrevalence(c.name, f.counts(), f.seen(), f.filedUntil(), f.keepFrom());
                    }
                    return total;
                });
                metrics.incidentsOpened.add(fx.opened);
                metrics.incidentsUpdated.add(fx.updated);
                metrics.incidentsMerged.add(fx.merged);
                metrics.incidentsWithdrawn.add(fx.withdrawn);
                metrics.incidentsReopened.add(fx.reopened);
                return;
            } catch (FencedException e) {
                dropFenced(e);
                changes = new ArrayList<>();
                for (Change c : these) if (!c.name.equals(e.partition()) && sessions.containsKey(c.partition)) changes.add(c);
                attempt = 0;
            } catch (StoreException e) {
                if (stopping && attempt >= 3) {
                    LOG.error("giving up writing incident changes while stopping ({}); the next owner rebuilds them", e.getMessage());
                    return;
                }
                LOG.warn("cannot write incident changes (try {}): {}; trying again", attempt, e.getMessage());
                sleep(Math.min(5000, 200L * attempt));
            }
        }
    }

    /** Commits what was consumed of these partitions: everything up to there is in the store. */
    private void commit(Collection<TopicPartition> parts) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : parts) {
            Long next = consumed.get(tp);
            // a commit that failed (during a rebalance) is made again with the next one
            if (next != null && !next.equals(committed.get(tp))) offsets.put(tp, new OffsetAndMetadata(next));
        }
        if (offsets.isEmpty()) return;
        try {
            consumer.commitSync(offsets);
            for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) committed.put(e.getKey(), e.getValue().offset());
        } catch (RuntimeException e) {
            // e.g. the partitions were just taken away: the next owner reads the rest again and recognises it
            LOG.warn("cannot commit offsets: {}", e.getMessage());
        }
    }

    /** The incident changes queued for these tenants, to the output topic, then out of the outbox. */
    private void sendOutput(Collection<String> tenants) {
        if (producer == null || tenants.isEmpty()) return;
        try {
            while (true) {
                List<SharedTables.Output> batch = store.pendingOutput(tenants, OUTPUT_BATCH);
                if (batch.isEmpty()) return;
                List<Long> ids = new ArrayList<>(batch.size());
                for (SharedTables.Output o : batch) {
                    ProducerRecord<String, String> rec = new ProducerRecord<>(settings.outputTopic(), o.tenant(), o.payload());
                    rec.headers().add("incident-id", o.incidentId().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    rec.headers().add("incident-version", Integer.toString(o.version()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    producer.send(rec);
                    ids.add(o.id());
                }
                producer.flush();
                store.outputSent(ids);
                status.published.add(ids.size());
                if (batch.size() < OUTPUT_BATCH) return;
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot publish incident changes to {}: {}; trying again later", settings.outputTopic(), e.getMessage());
        }
    }

    /** Inside the transaction of the change: the incident as it is now, for the output topic. */
    private static void enqueueOutput(StoreTx tx, IncidentRow row, String event, long now) {
        ObjectNode payload = Json.object();
        payload.put("event", event);
        payload.put("at", Instant.ofEpochMilli(now).toString());
        payload.put("version", row.version());
        payload.set("incident", IncidentView.of(row));
        tx.enqueueOutput(row.tenant(), row.id(), row.version(), payload.toString(), now);
    }

    private Set<String> ownedTenants() {
        Set<String> t = new LinkedHashSet<>();
        for (PartitionSession s : sessions.values()) t.addAll(s.tenants());
        return t;
    }

    /** Stores and commits what the sessions of these partitions took, then closes them. */
    private void finishAll(Collection<Integer> partitions) {
        List<Integer> parts = new ArrayList<>(partitions);
        List<PartitionSession> which = new ArrayList<>();
        for (Integer p : parts) if (sessions.containsKey(p)) which.add(sessions.get(p));
        if (which.isEmpty()) return;
        long now = wallClock.getAsLong();
        Set<String> tenants = new LinkedHashSet<>();
        for (PartitionSession s : which) tenants.addAll(s.tenants());
        // No release here, least of all the idle flush: what waits in the buffer is stored, above the saved mark,
        // and the next owner puts it back in its buffer, to be released in order with what Kafka still holds.
        writeChanges(which, now, false);
        List<TopicPartition> tps = new ArrayList<>();
        for (Integer p : parts) tps.add(new TopicPartition(topic, p));
        commit(tps);
        sendOutput(tenants);
        for (Integer p : parts) {
            PartitionSession s = sessions.remove(p);
            if (s != null) s.close();
            status.owned.remove(p);
            consumed.remove(new TopicPartition(topic, p));
            committed.remove(new TopicPartition(topic, p));
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) return;
            List<Integer> parts = new ArrayList<>();
            for (TopicPartition tp : partitions) parts.add(tp.partition());
            LOG.info("partitions revoked: {}", parts);
            status.rebalances.increment();
            finishAll(parts);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Someone else may own them already: nothing may be committed for them any more.
            LOG.warn("partitions lost: {}", partitions);
            status.rebalances.increment();
            for (TopicPartition tp : partitions) {
                PartitionSession s = sessions.remove(tp.partition());
                if (s != null) s.close();
                status.owned.remove(tp.partition());
                consumed.remove(tp);
                committed.remove(tp);
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) return;
            status.rebalances.increment();
            long t0 = System.nanoTime();
            List<Integer> parts = new ArrayList<>();
            for (TopicPartition tp : partitions) parts.add(tp.partition());
            LOG.info("partitions assigned: {}; rebuilding their tenants' sessions", parts);
            // Fetching may have been paused for a partition fenced before: a new assignment starts afresh.
            consumer.resume(partitions);
            for (TopicPartition tp : partitions) heldBack.remove(tp.partition());
            for (Integer p : parts) status.owned.put(p, KafkaStatus.PartitionState.rebuilding());
            List<String> allTenants = store.tenants();
            for (Integer p : parts) {
                Set<String> tenants = new LinkedHashSet<>();
                for (String t : allTenants) if (TenantPartitioner.partitionOf(t, partitionCount) == p) tenants.add(t);
                long now = wallClock.getAsLong();
                // Taken before anything is read: a write of the previous owner either committed before (and the
                // rebuild reads it) or is refused from now on.
                long epoch = takePartition(stateName(p), now);
                PartitionSession.Rebuilt r = PartitionSession.rebuild(store, rules, stateName(p), p, tenants, latenessMs,
                        flushAfterIdleMs, now, shared);
                PartitionSession s = r.session();
                s.epoch = epoch;
                sessions.put(p, s);
                writeDurably(List.of(new Change(p, s.name, epoch, r.publication(), s.state(now), null)), now);
                if (!sessions.containsKey(p)) continue; // taken by another member while rebuilding
                status.rebuilt(s);
                sendOutput(s.tenants()); // what the previous owner stored but had not sent yet
                LOG.info("partition {}: {} tenant(s), {} stored alerts replayed, {} waiting, in {} ms", p, tenants.size(),
                        s.replayed, s.buffered(), s.rebuildMillis);
            }
            // Idle time counts from when they are all ready, not from each one's rebuild.
            long ready = wallClock.getAsLong();
            for (Integer p : parts) if (sessions.containsKey(p)) sessions.get(p).backlog(ready);
            status.lastRebuildMillis = (System.nanoTime() - t0) / 1_000_000;
            status.rebuildMillisTotal.add(status.lastRebuildMillis);
        }
    }

    private long takePartition(String name, long now) {
        for (int attempt = 1; ; attempt++) {
            try {
                return store.write(tx -> tx.takePartition(name, memberId, now));
            } catch (StoreException e) {
                // two members inserting the first row at once: one of them tries again and finds it
                if (attempt >= 10) throw e;
                LOG.warn("taking partition {} (try {}): {}", name, attempt, e.getMessage());
                sleep(200L * attempt);
            }
        }
    }

    /**
     * Another member took the partition since this one did (this member was cut off from the group, say by a long
     * pause, and has not heard yet): its session is dropped without storing anything, nothing of it is committed,
     * and its records are no longer fetched until Kafka assigns it here again.
     */
    private void dropFenced(FencedException e) {
        Integer partition = null;
        for (PartitionSession s : sessions.values()) if (s.name.equals(e.partition())) partition = s.partition;
        LOG.warn("{}: dropping its session, writing nothing", e.getMessage());
        status.fenced.increment();
        if (partition == null) return;
        PartitionSession s = sessions.remove(partition);
        if (s != null) s.close();
        status.owned.remove(partition);
        TopicPartition tp = new TopicPartition(topic, partition);
        consumed.remove(tp);
        committed.remove(tp);
        try {
            consumer.pause(List.of(tp));
        } catch (IllegalStateException notAssigned) {
            // Kafka has taken it away already
        }
    }

    private String stateName(int partition) {
        return "kafka/" + settings.groupId() + "/" + topic + "/" + partition;
    }

    /** Stops after the current round: stores and commits what was taken, leaves the group. */
    @Override
    public void close() {
        stopping = true;
        try {
            thread.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
