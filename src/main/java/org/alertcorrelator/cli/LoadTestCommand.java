package org.alertcorrelator.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import org.alertcorrelator.service.loadtest.LoadDriver;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "loadtest", mixinStandardHelpOptions = true,
        description = {"Posts a JSON-lines alert file to a running service and prints the sustained alerts/s and the",
                "latency from POST to the incident being readable through GET /api/incidents (p50, p90, p99).",
                "Alerts wait in the service's reorder buffer for its lateness before they are correlated: the",
                "latencies include that, as any client would see it."})
final class LoadTestCommand implements Callable<Integer> {
    @Option(names = "--url", required = true, paramLabel = "URL", description = "The service, e.g. http://127.0.0.1:8080.")
    URI url;

    @Option(names = "--token", required = true, paramLabel = "TOKEN", description = "A token that may post alerts and read incidents (admin).")
    String token;

    @Option(names = "--alerts", required = true, paramLabel = "FILE", description = "JSON-lines alert file (e.g. from `generate`).")
    Path alerts;

    @Option(names = "--batch", defaultValue = "100", paramLabel = "N", description = "Alerts per request (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--concurrency", defaultValue = "4", paramLabel = "C", description = "Requests in flight at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--settle", defaultValue = "10", paramLabel = "SECONDS",
            description = "After the last POST, stop once no alert has newly shown in an incident for this long (default: ${DEFAULT-VALUE}).")
    int settle;

    @Option(names = "--timeout", defaultValue = "300", paramLabel = "SECONDS", description = "Longest wait after the last POST (default: ${DEFAULT-VALUE}).")
    int timeout;

    @Option(names = "--poll-interval", defaultValue = "100", paramLabel = "MS", description = "How often incidents are read (default: ${DEFAULT-VALUE} ms).")
    int pollInterval;

    @Option(names = "--rate", defaultValue = "0", paramLabel = "ALERTS_PER_SECOND",
            description = "Post at this many alerts per second, each batch at its time, a slow answer not pushing the next batches back (default: ${DEFAULT-VALUE}, as fast as the service answers).")
    double rate;

    @Override
    public Integer call() throws Exception {
        if (batch < 1 || concurrency < 1) {
            System.err.println("error: --batch and --concurrency must be 1 or more");
            return Main.USAGE_OR_INPUT_ERROR;
        }
        if (rate < 0) {
            System.err.println("error: --rate must be 0 (as fast as answered) or more");
            return Main.USAGE_OR_INPUT_ERROR;
        }
        LoadDriver.Report r = new LoadDriver(new LoadDriver.Options(url, token, alerts, batch, concurrency,
                Duration.ofSeconds(settle), Duration.ofSeconds(timeout), Duration.ofMillis(pollInterval), rate)).run(System.err);
        System.out.println(r.describe(batch, concurrency));
        return r.failedRequests() == 0 ? Main.OK : Main.RULES_OR_TEST_FAILED;
    }
}
