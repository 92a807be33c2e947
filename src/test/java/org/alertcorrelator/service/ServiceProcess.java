package org.alertcorrelator.service;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar target/alert-correlator.jar ARGS} as a separate process, as an operator runs it (the *IT tests,
 * run by failsafe after {@code package}).
 */
final class ServiceProcess implements AutoCloseable {
    static final Path JAR = Path.of("target", "alert-correlator.jar").toAbsolutePath();
    private static final Pattern SERVING = Pattern.compile("serving on http://([^\\s:]+):(\\d+)");

    final Process process;
    final Path out;
    final Path err;
    private URI base;

    private ServiceProcess(Process p, Path out, Path err) {
        this.process = p;
        this.out = out;
        this.err = err;
    }

    static ServiceProcess start(Path workDir, String name, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        Path out = workDir.resolve(name + ".out");
        Path err = workDir.resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("ALERTCORRELATOR_"));
        return new ServiceProcess(pb.start(), out, err);
    }

    /** Runs a command to its end; gives stdout, stderr and the exit code. */
    record Run(int exit, String out, String err) {
    }

    static Run run(Path workDir, String name, String... args) throws Exception {
        try (ServiceProcess p = start(workDir, name, args)) {
            if (!p.process.waitFor(300, java.util.concurrent.TimeUnit.SECONDS)) throw new AssertionError(name + " did not finish");
            return new Run(p.process.exitValue(), Files.readString(p.out), Files.readString(p.err));
        }
    }

    /** Waits for the "serving on" line and for /ready to answer 200 with the token. */
    URI awaitReady(String token) throws Exception {
        // generous: on a loaded machine a JVM start with the rule build has taken over two minutes
        long end = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (base == null) {
            if (!process.isAlive()) throw new AssertionError("the service exited: " + stderr());
            Matcher m = SERVING.matcher(stderr());
            if (m.find()) base = URI.create("http://127.0.0.1:" + m.group(2));
            else if (System.nanoTime() > end) throw new AssertionError("the service did not start: " + stderr());
            else Thread.sleep(50);
        }
        HttpClient http = HttpClient.newHttpClient();
        while (true) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/ready"))
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return base;
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > end) throw new AssertionError("the service did not get ready: " + stderr());
            Thread.sleep(50);
        }
    }

    String stderr() throws IOException {
        return Files.exists(err) ? Files.readString(err, StandardCharsets.UTF_8) : "";
    }

    @Override
    public void close() {
        if (process.isAlive()) process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
