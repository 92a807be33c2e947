package org.alertcorrelator.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * The default rules without what is counted across tenants (prevalent patterns, infrastructure seen in many
 * tenants) and without infrastructure relative to a tenant's active hosts. A member of a consumer group correlates
 * only the tenants of its partitions, so the cross-tenant counts are not shared between members yet, and the count
 * of a tenant's active hosts is not yet rebuilt exactly when a partition moves (docs/scale-out.md, "Not yet"): with
 * them on, a group's incidents can differ from replay's (KafkaRebalanceIT: 7 of 58 after a kill and a join).
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
                .replace("\ninfrastructureMinTenants = 4\n", "\ninfrastructureMinTenants = 0\n")
                .replace("\ninfrastructureHostShare = 0.05\n", "\ninfrastructureHostShare = 0\n");
        if (!changed.contains("prevalence = off") || !changed.contains("infrastructureMinTenants = 0") || !changed.contains("infrastructureHostShare = 0\n")) {
            throw new IllegalStateException("rules/settings.properties no longer has the prevalence settings this test turns off");
        }
        Files.writeString(settings, changed);
        return rules;
    }
}
