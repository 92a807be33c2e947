package org.alertcorrelator.service.auth;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The configured tokens, by hash. A presented token is hashed and compared with every configured hash in
 * constant time ({@link java.security.MessageDigest#isEqual}), all of them every time, so neither the content
 * nor the position of a match shows in the response time.
 */
public final class TokenStore {
    private record Known(byte[] hash, TokenEntry entry) {
    }

    private final List<Known> known = new ArrayList<>();

    public TokenStore(List<TokenEntry> entries) {
        for (TokenEntry e : entries) known.add(new Known(HexFormat.of().parseHex(e.sha256()), e));
    }

    public int size() {
        return known.size();
    }

    /** The principal of a bearer token, or empty when no configured token matches. */
    public Optional<Principal> authenticate(String token) {
        if (token == null || token.isEmpty()) return Optional.empty();
        byte[] presented = Tokens.sha256(token);
        TokenEntry match = null;
        for (Known k : known) {
            if (java.security.MessageDigest.isEqual(presented, k.hash()) && match == null) match = k.entry();
        }
        if (match == null) return Optional.empty();
        return Optional.of(new Principal(match.name(), match.role(), match.tenants()));
    }
}
