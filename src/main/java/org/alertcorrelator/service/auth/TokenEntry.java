package org.alertcorrelator.service.auth;

import java.util.Set;

/**
 * A configured token: never the token itself, only its SHA-256 (hex).
 *
 * @param tenants the tenants it is limited to; empty for all
 */
public record TokenEntry(String name, String sha256, Role role, Set<String> tenants) {
    public TokenEntry {
        tenants = Set.copyOf(tenants);
    }
}
