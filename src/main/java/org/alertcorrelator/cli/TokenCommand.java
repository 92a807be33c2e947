package org.alertcorrelator.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;

import org.alertcorrelator.service.auth.Role;
import org.alertcorrelator.service.auth.Tokens;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "token", mixinStandardHelpOptions = true, subcommands = TokenCommand.Create.class,
        description = "Manages the service's API tokens (kept hashed in the config file).")
final class TokenCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: create");
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Adds a new token to the config file (creating the file if needed) and prints it once,",
                    "as the last line of the output. Only its SHA-256 is stored; the token cannot be shown again."})
    static final class Create implements Callable<Integer> {
        @Option(names = "--config", required = true, paramLabel = "FILE", description = "Config file to add the token to.")
        Path config;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "ingest (post alerts), analyst (read and update incidents) or admin (everything).")
        String role;

        @Option(names = "--tenant", paramLabel = "ID", description = "Limit the token to this tenant (repeat for more); default: all tenants.")
        List<String> tenants = new ArrayList<>();

        @Option(names = "--name", paramLabel = "NAME", description = "Name shown in incident history (letters, digits, - and _); default: ROLE-xxxxxx.")
        String name;

        @Override
        public Integer call() throws IOException {
            Role r;
            try {
                r = Role.parse(role);
            } catch (IllegalArgumentException e) {
                System.err.println("error: --role: " + e.getMessage());
                return Main.USAGE_OR_INPUT_ERROR;
            }
            String token = Tokens.generate();
            String hash = Tokens.sha256Hex(token);
            String tokenName = name == null ? r.label() + "-" + hash.substring(0, 6) : name;
            if (!tokenName.matches("[A-Za-z0-9_-]{1,64}")) {
                System.err.println("error: --name: use 1 to 64 letters, digits, - or _");
                return Main.USAGE_OR_INPUT_ERROR;
            }
            Set<String> tenantSet = new LinkedHashSet<>();
            for (String t : tenants) for (String part : t.split(",")) if (!part.isBlank()) tenantSet.add(part.trim());
            boolean exists = Files.exists(config);
            if (exists) {
                Properties p = new Properties();
                try (Reader in = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
                    p.load(in);
                }
                if (p.getProperty("token." + tokenName + ".sha256") != null) {
                    System.err.println("error: " + config + " already has a token named " + tokenName);
                    return Main.USAGE_OR_INPUT_ERROR;
                }
            }
            StringBuilder lines = new StringBuilder();
            if (exists && !endsWithNewline(config)) lines.append(System.lineSeparator());
            lines.append("# token ").append(tokenName).append(", created ").append(Instant.now()).append(System.lineSeparator());
            lines.append("token.").append(tokenName).append(".role = ").append(r.label()).append(System.lineSeparator());
            lines.append("token.").append(tokenName).append(".sha256 = ").append(hash).append(System.lineSeparator());
            if (!tenantSet.isEmpty()) {
                lines.append("token.").append(tokenName).append(".tenants = ").append(String.join(",", tenantSet)).append(System.lineSeparator());
            }
            if (!exists) create(config);
            Files.writeString(config, lines, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            org.alertcorrelator.service.ConfigFilePermissions.makePrivate(config); // also one that existed, e.g. at 0644
            System.out.println("Added token " + tokenName + " (role " + r.label() + ", tenants: "
                    + (tenantSet.isEmpty() ? "all" : String.join(", ", tenantSet)) + ") to " + config + "; only its SHA-256 is stored.");
            System.out.println("Copy the token now: it is not shown again. Send it as Authorization: Bearer TOKEN.");
            System.out.println(token);
            return Main.OK;
        }

        private static boolean endsWithNewline(Path f) throws IOException {
            byte[] b = Files.readAllBytes(f);
            return b.length == 0 || b[b.length - 1] == '\n';
        }

        /** A new config file readable by its owner only: it will hold token hashes and maybe a store password. */
        private static void create(Path f) throws IOException {
            if (f.getParent() != null) Files.createDirectories(f.getParent());
            try {
                Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(f);
            } catch (FileAlreadyExistsException e) {
                return;
            }
            Files.writeString(f, "# alert-correlator service settings (see `alert-correlator serve --help`)" + System.lineSeparator(),
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }
    }
}
