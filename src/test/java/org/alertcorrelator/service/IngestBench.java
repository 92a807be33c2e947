package org.alertcorrelator.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.alertcorrelator.ingest.AlertReader;
import org.alertcorrelator.ingest.AlertRecord;
import org.alertcorrelator.store.JdbcStore;
import org.alertcorrelator.store.Store;

/**
 * Ingest alone: what the embedded store takes through {@link AlertIngest} (group commit, every request synced),
 * without HTTP, parsing (the file is read before the clock starts) or correlation (the engine's hand-off is
 * dropped). The ceiling of {@code serve}'s ingest on this machine's disk. Uses only public API, so the same file
 * runs against any build, as a single-file program:
 *
 * <pre>
 * java -cp target/alert-correlator.jar src/test/java/org/alertcorrelator/service/IngestBench.java alerts.jsonl 1000 4
 * </pre>
 *
 * Arguments: the alert file, alerts per request (default 1000), requests in flight (default 4).
 */
public final class IngestBench {
    public static void main(String[] args) throws Exception {
        List<AlertRecord> records = new AlertReader().read(Path.of(args[0]), false).records();
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        Path dir = Files.createTempDirectory("ingest-bench");
        try (Store store = JdbcStore.open(JdbcStore.embeddedUrl(dir), "", "")) {
            AlertIngest ingest = new AlertIngest(store, (seq, alert, replacement) -> { }, 0, System::currentTimeMillis);
            ExecutorService posters = Executors.newFixedThreadPool(inFlight);
            long t0 = System.nanoTime();
            List<Future<?>> answers = new ArrayList<>();
            for (int i = 0; i < records.size(); i += batch) {
                List<AlertRecord> request = records.subList(i, Math.min(records.size(), i + batch));
                answers.add(posters.submit(() -> ingest.submit(request).get()));
            }
            for (Future<?> a : answers) a.get();
            double seconds = (System.nanoTime() - t0) / 1e9;
            posters.shutdown();
            ingest.stop(Duration.ofSeconds(10));
            System.out.printf(Locale.ROOT, "ingest alone: %d alerts in %.2f s, %.0f alerts/s (requests of %d, %d in flight); store %d MB%n",
                    records.size(), seconds, records.size() / seconds, batch, inFlight,
                    Files.size(dir.resolve("alert-correlator.db")) >> 20);
        }
    }
}
