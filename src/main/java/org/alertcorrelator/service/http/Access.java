package org.alertcorrelator.service.http;

import org.alertcorrelator.service.auth.Principal;
import org.alertcorrelator.service.auth.Role;

/** Who may call an endpoint. */
public enum Access {
    /** Anyone, without a token (only /health). */
    PUBLIC,
    /** Any valid token. */
    ANY_TOKEN,
    /** Tokens with role ingest (or admin). */
    INGEST,
    /** Tokens with role analyst (or admin). */
    ANALYST,
    /** Admin tokens. */
    ADMIN,
    /** Admin tokens not limited to some tenants (what they see spans every tenant: /metrics). */
    GLOBAL_ADMIN;

    boolean allows(Principal p) {
        return switch (this) {
            case PUBLIC, ANY_TOKEN -> true;
            case INGEST -> p.has(Role.INGEST);
            case ANALYST -> p.has(Role.ANALYST);
            case ADMIN -> p.role() == Role.ADMIN;
            case GLOBAL_ADMIN -> p.role() == Role.ADMIN && p.allTenants();
        };
    }

    String describe() {
        return switch (this) {
            case PUBLIC, ANY_TOKEN -> "any token";
            case INGEST -> "role ingest or admin";
            case ANALYST -> "role analyst or admin";
            case ADMIN -> "role admin";
            case GLOBAL_ADMIN -> "role admin, not limited to tenants";
        };
    }
}
