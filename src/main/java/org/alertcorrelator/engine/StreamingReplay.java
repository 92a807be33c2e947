package org.alertcorrelator.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import org.alertcorrelator.ingest.AlertReader;
import org.alertcorrelator.ingest.AlertRecord;
import org.alertcorrelator.ingest.InputException;
import org.alertcorrelator.ingest.ReadResult;
import org.alertcorrelator.ingest.RecordError;
import org.alertcorrelator.ingest.VendorIncident;
import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.Incident;
import org.alertcorrelator.ruleset.RuleSet;

/**
 * The fast path of a replay, for files whose records come (nearly) in event-time order, as exports and
 * generated streams do: each file is read on its own thread while the rules run on this one, and the files
 * are merged in event-time order. Nothing is held but a small reorder buffer per file.
 *
 * <p>It gives exactly what the general path gives (read all, drop duplicates, sort) or gives up: when a record
 * comes earlier than one already correlated (more out of order than the buffer absorbs), or an alert id comes
 * twice (which copy wins is decided by content, so it needs all copies), it stops and returns null, and the
 * caller takes the general path.
 */
final class StreamingReplay {
    /** How far out of order records may come within one file and still be streamed. */
    static final int REORDER_BUFFER = 4096;
    /** More files than this are read the general way (each streamed file costs a thread). */
    static final int MAX_FILES = 4;

    private static final AlertRecord END = new AlertRecord(null, null, null);

    private StreamingReplay() {
    }

    /** @return the result, or null when the input does not come in order and the general path must run */
    static Replay.Result run(RuleSet rules, List<Path> files, boolean strict) {
        return run(rules, files, strict, java.util.Set.of(), c -> { });
    }

    /**
     * @param tolerated files that may be left out, reported, when they cannot be read at all
     * @param atEnd     given the correlator once it has finished
     */
    static Replay.Result run(RuleSet rules, List<Path> files, boolean strict, java.util.Set<Path> tolerated,
                             java.util.function.Consumer<ShardedCorrelator> atEnd) {
        if (files.isEmpty() || files.size() > MAX_FILES) return null;
        long start = System.nanoTime();
        AtomicBoolean stop = new AtomicBoolean();
        List<FileStream> streams = new ArrayList<>();
        for (Path f : files) streams.add(new FileStream(f, strict, tolerated.contains(f), stop));
        streams.forEach(FileStream::start);
        try (ShardedCorrelator correlator = new ShardedCorrelator(rules, ShardedCorrelator.defaultSessions())) {
            PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> Alert.byEventTimeThenId(a.record.alert(), b.record.alert()));
            for (FileStream s : streams) s.fill(heads);
            LongHashSet seen = new LongHashSet();
            Alert last = null;
            while (!heads.isEmpty()) {
                Head h = heads.poll();
                Alert a = h.record.alert();
                if (last != null && Alert.byEventTimeThenId(a, last) < 0) return giveUp(streams, stop);
                if (!seen.add(idHash(a.getId()))) return giveUp(streams, stop);
                correlator.process(a);
                last = a;
                h.stream.refill(heads);
            }
            List<RecordError> errors = new ArrayList<>();
            List<String> badFiles = new ArrayList<>();
            java.util.Map<String, Integer> skipped = new java.util.TreeMap<>();
            List<RecordError> warnings = new ArrayList<>();
            List<VendorIncident> vendorIncidents = new ArrayList<>();
            int read = 0;
            for (FileStream s : streams) {
                if (s.badFile != null) {
                    badFiles.add(s.badFile);
                    continue;
                }
                ReadResult r = s.result();
                errors.addAll(r.errors());
                warnings.addAll(r.warnings());
                vendorIncidents.addAll(r.vendorIncidents());
                r.skipped().forEach((k, v) -> skipped.merge(k, v, Integer::sum));
                read += s.records + r.rejected();
            }
            List<Incident> incidents = VendorIncident.nameIn(correlator.finish(), vendorIncidents);
            atEnd.accept(correlator);
            long millis = (System.nanoTime() - start) / 1_000_000;
            return new Replay.Result(incidents, errors, new Replay.Summary(files.size(), read, errors.size(), 0,
                    correlator.alertsIn(), correlator.alertsRuledOut(), incidents.size(), 0, millis, true), badFiles, skipped, warnings);
        } finally {
            stop.set(true);
            streams.forEach(FileStream::drain);
        }
    }

    private static Replay.Result giveUp(List<FileStream> streams, AtomicBoolean stop) {
        stop.set(true);
        streams.forEach(FileStream::drain);
        return null;
    }

    private static long idHash(String id) {
        // 64-bit FNV-1a: a collision only sends the replay down the general path, never a wrong result.
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h ^= id.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    private record Head(AlertRecord record, FileStream stream) {
    }

    /** One file read on its own thread into a bounded queue, with a reorder buffer on the consuming side. */
    private static final class FileStream {
        private final Path file;
        private final boolean strict;
        private final boolean tolerated;
        private final AtomicBoolean stop;
        private final BlockingQueue<AlertRecord> queue = new ArrayBlockingQueue<>(8192);
        private final PriorityQueue<AlertRecord> buffer =
                new PriorityQueue<>((a, b) -> Alert.byEventTimeThenId(a.alert(), b.alert()));
        private Thread thread;
        private volatile ReadResult result;
        private volatile RuntimeException failure;
        // Not strict: a file that cannot be read at all (empty, binary) is reported and the others still run.
        private volatile String badFile;
        private boolean ended;
        private int records;

        FileStream(Path file, boolean strict, boolean tolerated, AtomicBoolean stop) {
            this.file = file;
            this.strict = strict;
            this.tolerated = tolerated;
            this.stop = stop;
        }

        void start() {
            thread = new Thread(() -> {
                try {
                    result = new AlertReader().stream(file, strict, false, r -> {
                        if (stop.get()) throw new Stopped();
                        put(r);
                    });
                } catch (Stopped s) {
                    // the replay gave up on this path
                } catch (InputException e) {
                    if (tolerated) badFile = e.getMessage();
                    else failure = e;
                } catch (RuntimeException e) {
                    failure = e;
                } finally {
                    put(END);
                }
            }, "read " + file.getFileName());
            thread.setDaemon(true);
            thread.start();
        }

        private void put(AlertRecord r) {
            try {
                while (!queue.offer(r, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    if (stop.get() && r != END) throw new Stopped();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stopped();
            }
        }

        /** Fills the reorder buffer and offers its first record as this file's head. */
        void fill(PriorityQueue<Head> heads) {
            while (!ended && buffer.size() < REORDER_BUFFER) take();
            offerHead(heads);
        }

        /** After this file's head was taken: read one more record and offer the next head. */
        void refill(PriorityQueue<Head> heads) {
            if (!ended) take();
            offerHead(heads);
        }

        private void offerHead(PriorityQueue<Head> heads) {
            AlertRecord next = buffer.poll();
            if (next != null) heads.add(new Head(next, this));
        }

        private void take() {
            AlertRecord r;
            try {
                r = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InputException(file + ": interrupted while reading");
            }
            if (r == END) {
                ended = true;
                if (failure != null) throw failure;
                return;
            }
            records++;
            buffer.add(r);
        }

        ReadResult result() {
            if (failure != null) throw failure;
            return result;
        }

        /** Lets the reading thread finish (it stops at its next record) and waits for it. */
        void drain() {
            queue.clear();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    /** A set of longs with open addressing: a million alert ids in 16 MB instead of 100. */
    static final class LongHashSet {
        private long[] slots = new long[1 << 16];
        private boolean hasZero;
        private int size;

        boolean add(long v) {
            if (v == 0) {
                boolean added = !hasZero;
                hasZero = true;
                return added;
            }
            if (size * 2 >= slots.length) grow();
            return insert(slots, v);
        }

        private boolean insert(long[] table, long v) {
            int mask = table.length - 1;
            int i = (int) (v ^ (v >>> 32)) * 0x9E3779B9 & mask;
            while (table[i] != 0) {
                if (table[i] == v) return false;
                i = (i + 1) & mask;
            }
            table[i] = v;
            if (table == slots) size++;
            return true;
        }

        private void grow() {
            long[] bigger = new long[slots.length * 2];
            for (long v : slots) if (v != 0) insert(bigger, v);
            slots = bigger;
        }
    }
}
