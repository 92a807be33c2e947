package org.alertcorrelator.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.alertcorrelator.ingest.AlertReader;
import org.alertcorrelator.ingest.AlertRecord;
import org.alertcorrelator.ingest.Deduplicator;
import org.alertcorrelator.ingest.ReadResult;
import org.alertcorrelator.ingest.RecordError;
import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.StepPair;
import org.alertcorrelator.ruleset.RuleSet;

/**
 * Mines step pairs from a history of alerts (the {@code patterns} command): a replay, exactly as {@link Replay}
 * does it (the same links, the same infrastructure verdicts), keeping what the sessions counted across tenants
 * instead of the incidents.
 */
public final class PatternMining {

    /** The pairs seen linked in two or more tenants, most tenants first; errors are the records that were rejected. */
    public record Result(List<StepPair> pairs, List<RecordError> errors, long alerts, int tenants) {
    }

    private PatternMining() {
    }

    public static Result run(RuleSet rules, List<Path> inputs, boolean strict) {
        List<Path> files = Replay.expand(inputs);
        AlertReader reader = new AlertReader();
        List<AlertRecord> records = new ArrayList<>();
        List<RecordError> errors = new ArrayList<>();
        for (Path f : files) {
            ReadResult r = reader.read(f, strict);
            records.addAll(r.records());
            errors.addAll(r.errors());
        }
        List<Alert> alerts = new ArrayList<>();
        for (AlertRecord r : Deduplicator.latestById(records)) alerts.add(r.alert());
        alerts.sort(Alert::byEventTimeThenId);
        java.util.Set<String> tenants = new java.util.HashSet<>();
        try (ShardedCorrelator c = new ShardedCorrelator(rules, ShardedCorrelator.defaultSessions())) {
            for (Alert a : alerts) {
                tenants.add(a.getTenant());
                c.process(a);
            }
            c.finish();
            return new Result(c.finalPairs(), errors, alerts.size(), tenants.size());
        }
    }
}
