package org.alertcorrelator.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.alertcorrelator.engine.Replay;
import org.alertcorrelator.generate.OutputFormat;
import org.alertcorrelator.generate.StreamGenerator;
import org.alertcorrelator.ingest.AlertReader;
import org.alertcorrelator.ingest.AlertRecord;
import org.alertcorrelator.ingest.ReadResult;
import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.AlertStatus;
import org.alertcorrelator.model.Incident;
import org.alertcorrelator.model.IncidentKind;
import org.alertcorrelator.ruleset.RuleSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Differential property: for generated streams of many shapes, the Drools rules ({@link Replay#correlate}) and the
 * plain-Java reference ({@link ReferenceCorrelator}) give the same incidents: ids, tenants, alert ids, kind,
 * severity, tactics, entities, first and last activity, merged incidents and continuations.
 *
 * <p>Shapes: the generator's realistic defaults (scaled down), and dense streams where noise does not keep off
 * other alerts (quiet gap 0, few machines), so that groups merge, infrastructure is withdrawn and incidents fill
 * their pages; each with rule-set variants copied to a temporary directory with a changed settings.properties:
 * a small maxAlertsPerIncident and maxHostsPerEntity, a shorter window and sweep interval. Every stream has
 * dismissed and vendor test alerts and alerts without tactics. Each format is read back with the readers.
 */
class DifferentialTest {
    private static final Map<String, RuleSet> RULES = new ConcurrentHashMap<>();

    @TempDir
    Path tmp;

    /**
     * What the reference does not model: cross-tenant prevalence and infrastructure relative to the estate
     * (PrevalenceTest and the 60-69 scenarios test those). Everything else is compared with them off.
     */
    static final String WITHOUT_PREVALENCE = "prevalence = off;infrastructureMinTenants = 0;infrastructureHostShare = 0";

    /** The rules in rules/, with these settings changed (and @expires kept equal to the window). */
    static RuleSet rules(String settings) {
        String all = settings.isEmpty() ? WITHOUT_PREVALENCE : WITHOUT_PREVALENCE + ";" + settings;
        return RULES.computeIfAbsent(all, s -> {
            try {
                Path dir = Files.createTempDirectory("alert-correlator-rules");
                deleteOnExit(dir);
                try (Stream<Path> files = Files.list(Path.of("rules"))) {
                    for (Path f : files.toList()) Files.copy(f, dir.resolve(f.getFileName()));
                }
                StringBuilder text = new StringBuilder(Files.readString(dir.resolve("settings.properties")));
                for (String kv : s.split(";")) {
                    String key = kv.substring(0, kv.indexOf('=')).trim();
                    String value = kv.substring(kv.indexOf('=') + 1).trim();
                    text = new StringBuilder(text.toString().replaceAll("(?m)^" + key + "\\s*=.*$", key + " = " + value));
                    if (key.equals("window")) {
                        Path events = dir.resolve("10-events.drl");
                        Files.writeString(events, Files.readString(events).replace("@expires( 24h )", "@expires( " + value + " )"));
                    }
                }
                Files.writeString(dir.resolve("settings.properties"), text.toString());
                return RuleSet.load(dir);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void deleteOnExit(Path dir) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            } catch (IOException e) {
                // a temporary directory left behind
            }
        }));
    }

    static List<Alert> generate(Path dir, long seed, int alerts, int tenants, int hosts, int campaigns, int days,
                                Duration quietGap, OutputFormat format) throws IOException {
        Path out = dir.resolve("alerts-" + seed + "." + format.extension());
        Path truth = dir.resolve("truth-" + seed + ".csv");
        StreamGenerator.Options o = new StreamGenerator.Options(seed, alerts, tenants, hosts, campaigns, days,
                StreamGenerator.Options.DEFAULT_START, format, out, truth, null, quietGap, 0.04);
        StreamGenerator.generate(o);
        ReadResult r = new AlertReader().read(out, true);
        assertEquals(alerts, r.records().size(), "every generated record reads back");
        List<Alert> list = new ArrayList<>(r.records().size());
        for (AlertRecord rec : r.records()) list.add(rec.alert());
        return list;
    }

    /** Each correlator gets its own copies: a rule session marks and fills in the alerts it is given. */
    static List<Alert> copies(List<Alert> alerts) {
        List<Alert> out = new ArrayList<>(alerts.size());
        for (Alert a : alerts) out.add(a.freshCopy());
        return out;
    }

    static void assertSameIncidents(RuleSet rules, List<Alert> alerts, String shape) {
        List<Incident> drools = Replay.correlate(rules, copies(alerts));
        List<Incident> reference = ReferenceCorrelator.correlate(rules, copies(alerts));
        compare(drools, reference, shape);
    }

    static void compare(List<Incident> drools, List<Incident> reference, String shape) {
        int n = Math.min(drools.size(), reference.size());
        for (int i = 0; i < n; i++) {
            Incident d = drools.get(i);
            Incident r = reference.get(i);
            String diff = difference(d, r);
            if (diff != null) {
                fail(shape + ": incident " + i + " of " + drools.size() + " (Drools) / " + reference.size()
                        + " (reference) differs in " + diff + "\n  Drools:    " + brief(d) + "\n  reference: " + brief(r));
            }
        }
        assertEquals(drools.size(), reference.size(), shape + ": number of incidents (Drools, reference); first extra: "
                + (drools.size() > n ? brief(drools.get(n)) : reference.size() > n ? brief(reference.get(n)) : ""));
    }

    private static String difference(Incident d, Incident r) {
        if (!d.id().equals(r.id())) return "id";
        if (!d.tenantId().equals(r.tenantId())) return "tenant";
        if (!d.alertIds().equals(r.alertIds())) return "alertIds";
        if (!java.util.Objects.equals(d.kind(), r.kind())) return "kind";
        if (d.severity() != r.severity()) return "severity";
        if (!d.tactics().equals(r.tactics())) return "tactics";
        if (!d.entities().equals(r.entities())) return "entities";
        if (!d.firstActivityTime().equals(r.firstActivityTime())) return "firstActivityTime";
        if (!d.lastActivityTime().equals(r.lastActivityTime())) return "lastActivityTime";
        if (!d.mergedIncidentIds().equals(r.mergedIncidentIds())) return "mergedIncidentIds";
        if (!java.util.Objects.equals(d.continuesIncidentId(), r.continuesIncidentId())) return "continuesIncidentId";
        return null;
    }

    static String brief(Incident i) {
        return i.id() + " " + i.kind() + " " + i.severity() + " " + i.tactics() + " " + i.firstActivityTime() + ".."
                + i.lastActivityTime() + " alerts=" + (i.alertIds().size() > 12 ? i.alertIds().subList(0, 12) + "...(" + i.alertIds().size() + ")" : i.alertIds())
                + " merged=" + i.mergedIncidentIds() + " continues=" + i.continuesIncidentId();
    }

    // ---- the properties ----

    @ParameterizedTest(name = "realistic stream, seed {0}, {1}")
    @CsvSource({"11, export", "12, rest-json", "13, sentinel-csv", "14, sentinel-jsonl"})
    void realisticStreams(long seed, String format) throws IOException {
        List<Alert> alerts = generate(tmp, seed, 3000, 3, 400, 12, 3, Duration.ofHours(36), OutputFormat.parse(format));
        assertSameIncidents(rules(""), alerts, "realistic seed " + seed);
    }

    @ParameterizedTest(name = "dense stream, seed {0}, settings [{1}]")
    @CsvSource(delimiter = '|', value = {
            "21 | ",
            "22 | maxAlertsPerIncident=7",
            "23 | maxHostsPerEntity=3",
            "24 | maxAlertsPerIncident=5;maxHostsPerEntity=4",
            "25 | window=6h;sweepInterval=30m",
            "26 | window=6h;sweepInterval=2h;maxHostsPerEntity=5;maxAlertsPerIncident=9;highSeverityStageCount=2",
    })
    void denseStreams(long seed, String settings) throws IOException {
        String s = settings == null ? "" : settings;
        // No quiet gap and few machines: noise shares machines, accounts and addresses with everything.
        List<Alert> alerts = generate(tmp, seed, 2500, 2, 60, 15, 3, Duration.ZERO, OutputFormat.EXPORT);
        RuleSet rules = rules(s);
        List<Incident> drools = Replay.correlate(rules, copies(alerts));
        List<Alert> sorted = copies(alerts);
        sorted.sort(Alert::byEventTimeThenId);
        ReferenceCorrelator ref = new ReferenceCorrelator(rules);
        for (Alert a : sorted) ref.process(a);
        List<Incident> reference = ref.incidents();
        compare(drools, reference, "dense seed " + seed + " [" + s + "]");
        // The shape does what it is for: alerts that take no part or come without tactics, merges, withdrawn
        // infrastructure, continuations, both kinds.
        assertTrue(alerts.stream().anyMatch(a -> a.getStatus() == AlertStatus.DISMISSED), "dismissed alerts");
        assertTrue(alerts.stream().anyMatch(a -> a.getDisplayName().contains("(not a threat)")), "vendor test alerts");
        assertTrue(alerts.stream().anyMatch(a -> a.getTactics().isEmpty()), "alerts without tactics");
        assertTrue(ref.groupsMerged() > 0, "groups merged");
        if (!s.contains("window")) assertTrue(ref.groupsSplit() > 0, "groups split by infrastructure withdrawn");
        assertTrue(drools.stream().anyMatch(i -> !i.mergedIncidentIds().isEmpty()), "some incidents merged others");
        assertTrue(drools.stream().anyMatch(i -> IncidentKind.SharedContext.equals(i.kind())), "shared-context incidents");
        assertTrue(drools.stream().anyMatch(i -> IncidentKind.KillChain.equals(i.kind())), "kill-chain incidents");
        if (s.contains("maxAlertsPerIncident")) {
            assertTrue(drools.stream().anyMatch(i -> i.continuesIncidentId() != null), "continuation incidents");
        }
    }

    @Test
    void theScenariosToo() throws IOException {
        // The hand-written scenarios, each with its own rules overlay where it has one.
        try (Stream<Path> dirs = Files.list(Path.of("fixtures", "scenarios"))) {
            for (Path dir : dirs.sorted().toList()) {
                if (Files.isDirectory(dir.resolve("rules"))) continue; // overlays are the scenario runner's business
                List<Alert> alerts = new ArrayList<>();
                for (Path f : Replay.expand(List.of(dir))) {
                    for (AlertRecord r : new AlertReader().read(f, true).records()) alerts.add(r.alert());
                }
                assertSameIncidents(rules(""), alerts, dir.getFileName().toString());
            }
        }
    }

    static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
