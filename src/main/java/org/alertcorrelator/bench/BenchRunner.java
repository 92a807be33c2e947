package org.alertcorrelator.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.alertcorrelator.generate.StreamGenerator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The benchmark: generates streams of each size (default 10k, 100k, 1M alerts, with the generator's defaults for
 * that size: 5 tenants over 7 days, machines and campaigns growing with the stream), then measures each in child
 * JVMs with fixed heap and GC flags (one {@code throughput} and one {@code session} child per size, see
 * {@link BenchChild}), and prints one table, with JSON and Markdown copies on request.
 */
public final class BenchRunner {
    /** The measuring JVMs' flags unless told otherwise: a fixed 6 GiB heap and the throughput collector. */
    public static final List<String> DEFAULT_JVM_ARGS = List.of("-Xms6g", "-Xmx6g", "-XX:+UseParallelGC");
    public static final List<Integer> DEFAULT_SIZES = List.of(10_000, 100_000, 1_000_000);

    /** Targets the figures are checked against (issue 13: as users run it, measured as ratios in one run). */
    static final double TARGET_REPLAY_PER_SECOND = 100_000;
    static final double TARGET_REPLAY_TO_PARSE = 0.8;
    static final double TARGET_MAX_RSS_MIB = 1536;
    static final double TARGET_COST_GROWTH = 1.3;
    static final double TARGET_BYTES_PER_LIVE_ALERT = 1024;
    static final double TARGET_DROOLS_TO_REFERENCE = 1.3;
    static final double TARGET_RULE_BUILD_COLD_MILLIS = 1500;
    static final double TARGET_DEMO_MILLIS = 1200;
    static final double TARGET_F1 = 0.95;

    public record Options(List<Integer> sizes, Path rules, Path workDir, boolean keep, Path json, Path markdown,
                          List<String> jvmArgs, long seed, Path jfrDir, String command, java.util.Set<String> parts,
                          int iterations) {
        public Options(List<Integer> sizes, Path rules, Path workDir, boolean keep, Path json, Path markdown,
                       List<String> jvmArgs, long seed, Path jfrDir, String command) {
            this(sizes, rules, workDir, keep, json, markdown, jvmArgs, seed, jfrDir, command, PARTS, 0);
        }

        boolean has(String part) {
            return parts.contains(part);
        }
    }

    /** What a run measures: the warm children (throughput, session, profile) and the runs as users run them. */
    public static final java.util.Set<String> PARTS = java.util.Set.of("throughput", "session", "profile", "users");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Options o;
    private final PrintStream log;

    public BenchRunner(Options o, PrintStream log) {
        this.o = o;
        this.log = log;
    }

    public ObjectNode run() throws IOException, InterruptedException {
        List<Integer> sizes = new ArrayList<>(o.sizes());
        sizes.sort(null);
        Path work = o.workDir() != null ? Files.createDirectories(o.workDir()) : Files.createTempDirectory("alert-correlator-bench");
        ObjectNode root = JSON.createObjectNode();
        root.put("started", Instant.now().toString());
        root.put("command", o.command());
        root.set("machine", machine());
        ArrayNode flags = root.putArray("jvmArgs");
        o.jvmArgs().forEach(flags::add);
        root.put("referenceOnClassPath", Reference.available());
        if (!Reference.available()) {
            log.println("note: the reference correlator is not on the class path (run with target/test-classes): no Drools/reference ratio");
        }
        try {
            Path warm = work.resolve("warm.jsonl");
            Path warmTruth = work.resolve("warm-truth.csv");
            StreamGenerator.generate(StreamGenerator.Options.defaults(10_000, warm, warmTruth).withSeed(o.seed() + 1000));
            ArrayNode runs = root.putArray("runs");
            for (int size : sizes) {
                Path file = work.resolve("stream-" + size + ".jsonl");
                Path truth = work.resolve("truth-" + size + ".csv");
                log.printf(Locale.ROOT, "generating %,d alerts ...%n", size);
                StreamGenerator.Summary g = StreamGenerator.generate(StreamGenerator.Options.defaults(size, file, truth).withSeed(o.seed()));
                log.println("  " + g);
                ObjectNode run = runs.addObject();
                run.put("size", size);
                ObjectNode gen = run.putObject("generate");
                gen.put("millis", g.millis());
                gen.put("bytes", g.bytes());
                gen.put("campaigns", g.campaigns());
                gen.put("campaignAlerts", g.campaignAlerts());
                gen.put("machines", g.hosts());
                int iterations = o.iterations() > 0 ? o.iterations() : Math.max(2, Math.min(5, 500_000 / size));
                if (o.has("throughput")) log.printf(Locale.ROOT, "measuring throughput (%d iteration%s after warm-up) ...%n", iterations, iterations == 1 ? "" : "s");
                List<String> extra = new ArrayList<>();
                if (o.jfrDir() != null) {
                    Files.createDirectories(o.jfrDir());
                    extra.add("-XX:StartFlightRecording=filename=" + o.jfrDir().resolve("throughput-" + size + ".jfr") + ",settings=profile");
                }
                if (o.has("throughput")) run.set("throughput", child(extra, "throughput", "rules=" + o.rules(), "file=" + file, "truth=" + truth,
                        "warm=" + warm, "out=" + work.resolve("incidents-" + size + ".json"), "iterations=" + iterations));
                if (o.has("session")) {
                    log.println("measuring the session: heap, rule build, hot reload ...");
                    run.set("session", child(List.of(), "session", "rules=" + o.rules(), "file=" + file));
                }
                if (o.has("profile")) {
                    log.println("profiling the rules (--profile) ...");
                    run.set("profile", child(List.of(), "profile", "rules=" + o.rules(), "file=" + file, "limit=" + PROFILE_LIMIT));
                }
                if (o.has("users")) run.set("users", asUsersRunIt(file, warm, work, size, iterations));
                if (!o.keep()) {
                    Files.deleteIfExists(file);
                    Files.deleteIfExists(work.resolve("users-plain-" + size + ".json"));
                    Files.deleteIfExists(work.resolve("users-launcher-" + size + ".json"));
                    Files.deleteIfExists(work.resolve("incidents-" + size + ".json"));
                }
            }
            if (o.has("users")) root.set("demo", demo(work));
            derive(root);
        } finally {
            if (!o.keep() && o.workDir() == null) deleteTree(work);
        }
        root.put("finished", Instant.now().toString());
        ((ObjectNode) root.get("machine")).put("loadAverageAtEnd", loadAverage());
        String table = Report.table(root);
        log.println();
        log.println(table);
        if (o.json() != null) {
            if (o.json().toAbsolutePath().getParent() != null) Files.createDirectories(o.json().toAbsolutePath().getParent());
            JSON.writeValue(o.json().toFile(), root);
        }
        if (o.markdown() != null) {
            if (o.markdown().toAbsolutePath().getParent() != null) Files.createDirectories(o.markdown().toAbsolutePath().getParent());
            Files.writeString(o.markdown(), Report.markdown(root), StandardCharsets.UTF_8);
        }
        return root;
    }

    /** Prints the table of a JSON file an earlier run wrote, and writes its Markdown if asked. */
    public static void render(Path json, Path markdown, PrintStream log) throws IOException {
        JsonNode root = JSON.readTree(json.toFile());
        log.println(Report.table(root));
        if (markdown != null) {
            if (markdown.toAbsolutePath().getParent() != null) Files.createDirectories(markdown.toAbsolutePath().getParent());
            Files.writeString(markdown, Report.markdown(root), StandardCharsets.UTF_8);
        }
    }

    /** Derived figures: rates, ratios, per-alert cost against the smallest size, target checks. */
    static void derive(ObjectNode root) {
        ArrayNode runs = (ArrayNode) root.get("runs");
        double baseCost = Double.NaN;
        double baseReplayCost = Double.NaN;
        for (JsonNode n : runs) {
            ObjectNode run = (ObjectNode) n;
            ObjectNode d = run.putObject("derived");
            JsonNode u = run.get("users");
            if (u != null) {
                double parse = u.get("alerts").asDouble() / (u.get("parseMillis").asDouble() / 1000);
                d.put("usersParsePerSecond", parse);
                for (String how : List.of("plain", "launcher")) {
                    if (!u.has(how)) continue;
                    double rate = u.get("alerts").asDouble() / (u.get(how).get("wallMillis").asDouble() / 1000);
                    d.put("users" + capital(how) + "PerSecond", rate);
                    d.put("users" + capital(how) + "ToParse", rate / parse);
                }
            }
            JsonNode t = run.get("throughput");
            if (t == null) continue;
            double alerts = t.get("alerts").asDouble();
            double parse = alerts / (t.get("parseMillis").asDouble() / 1000);
            double replay = alerts / (t.get("replayMillis").asDouble() / 1000);
            d.put("parsePerSecond", parse);
            d.put("replayPerSecond", replay);
            d.put("replayToParse", replay / parse);
            double cost = t.get("droolsCorrelateMillis").asDouble() * 1000 / alerts;
            double replayCost = t.get("replayMillis").asDouble() * 1000 / alerts;
            if (Double.isNaN(baseCost)) {
                baseCost = cost;
                baseReplayCost = replayCost;
            }
            d.put("correlateMicrosPerAlert", cost);
            d.put("correlateCostVsSmallest", cost / baseCost);
            d.put("replayMicrosPerAlert", replayCost);
            d.put("replayCostVsSmallest", replayCost / baseReplayCost);
            d.put("droolsPerSecond", alerts / (t.get("droolsCorrelateMillis").asDouble() / 1000));
            if (t.has("referenceCorrelateMillis")) {
                d.put("referencePerSecond", alerts / (t.get("referenceCorrelateMillis").asDouble() / 1000));
                d.put("droolsToReferenceTime", t.get("droolsCorrelateMillis").asDouble() / t.get("referenceCorrelateMillis").asDouble());
            }
        }
        // Targets: at the largest size for speed and memory, at the generator's default stream (100k) for quality.
        JsonNode largest = runs.get(runs.size() - 1);
        int size = largest.get("size").asInt();
        JsonNode quality = null;
        for (JsonNode run : runs) if (run.get("size").asInt() == 100_000) quality = run;
        if (quality == null) quality = largest;
        ObjectNode targets = root.putObject("targets");
        JsonNode u = largest.get("users");
        if (u != null) {
            // As users run it: the README's command, through the launcher when the repository has one.
            String how = u.has("launcher") ? "launcher" : "plain";
            String label = how.equals("launcher") ? "bin/alert-correlator replay" : "java -jar ... replay";
            JsonNode d = largest.get("derived");
            target(targets, label + ", alerts/s at " + size, d.get("users" + capital(how) + "PerSecond").asDouble(), ">=", TARGET_REPLAY_PER_SECOND);
            target(targets, label + " / parse-only at " + size, d.get("users" + capital(how) + "ToParse").asDouble(), ">=", TARGET_REPLAY_TO_PARSE);
            target(targets, label + ", max RSS MiB at " + size, u.get(how).get("maxRssBytes").asDouble() / 1048576, "<=", TARGET_MAX_RSS_MIB);
        }
        if (largest.has("throughput")) {
            target(targets, "correlate cost per alert, largest / smallest", largest.get("derived").get("correlateCostVsSmallest").asDouble(),
                    "<=", TARGET_COST_GROWTH);
            if (largest.get("derived").has("droolsToReferenceTime")) {
                target(targets, "Drools / reference correlate-only time at " + size, largest.get("derived").get("droolsToReferenceTime").asDouble(),
                        "<=", TARGET_DROOLS_TO_REFERENCE);
            }
        }
        if (largest.has("session")) {
            target(targets, "retained heap per live alert (bytes) at " + size,
                    largest.get("session").get("retainedPerLiveAlertBytes").asDouble(), "<=", TARGET_BYTES_PER_LIVE_ALERT);
            target(targets, "rule build cold, ms", largest.get("session").get("ruleBuildColdMillis").asDouble(), "<=", TARGET_RULE_BUILD_COLD_MILLIS);
        }
        JsonNode demo = root.get("demo");
        if (demo != null && demo.has("plain")) {
            String how = demo.has("launcher") ? "launcher" : "plain";
            target(targets, (how.equals("launcher") ? "bin/alert-correlator" : "java -jar ...") + " replay fixtures/demo, ms (JVM start included)",
                    demo.get(how).get("wallMillis").asDouble(), "<=", TARGET_DEMO_MILLIS);
        }
        if (quality.has("throughput")) {
            JsonNode q = quality.get("throughput").get("quality");
            target(targets, "pairwise F1 at " + quality.get("size").asInt(), q.get("f1").asDouble(), ">=", TARGET_F1);
            target(targets, "incidents from noise alone at " + quality.get("size").asInt(), q.get("noiseOnlyIncidents").asDouble(), "<=", 0);
        }
    }

    private static String capital(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    // ---- as users run it ----

    private boolean launcherPrimed;

    /**
     * The README's command in a fresh JVM with no flags ({@code java -jar JAR replay --out FILE STREAM}), then the
     * same through the repository's launcher ({@code bin/alert-correlator}, which sets its own flags), one after the
     * other, beside a parse-only child of the bench's flags measured just before: wall time, CPU time, peak RSS.
     */
    private ObjectNode asUsersRunIt(Path file, Path warm, Path work, int size, int iterations) throws IOException, InterruptedException {
        ObjectNode u = JSON.createObjectNode();
        java.util.Optional<Path> jar = UserRun.jar();
        if (jar.isEmpty()) {
            log.println("note: not run from target/alert-correlator.jar: no runs as users run it");
            return u;
        }
        log.println("parse-only beside the runs as users run it ...");
        JsonNode parse = child(List.of(), "parse", "file=" + file, "warm=" + warm, "iterations=" + iterations);
        u.put("alerts", parse.get("alerts").asLong());
        u.put("parseMillis", parse.get("parseMillis").asDouble());
        List<String> rulesArgs = o.rules().equals(Path.of("rules")) ? List.of() : List.of("--rules", o.rules().toString());
        Path plainOut = work.resolve("users-plain-" + size + ".json");
        List<String> plain = new ArrayList<>(List.of(javaBin(), "-jar", jar.get().toString(), "replay"));
        plain.addAll(rulesArgs);
        plain.addAll(List.of("--out", plainOut.toString(), file.toString()));
        u.set("plain", userRun(plain, work.resolve("users-plain-" + size + ".log")));
        Path launcher = launcher(jar.get());
        if (launcher != null) {
            if (!launcherPrimed) {
                // Its first run writes the class-data archive later runs map: not what a user sees every time.
                log.println("as users run it: first run of " + launcher + " (writes its class-data archive) ...");
                userRun(List.of(launcher.toString(), "replay", "--out", work.resolve("warm-out.json").toString(), warm.toString()),
                        work.resolve("users-prime.log"));
                launcherPrimed = true;
            }
            Path launcherOut = work.resolve("users-launcher-" + size + ".json");
            List<String> cmd = new ArrayList<>(List.of(launcher.toString(), "replay"));
            cmd.addAll(rulesArgs);
            cmd.addAll(List.of("--out", launcherOut.toString(), file.toString()));
            u.set("launcher", userRun(cmd, work.resolve("users-launcher-" + size + ".log")));
            u.put("sameOutput", Files.mismatch(plainOut, launcherOut) == -1);
        }
        return u;
    }

    /** {@code replay fixtures/demo} as the README's quick start runs it, JVM start included: the fastest of 3. */
    private ObjectNode demo(Path work) throws IOException, InterruptedException {
        ObjectNode d = JSON.createObjectNode();
        java.util.Optional<Path> jar = UserRun.jar();
        if (jar.isEmpty() || !Files.isDirectory(Path.of("fixtures", "demo"))) return d;
        Path launcher = launcher(jar.get());
        List<List<String>> commands = new ArrayList<>();
        commands.add(List.of(javaBin(), "-jar", jar.get().toString(), "replay", "fixtures/demo"));
        if (launcher != null) commands.add(List.of(launcher.toString(), "replay", "fixtures/demo"));
        for (List<String> cmd : commands) {
            log.println("as users run it: " + String.join(" ", cmd) + " (3 times) ...");
            ObjectNode best = null;
            for (int i = 0; i < 3; i++) {
                ObjectNode r = userRun(cmd, work.resolve("users-demo.log"));
                if (best == null || r.get("wallMillis").asLong() < best.get("wallMillis").asLong()) best = r;
            }
            d.set(cmd == commands.get(0) ? "plain" : "launcher", best);
        }
        return d;
    }

    private ObjectNode userRun(List<String> cmd, Path logFile) throws IOException, InterruptedException {
        log.println("  $ " + String.join(" ", cmd));
        UserRun.Figures f = UserRun.run(cmd, Path.of("").toAbsolutePath(), logFile);
        if (f.exit() != 0) throw new IOException(String.join(" ", cmd) + " failed (exit " + f.exit() + "), see " + logFile);
        log.printf(Locale.ROOT, "  | %,d ms wall, %,d ms CPU, max RSS %,d MiB%n", f.wallMillis(), f.cpuMillis(), f.maxRssBytes() >> 20);
        ObjectNode r = JSON.createObjectNode();
        r.put("command", String.join(" ", cmd));
        r.put("wallMillis", f.wallMillis());
        r.put("cpuMillis", f.cpuMillis());
        r.put("maxRssBytes", f.maxRssBytes());
        return r;
    }

    /** The repository's launcher beside the jar's target folder, when there is one. */
    private static Path launcher(Path jar) {
        Path l = jar.getParent() == null || jar.getParent().getParent() == null ? null
                : jar.getParent().getParent().resolve("bin").resolve("alert-correlator");
        return l != null && Files.isExecutable(l) ? l : null;
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void target(ObjectNode targets, String name, double value, String op, double bound) {
        ObjectNode t = targets.putObject(name);
        t.put("value", value);
        t.put("bound", op + " " + (bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound)));
        t.put("met", op.equals(">=") ? value >= bound : value <= bound);
    }

    /** The bench profiles at most this many alerts of each stream: profiling slows the session down. */
    static final int PROFILE_LIMIT = 100_000;

    private JsonNode child(List<String> extraJvmArgs, String task, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(o.jvmArgs());
        cmd.addAll(extraJvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(BenchChild.class.getName());
        cmd.add(task);
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String result = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("RESULT ")) result = line.substring(7);
                else log.println("  | " + line);
            }
        }
        int exit = p.waitFor();
        if (exit != 0 || result == null) throw new IOException("benchmark child " + task + " failed (exit " + exit + ")");
        return JSON.readTree(result);
    }

    private static ObjectNode machine() throws IOException, InterruptedException {
        ObjectNode m = JSON.createObjectNode();
        m.put("nproc", Runtime.getRuntime().availableProcessors());
        m.put("cpu", firstLine(Path.of("/proc/cpuinfo"), "model name"));
        String mem = firstLine(Path.of("/proc/meminfo"), "MemTotal");
        if (mem != null && mem.endsWith("kB")) {
            mem = String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(mem.replace("kB", "").trim()) / 1048576.0);
        }
        m.put("memory", mem);
        m.put("loadAverageAtStart", loadAverage());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).start();
        String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        m.put("javaVersion", version);
        return m;
    }

    /** The 1, 5 and 15 minute load averages (the bench's own JVMs count too). */
    private static String loadAverage() {
        String l = firstLine(Path.of("/proc/loadavg"), "");
        if (l == null) return null;
        String[] p = l.split("\\s+");
        return p.length >= 3 ? p[0] + " " + p[1] + " " + p[2] : l;
    }

    private static String firstLine(Path file, String key) {
        if (!Files.isReadable(file)) return null;
        try (Stream<String> lines = Files.lines(file)) {
            return lines.filter(l -> l.startsWith(key)).map(l -> key.isEmpty() ? l.trim() : l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse(null);
        } catch (IOException | java.io.UncheckedIOException e) {
            return null;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
