package org.alertcorrelator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HexFormat;
import java.util.HashSet;
import java.util.Set;

import org.alertcorrelator.model.Entity;
import org.junit.jupiter.api.Test;

/**
 * The prevalence ledger's fingerprint of entity values: SipHash-2-4-128 as its authors publish it (their test
 * vectors, key 00..0f, messages 00 01 02 ...), keyed per ledger, and type and key kept apart.
 */
class EntityFingerprintTest {
    static final long K0 = 0x0706050403020100L;
    static final long K1 = 0x0f0e0d0c0b0a0908L;

    /** vectors_sip128 of the reference implementation (github.com/veorq/SipHash), for the even lengths used here. */
    @Test
    void matchesTheReferenceVectors() {
        assertEquals("a3817f04ba25a8e66df67214c7550293", sip128(0));
        assertEquals("8177228da4a45dc7fca38bdef60affe4", sip128(2));
        assertEquals("3b62a9ba6258f5610f83e264f31497b4", sip128(8));
        assertEquals("00110dc378146956c95447d3f3d0fbba", sip128(10));
        assertEquals("6ee2a4ca67b054bbfd3315bf85230577", sip128(16));
    }

    /** The message 00 01 .. (bytes - 1) as UTF-16LE chars, hashed; the 16 output bytes in hex. */
    private static String sip128(int bytes) {
        StringBuilder chars = new StringBuilder();
        for (int i = 0; i < bytes; i += 2) chars.append((char) (i | (i + 1) << 8));
        long[] out = new long[2];
        EntityFingerprint.sip128(K0, K1, chars, false, "", out, 0);
        byte[] b = new byte[16];
        for (int i = 0; i < 16; i++) b[i] = (byte) (out[i / 8] >>> (8 * (i % 8)));
        return HexFormat.of().formatHex(b);
    }

    @Test
    void typeAndKeyAreKeptApartAndEveryLedgerHasItsOwnKey() {
        EntityFingerprint f = new EntityFingerprint(K0, K1);
        assertEquals(f.of(new Entity("ip", "198.51.100.9")), f.of(new Entity("ip", "198.51.100.9")));
        assertNotEquals(f.of(new Entity("ip", "198.51.100.9")), f.of(new Entity("ip1", "98.51.100.9")));
        assertNotEquals(f.of(new Entity("url", "x")), f.of(new Entity("filehash", "x")));
        assertNotEquals(new EntityFingerprint().of(new Entity("ip", "198.51.100.9")), new EntityFingerprint().of(new Entity("ip", "198.51.100.9")),
                "a random key per ledger: an attacker cannot aim a value at another's fingerprint");
        Set<EntityFingerprint.Value> seen = new HashSet<>();
        for (int i = 0; i < 200_000; i++) seen.add(f.of(new Entity("ip", "10." + (i >> 16) + "." + (i >> 8 & 255) + "." + (i & 255))));
        assertEquals(200_000, seen.size());
    }
}
