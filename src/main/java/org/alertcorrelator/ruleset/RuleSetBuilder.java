package org.alertcorrelator.ruleset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.alertcorrelator.correlation.RiskTable;
import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.KillChain;
import org.alertcorrelator.sigma.SigmaCompiler;
import org.alertcorrelator.sigma.SigmaError;
import org.drools.base.rule.TypeDeclaration;
import org.drools.core.impl.InternalRuleBase;
import org.kie.api.KieBase;
import org.kie.api.KieBaseConfiguration;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.builder.model.KieModuleModel;
import org.kie.api.conf.EventProcessingOption;
import org.kie.api.runtime.KieContainer;

/**
 * Builds a rules directory into a {@link RuleSet}. DRL files are built with the classic (interpreted) Drools
 * build, which reports the line of each error; each problem is mapped back to the file on disk. Tables and
 * settings are read and checked too, and so is the rule every event stream needs: alerts expire explicitly,
 * after the correlation window.
 */
public final class RuleSetBuilder {
    /** DRL files build into this folder of the in-memory Kie file system; messages name it, we map it back. */
    private static final String KFS_FOLDER = "src/main/resources/alertcorrelator/";
    private static final AtomicLong BUILDS = new AtomicLong();

    private final Path dir;
    private boolean reportDeprecatedSyntax;

    public RuleSetBuilder(Path dir) {
        this.dir = dir;
    }

    /**
     * Also builds the DRL at language level DRL10, where deprecated syntax is an error, and reports what that
     * build rejects as warnings (the normal build accepts it; Drools only logs it).
     */
    public RuleSetBuilder reportingDeprecatedSyntax() {
        this.reportDeprecatedSyntax = true;
        return this;
    }

    /** @throws RuleSetException when anything is wrong; its problems name the file and line */
    public RuleSet build() {
        List<BuildProblem> problems = new ArrayList<>();
        RuleSet rules = tryBuild(problems);
        if (rules == null || problems.stream().anyMatch(BuildProblem::isError)) throw new RuleSetException(problems);
        return rules;
    }

    /** Builds and returns every problem found, errors and warnings, without throwing. */
    public List<BuildProblem> check() {
        List<BuildProblem> problems = new ArrayList<>();
        tryBuild(problems);
        return problems;
    }

    private RuleSet tryBuild(List<BuildProblem> problems) {
        long start = System.nanoTime();
        String dirName = dir.toString();
        if (!Files.isDirectory(dir)) {
            problems.add(BuildProblem.error(dirName, 0, "rules directory not found"));
            return null;
        }
        List<Path> files;
        try {
            files = RuleSet.listFiles(dir);
        } catch (IOException e) {
            problems.add(BuildProblem.error(dirName, 0, "cannot list the rules directory: " + e.getMessage()));
            return null;
        }
        List<Path> drlFiles = files.stream().filter(p -> p.getFileName().toString().endsWith(".drl")).toList();
        if (drlFiles.isEmpty()) {
            problems.add(BuildProblem.error(dirName, 0, "no .drl files in the rules directory"));
            return null;
        }
        Settings settings = Settings.load(dir.resolve(Settings.FILE), shown(Settings.FILE), problems);
        KillChain killChain = KillChainTable.load(dir.resolve(KillChainTable.FILE), shown(KillChainTable.FILE), problems);
        TacticTable tactics = TacticTable.load(dir.resolve(TacticTable.FILE), shown(TacticTable.FILE), problems);
        List<BuildProblem> listProblems = new ArrayList<>();
        EvidenceLists lists = EvidenceLists.load(dir, listProblems);
        for (BuildProblem p : listProblems) problems.add(new BuildProblem(shown(p.file()), p.line(), p.level(), p.message()));
        List<PatternSeed.Row> patternSeed = PatternSeed.load(dir.resolve(PatternSeed.FILE), shown(PatternSeed.FILE), problems);

        Map<String, Path> byKfsPath = new HashMap<>();
        Map<Path, String> sources = new HashMap<>();
        KieServices ks = KieServices.Factory.get();
        ReleaseId releaseId = ks.newReleaseId("org.alertcorrelator", "rules", "1.0." + BUILDS.incrementAndGet());
        KieFileSystem kfs = ks.newKieFileSystem();
        kfs.generateAndWritePomXML(releaseId);
        for (Path drl : drlFiles) {
            String text;
            try {
                text = Files.readString(drl, StandardCharsets.UTF_8);
            } catch (IOException e) {
                problems.add(BuildProblem.error(shown(drl), 0, "cannot read: " + e.getMessage()));
                continue;
            }
            String kfsPath = KFS_FOLDER + drl.getFileName();
            kfs.write(kfsPath, text);
            byKfsPath.put(kfsPath, drl);
            sources.put(drl, text);
        }
        Map<Path, String> generated = compileSigma(files, problems);
        for (Map.Entry<Path, String> g : generated.entrySet()) {
            // Built as FILE.yml.drl; problems in it are shown against the Sigma file.
            String kfsPath = KFS_FOLDER + g.getKey().getFileName() + ".drl";
            kfs.write(kfsPath, g.getValue());
            byKfsPath.put(kfsPath, g.getKey());
            sources.put(g.getKey().resolveSibling(g.getKey().getFileName() + ".drl"), g.getValue());
        }
        List<RiskTable.Problem> riskProblems = new ArrayList<>();
        RiskTable risk = RiskTable.load(dir.resolve(RiskTable.FILE), riskProblems);
        for (RiskTable.Problem p : riskProblems) problems.add(BuildProblem.error(shown(RiskTable.FILE), p.line(), p.message()));
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll();
        for (Message m : builder.getResults().getMessages()) {
            BuildProblem p = toProblem(m, byKfsPath, false);
            if (p != null) problems.add(RuleLint.refineLine(p, sources));
        }
        if (reportDeprecatedSyntax) problems.addAll(RuleLint.check(drlFiles, generated.values())); // check: what builds but cannot work
        if (problems.stream().anyMatch(BuildProblem::isError)) return null;
        if (reportDeprecatedSyntax) problems.addAll(deprecatedSyntax(ks, sources, byKfsPath));

        KieContainer container = ks.newKieContainer(releaseId);
        KieBaseConfiguration conf = ks.newKieBaseConfiguration();
        conf.setOption(EventProcessingOption.STREAM);
        KieBase kieBase = container.newKieBase(conf);
        checkAlertExpiry(kieBase, settings, sources, problems);
        if (problems.stream().anyMatch(BuildProblem::isError)) return null;
        long millis = (System.nanoTime() - start) / 1_000_000;
        List<BuildProblem> warnings = problems.stream().filter(p -> !p.isError()).toList();
        RuleSet built = new RuleSet(dir, files, RuleSet.digest(files), settings, killChain, tactics, lists, container, kieBase,
                warnings, millis).withCorrelation(risk, generated);
        built.setPatternSeed(patternSeed);
        return built;
    }

    /** Compiles the Sigma rules (*.yml) of the folder to DRL; their errors name FILE:LINE and the key. */
    private static Map<Path, String> compileSigma(List<Path> files, List<BuildProblem> problems) {
        List<Path> yml = files.stream().filter(p -> p.getFileName().toString().endsWith(".yml")).toList();
        if (yml.isEmpty()) return Map.of();
        SigmaCompiler.Result r = SigmaCompiler.compile(yml);
        for (SigmaError e : r.errors()) problems.add(BuildProblem.error(e.file().toString(), e.line(), e.text()));
        return r.drl();
    }

    private String shown(String fileName) {
        return dir.resolve(fileName).toString();
    }

    private String shown(Path file) {
        return file.toString();
    }

    private BuildProblem toProblem(Message m, Map<String, Path> byKfsPath, boolean asDeprecation) {
        String path = m.getPath();
        Path file = path == null ? null : byKfsPath.get(path);
        // Messages name the file either by its full Kie path or relative to the resources folder.
        if (file == null && path != null) file = byKfsPath.get("src/main/resources/" + path);
        String shownFile = file != null ? file.toString() : (path == null || path.isEmpty() ? dir.toString() : path);
        String text = m.getText() == null ? "" : m.getText().trim().replaceAll("\\s+", " ");
        // A syntax error is followed by this echo at line 0; it adds nothing.
        if (text.startsWith("Parser returned a null Package")) return null;
        if (asDeprecation) {
            return BuildProblem.warning(shownFile, Math.max(m.getLine(), 0),
                    "deprecated syntax (rejected at language level DRL10: half constraints, || or && between patterns, custom operators without ##, annotations inside patterns): " + text);
        }
        return switch (m.getLevel()) {
            case ERROR -> BuildProblem.error(shownFile, Math.max(m.getLine(), 0), text);
            case WARNING -> BuildProblem.warning(shownFile, Math.max(m.getLine(), 0), text);
            default -> null;
        };
    }

    /** Builds again at language level DRL10 and reports what only that build rejects. */
    private List<BuildProblem> deprecatedSyntax(KieServices ks, Map<Path, String> sources, Map<String, Path> byKfsPath) {
        KieFileSystem kfs = ks.newKieFileSystem();
        ReleaseId releaseId = ks.newReleaseId("org.alertcorrelator", "rules-drl10-check", "1.0." + BUILDS.incrementAndGet());
        kfs.generateAndWritePomXML(releaseId);
        KieModuleModel module = ks.newKieModuleModel();
        module.setConfigurationProperty("drools.lang.level", "DRL10");
        kfs.writeKModuleXML(module.toXML());
        sources.forEach((file, text) -> kfs.write(KFS_FOLDER + file.getFileName(), text));
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll();
        List<BuildProblem> out = new ArrayList<>();
        for (Message m : builder.getResults().getMessages(Message.Level.ERROR)) {
            BuildProblem p = toProblem(m, byKfsPath, true);
            if (p != null) out.add(p);
        }
        return out;
    }

    /**
     * Alerts must expire explicitly, after the window: without @expires Drools may infer that no alert ever
     * expires (one rule with an untimed Alert pattern is enough), and memory grows without bound.
     */
    private void checkAlertExpiry(KieBase kieBase, Settings settings, Map<Path, String> sources, List<BuildProblem> problems) {
        String window = Durations.format(settings.getWindow()) + " (" + shown(Settings.FILE) + ")";
        Location where = findAlertDeclaration(sources);
        TypeDeclaration declaration = ((InternalRuleBase) kieBase).getTypeDeclaration(Alert.class);
        long offset = declaration == null ? -1 : declaration.getExpirationOffset();
        if (where == null || offset < 0 || offset == Long.MAX_VALUE) {
            problems.add(BuildProblem.error(where == null ? dir.toString() : where.file, where == null ? 0 : where.line,
                    "declare Alert as an event with @timestamp(eventTime) and an explicit @expires equal to the window, "
                            + window + ": without it alerts may never leave working memory"));
        } else if (offset != settings.getWindowMillis()) {
            problems.add(BuildProblem.error(where.file, where.line, "Alert @expires is "
                    + Durations.format(java.time.Duration.ofMillis(offset)) + " but the window is " + window
                    + ": keep them equal"));
        }
    }

    private record Location(String file, int line) {
    }

    /** Where Alert's @expires is declared (else the declare itself), by reading the DRL text. */
    private Location findAlertDeclaration(Map<Path, String> sources) {
        java.util.regex.Pattern declare = java.util.regex.Pattern.compile("^\\s*declare\\s+(?:[\\w.]+\\.)?Alert\\b");
        for (Path file : new java.util.TreeSet<>(sources.keySet())) {
            String[] lines = sources.get(file).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (!declare.matcher(lines[i]).find()) continue;
                for (int j = i; j < lines.length && !lines[j].trim().equals("end"); j++) {
                    if (lines[j].contains("@expires")) return new Location(file.toString(), j + 1);
                }
                return new Location(file.toString(), i + 1);
            }
        }
        return null;
    }
}
