package org.alertcorrelator.service.auth;

import java.util.Set;

/**
 * Who is calling: the token's name (written in incident history), its role and its tenants.
 *
 * @param tenants the tenants it may see and change; empty for all
 */
public record Principal(String name, Role role, Set<String> tenants) {

    public boolean allTenants() {
        return tenants.isEmpty();
    }

    public boolean mayAccess(String tenant) {
        return tenants.isEmpty() || tenants.contains(tenant);
    }

    /** The tenants to restrict a query to, or null for no restriction. */
    public Set<String> tenantFilter() {
        return tenants.isEmpty() ? null : tenants;
    }

    public boolean has(Role needed) {
        return role == Role.ADMIN || role == needed;
    }
}
