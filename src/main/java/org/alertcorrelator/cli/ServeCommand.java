package org.alertcorrelator.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.alertcorrelator.service.ConfigException;
import org.alertcorrelator.kafka.KafkaService;
import org.alertcorrelator.kafka.KafkaSettings;
import org.alertcorrelator.service.CorrelatorService;
import org.alertcorrelator.service.ServiceConfig;
import org.alertcorrelator.service.Setting;
import org.alertcorrelator.ruleset.RuleSetException;
import org.alertcorrelator.store.StoreException;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true, modelTransformer = ServeCommand.SettingsInHelp.class,
        description = {"Runs the correlator as a service: alerts in over HTTP, incidents out, analyst state, rule reload.",
                "Same rules, same event-time semantics and same incident ids as `replay`.",
                "Starts on an embedded store in the data folder (no set-up); stops gracefully on SIGTERM."})
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--rules", paramLabel = "DIR", description = "Rules directory (default: rules).")
    Path rules;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder of the embedded store (default: data).")
    Path data;

    @Option(names = "--port", paramLabel = "N", description = "TCP port (default: 8080; 0 picks a free one).")
    Integer port;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on (default: 127.0.0.1).")
    String bind;

    @Option(names = "--config", paramLabel = "FILE", description = "Config file (Java properties): the settings below and the tokens.")
    Path config;

    /** Lists every setting, its environment variable and default at the end of --help. */
    static final class SettingsInHelp implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            List<String> lines = new ArrayList<>();
            lines.add("");
            lines.add("Settings: config file key, environment variable, default. Command-line options win over");
            lines.add("environment variables, which win over the config file.");
            for (String line : Setting.table().split("\\R")) lines.add(line.replace("%", "%%"));
            lines.add("Kafka (serve as one of a consumer group sharing a PostgreSQL store; see docs/scale-out.md):");
            for (String line : KafkaSettings.table().split("\\R")) lines.add(line.replace("%", "%%"));
            lines.add("Tokens: every endpoint but /health needs Authorization: Bearer TOKEN; add one with");
            lines.add("  alert-correlator token create --config FILE --role ingest|analyst|admin [--tenant ID]...");
            spec.usageMessage().footer(lines.toArray(String[]::new));
            return spec;
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        Map<Setting, String> options = new EnumMap<>(Setting.class);
        if (rules != null) options.put(Setting.RULES, rules.toString());
        if (data != null) options.put(Setting.DATA, data.toString());
        if (port != null) options.put(Setting.PORT, port.toString());
        if (bind != null) options.put(Setting.BIND, bind);
        CorrelatorService service;
        try {
            org.alertcorrelator.service.ConfigFilePermissions.checkPrivate(config);
            ServiceConfig cfg = ServiceConfig.load(config, System.getenv(), options);
            KafkaSettings kafka = KafkaSettings.load(config, System.getenv());
            if (kafka.enabled()) return serveOnKafka(cfg, kafka);
            service = CorrelatorService.start(cfg);
            System.err.println("alert-correlator serving on http://" + cfg.bind() + ":" + service.port()
                    + " (store: " + service.store().describe() + ")");
        } catch (ConfigException | StoreException e) {
            System.err.println("error: " + e.getMessage());
            return Main.USAGE_OR_INPUT_ERROR;
        } catch (RuleSetException e) {
            throw e; // Main lists the problems, file:line: message
        } catch (RuntimeException e) {
            // e.g. the port is taken: say so plainly, without a stack trace
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) root = root.getCause();
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (root != e && root.getMessage() != null && !why.contains(root.getMessage())) why += ": " + root.getMessage();
            System.err.println("error: cannot start: " + why);
            return Main.USAGE_OR_INPUT_ERROR;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("alert-correlator: stopping (finishing requests in flight, saving state)");
            service.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return Main.OK;
    }

    /** serve with kafka.bootstrap-servers set: one member of the consumer group (org.alertcorrelator.kafka). */
    private static Integer serveOnKafka(ServiceConfig cfg, KafkaSettings kafka) throws InterruptedException {
        KafkaService service = KafkaService.start(cfg, kafka);
        System.err.println("alert-correlator serving on http://" + cfg.bind() + ":" + service.port() + " (kafka: "
                + kafka.correlatedTopic() + ", group " + kafka.groupId() + "; store: " + service.store().describe() + ")");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("alert-correlator: stopping (storing and committing what was taken)");
            service.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return Main.OK;
    }
}
