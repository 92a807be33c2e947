package org.alertcorrelator.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.alertcorrelator.service.auth.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load driver against a service process: it posts a JSON-lines file and reports rate and latencies. */
class LoadTestIT {

    @Test
    void reportsRateAndLatency(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("service.properties");
        Files.writeString(config, "token.load.role = admin\ntoken.load.sha256 = " + Tokens.sha256Hex("load-token") + "\n"
                + "flush-after-idle = 1s\n");
        Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path alerts = dir.resolve("alerts.jsonl");
        List<String> lines = new ArrayList<>();
        for (int batch = 0; batch < 100; batch++) for (int i = 0; i < 20; i++) lines.add(ServeCrashIT.alertLine(batch, i));
        Files.write(alerts, lines);
        try (ServiceProcess p = ServiceProcess.start(dir, "serve", "serve", "--port", "0", "--config", config.toString(),
                "--data", dir.resolve("data").toString(), "--rules", Path.of("rules").toAbsolutePath().toString())) {
            URI base = p.awaitReady("load-token");
            ServiceProcess.Run r = ServiceProcess.run(dir, "loadtest", "loadtest", "--url", base.toString(), "--token", "load-token",
                    "--alerts", alerts.toString(), "--batch", "50", "--concurrency", "4", "--settle", "3");
            assertEquals(0, r.exit(), r.out() + r.err());
            assertTrue(r.out().contains("posted 2000 alerts"), r.out());
            assertTrue(r.out().contains("accepted 2000"), r.out());
            assertTrue(r.out().matches("(?s).*POST to incident readable: \\d+ alerts in \\d+ incidents; p50 \\d+ ms.*p99 \\d+ ms.*"), r.out());
            assertTrue(r.out().matches("(?s).*from the POST of the incident's newest alert: p50 \\d+ ms, p90 \\d+ ms, p99 \\d+ ms.*"), r.out());

            // Paced: 1,000 alerts at 500 a second take two seconds to post (less the last batch's own time).
            Path later = dir.resolve("later.jsonl");
            List<String> more = new ArrayList<>();
            for (int batch = 100; batch < 120; batch++) for (int i = 0; i < 50; i++) more.add(ServeCrashIT.alertLine(batch, i));
            Files.write(later, more);
            ServiceProcess.Run paced = ServiceProcess.run(dir, "loadtest-paced", "loadtest", "--url", base.toString(), "--token",
                    "load-token", "--alerts", later.toString(), "--batch", "50", "--concurrency", "4", "--rate", "500",
                    "--settle", "3");
            assertEquals(0, paced.exit(), paced.out() + paced.err());
            assertTrue(paced.err().contains("paced at 500 alerts/s"), paced.err());
            var m = java.util.regex.Pattern.compile("posted 1000 alerts .* in ([0-9.]+) s").matcher(paced.out());
            assertTrue(m.find(), paced.out());
            assertTrue(Double.parseDouble(m.group(1)) >= 1.85, paced.out());
            assertTrue(paced.out().contains("accepted 1000"), paced.out());
        }
    }
}
