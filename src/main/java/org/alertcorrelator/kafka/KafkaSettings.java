package org.alertcorrelator.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.alertcorrelator.service.ConfigException;

/**
 * The {@code kafka.*} settings of {@code serve}. With {@code kafka.bootstrap-servers} set, serve consumes alerts
 * from Kafka in a consumer group of services sharing one PostgreSQL store. Any other {@code kafka.X} key of the
 * config file is passed to the Kafka clients as property {@code X} (security: {@code kafka.security.protocol},
 * {@code kafka.sasl.mechanism}, {@code kafka.sasl.jaas.config}, {@code kafka.ssl.*}, ...).
 *
 * @param topics          where alerts come from
 * @param keyedByTenant   whether the one topic in {@code topics} is keyed by tenant (consumed as it is); when
 *                        false, or with several topics, records are re-keyed by tenant into {@code internalTopic}
 *                        first and correlated from there
 * @param outputTopic     where incident changes go (keyed by tenant), or null
 * @param clientProperties passed to every Kafka client as they are
 */
public record KafkaSettings(String bootstrapServers, List<String> topics, String groupId, String outputTopic,
                            boolean keyedByTenant, String internalTopic, Map<String, String> clientProperties) {

    /** The named settings: config key, environment variable, default, meaning (for the README and --help). */
    public enum Key {
        BOOTSTRAP_SERVERS("kafka.bootstrap-servers", "", "Kafka brokers, host:port,...; set it to consume alerts from Kafka."),
        TOPICS("kafka.topics", "alerts", "Comma-separated topics the alerts come from."),
        GROUP_ID("kafka.group-id", "alert-correlator", "Consumer group of the services that share the work (and the store)."),
        OUTPUT_TOPIC("kafka.output-topic", "", "Topic incident changes are published to, keyed by tenant, with the incident version (none: not published)."),
        KEYED_BY_TENANT("kafka.keyed-by-tenant", "true", "Whether the topic's records are keyed by tenant. false (or several topics): records are re-keyed by tenant into kafka.internal-topic first."),
        INTERNAL_TOPIC("kafka.internal-topic", "", "The re-keyed topic (default: GROUP-ID-alerts-by-tenant); create it with as many partitions as you want instances at most."),
        SECURITY_PROTOCOL("kafka.security.protocol", "", "Passed to the Kafka clients (e.g. SASL_SSL for Event Hubs)."),
        SASL_MECHANISM("kafka.sasl.mechanism", "", "Passed to the Kafka clients (e.g. PLAIN)."),
        SASL_JAAS_CONFIG("kafka.sasl.jaas.config", "", "Passed to the Kafka clients (keep it out of files others can read).");

        final String key;
        final String defaultValue;
        final String description;

        Key(String key, String defaultValue, String description) {
            this.key = key;
            this.defaultValue = defaultValue;
            this.description = description;
        }

        public String key() {
            return key;
        }

        public String env() {
            return "ALERTCORRELATOR_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        }

        public String defaultValue() {
            return defaultValue;
        }

        public String description() {
            return description;
        }
    }

    public boolean enabled() {
        return bootstrapServers != null && !bootstrapServers.isBlank();
    }

    /** True when records must be re-keyed by tenant before they are correlated. */
    public boolean rekeys() {
        return !keyedByTenant || topics.size() > 1;
    }

    /** The topic the services correlate from: the one keyed topic, or the internal re-keyed one. */
    public String correlatedTopic() {
        return rekeys() ? internalTopic : topics.get(0);
    }

    /** Reads the kafka.* settings: environment over config file over defaults. */
    public static KafkaSettings load(Path configFile, Map<String, String> env) {
        Properties file = new Properties();
        if (configFile != null && Files.isRegularFile(configFile)) {
            try (Reader r = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
                file.load(r);
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException(configFile + ": cannot read: " + e.getMessage(), e);
            }
        }
        Map<Key, String> v = new LinkedHashMap<>();
        Map<Key, String> src = new LinkedHashMap<>();
        for (Key k : Key.values()) {
            String value = k.defaultValue;
            String from = "default";
            if (file.getProperty(k.key) != null) {
                value = file.getProperty(k.key).trim();
                from = configFile + ": " + k.key;
            }
            if (env.get(k.env()) != null) {
                value = env.get(k.env()).trim();
                from = k.env();
            }
            v.put(k, value);
            src.put(k, from);
        }
        Map<String, String> client = new TreeMap<>();
        for (String name : file.stringPropertyNames()) {
            if (!name.startsWith("kafka.")) continue;
            boolean named = false;
            for (Key k : Key.values()) named |= k.key.equals(name);
            if (!named) client.put(name.substring("kafka.".length()), file.getProperty(name).trim());
        }
        for (Key k : List.of(Key.SECURITY_PROTOCOL, Key.SASL_MECHANISM, Key.SASL_JAAS_CONFIG)) {
            if (!v.get(k).isEmpty()) client.put(k.key.substring("kafka.".length()), v.get(k));
        }
        List<String> topics = new ArrayList<>();
        for (String t : v.get(Key.TOPICS).split("[,\\s]+")) if (!t.isBlank()) topics.add(t.trim());
        if (topics.isEmpty()) throw new ConfigException(src.get(Key.TOPICS) + ": name at least one topic");
        for (String t : topics) checkTopic(src.get(Key.TOPICS), t);
        String group = v.get(Key.GROUP_ID);
        if (group.isEmpty()) throw new ConfigException(src.get(Key.GROUP_ID) + ": must not be empty");
        String keyed = v.get(Key.KEYED_BY_TENANT).toLowerCase(Locale.ROOT);
        if (!List.of("true", "false").contains(keyed)) {
            throw new ConfigException(src.get(Key.KEYED_BY_TENANT) + ": \"" + v.get(Key.KEYED_BY_TENANT) + "\" is neither true nor false");
        }
        String internal = v.get(Key.INTERNAL_TOPIC).isEmpty() ? group + "-alerts-by-tenant" : v.get(Key.INTERNAL_TOPIC);
        checkTopic(src.get(Key.INTERNAL_TOPIC), internal);
        String output = v.get(Key.OUTPUT_TOPIC).isEmpty() ? null : v.get(Key.OUTPUT_TOPIC);
        if (output != null) checkTopic(src.get(Key.OUTPUT_TOPIC), output);
        return new KafkaSettings(v.get(Key.BOOTSTRAP_SERVERS), List.copyOf(topics), group, output, keyed.equals("true"),
                internal, Map.copyOf(client));
    }

    private static void checkTopic(String source, String topic) {
        if (!topic.matches("[a-zA-Z0-9._-]{1,249}")) {
            throw new ConfigException(source + ": \"" + topic + "\" is not a Kafka topic name (letters, digits, . _ -)");
        }
    }

    /** The settings as text, for serve --help. */
    public static String table() {
        StringBuilder b = new StringBuilder();
        for (Key k : Key.values()) {
            b.append(String.format(Locale.ROOT, "  %-24s %-40s default: %s%n", k.key, k.env(),
                    k.defaultValue.isEmpty() ? "(none)" : k.defaultValue));
            b.append("      ").append(k.description).append(System.lineSeparator());
        }
        b.append("  kafka.X                  any other Kafka client property X, from the config file").append(System.lineSeparator());
        return b.toString();
    }
}
