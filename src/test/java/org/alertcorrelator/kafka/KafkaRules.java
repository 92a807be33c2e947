package org.alertcorrelator.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * The default rules without what is counted across tenants ({@code prevalence = off}: prevalent patterns, and
 * infrastructure seen in {@code infrastructureMinTenants} tenants, which counts only with prevalence on), for the
 * Kafka tests about something else (re-keying, redelivery, output topic), which run faster without the barrier the
 * members' shared counts need; {@code KafkaPrevalenceTest} and {@code KafkaRebalanceIT} run the default rules,
 * counts shared (docs/scale-out.md). Infrastructure relative to a tenant's active hosts stays at its default
 * ({@code infrastructureHostShare = 0.05}): a partition's rebuild gives it exactly.
 */
final class KafkaRules {
    private KafkaRules() {
    }

    /** A copy of rules/ under {@code dir} with cross-tenant counts off; the same folder on every call. */
    static Path withoutCrossTenantCounts(Path dir) throws IOException {
        Path rules = dir.resolve("rules-per-tenant").toAbsolutePath();
        Files.createDirectories(rules);
        try (Stream<Path> s = Files.list(Path.of("rules"))) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                Files.copy(f, rules.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path settings = rules.resolve("settings.properties");
        String text = Files.readString(settings);
        String changed = text.replace("\nprevalence = on\n", "\nprevalence = off\n");
        if (!changed.contains("\nprevalence = off\n") || !changed.contains("\ninfrastructureHostShare = 0.05\n")) {
            throw new IllegalStateException("rules/settings.properties no longer has the prevalence settings this test turns off");
        }
        Files.writeString(settings, changed);
        return rules;
    }
}
