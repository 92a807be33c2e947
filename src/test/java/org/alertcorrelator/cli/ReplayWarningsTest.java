package org.alertcorrelator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replay shows the warnings of the records it read (a record kept despite a problem), not only the rejections. */
class ReplayWarningsTest extends ConsoleCapture {

    private static String alert(String id, String type, String generated, String entities) {
        return "{\"SystemAlertId\":\"" + id + "\",\"TenantId\":\"t\",\"Severity\":\"High\",\"StartTimeUtc\":\"2024-03-01T10:00:00Z\","
                + "\"TimeGenerated\":\"" + generated + "\",\"AlertType\":\"" + type + "\",\"ProductName\":\"Azure Security Center\""
                + (entities == null ? "" : ",\"Entities\":" + entities) + "}";
    }

    @Test
    void alertsSharingAnIdAndEntitiesThatAreNoListAreWarnedAboutAndKept(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.jsonl"), alert("same", "VM_A", "2024-03-01T10:01:00Z", null) + "\n"
                + alert("other", "VM_C", "2024-03-01T10:01:00Z", "\"not a list\"") + "\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("b.jsonl"), alert("same", "VM_B", "2024-03-01T10:02:00Z", null) + "\n", StandardCharsets.UTF_8);
        assertEquals(0, Main.execute("replay", "--rules", "rules", dir.toString()), err.toString(StandardCharsets.UTF_8));
        String err = this.err.toString(StandardCharsets.UTF_8);
        assertTrue(err.contains("warning: " + dir.resolve("a.jsonl") + ":1: SystemAlertId: \"same\" is also the id of an alert of type \"VM_B\""), err);
        assertTrue(err.contains("kept as \"same~VM_A\""), err);
        assertTrue(err.contains("warning: " + dir.resolve("a.jsonl") + ":2: record 2: Entities:"), err);
        assertTrue(err.contains("3 alerts read from 2 file(s), 0 rejected, 0 duplicates dropped"), err);
    }
}
