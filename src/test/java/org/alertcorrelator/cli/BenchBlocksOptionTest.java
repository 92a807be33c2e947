package org.alertcorrelator.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench --blocks}: its options are checked before anything is generated or measured. */
class BenchBlocksOptionTest extends ConsoleCapture {
    @TempDir
    Path tmp;

    @Test
    void blocksOnlyNeedsAFolderOfRules() {
        assertEquals(2, Main.execute("bench", "--blocks-only", "--sizes", "10"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--blocks-only needs --blocks DIR"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aMissingFolderIsAnErrorBeforeAnyStreamIsGenerated() {
        int code = Main.execute("bench", "--blocks", tmp.resolve("no-such-folder").toString(), "--blocks-only", "--sizes", "10",
                "--work", tmp.resolve("work").toString());
        assertNotEquals(0, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no-such-folder: not a folder"), err.toString(StandardCharsets.UTF_8));
        assertFalse(tmp.resolve("work").resolve("warm.jsonl").toFile().exists(), "nothing generated");
    }
}
