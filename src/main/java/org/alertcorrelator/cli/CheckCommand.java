package org.alertcorrelator.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.alertcorrelator.engine.SessionCheck;
import org.alertcorrelator.ruleset.BuildProblem;
import org.alertcorrelator.ruleset.RuleSet;
import org.alertcorrelator.ruleset.RuleSetBuilder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Builds the rules and prints each problem as FILE:LINE: message, deprecated syntax included.",
                "Exit code 1 when the rules do not build."})
final class CheckCommand implements Callable<Integer> {
    @Option(names = "--rules", defaultValue = "rules", paramLabel = "DIR", description = "Rules directory (default: ${DEFAULT-VALUE}).")
    Path rules;

    @Option(names = "--show-drl", paramLabel = "FILE.yml", description = "Print the DRL generated from this Sigma file (read with the other Sigma files of the rules directory, for references), then check the rules.")
    Path showDrl;

    @Override
    public Integer call() {
        if (!java.nio.file.Files.isDirectory(rules)) {
            throw new org.alertcorrelator.ingest.InputException(rules + ": rules directory not found (--rules)");
        }
        if (showDrl != null) {
            Integer shown = SigmaDrl.print(rules, showDrl);
            if (shown != Main.OK) return shown;
        }
        List<BuildProblem> problems = new RuleSetBuilder(rules).reportingDeprecatedSyntax().check();
        problems.forEach(System.out::println);
        long errors = problems.stream().filter(BuildProblem::isError).count();
        if (errors > 0) {
            System.err.println(rules + ": " + errors + " error(s), " + (problems.size() - errors) + " warning(s)");
            return Main.RULES_OR_TEST_FAILED;
        }
        RuleSet built = RuleSet.load(rules);
        // What builds but fails when it runs: globals the engine does not give, failures when a session starts.
        List<BuildProblem> runtime = SessionCheck.check(built);
        if (!runtime.isEmpty()) {
            runtime.forEach(System.out::println);
            System.err.println(rules + ": " + runtime.size() + " error(s) when the rules run, " + problems.size() + " warning(s)");
            return Main.RULES_OR_TEST_FAILED;
        }
        long ruleCount = built.kieBase().getKiePackages().stream().mapToLong(p -> p.getRules().size()).sum();
        System.err.println(rules + ": OK, " + ruleCount + " rules in " + built.files().size() + " files (version "
                + built.version() + ", " + problems.size() + " warning(s))");
        built.settings().describe().forEach(s -> System.err.println("  " + s));
        System.err.println("  alerts in the stream: " + (org.alertcorrelator.engine.AlertStream.of(built.kieBase()).isMatched()
                ? "yes, a rule matches them there" : "no, no rule matches Alert there (the alerts are not inserted)"));
        return Main.OK;
    }
}
