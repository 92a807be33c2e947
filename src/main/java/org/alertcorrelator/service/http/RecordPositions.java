package org.alertcorrelator.service.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.alertcorrelator.ingest.AlertRecord;
import org.alertcorrelator.ingest.ReadResult;
import org.alertcorrelator.ingest.RecordError;

/**
 * The place of each record read in the posted body (its number, counted from 1, as in record errors), so a
 * record the service rejects itself (tenant) is reported like one the reader rejected. Records of JSON documents
 * carry their number ({@code body#n}); those of JSON lines and CSV carry their line ({@code body:L}), and their
 * number is their rank among all records and errors by line.
 */
final class RecordPositions {
    private final Map<AlertRecord, int[]> positions = new HashMap<>();

    RecordPositions(ReadResult read) {
        List<long[]> lines = new ArrayList<>(); // {line, 0 for record k / 1 for an error, k}
        for (int k = 0; k < read.records().size(); k++) {
            AlertRecord r = read.records().get(k);
            String origin = r.origin();
            int hash = origin.lastIndexOf('#');
            int colon = origin.lastIndexOf(':');
            if (hash >= 0 && hash > colon) {
                positions.put(r, new int[] {parse(origin.substring(hash + 1)), 0});
            } else if (colon >= 0) {
                lines.add(new long[] {parse(origin.substring(colon + 1)), 0, k});
            }
        }
        if (lines.isEmpty()) return;
        for (RecordError e : read.errors()) if (e.index() > 0) lines.add(new long[] {e.line(), 1, -1});
        lines.sort((a, b) -> Long.compare(a[0], b[0]));
        int index = 0;
        for (long[] l : lines) {
            index++;
            if (l[1] == 0) positions.put(read.records().get((int) l[2]), new int[] {index, (int) l[0]});
        }
    }

    int index(AlertRecord r) {
        int[] p = positions.get(r);
        return p == null ? 0 : p[0];
    }

    int line(AlertRecord r) {
        int[] p = positions.get(r);
        return p == null ? 0 : p[1];
    }

    private static int parse(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
