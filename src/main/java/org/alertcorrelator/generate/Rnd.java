package org.alertcorrelator.generate;

import java.util.List;
import java.util.SplittableRandom;

/** A seeded random source with the draws the generator needs. Same seed, same draws: no other randomness is used. */
final class Rnd {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final char[] UPPER_ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789".toCharArray();

    private final SplittableRandom r;

    Rnd(long seed) {
        this.r = new SplittableRandom(seed);
    }

    private Rnd(SplittableRandom r) {
        this.r = r;
    }

    /** An independent stream (so that adding draws in one part does not shift another). */
    Rnd split() {
        return new Rnd(r.split());
    }

    int nextInt(int bound) {
        return r.nextInt(bound);
    }

    /** Uniform in [from, to] (both inclusive). */
    int between(int from, int to) {
        return from + r.nextInt(to - from + 1);
    }

    long nextLong(long bound) {
        return r.nextLong(bound);
    }

    double nextDouble() {
        return r.nextDouble();
    }

    boolean chance(double p) {
        return r.nextDouble() < p;
    }

    <T> T pick(List<T> list) {
        return list.get(r.nextInt(list.size()));
    }

    <T> T pick(T[] array) {
        return array[r.nextInt(array.length)];
    }

    /** Index drawn with the given weights. */
    int weighted(double[] weights) {
        double total = 0;
        for (double w : weights) total += w;
        double x = r.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) return i;
        }
        return weights.length - 1;
    }

    /** A log-normal draw with the given median and shape (sigma of the underlying normal). */
    double logNormal(double median, double sigma) {
        return median * Math.exp(sigma * gaussian());
    }

    private double gaussian() {
        // Box-Muller, one value per call (simple, and deterministic).
        double u1 = 1.0 - r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    String hex(int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) c[i] = HEX[r.nextInt(16)];
        return new String(c);
    }

    String upperAlnum(int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) c[i] = UPPER_ALNUM[r.nextInt(UPPER_ALNUM.length)];
        return new String(c);
    }

    /** A version-4 style GUID in lower case. */
    String guid() {
        long hi = r.nextLong();
        long lo = r.nextLong();
        char[] c = new char[36];
        int p = 0;
        for (int i = 0; i < 32; i++) {
            if (i == 8 || i == 12 || i == 16 || i == 20) c[p++] = '-';
            long word = i < 16 ? hi : lo;
            int nibble = (int) (word >>> (60 - 4 * (i % 16))) & 0xf;
            if (i == 12) nibble = 4;
            if (i == 16) nibble = 8 | (nibble & 3);
            c[p++] = HEX[nibble];
        }
        return new String(c);
    }
}
