package org.scatterstream.engine.backend.cpu;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The stage schedule and twiddle factors of a power-of-two Stockham FFT, built once per length and
 * shared (JTransforms style: plan once, run in place many times). Radix-4 stages, plus one radix-2
 * stage first when log2 n is odd. Twiddles are computed directly in double, never by recurrence.
 *
 * <p>Stage {@code t} has sub-length {@code len[t]} and group size {@code s[t]}; for radix 4 its
 * twiddles are {@code W^p, W^2p, W^3p} at {@code [3p], [3p+1], [3p+2]} of {@code cos[t]} /
 * {@code sin[t]}, with {@code W = exp(sign * 2 pi i / len)}: {@code cos + i * sign * sin}.
 */
final class FftPlan {
    private static final ConcurrentHashMap<Integer, FftPlan> CACHE = new ConcurrentHashMap<>();

    final int n;
    final int[] radix, len, s;
    final double[][] cos, sin;

    private FftPlan(int n) {
        this.n = n;
        int stages = 0;
        for (int l = n; l > 1; l = (l & 3) == 0 && !oddFirst(l, n) ? l >> 2 : l >> 1) stages++;
        radix = new int[stages]; len = new int[stages]; s = new int[stages];
        cos = new double[stages][]; sin = new double[stages][];
        int l = n, g = 1;
        for (int t = 0; t < stages; t++) {
            int r = (l & 3) == 0 && !oddFirst(l, n) ? 4 : 2;
            radix[t] = r; len[t] = l; s[t] = g;
            int q = l / r;
            cos[t] = new double[q * (r - 1)];
            sin[t] = new double[q * (r - 1)];
            for (int p = 0; p < q; p++) {
                for (int k = 1; k < r; k++) {
                    long e = (long) p * k;
                    double a = 2 * Math.PI * e / l;
                    cos[t][p * (r - 1) + k - 1] = exactCos(e, l, a);
                    sin[t][p * (r - 1) + k - 1] = exactSin(e, l, a);
                }
            }
            l /= r; g *= r;
        }
    }

    /** The radix-2 stage (odd log2 n) goes first, where groups are smallest. */
    private static boolean oddFirst(int l, int n) {
        return l == n && (Integer.numberOfTrailingZeros(n) & 1) == 1;
    }

    private static double exactCos(long e, int l, double a) {
        long m = Math.floorMod(4 * e, (long) 4 * l);
        if (m == 0) return 1;
        if (m == l) return 0;
        if (m == 2L * l) return -1;
        if (m == 3L * l) return 0;
        return Math.cos(a);
    }

    private static double exactSin(long e, int l, double a) {
        long m = Math.floorMod(4 * e, (long) 4 * l);
        if (m == 0 || m == 2L * l) return 0;
        if (m == l) return 1;
        if (m == 3L * l) return -1;
        return Math.sin(a);
    }

    static FftPlan forSize(int n) {
        FftPlan p = CACHE.get(n);
        if (p == null) {
            FftPlan built = new FftPlan(n);
            p = CACHE.putIfAbsent(n, built);
            if (p == null) p = built;
        }
        return p;
    }
}
