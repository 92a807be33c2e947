package org.alertcorrelator.service;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.alertcorrelator.ruleset.BuildProblem;
import org.alertcorrelator.ruleset.RuleSet;
import org.alertcorrelator.ruleset.RuleSetException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules directory and the rule set running from it. A reload builds the new rule set first, beside the
 * running one; only if it builds does the engine swap it in (see {@link LiveEngine#reload}). A rule set that
 * does not build leaves the running one in place, and its problems (file:line: message) are kept for
 * {@code GET /api/rules}. Reloads are one at a time.
 */
public final class RuleManager {
    private static final Logger LOG = LoggerFactory.getLogger(RuleManager.class);

    /** The last build attempt. */
    public record BuildResult(boolean ok, Instant at, String version, List<String> problems, long buildMillis) {
    }

    /** What a reload request gets back. */
    public record Outcome(boolean built, boolean swapped, String version, String previousVersion, List<String> problems,
                          long buildMillis, LiveEngine.ReloadResult reload) {
    }

    private final Path dir;
    private final LiveEngine engine;
    private final Metrics metrics;
    private volatile RuleSet running;
    private volatile BuildResult lastBuild;
    private volatile Instant loadedAt;
    private Thread watcher;
    private WatchService watchService;

    /** Builds the rules for the first time; a failure here stops the service from starting. */
    public RuleManager(Path dir, LiveEngine engine, Metrics metrics) {
        this.dir = dir;
        this.engine = engine;
        this.metrics = metrics;
        long t0 = System.nanoTime();
        this.running = RuleSet.load(dir);
        this.loadedAt = Instant.now();
        this.lastBuild = new BuildResult(true, loadedAt, running.version(), warnings(running), (System.nanoTime() - t0) / 1_000_000);
    }

    public RuleSet running() {
        return running;
    }

    public BuildResult lastBuild() {
        return lastBuild;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    public Path directory() {
        return dir;
    }

    public synchronized Outcome reload() throws InterruptedException {
        long t0 = System.nanoTime();
        RuleSet built;
        try {
            built = RuleSet.load(dir);
        } catch (RuleSetException e) {
            long ms = (System.nanoTime() - t0) / 1_000_000;
            List<String> problems = e.problems().stream().filter(BuildProblem::isError).map(BuildProblem::toString).toList();
            lastBuild = new BuildResult(false, Instant.now(), null, problems, ms);
            metrics.ruleReloadFailures.increment();
            LOG.warn("rules in {} do not build; version {} keeps running:\n  {}", dir, running.version(), String.join("\n  ", problems));
            return new Outcome(false, false, running.version(), running.version(), problems, ms, null);
        } catch (RuntimeException e) {
            long ms = (System.nanoTime() - t0) / 1_000_000;
            List<String> problems = List.of(dir + ": " + e.getMessage());
            lastBuild = new BuildResult(false, Instant.now(), null, problems, ms);
            metrics.ruleReloadFailures.increment();
            return new Outcome(false, false, running.version(), running.version(), problems, ms, null);
        }
        long buildMs = (System.nanoTime() - t0) / 1_000_000;
        lastBuild = new BuildResult(true, Instant.now(), built.version(), warnings(built), buildMs);
        String previous = running.version();
        if (built.version().equals(previous)) {
            return new Outcome(true, false, previous, previous, lastBuild.problems(), buildMs, null);
        }
        LiveEngine.ReloadResult r;
        try {
            r = engine.reload(built).get(10, TimeUnit.MINUTES);
        } catch (ExecutionException | TimeoutException e) {
            metrics.ruleReloadFailures.increment();
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("the rules built but could not be swapped in: " + cause.getMessage(), cause);
        }
        running = built;
        loadedAt = Instant.now();
        metrics.ruleReloads.increment();
        return new Outcome(true, true, built.version(), previous, lastBuild.problems(), buildMs, r);
    }

    private static List<String> warnings(RuleSet rs) {
        return rs.warnings().stream().map(BuildProblem::toString).toList();
    }

    /** Reloads by itself when a file in the rules directory changes (after a short quiet spell). */
    public void watch() throws IOException {
        watchService = FileSystems.getDefault().newWatchService();
        dir.register(watchService, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        watcher = new Thread(() -> {
            try {
                while (true) {
                    WatchKey key = watchService.take();
                    key.pollEvents();
                    key.reset();
                    // Editors write files in several steps: wait until the folder is quiet for half a second.
                    WatchKey more;
                    while ((more = watchService.poll(500, TimeUnit.MILLISECONDS)) != null) {
                        more.pollEvents();
                        more.reset();
                    }
                    try {
                        Outcome o = reload();
                        LOG.info("rules changed on disk: {}", o.swapped() ? "now running " + o.version()
                                : o.built() ? "unchanged" : "they do not build, " + o.version() + " keeps running");
                    } catch (RuntimeException e) {
                        LOG.error("reload after a change on disk failed: {}", e.getMessage());
                    }
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                // stopping
            }
        }, "rules-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    public void stopWatching() {
        if (watchService == null) return;
        try {
            watchService.close();
        } catch (IOException ignored) {
            // closing
        }
        watcher.interrupt();
    }
}
