package org.alertcorrelator.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The README's CLI reference lists every option of every command as the program defines them: the block between
 * the markers is rendered from the picocli model here and must be the same. On a difference the message holds
 * the block to paste.
 */
class CliReferenceTest {
    static final String START = "<!-- cli-reference:start (generated from the commands; CliReferenceTest keeps it true) -->";
    static final String END = "<!-- cli-reference:end -->";
    static final Set<String> COMMON = Set.of("-h", "-V", "--debug");

    static String render() {
        StringBuilder b = new StringBuilder();
        b.append("Every command also takes `-h`/`--help`, `-V`/`--version` and `--debug`.\n");
        CommandLine top = new CommandLine(new Main());
        for (Map.Entry<String, CommandLine> e : top.getSubcommands().entrySet()) {
            if (e.getKey().equals("help")) continue;
            command(b, e.getKey(), e.getValue());
        }
        return b.toString();
    }

    private static void command(StringBuilder b, String name, CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        if (!cl.getSubcommands().isEmpty()) {
            for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
                if (!e.getKey().equals("help")) command(b, name + " " + e.getKey(), e.getValue());
            }
            if (spec.options().stream().allMatch(o -> COMMON.contains(o.shortestName()))) return;
        }
        b.append("\n**").append(name).append("**\n\n| option | |\n|---|---|\n");
        for (OptionSpec o : spec.options()) {
            if (COMMON.contains(o.shortestName())) continue;
            String label = o.typeInfo().isBoolean() ? "" : " " + o.paramLabel().replace("|", "\\|");
            b.append("| `").append(String.join(", ", o.names())).append(label).append("` | ").append(text(o.description(), o.defaultValue()))
                    .append(o.required() ? " Required." : "").append(" |\n");
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            b.append("| `").append(p.paramLabel()).append(p.arity().max() > 1 ? "..." : "").append("` | ")
                    .append(text(p.description(), p.defaultValue())).append(" |\n");
        }
    }

    private static String text(String[] lines, String defaultValue) {
        return String.join(" ", lines).replace("${DEFAULT-VALUE}", String.valueOf(defaultValue)).replace("|", "\\|")
                .replaceAll("\\s+", " ").trim();
    }

    @Test
    void theReadmeListsEveryOptionOfEveryCommand() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        String expected = render();
        assertTrue(start >= 0 && end > start, "README.md has no CLI reference block; paste:\n" + START + "\n" + expected + END);
        String actual = readme.substring(start + START.length(), end).strip();
        assertEquals(expected.strip(), actual, "README.md's CLI reference differs from the commands; paste:\n" + START + "\n" + expected + END);
    }

    @Test
    void everyOptionNameAppearsInTheReference() {
        String ref = render();
        for (CommandLine c : new CommandLine(new Main()).getSubcommands().values()) {
            for (OptionSpec o : c.getCommandSpec().options()) {
                if (!COMMON.contains(o.shortestName())) assertTrue(ref.contains(o.longestName()), o.longestName());
            }
        }
        assertTrue(List.of("--profile", "--overlay", "--max-errors").stream().allMatch(ref::contains));
    }

    public static void main(String[] args) {
        System.out.println(START + "\n" + render() + END);
    }
}
