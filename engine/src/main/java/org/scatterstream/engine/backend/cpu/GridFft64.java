package org.scatterstream.engine.backend.cpu;

/**
 * FFTs along any axis of a multi-dimensional grid, in the workers' split-complex, lane-interleaved
 * layout (grid element e, lane v at {@code e * lanes + v}).
 *
 * <p>One pass transforms all lines along one axis. Lines are gathered in blocks of B into a small
 * work area (element k of line t at {@code k * B + t}) and transformed there by the workers' Stockham
 * FFT ({@link FftPlan}; {@link VecKernels64} when SIMD is available, {@link LaneFft64} otherwise)
 * with the B lines as its lanes, then scattered back. The work area stays in cache whatever the
 * grid's size and whichever axis is transformed, and the butterflies are vectorized across lines
 * even when the worker itself has a single lane.
 *
 * <p>The float twin {@code GridFft32} is generated from this file at build time.
 */
final class GridFft64 {
    /** Target work-area size in complex elements per buffer (two buffers of re+im stay in L2). */
    private static final int WORK_ELEMENTS = 12288;

    /** Per-worker work areas (grown on demand, reused across calls). */
    static final class Work {
        double[] ar = new double[0], ai = new double[0], br = new double[0], bi = new double[0];

        void ensure(int elements) {
            if (ar.length < elements) {
                ar = new double[elements];
                ai = new double[elements];
                br = new double[elements];
                bi = new double[elements];
            }
        }
    }

    private GridFft64() {}

    /**
     * Transforms every line along one axis of a grid, in place: the grid is {@code outer} blocks of
     * {@code n} elements spaced {@code inner} apart (inner counts lanes too), i.e. element k of line
     * (o, c) is at {@code (o * n + k) * inner + c}. Unscaled; sign -1 forward, +1 inverse.
     */
    static void axis(double[] re, double[] im, int outer, int n, int inner, int sign, Work w) {
        axis(re, im, outer, n, inner, 0, inner, sign, w);
    }

    /** As {@link #axis(double[], double[], int, int, int, int, Work)}, for the lines c0 <= c < c0 + width only. */
    static void axis(double[] re, double[] im, int outer, int n, int inner, int c0, int width, int sign, Work w) {
        if (n == 1) return;
        FftPlan plan = FftPlan.forSize(n);
        int lines = outer * width;
        boolean simd = VectorSupport.AVAILABLE;
        int unit = simd ? VecKernels64.LEN : 1;
        // B lines per block: an odd multiple of the vector length. Even multiples put the radix-r
        // butterflies' r input streams a multiple of 4 KiB apart, which thrashes the L1 sets for
        // r > 8 (measured 3x slower on 272 = 16 * 17 with B = 64 floats).
        int k = Math.max(1, Math.round((float) WORK_ELEMENTS / n / unit));
        if ((k & 1) == 0) k++;
        int b = Math.min(k * unit, (lines + unit - 1) / unit * unit);
        w.ensure(n * b);
        for (int t0 = 0; t0 < lines; t0 += b) {
            int cnt = Math.min(b, lines - t0);
            gather(re, im, w.ar, w.ai, n, inner, c0, width, t0, cnt, b);
            if (simd) VecKernels64.transform(w.ar, w.ai, w.br, w.bi, plan, b, sign);
            else LaneFft64.transform(w.ar, w.ai, w.br, w.bi, plan, b, sign);
            scatter(w.ar, w.ai, re, im, n, inner, c0, width, t0, cnt, b);
        }
    }

    private static void gather(double[] re, double[] im, double[] dr, double[] di, int n, int inner, int c0,
                               int width, int t0, int cnt, int b) {
        int t = t0, end = t0 + cnt;
        while (t < end) {
            int o = t / width, c = t - o * width;
            int run = Math.min(end - t, width - c);
            int src = o * n * inner + c0 + c, dst = t - t0;
            if (run >= 16) {
                for (int k = 0; k < n; k++) {
                    System.arraycopy(re, src + k * inner, dr, dst + k * b, run);
                    System.arraycopy(im, src + k * inner, di, dst + k * b, run);
                }
            } else {
                for (int u = 0; u < run; u++) {
                    int sp = src + u, dp = dst + u;
                    for (int k = 0; k < n; k++) {
                        dr[dp + k * b] = re[sp + k * inner];
                        di[dp + k * b] = im[sp + k * inner];
                    }
                }
            }
            t += run;
        }
    }

    private static void scatter(double[] sr, double[] si, double[] re, double[] im, int n, int inner, int c0,
                                int width, int t0, int cnt, int b) {
        int t = t0, end = t0 + cnt;
        while (t < end) {
            int o = t / width, c = t - o * width;
            int run = Math.min(end - t, width - c);
            int dst = o * n * inner + c0 + c, src = t - t0;
            if (run >= 16) {
                for (int k = 0; k < n; k++) {
                    System.arraycopy(sr, src + k * b, re, dst + k * inner, run);
                    System.arraycopy(si, src + k * b, im, dst + k * inner, run);
                }
            } else {
                for (int u = 0; u < run; u++) {
                    int sp = src + u, dp = dst + u;
                    for (int k = 0; k < n; k++) {
                        re[dp + k * inner] = sr[sp + k * b];
                        im[dp + k * inner] = si[sp + k * b];
                    }
                }
            }
            t += run;
        }
    }
}
