package org.alertcorrelator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A command run as a user runs it: a fresh process (no flags but its own), watched from outside. Wall time from
 * start to exit, CPU time of the process and its children, and the peak resident set size the kernel recorded
 * ({@code VmHWM} in {@code /proc/PID/status}, read every 20 ms while it runs, of the process and every descendant:
 * a launcher script's JVM is its child).
 */
final class UserRun {
    /** @param maxRssBytes 0 when /proc is not there to read */
    record Figures(long wallMillis, long cpuMillis, long maxRssBytes, int exit) {
    }

    private UserRun() {
    }

    /** Runs the command in {@code dir}, its stdout and stderr into {@code log}. */
    static Figures run(List<String> command, Path dir, Path log) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        ProcessBuilder b = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        // A launcher script finds the same Java as the bench's own.
        b.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = b.start();
        long rss = 0;
        long cpu = 0;
        while (!p.waitFor(20, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            List<ProcessHandle> all = new ArrayList<>();
            all.add(p.toHandle());
            p.toHandle().descendants().forEach(all::add);
            long cpuNow = 0;
            for (ProcessHandle h : all) {
                rss = Math.max(rss, highWaterMark(h.pid()));
                cpuNow += h.info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
            }
            // The last reading before exit: a child that exits loses its own figures, so keep the highest sum.
            cpu = Math.max(cpu, cpuNow);
        }
        long wall = (System.nanoTime() - t0) / 1_000_000;
        return new Figures(wall, cpu, rss, p.exitValue());
    }

    /** VmHWM of a live process in bytes, or 0. */
    static long highWaterMark(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    String kb = line.substring(6).replace("kB", "").trim();
                    return Long.parseLong(kb) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended between two readings
        }
        return 0;
    }

    /** The program's jar on this JVM's class path, if it runs from one. */
    static Optional<Path> jar() {
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            if (p.getFileName() != null && p.getFileName().toString().equals("alert-correlator.jar") && Files.isRegularFile(p)) {
                return Optional.of(p.toAbsolutePath());
            }
        }
        return Optional.empty();
    }
}
