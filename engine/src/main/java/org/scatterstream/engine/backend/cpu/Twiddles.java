package org.scatterstream.engine.backend.cpu;

import java.util.concurrent.ConcurrentHashMap;

/**
 * cos/sin of 2 pi k / n for k = 0..n/2, computed directly in double (no recurrences), shared per
 * size. A transform of length m <= n reads entry k * (n/m).
 */
final class Twiddles {
    private static final ConcurrentHashMap<Integer, Twiddles> CACHE = new ConcurrentHashMap<>();

    final int n;
    final double[] cos;
    final double[] sin;

    private Twiddles(int n) {
        this.n = n;
        cos = new double[n / 2 + 1];
        sin = new double[n / 2 + 1];
        for (int k = 0; k <= n / 2; k++) {
            // exact values at the symmetry points keep the FFT free of avoidable round-off
            if (4L * k == n) { cos[k] = 0; sin[k] = 1; continue; }
            if (2L * k == n) { cos[k] = -1; sin[k] = 0; continue; }
            double a = 2 * Math.PI * k / n;
            cos[k] = Math.cos(a);
            sin[k] = Math.sin(a);
        }
    }

    static Twiddles forSize(int n) {
        return CACHE.computeIfAbsent(Math.max(n, 2), Twiddles::new);
    }
}
