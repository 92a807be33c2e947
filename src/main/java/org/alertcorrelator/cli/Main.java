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

    // Set by --debug (any command): stack traces of rule failures are printed too.
    private static boolean debug;

    @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Print the stack trace when a rule's consequence throws (else one line: rule, alert, message).")
    void setDebug(boolean on) {
        debug = on;
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code (tests call this). */
    public static int execute(String... args) {
        debug = false;
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            if (e instanceof RuleSetException r) {
                cmd.getErr().println("error: the rules do not build:");
                r.problems().forEach(p -> cmd.getErr().println("  " + p));
                return RULES_OR_TEST_FAILED;
            }
            if (e instanceof org.alertcorrelator.engine.RuleFailure f) {
                cmd.getErr().println("error: " + f.getMessage());
                if (debug) f.printStackTrace(cmd.getErr());
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
        cli.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, Main::commandList);
        return cli.execute(args);
    }

    /** The command list of the top-level help: each command with the whole first sentence of its description. */
    static String commandList(CommandLine.Help help) {
        StringBuilder b = new StringBuilder();
        for (java.util.Map.Entry<String, CommandLine> e : help.commandSpec().commandLine().getSubcommands().entrySet()) {
            CommandLine.Model.UsageMessageSpec u = e.getValue().getCommandSpec().usageMessage();
            String[] lines = u.header().length > 0 ? u.header() : u.description();
            String text = String.join(" ", lines).replace("%n", " ").replaceAll("\\s+", " ").trim();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^.*?\\.(?=\\s|$)").matcher(text);
            String first = m.find() ? m.group() : text;
            b.append(wrap(String.format("  %-9s %s", e.getKey(), first), 80, 12));
        }
        return b.toString();
    }

    private static String wrap(String line, int width, int indent) {
        StringBuilder out = new StringBuilder();
        String rest = line;
        while (rest.length() > width) {
            int cut = rest.lastIndexOf(' ', width);
            if (cut <= indent) cut = width;
            out.append(rest, 0, cut).append('\n');
            rest = " ".repeat(indent) + rest.substring(cut).trim();
        }
        return out.append(rest).append('\n').toString();
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command");
    }
}
