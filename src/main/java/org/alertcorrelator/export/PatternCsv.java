package org.alertcorrelator.export;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.alertcorrelator.model.StepPair;
import org.alertcorrelator.ruleset.PatternSeed;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** Step pairs as {@code patterns.csv}: the file the {@code patterns} command writes and a rules folder may seed from. */
public final class PatternCsv {
    private PatternCsv() {
    }

    public static void write(List<StepPair> pairs, Writer w) throws IOException {
        CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get());
        p.printRecord(PatternSeed.HEADER);
        for (StepPair s : pairs) {
            p.printRecord(s.getFirst(), s.getThen(), s.getTenants(), s.getLinked(), s.getReverse(), s.getFirstCount(),
                    s.getThenCount(), s.getAlerts(), String.format(Locale.ROOT, "%.3f", s.getConfidence()),
                    String.format(Locale.ROOT, "%.2f", s.getLift()), Instant.ofEpochMilli(s.getFirstSeen()),
                    Instant.ofEpochMilli(s.getLastSeen()));
        }
        p.flush();
    }
}
