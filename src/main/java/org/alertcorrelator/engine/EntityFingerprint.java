package org.alertcorrelator.engine;

import java.security.SecureRandom;

import org.alertcorrelator.model.Entity;

/**
 * A 128-bit keyed fingerprint of an entity value (its type and key): what the prevalence ledger remembers of the
 * values it counts, instead of the values themselves. A month of public addresses, file hashes and URLs is
 * millions of strings; their fingerprints are 16 bytes each.
 *
 * <p>The fingerprint is SipHash-2-4 with its 128-bit output (Aumasson and Bernstein) over the type, U+0000 and the
 * key as UTF-16LE, with a key drawn at random for each ledger. Why keyed and random: the values come from alerts,
 * so from whoever an alert describes. With a known function an attacker could make an address of theirs collide
 * with one that four tenants see and have it judged infrastructure, which withdraws its links. With a secret
 * 128-bit key two values collide with a chance of about n^2 / 2^129 (for a billion values, one in 10^21): counts
 * are those of the values themselves, and every run gives the same incidents. ClickHouse's exact distinct counts
 * of strings keep the same kind of fingerprint.
 */
final class EntityFingerprint {
    /** A fingerprint as a map key. */
    record Value(long first, long second) {
        @Override
        public int hashCode() {
            return (int) (first ^ (first >>> 32));
        }
    }

    private final long k0;
    private final long k1;

    EntityFingerprint() {
        this(new SecureRandom());
    }

    private EntityFingerprint(SecureRandom random) {
        this(random.nextLong(), random.nextLong());
    }

    EntityFingerprint(long k0, long k1) {
        this.k0 = k0;
        this.k1 = k1;
    }

    Value of(Entity e) {
        long[] out = new long[2];
        into(e, out, 0);
        return new Value(out[0], out[1]);
    }

    /** The fingerprint of {@code e} into {@code out[at]} (first word) and {@code out[at + 1]} (second). */
    void into(Entity e, long[] out, int at) {
        sip128(k0, k1, e.type(), true, e.key(), out, at);
    }

    /**
     * SipHash-2-4-128 of {@code first} (+ U+0000 + {@code second} when {@code separated}) as UTF-16LE bytes. The two
     * words are the reference implementation's 16 output bytes read as two little-endian longs.
     */
    static void sip128(long k0, long k1, CharSequence first, boolean separated, CharSequence second, long[] out, int at) {
        long[] v = {0x736f6d6570736575L ^ k0, 0x646f72616e646f6dL ^ k1 ^ 0xeeL, 0x6c7967656e657261L ^ k0, 0x7465646279746573L ^ k1};
        int chars = first.length() + (separated ? 1 + second.length() : 0);
        long m = 0;
        int inWord = 0;
        for (int i = 0; i < chars; i++) {
            int j = i - first.length();
            char c = j < 0 ? first.charAt(i) : j == 0 ? 0 : second.charAt(j - 1);
            m |= (long) c << (16 * inWord);
            if (++inWord == 4) {
                compress(v, m);
                m = 0;
                inWord = 0;
            }
        }
        compress(v, m | (((long) chars * 2) & 0xff) << 56);
        v[2] ^= 0xee;
        rounds(v, 4);
        out[at] = v[0] ^ v[1] ^ v[2] ^ v[3];
        v[1] ^= 0xdd;
        rounds(v, 4);
        out[at + 1] = v[0] ^ v[1] ^ v[2] ^ v[3];
    }

    private static void compress(long[] v, long m) {
        v[3] ^= m;
        rounds(v, 2);
        v[0] ^= m;
    }

    private static void rounds(long[] v, int n) {
        long v0 = v[0], v1 = v[1], v2 = v[2], v3 = v[3];
        for (int r = 0; r < n; r++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        v[0] = v0; v[1] = v1; v[2] = v2; v[3] = v3;
    }
}
