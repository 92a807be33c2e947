package org.alertcorrelator.engine;

import java.nio.file.Path;
import java.util.List;

import org.alertcorrelator.ingest.RecordError;
import org.alertcorrelator.model.StepPair;
import org.alertcorrelator.ruleset.RuleSet;

/**
 * Mines step pairs from a history of alerts (the {@code patterns} command): a replay, exactly as {@link Replay}
 * does it (the same links, the same infrastructure verdicts), keeping what the sessions counted across tenants
 * instead of the incidents.
 */
public final class PatternMining {

    /**
     * The pairs seen linked in two or more tenants, most tenants first; errors are the records that were rejected,
     * skippedFiles the files of a folder that were not alert files or could not be read (as {@code replay} reports them).
     */
    public record Result(List<StepPair> pairs, List<RecordError> errors, long alerts, int tenants, List<String> skippedFiles) {
    }

    private PatternMining() {
    }

    public static Result run(RuleSet rules, List<Path> inputs, boolean strict) {
        // The replay itself (streamed when the files come in event-time order, as exports do: a history of a million
        // alerts is not held in memory), then the counts of the finished correlator.
        @SuppressWarnings("unchecked") List<StepPair>[] pairs = new List[1];
        int[] tenants = new int[1];
        Replay.Result r = Replay.run(rules, inputs, strict, c -> {
            pairs[0] = c.finalPairs();
            tenants[0] = c.tenants();
        });
        return new Result(pairs[0], r.errors(), r.summary().alertsCorrelated(), tenants[0],
                r.skippedFiles());
    }
}
