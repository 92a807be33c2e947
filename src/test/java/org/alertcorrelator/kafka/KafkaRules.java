package org.alertcorrelator.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * The default rules without what is counted across tenants (prevalent patterns, infrastructure seen in many
 * tenants). A member of a consumer group correlates only the tenants of its partitions, so those counts are not
 * shared between members yet (docs/scale-out.md): with them on, a group's incidents could differ from replay's.
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
        String changed = text.replace("\nprevalence = on\n", "\nprevalence = off\n")
                .replace("\ninfrastructureMinTenants = 4\n", "\ninfrastructureMinTenants = 0\n");
        if (changed.equals(text) || !changed.contains("prevalence = off") || !changed.contains("infrastructureMinTenants = 0")) {
            throw new IllegalStateException("rules/settings.properties no longer has the prevalence settings this test turns off");
        }
        Files.writeString(settings, changed);
        return rules;
    }
}
