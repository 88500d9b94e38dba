package org.scatterstream.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.scatterstream.engine.testutil.ReferenceCase;

/** Properties of Scattering2D that follow from the theory (double precision). */
class Scattering2DPropertiesTest {

    /** A windowed oriented grating plus a blob, centred at (cy, cx), negligible beyond ~15 pixels. */
    static double[] pattern(int h, int w, double cy, double cx) {
        double[] x = new double[h * w];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                double dy = r - cy, dx = c - cx;
                double win = Math.exp(-(dy * dy + dx * dx) / (2 * 2.5 * 2.5));
                x[r * w + c] = win * (Math.cos(0.9 * dy + 0.5 * dx) + 0.5 * Math.exp(-((dy - 1) * (dy - 1) + dx * dx) / 3));
            }
        }
        return x;
    }

    private static Scattering2D build(int J, int L, int h, int w, boolean prePad) {
        return Scattering2D.builder().J(J).L(L).shape(h, w).prePad(prePad).precision(Precision.DOUBLE).threads(1).build();
    }

    /**
     * Translating an image by a multiple of 2^J translates every output channel by whole output
     * pixels (covariance), so the spatial averages of the order-0 and order-1 channels are unchanged,
     * for content away from the borders. "Nearly": the coarser low-pass levels are crops of a Gaussian
     * that is still ~4% of its peak at the cropped Nyquist frequency (Kymatio's design), so their
     * kernels ring with slowly decaying tails that wrap around the periodic padded grid; relative
     * changes are ~1e-5 here, versus ~1e-1 for a shift that is not a multiple of 2^J.
     */
    /**
     * A batch smaller than the thread count runs each image's parts (first-order nodes) on several
     * threads: the same numbers as one thread, in both precisions (to the last bits, which the
     * Vector API may round differently before and after compilation).
     */
    @Test
    void partsOnSeveralThreadsGiveTheSameNumbersAsOneThread() {
        java.util.Random rnd = new java.util.Random(8);
        double[] x = new double[2 * 40 * 36];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextDouble();
        for (Precision precision : Precision.values()) {
            for (int batch : new int[] {1, 2}) {
                double[] in = java.util.Arrays.copyOf(x, batch * 40 * 36), ref, par;
                try (Scattering2D s = Scattering2D.builder().J(3).L(4).shape(40, 36).precision(precision).threads(1).build()) {
                    ref = s.transform(in, batch);
                }
                try (Scattering2D s = Scattering2D.builder().J(3).L(4).shape(40, 36).precision(precision).threads(5).build()) {
                    par = s.transform(in, batch);
                    assertTrue(ReferenceCase.closeToLastBits(ref, s.transform(in, batch), precision), "pooled workers reused");
                }
                assertTrue(ReferenceCase.closeToLastBits(ref, par, precision), precision + " batch " + batch);
            }
        }
    }

    @Test
    void translationByMultiplesOfTwoToTheJ() {
        int J = 2, L = 8, n = 64, dy = 8, dx = -12;
        double[] x = pattern(n, n, 30, 34), moved = pattern(n, n, 30 + dy, 34 + dx);
        try (Scattering2D s = build(J, L, n, n, false)) {
            double[] a = s.transform(x, 1), b = s.transform(moved, 1);
            int[] shape = s.outputShape();
            int ch = shape[0], oh = shape[1], ow = shape[2], sy = dy >> J, sx = dx >> J;
            double peak = 0;
            for (double v : a) peak = Math.max(peak, Math.abs(v));
            double worstShift = 0;
            for (int c = 0; c < ch; c++) {
                double sumA = 0, sumB = 0;
                for (int i = 0; i < oh * ow; i++) {
                    sumA += a[c * oh * ow + i];
                    sumB += b[c * oh * ow + i];
                }
                if (c <= J * L) {
                    assertEquals(sumA, sumB, 1e-4 * Math.abs(sumA), "spatial average of order-0/1 channel " + c);
                }
                for (int r = 0; r < oh; r++) {
                    for (int q = 0; q < ow; q++) {
                        int r2 = r + sy, q2 = q + sx;
                        if (r2 < 0 || r2 >= oh || q2 < 0 || q2 >= ow) continue;
                        worstShift = Math.max(worstShift, Math.abs(a[(c * oh + r) * ow + q] - b[(c * oh + r2) * ow + q2]));
                    }
                }
            }
            assertTrue(worstShift <= 1e-4 * peak, "outputs shift by whole pixels: " + worstShift / peak);
            // a shift that is not a multiple of 2^J changes the order-0 average by ~10%
            double[] off = s.transform(pattern(n, n, 32, 35), 1);
            double s0 = 0, s1 = 0;
            for (int i = 0; i < oh * ow; i++) {
                s0 += a[i];
                s1 += off[i];
            }
            assertTrue(Math.abs(s1 - s0) > 1e-2 * Math.abs(s0), "sub-2^J shift should change the average");
        }
    }

    /**
     * A 90-degree rotation maps the wavelet of angle theta_t onto the one of angle theta_t - pi/2,
     * i.e. angle index t + L/2 (mod L, since |x * psi_theta| = |x * psi_{theta+pi}| for real x).
     * With x'(P, Q) = x(Q, -P mod N) on the padded (periodic) grid, given as pre-padded input so that
     * the rotation is exact:
     * <pre>  S[x'](j, t)(i, k) = S[x](j, t + L/2 mod L)(k, -i)   (order 2: both angles shift by L/2)</pre>
     * which on the cropped output reads {@code out'[c][a][b] = out[perm c][b][Mo - a - 2]}.
     */
    @Test
    void rotationByNinetyDegreesPermutesTheAngleChannels() {
        int J = 2, L = 8, n = 32;
        try (Scattering2D s = build(J, L, n, n, true)) {
            int np = s.paddedShape()[0];
            Random rnd = new Random(3);
            double[] x = new double[np * np], rot = new double[np * np];
            for (int i = 0; i < x.length; i++) x[i] = rnd.nextGaussian();
            for (int p = 0; p < np; p++) {
                for (int q = 0; q < np; q++) rot[p * np + q] = x[q * np + (np - p) % np];
            }
            double[] a = s.transform(x, 1), b = s.transform(rot, 1);
            Scattering2DMeta meta = s.meta();
            int oh = s.outputShape()[1], ow = s.outputShape()[2], mo = np >> J;
            double peak = 0;
            for (double v : a) peak = Math.max(peak, Math.abs(v));
            double worst = 0;
            int compared = 0;
            for (int c = 0; c < meta.channels(); c++) {
                int pc = permuted(meta, c, L);
                for (int r = 1; r <= mo - 3; r++) {
                    for (int q = 0; q < ow; q++) {
                        double expected = a[(pc * oh + q) * ow + (mo - r - 2)];
                        worst = Math.max(worst, Math.abs(b[(c * oh + r) * ow + q] - expected));
                        compared++;
                    }
                }
            }
            assertTrue(compared > 0);
            assertTrue(worst <= 1e-9 * peak, "rotated output vs permuted channels: " + worst / peak);
            // and the permutation is not the identity: unpermuted channels differ
            double diff = 0;
            for (int r = 1; r <= mo - 3; r++) {
                for (int q = 0; q < ow; q++) diff = Math.max(diff, Math.abs(b[(1 * oh + r) * ow + q] - a[(1 * oh + q) * ow + (mo - r - 2)]));
            }
            assertTrue(diff > 1e-3 * peak, "channel 1 must not map to itself");
        }
    }

    /** Channel of the path whose angle indices are all shifted by L/2. */
    static int permuted(Scattering2DMeta meta, int c, int L) {
        int[] key = meta.key(c);
        for (int i = 0; i < key.length; i++) {
            int j = key[i] / L, t = key[i] % L;
            key[i] = j * L + (t + L / 2) % L;
        }
        for (int d = 0; d < meta.channels(); d++) {
            if (java.util.Arrays.equals(meta.key(d), key)) return d;
        }
        throw new AssertionError("no channel for " + java.util.Arrays.toString(key));
    }

    /** S(a x) = |a| S(x) for orders 1 and 2 (the modulus), and a S0(x) for the linear order 0. */
    @Test
    void scalingLaw() {
        Random rnd = new Random(9);
        double[] x = new double[2 * 40 * 44];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextGaussian();
        try (Scattering2D s = build(2, 6, 40, 44, false)) {
            double[] base = s.transform(x, 2);
            int per = s.outputShape()[1] * s.outputShape()[2], ch = s.outputShape()[0];
            for (double factor : new double[] {2.5, -0.7}) {
                double[] xs = x.clone();
                for (int i = 0; i < xs.length; i++) xs[i] *= factor;
                double[] got = s.transform(xs, 2);
                double peak = 0, err = 0;
                for (int i = 0; i < got.length; i++) {
                    int c = (i / per) % ch;
                    double expected = (c == 0 ? factor : Math.abs(factor)) * base[i];
                    peak = Math.max(peak, Math.abs(expected));
                    err = Math.max(err, Math.abs(got[i] - expected));
                }
                assertTrue(err <= 1e-12 * peak, "a=" + factor + ": " + err / peak);
            }
        }
    }
}
