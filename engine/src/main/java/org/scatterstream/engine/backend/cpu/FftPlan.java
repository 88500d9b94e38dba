package org.scatterstream.engine.backend.cpu;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The stage schedule and twiddle factors of a Stockham FFT, built once per length and shared
 * (JTransforms style: plan once, run in place many times). Powers of two use radix-4 stages, plus one
 * radix-2 stage first when log2 n is odd, except 2^3, one radix-8 stage; other lengths (the 2D/3D
 * grids) continue with radix-3 and radix-5 stages and one generic odd-radix stage per remaining
 * prime factor. Twiddles are computed
 * directly in double, never by recurrence.
 *
 * <p>Stage {@code t} has radix {@code r = radix[t]}, sub-length {@code len[t]} and group size
 * {@code s[t]}; its twiddles {@code W^(p k)}, k = 1..r-1, are at {@code [p (r-1) + k - 1]} of
 * {@code cos[t]} / {@code sin[t]}, with {@code W = exp(sign * 2 pi i / len)}: {@code cos + i * sign * sin}.
 * A generic radix r > 5 also has the r-point DFT's constants {@code cos/sin(2 pi a k / r)}, a, k in
 * 1..(r-1)/2, at {@code [(a-1) h + k - 1]} of {@code rcos[t]} / {@code rsin[t]} (h = (r-1)/2).
 */
final class FftPlan {
    private static final ConcurrentHashMap<Integer, FftPlan> CACHE = new ConcurrentHashMap<>();

    final int n;
    final int[] radix, len, s;
    final double[][] cos, sin;
    final double[][] rcos, rsin;

    private FftPlan(int n) {
        this.n = n;
        radix = schedule(n);
        int stages = radix.length;
        len = new int[stages]; s = new int[stages];
        cos = new double[stages][]; sin = new double[stages][];
        rcos = new double[stages][]; rsin = new double[stages][];
        int l = n, g = 1;
        for (int t = 0; t < stages; t++) {
            int r = radix[t];
            len[t] = l; s[t] = g;
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
            if (r > 5) {
                int h = (r - 1) / 2;
                rcos[t] = new double[h * h];
                rsin[t] = new double[h * h];
                for (int a = 1; a <= h; a++) {
                    for (int k = 1; k <= h; k++) {
                        long e = (long) a * k % r;
                        rcos[t][(a - 1) * h + k - 1] = exactCos(e, r, 2 * Math.PI * e / r);
                        rsin[t][(a - 1) * h + k - 1] = exactSin(e, r, 2 * Math.PI * e / r);
                    }
                }
            }
            l /= r; g *= r;
        }
    }

    /** Radices in stage order: 8 for a power-of-two part 8, else [2 if its log2 is odd] and 4s; then 3s, 5s, other primes. */
    private static int[] schedule(int n) {
        java.util.List<Integer> r = new java.util.ArrayList<>();
        int twos = Integer.numberOfTrailingZeros(n);
        int rest = n >> twos;
        // 2^3 as one radix-8 stage; other odd powers as a radix-2 stage and radix-4 stages (a radix-8
        // stage in place of 2 x 4 measured slower at n = 128, its eight input streams per loop)
        if (twos == 3) r.add(8);
        else if ((twos & 1) == 1) r.add(2);
        for (int i = 0; i < (twos == 3 ? 0 : twos / 2); i++) r.add(4);
        for (int p = 3; rest > 1; p += 2) {
            if ((long) p * p > rest) { r.add(rest); break; }
            while (rest % p == 0) { r.add(p); rest /= p; }
        }
        return r.stream().mapToInt(Integer::intValue).toArray();
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
