package org.alertcorrelator.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.alertcorrelator.export.IncidentJson;
import org.alertcorrelator.ingest.InputException;
import org.alertcorrelator.model.Incident;
import org.alertcorrelator.ruleset.RuleSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streamed path of a replay gives exactly what the general path gives, or steps aside. */
class StreamingReplayTest {
    private static final RuleSet RULES = RuleSet.load(Path.of("rules"));
    private static final Path SORTED = Path.of("fixtures/scenarios/11-incident-cap-150/scan.jsonl");

    @TempDir
    static Path tmp;
    private static List<String> lines;

    @BeforeAll
    static void read() throws IOException {
        lines = Files.readAllLines(SORTED, StandardCharsets.UTF_8);
    }

    private static String json(List<Incident> incidents) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IncidentJson.writeArray(incidents, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Path write(String name, List<String> content) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, content, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void aFileInEventTimeOrderIsStreamedWithTheSameResult() throws IOException {
        Replay.Result streamed = Replay.run(RULES, List.of(SORTED), false);
        assertTrue(streamed.summary().streamed());
        Replay.Result general = Replay.readAllThenCorrelate(RULES, List.of(SORTED), false);
        assertFalse(general.summary().streamed());
        assertEquals(json(general.incidents()), json(streamed.incidents()));
        assertEquals(2, streamed.incidents().size());
        assertEquals(155, streamed.summary().recordsRead());
    }

    @Test
    void twoSortedFilesAreMergedInOrder() throws IOException {
        List<String> odd = new ArrayList<>();
        List<String> even = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) (i % 2 == 0 ? even : odd).add(lines.get(i));
        Replay.Result r = Replay.run(RULES, List.of(write("odd.jsonl", odd), write("even.jsonl", even)), false);
        assertTrue(r.summary().streamed());
        assertEquals(json(Replay.readAllThenCorrelate(RULES, List.of(SORTED), false).incidents()), json(r.incidents()));
    }

    @Test
    void shuffledInputStepsAsideToTheGeneralPath() throws IOException {
        List<String> shuffled = new ArrayList<>(lines);
        Collections.shuffle(shuffled, new Random(7));
        // A buffer as large as the file would absorb any disorder: take a file larger than the buffer.
        List<String> big = new ArrayList<>();
        for (int copy = 0; copy < StreamingReplay.REORDER_BUFFER / lines.size() + 2; copy++) {
            for (String l : shuffled) big.add(l.replace("\"cap-", "\"c" + copy + "-"));
        }
        Replay.Result r = Replay.run(RULES, List.of(write("big-shuffled.jsonl", big)), false);
        assertFalse(r.summary().streamed(), "out of order beyond the buffer: general path");
        Path same = write("big-again.jsonl", big);
        assertEquals(json(Replay.readAllThenCorrelate(RULES, List.of(same), false).incidents()), json(r.incidents()));
    }

    @Test
    void aDuplicateIdStepsAsideSoTheLaterRecordWins() throws IOException {
        List<String> withDuplicate = new ArrayList<>(lines);
        withDuplicate.add(lines.get(3).replace("\"Medium\"", "\"High\"").replace("\"TimeGenerated\": \"2024-03-04T00:17:00Z\"",
                "\"TimeGenerated\": \"2024-03-05T00:00:00Z\""));
        Replay.Result r = Replay.run(RULES, List.of(write("dup.jsonl", withDuplicate)), false);
        assertFalse(r.summary().streamed());
        assertEquals(1, r.summary().duplicates());
    }

    @Test
    void aBadRecordInStrictModeStopsTheStreamedReplay() throws IOException {
        List<String> bad = new ArrayList<>(lines);
        bad.add(100, "{\"SystemAlertId\": \"bad\", \"TenantId\": \"t\", \"AlertSeverity\": \"Severe\", \"StartTime\": \"2024-03-04T09:00:00Z\"}");
        InputException e = assertThrows(InputException.class, () -> Replay.run(RULES, List.of(write("bad.jsonl", bad)), true));
        assertTrue(e.getMessage().contains("bad.jsonl:101"), e.getMessage());
        Replay.Result lenient = Replay.run(RULES, List.of(write("bad2.jsonl", bad)), false);
        assertEquals(1, lenient.summary().rejected());
        assertEquals(156, lenient.summary().recordsRead());
    }
}
