package org.alertcorrelator.ruleset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.alertcorrelator.correlation.RiskTable;
import org.alertcorrelator.model.KillChain;
import org.kie.api.KieBase;
import org.kie.api.runtime.KieContainer;

/**
 * A rules directory, loaded and built: the DRL files, the tables and the settings they read. Build it with
 * {@link RuleSetBuilder}. Everything a rule session needs comes from here.
 */
public final class RuleSet {
    private final Path directory;
    private final List<Path> ruleFiles;
    private final String version;
    private final Settings settings;
    private final KillChain killChain;
    private final TacticTable tacticTable;
    private final EvidenceLists evidenceLists;
    private final KieContainer container;
    private final KieBase kieBase;
    private final List<BuildProblem> warnings;
    private final long buildMillis;
    private RiskTable riskTable = RiskTable.defaults();
    private java.util.Map<Path, String> generatedDrl = java.util.Map.of();
    private List<PatternSeed.Row> patternSeed = List.of();

    RuleSet(Path directory, List<Path> ruleFiles, String version, Settings settings, KillChain killChain,
            TacticTable tacticTable, EvidenceLists evidenceLists, KieContainer container, KieBase kieBase,
            List<BuildProblem> warnings, long buildMillis) {
        this.directory = directory;
        this.ruleFiles = List.copyOf(ruleFiles);
        this.version = version;
        this.settings = settings;
        this.killChain = killChain;
        this.tacticTable = tacticTable;
        this.evidenceLists = evidenceLists;
        this.container = container;
        this.kieBase = kieBase;
        this.warnings = List.copyOf(warnings);
        this.buildMillis = buildMillis;
    }

    /** Loads and builds the rules in {@code dir}. @throws RuleSetException naming each file and line at fault */
    public static RuleSet load(Path dir) {
        return new RuleSetBuilder(dir).build();
    }

    /** The step pairs seeded from patterns.csv (none without that file). */
    public List<PatternSeed.Row> patternSeed() {
        return patternSeed;
    }

    void setPatternSeed(List<PatternSeed.Row> rows) {
        this.patternSeed = List.copyOf(rows);
    }

    public Path directory() {
        return directory;
    }

    /** Every file the rule set was built from (DRL and tables), sorted by name. */
    public List<Path> files() {
        return ruleFiles;
    }

    /** A digest of every file's name and content: the same rules give the same version. */
    public String version() {
        return version;
    }

    public Settings settings() {
        return settings;
    }

    public KillChain killChain() {
        return killChain;
    }

    public TacticTable tacticTable() {
        return tacticTable;
    }

    public EvidenceLists evidenceLists() {
        return evidenceLists;
    }

    public KieContainer container() {
        return container;
    }

    public KieBase kieBase() {
        return kieBase;
    }

    /** Problems that did not stop the build (e.g. deprecated syntax). */
    public List<BuildProblem> warnings() {
        return warnings;
    }

    public long buildMillis() {
        return buildMillis;
    }

    /** Risk score per alert (rules/risk-scores.csv), for the global {@code risk} and RiskScore blocks. */
    public RiskTable riskTable() {
        return riskTable;
    }

    /** The DRL generated from each Sigma file (*.yml) of the rules directory, by file. */
    public java.util.Map<Path, String> generatedDrl() {
        return generatedDrl;
    }

    RuleSet withCorrelation(RiskTable riskTable, java.util.Map<Path, String> generatedDrl) {
        this.riskTable = riskTable;
        this.generatedDrl = java.util.Map.copyOf(generatedDrl);
        return this;
    }

    /** Digest of the files' names and bytes, as a short hex string. */
    static String digest(List<Path> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path f : files) {
                sha.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Files.readAllBytes(f));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException("cannot digest rule files: " + e.getMessage(), e);
        }
    }

    /** The regular files directly in {@code dir}, sorted by name. */
    static List<Path> listFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = new ArrayList<>(s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .toList());
            files.sort(null);
            return files;
        }
    }
}
