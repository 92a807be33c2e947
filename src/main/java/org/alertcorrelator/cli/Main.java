package org.alertcorrelator.cli;

import org.alertcorrelator.ingest.InputException;
import org.alertcorrelator.ruleset.RuleSetException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar alert-correlator.jar COMMAND}. Exit codes: 0 success, 1 rule build or test failure,
 * 2 usage or input error.
 */
@Command(name = "alert-correlator", mixinStandardHelpOptions = true, version = "alert-correlator 0.1.0",
        description = "Correlates security alerts into incidents with Drools rules (kill-chain progression and shared context).",
        subcommands = {ReplayCommand.class, CheckCommand.class, TestCommand.class, GenerateCommand.class, BenchCommand.class,
                ServeCommand.class, TokenCommand.class, LoadTestCommand.class, PatternsCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int RULES_OR_TEST_FAILED = 1;
    public static final int USAGE_OR_INPUT_ERROR = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code (tests call this). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            if (e instanceof RuleSetException r) {
                cmd.getErr().println("error: the rules do not build:");
                r.problems().forEach(p -> cmd.getErr().println("  " + p));
                return RULES_OR_TEST_FAILED;
            }
            if (e instanceof InputException) {
                cmd.getErr().println("error: " + e.getMessage());
                return USAGE_OR_INPUT_ERROR;
            }
            if (e instanceof java.io.UncheckedIOException || e instanceof java.io.IOException) {
                cmd.getErr().println("error: " + e.getMessage());
                return USAGE_OR_INPUT_ERROR;
            }
            throw e;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command");
    }
}
