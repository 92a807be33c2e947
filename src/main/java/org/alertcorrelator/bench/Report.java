package org.alertcorrelator.bench;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

/** The benchmark's results as a text table and as a Markdown section. */
final class Report {
    private Report() {
    }

    /** @param part the part of a run the row reads ({@code throughput}, {@code session}, {@code users}; null: always there) */
    private record Row(String label, String part, Function<JsonNode, String> value) {
        Row(String label, Function<JsonNode, String> value) {
            this(label, label.startsWith("generate") ? null : SESSION_ROWS.stream().anyMatch(label::startsWith) ? "session" : "throughput", value);
        }
    }

    private static final List<String> SESSION_ROWS = List.of("live alerts", "retained heap", "reference correlator, retained",
            "session:", "session peak", "rule build", "hot reload");

    private static final List<Row> USER_ROWS = List.of(
            new Row("as users run it: parse-only, alerts/s", "users", r -> f0(r.at("/derived/usersParsePerSecond").asDouble())),
            new Row("java -jar (no flags): wall s, CPU s, max RSS MiB", "users", r -> userRun(r.at("/users/plain"))),
            new Row("java -jar (no flags): alerts/s; / parse-only", "users", r -> f0(r.at("/derived/usersPlainPerSecond").asDouble())
                    + "; " + f2(r.at("/derived/usersPlainToParse").asDouble())),
            new Row("bin/alert-correlator: wall s, CPU s, max RSS MiB", "users", r -> userRun(r.at("/users/launcher"))),
            new Row("bin/alert-correlator: alerts/s; / parse-only", "users", r -> r.at("/users/launcher").isMissingNode() ? "n/a"
                    : f0(r.at("/derived/usersLauncherPerSecond").asDouble()) + "; " + f2(r.at("/derived/usersLauncherToParse").asDouble())),
            new Row("bin/alert-correlator: same output as java -jar", "users", r -> r.at("/users/sameOutput").isMissingNode() ? "n/a"
                    : r.at("/users/sameOutput").asBoolean() ? "yes" : "NO"));

    private static String userRun(JsonNode u) {
        if (u.isMissingNode()) return "n/a";
        return f1(u.get("wallMillis").asDouble() / 1000) + ", " + f1(u.get("cpuMillis").asDouble() / 1000) + ", "
                + f0(u.get("maxRssBytes").asDouble() / 1048576);
    }

    /** The rows some run of this result has the part of. */
    private static List<Row> rows(List<JsonNode> runs) {
        // generate first, then how users run it, then the warm children's figures
        List<Row> all = new ArrayList<>(ROWS.subList(0, 1));
        all.addAll(USER_ROWS);
        all.addAll(ROWS.subList(1, ROWS.size()));
        return all.stream().filter(row -> row.part() == null || runs.stream().anyMatch(r -> r.has(row.part()))).toList();
    }

    private static String demo(JsonNode root) {
        JsonNode d = root.path("demo");
        if (!d.has("plain")) return "";
        StringBuilder b = new StringBuilder("replay fixtures/demo (34 alerts), JVM start included, fastest of 3: java -jar ")
                .append(f0(d.get("plain").get("wallMillis").asDouble())).append(" ms wall, ")
                .append(f0(d.get("plain").get("cpuMillis").asDouble())).append(" ms CPU");
        if (d.has("launcher")) {
            b.append("; bin/alert-correlator ").append(f0(d.get("launcher").get("wallMillis").asDouble())).append(" ms wall, ")
                    .append(f0(d.get("launcher").get("cpuMillis").asDouble())).append(" ms CPU");
        }
        return b.append('\n').toString();
    }

    private static final List<Row> ROWS = List.of(
            new Row("generate: seconds, MB", r -> f1(r.at("/generate/millis").asDouble() / 1000) + " s, " + f0(r.at("/generate/bytes").asDouble() / 1e6) + " MB"),
            new Row("parse-only, alerts/s", r -> f0(r.at("/derived/parsePerSecond").asDouble())),
            new Row("replay end-to-end, alerts/s", r -> f0(r.at("/derived/replayPerSecond").asDouble())),
            new Row("replay / parse-only", r -> f2(r.at("/derived/replayToParse").asDouble())),
            new Row("replay peak heap before / after GC, MiB", r -> f0(r.at("/throughput/replayPeakHeapBytes").asDouble() / 1048576)
                    + " / " + mib(r.at("/throughput/replayPeakHeapAfterGcBytes").asDouble())),
            new Row("Drools correlate only, alerts/s", r -> f0(r.at("/derived/droolsPerSecond").asDouble())),
            new Row("correlate cost, µs/alert", r -> f1(r.at("/derived/correlateMicrosPerAlert").asDouble())),
            new Row("correlate cost relative to smallest stream", r -> f2(r.at("/derived/correlateCostVsSmallest").asDouble())),
            new Row("replay cost relative to smallest", r -> f2(r.at("/derived/replayCostVsSmallest").asDouble())),
            new Row("reference correlate only, alerts/s", r -> r.at("/derived/referencePerSecond").isMissingNode() ? "n/a" : f0(r.at("/derived/referencePerSecond").asDouble())),
            new Row("Drools / reference, time", r -> r.at("/derived/droolsToReferenceTime").isMissingNode() ? "n/a" : f1(r.at("/derived/droolsToReferenceTime").asDouble()) + "x"),
            new Row("live alerts in the window at the end", r -> f0(r.at("/session/liveAlerts").asDouble())),
            new Row("retained heap after GC, MiB", r -> f1(r.at("/session/retainedHeapBytes").asDouble() / 1048576)),
            new Row("retained heap per live alert, bytes", r -> f0(r.at("/session/retainedPerLiveAlertBytes").asDouble())),
            new Row("reference correlator, retained bytes per live alert", r -> r.at("/session/referenceRetainedPerLiveAlertBytes").isMissingNode() ? "n/a" : f0(r.at("/session/referenceRetainedPerLiveAlertBytes").asDouble())),
            new Row("session: facts, live groups, tracks", r -> f0(r.at("/session/facts").asDouble()) + ", " + f0(r.at("/session/liveGroups").asDouble()) + ", " + f0(r.at("/session/entityTracks").asDouble())),
            new Row("session peak heap before / after GC, MiB", r -> f0(r.at("/session/peakHeapBytes").asDouble() / 1048576)
                    + " / " + mib(r.at("/session/peakHeapAfterGcBytes").asDouble())),
            new Row("rule build cold / warm, ms", r -> f0(r.at("/session/ruleBuildColdMillis").asDouble()) + " / " + f0(r.at("/session/ruleBuildWarmMillis").asDouble())),
            new Row("hot reload: build + replay, ms", r -> f0(r.at("/session/reloadBuildMillis").asDouble()) + " + " + f0(r.at("/session/reloadReplayMillis").asDouble())),
            new Row("hot reload: alerts replayed from watermark", r -> f0(r.at("/session/reloadAlertsReplayed").asDouble()) + " (" + f1(r.at("/session/reloadWindowHours").asDouble()) + " h)"),
            new Row("incidents", r -> f0(r.at("/throughput/incidents").asDouble())),
            new Row("pairwise precision / recall", r -> f3(r.at("/throughput/quality/precision").asDouble()) + " / " + f3(r.at("/throughput/quality/recall").asDouble())),
            new Row("pairwise F1", r -> f3(r.at("/throughput/quality/f1").asDouble())),
            new Row("campaigns found as one incident", r -> f0(r.at("/throughput/quality/campaignsAsOne").asDouble()) + " of " + f0(r.at("/throughput/quality/campaigns").asDouble())
                    + " (" + f1(100 * r.at("/throughput/quality/campaignsAsOne").asDouble() / Math.max(1, r.at("/throughput/quality/campaigns").asDouble())) + "%)"),
            new Row("incidents from noise alone", r -> f0(r.at("/throughput/quality/noiseOnlyIncidents").asDouble())),
            new Row("multi-tenant low-severity campaigns as one, with / without prevalence", r -> f0(r.at("/throughput/prevalentCampaigns/foundAsOne").asDouble())
                    + " / " + f0(r.at("/throughput/prevalentCampaignsWithoutPrevalence/foundAsOne").asDouble()) + " of " + f0(r.at("/throughput/prevalentCampaigns/campaigns").asDouble())),
            new Row("their pairwise recall, with / without prevalence", r -> f3(r.at("/throughput/prevalentCampaigns/recall").asDouble())
                    + " / " + f3(r.at("/throughput/prevalentCampaignsWithoutPrevalence/recall").asDouble())),
            new Row("F1 / noise-only incidents without prevalence", r -> f3(r.at("/throughput/qualityWithoutPrevalence/f1").asDouble())
                    + " / " + f0(r.at("/throughput/qualityWithoutPrevalence/noiseOnlyIncidents").asDouble())),
            new Row("replay without prevalence, alerts/s; cost of prevalence", r -> f0(r.at("/throughput/alerts").asDouble() * 1000
                    / Math.max(1, r.at("/throughput/replayWithoutPrevalenceMillis").asDouble())) + "; " + f1(100 * (r.at("/throughput/replayMillis").asDouble()
                    / Math.max(1, r.at("/throughput/replayWithoutPrevalenceMillis").asDouble()) - 1)) + "%"),
            new Row("cost of prevalence in CPU time: fastest with / without; median of pairs", r -> !r.at("/throughput/replayCpuMillis").isNumber() ? "-"
                    : f1(100 * (r.at("/throughput/replayCpuMillis").asDouble() / Math.max(1, r.at("/throughput/replayWithoutPrevalenceCpuMillis").asDouble()) - 1))
                    + "%; " + f1(100 * r.at("/throughput/prevalenceCpuCostMedian").asDouble()) + "%"),
            new Row("alerts / incidents", r -> f0(r.at("/throughput/quality/reduction").asDouble())));

    static String table(JsonNode root) {
        List<JsonNode> runs = new ArrayList<>();
        root.get("runs").forEach(runs::add);
        StringBuilder b = new StringBuilder();
        int w = 52;
        b.append(pad("alerts in the stream", w));
        for (JsonNode r : runs) b.append(String.format(Locale.ROOT, " %22s", f0(r.get("size").asDouble())));
        b.append('\n');
        for (Row row : rows(runs)) {
            b.append(pad(row.label(), w));
            for (JsonNode r : runs) b.append(String.format(Locale.ROOT, " %22s", r.has(row.part() == null ? "size" : row.part()) ? row.value().apply(r) : "-"));
            b.append('\n');
        }
        b.append('\n').append(demo(root));
        b.append('\n').append("targets:\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("targets").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> t = it.next();
            b.append(String.format(Locale.ROOT, "  %-8s %-55s %14s  (%s)%n", t.getValue().get("met").asBoolean() ? "met" : "MISSED",
                    t.getKey(), g(t.getValue().get("value").asDouble()), t.getValue().get("bound").asText()));
        }
        for (JsonNode r : runs) {
            JsonNode p = r.path("profile");
            if (!p.has("topRules")) continue;
            b.append('\n').append("top rules, --profile of the first ").append(f0(p.get("alerts").asDouble())).append(" alerts of the ")
                    .append(f0(r.get("size").asDouble())).append("-alert stream (share, conditions ms, consequence ms, firings):\n");
            for (JsonNode t : p.get("topRules")) {
                b.append(String.format(Locale.ROOT, "  %5.1f%% %10.1f %10.1f %9d  %s%n", 100 * t.get("share").asDouble(),
                        t.get("conditionMillis").asDouble(), t.get("consequenceMillis").asDouble(), t.get("firings").asLong(),
                        t.get("rule").asText()));
            }
        }
        return b.toString();
    }

    static String markdown(JsonNode root) {
        StringBuilder b = new StringBuilder();
        JsonNode m = root.get("machine");
        b.append("## Benchmark results\n\n");
        b.append("Measured with `").append(root.get("command").asText()).append("` (").append(root.get("started").asText()).append(").\n\n");
        b.append("| Machine | |\n|---|---|\n");
        b.append("| `nproc` | ").append(m.get("nproc").asInt()).append(" |\n");
        b.append("| CPU | ").append(m.path("cpu").asText("?")).append(" |\n");
        b.append("| memory | ").append(memory(m.path("memory").asText("?"))).append(" |\n");
        b.append("| OS | ").append(m.path("os").asText("?")).append(" |\n");
        b.append("| load average (1, 5, 15 min; the bench's own JVMs included) at start / end | ")
                .append(load(m.path("loadAverageAtStart").asText("?"))).append(" / ")
                .append(load(m.path("loadAverageAtEnd").asText("?"))).append(" |\n");
        b.append("| `java -version` | ").append(m.get("javaVersion").asText().replace("\n", "<br>")).append(" |\n");
        List<String> flags = new ArrayList<>();
        root.get("jvmArgs").forEach(f -> flags.add(f.asText()));
        b.append("| measuring JVMs | `").append(String.join(" ", flags)).append("`, one fresh JVM per measurement |\n\n");

        List<JsonNode> runs = new ArrayList<>();
        root.get("runs").forEach(runs::add);
        b.append("| alerts in the stream |");
        for (JsonNode r : runs) b.append(' ').append(f0(r.get("size").asDouble())).append(" |");
        b.append("\n|---|");
        for (int i = 0; i < runs.size(); i++) b.append("---:|");
        b.append('\n');
        for (Row row : rows(runs)) {
            b.append("| ").append(row.label().trim()).append(" |");
            for (JsonNode r : runs) b.append(' ').append(r.has(row.part() == null ? "size" : row.part()) ? row.value().apply(r) : "-").append(" |");
            b.append('\n');
        }
        if (!demo(root).isEmpty()) b.append('\n').append(demo(root));
        b.append("\n| Target | measured | bound | |\n|---|---:|---|---|\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("targets").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> t = it.next();
            b.append("| ").append(t.getKey()).append(" | ").append(g(t.getValue().get("value").asDouble())).append(" | ")
                    .append(t.getValue().get("bound").asText()).append(" | ").append(t.getValue().get("met").asBoolean() ? "met" : "**missed**").append(" |\n");
        }
        for (JsonNode r : runs) {
            JsonNode p = r.path("profile");
            if (!p.has("topRules")) continue;
            b.append("\nTop rules, `--profile` of the first ").append(f0(p.get("alerts").asDouble())).append(" alerts of the ")
                    .append(f0(r.get("size").asDouble())).append("-alert stream:\n\n| share | conditions ms | consequence ms | firings | rule |\n|---:|---:|---:|---:|---|\n");
            for (JsonNode t : p.get("topRules")) {
                b.append(String.format(Locale.ROOT, "| %.1f%% | %.1f | %.1f | %d | %s |%n", 100 * t.get("share").asDouble(),
                        t.get("conditionMillis").asDouble(), t.get("consequenceMillis").asDouble(), t.get("firings").asLong(),
                        t.get("rule").asText()));
            }
        }
        b.append('\n');
        b.append(METHOD);
        return b.toString();
    }

    private static final String METHOD = """
            ### How it is measured

            Run it (about 5 minutes; the reference correlator is in the test classes, so they go on the class path):

            ```
            mvn -q -DskipTests package
            java -cp target/alert-correlator.jar:target/test-classes org.alertcorrelator.cli.Main bench \\
                --json target/bench.json --markdown docs/benchmarks.md
            ```

            `--sizes 10000,100000` for a quicker run, `--jvm-args "..."` for other heap or GC flags, `--jfr DIR` to record
            the throughput children with Java Flight Recorder, `--render FILE` to print (and with `--markdown`, write) the
            results of an earlier `--json` again.

            `bench` generates one stream per size with `generate`'s defaults for that size (5 tenants over 7 days;
            machines and campaigns grow with the stream: alerts/4 machines, alerts/1000 campaigns), then measures each
            stream in fresh child JVMs with the flags above (JMH-style forks: no run warms or pollutes another), after
            a warm-up on a separate 10k stream (3 rounds of every measured operation):

            - **parse-only**: `AlertReader.stream` reads and normalises every record and keeps none (no rules): the most
              a replay's reading can do on one thread;
            - **replay end-to-end**: `Replay.run` (read, correlate, incidents) plus writing the incidents as JSON, as the
              `replay` command does; rule build excluded (measured apart);
            - **correlate only**: `Replay.correlate` on alerts already read (fresh copies each run), and the same alerts
              through the plain-Java reference correlator (test sources; same incidents, see the differential test);
              *cost relative to smallest* is correlate time per alert against the smallest stream's, whose window holds
              about a hundredth of the alerts: it shows whether per-alert cost stays flat as the window fills;
            - the fastest of 5 iterations (100k and smaller) or 2 (1M): on a shared machine other processes only ever
              add time (the load average at start and end is in the machine table);
            - **heap**: the stream read straight into one rule session; heap in use after full GCs with the session
              and after closing it; the difference divided by the alerts still within the window at the end (event
              time within one window of the session clock; at 10k a few hundred, so that figure is mostly the
              session's fixed cost and noise). Peak heap *before GC* is the most in use before any
              collection (with a fixed heap, mostly the young generation's size); *after GC* the most in use right
              after one (live data plus old-generation garbage no full collection has taken yet: an upper bound);
            - **rule build**: the first `RuleSet.load` in a JVM (cold) and the second (warm); **hot reload**: with the
              window full, a new rule set is built and a new session replays the stored alerts from
              `Correlator.replayWatermark()`;
            - **quality**: the replay's incidents against the generator's truth. Pairwise precision and recall of
              "these two alerts are in the same incident", counted from the contingency table of incidents against
              campaigns (sum of C(n,2) over cells, incidents and campaigns; no pair is enumerated). An incident is a
              page: a group cut at maxAlertsPerIncident is several. *Incidents from noise alone* have no campaign alert.
            - **as users run it** (`--parts users`): the README's command, `java -jar target/alert-correlator.jar replay
              --out FILE STREAM`, in a fresh JVM with no flags, then the same through the launcher `bin/alert-correlator`
              (its flags; its class-data archive written by an unmeasured first run), one after the other, right after
              a parse-only child of the bench's flags: wall time from start to exit (JVM start and rule build
              included), CPU time of the process and its children, and the peak resident set size (`VmHWM` of
              `/proc/PID/status`, read every 20 ms, of the process and its descendants). The two outputs are compared
              byte for byte. Then `replay fixtures/demo` both ways, the fastest of 3. On a loaded machine wall time
              grows with the load and CPU time much less: compare ratios within one run;
            - **prevalence**: the same replay again with `prevalence = off` (the fastest of as many iterations): its
              speed, the cost of prevalence (replay time with / without, less 1), its quality, and what each finds of
              the multi-tenant low-severity campaigns (truth ids `P...`: found as one incident, pairwise recall).

            ### The generated streams

            Alert types, names, tactics and severities come from the Defender for Cloud alert reference
            (`rules/alert-tactics.csv`); machine, account, address and resource names are realistic (`web-prod-03`,
            `LAPTOP-7F2K9QX`, `corp.contoso.com` FQDNs, UPNs, `DOMAIN\\user`, service accounts; private RFC 1918
            addresses, public ones from cloud and ISP ranges, attackers from Tor and hosting ranges). 10% of records
            carry no tactics (the rules take them from the reference table). Formats: Defender continuous export (the
            default), Defender REST, Sentinel CSV and JSON lines; the same seed gives the same bytes.

            Noise: *lone alerts* of every plane, severity and tactic; *busy hosts* (build agents, jump hosts)
            repeating one benign alert of one kill-chain stage at Low or Informational; *infrastructure* many machines
            name (DNS servers, the proxy, 168.63.129.16, a management service account, Linux's `azureuser`); *scanner
            waves* (one hostile address brute-forcing 25 to 60 machines within an hour); *dismissed* alerts and *vendor
            test* alerts on any machine, campaign ones included. Campaigns: host kill chains, cloud identity attacks
            (sign-in, then privilege, secrets and data theft by one account), lateral movement with a stolen admin
            account, the same campaign in several tenants (one truth id per tenant: incidents never span tenants),
            crypto-mining in a cluster, a web shell on a web app; steps minutes to hours apart, 4% with a pause of 26 to
            60 hours.

            What the generator guarantees, and the truth relies on:

            - campaign alerts are tied to each other by shared strong entities (machine, account, resource, attacker
              address, malware hash), step after step, forward through the kill chain;
            - no noise alert names a campaign's machine, account, resource or attacker address from 36 hours
              (`--quiet-gap`, 1.5 windows) before the campaign's first alert to 36 hours after its last, except dismissed
              and vendor test alerts, which take no part;
            - a lone alert shares no strong entity with any other alert within 36 hours, except entities that are no
              evidence (generic accounts, well-known SIDs, loopback and link-local addresses) and the infrastructure
              above; the machine pool grows when no quiet machine is left;
            - busy hosts repeat only alerts of one kill-chain stage (or none), counting the tactics the reference table
              gives an alert that arrives without;
            - not guaranteed: infrastructure links alerts until it is seen on more than maxHostsPerEntity (20) hosts
              within the window. At the default rates (100k alerts) that happens within hours; in small streams (10k)
              it may not happen in a day, and unrelated alerts are joined: that is the rules' behaviour on a small
              estate, not an error of the truth. Campaigns with a pause longer than the window are one attack in the
              truth, which no window-based correlator joins.
            """;

    private static String memory(String text) {
        if (!text.endsWith("kB")) return text;
        return String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(text.replace("kB", "").trim()) / 1048576.0);
    }

    private static String load(String text) {
        String[] p = text.trim().split("\\s+");
        return p.length > 3 ? p[0] + " " + p[1] + " " + p[2] : text;
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s + " " : s + " ".repeat(w - s.length());
    }

    /** MiB, or "no GC" when no collection happened (nothing measured after one). */
    private static String mib(double bytes) {
        return bytes <= 0 ? "no GC" : f0(bytes / 1048576);
    }

    static String f0(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,.0f", v);
    }

    static String f1(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,.1f", v);
    }

    static String f2(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
    }

    static String f3(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String g(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e12) return f0(v);
        return Math.abs(v) >= 100 ? f0(v) : Math.abs(v) >= 1 ? f2(v) : f3(v);
    }
}
