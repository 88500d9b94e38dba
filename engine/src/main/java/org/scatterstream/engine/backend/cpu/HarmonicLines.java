package org.scatterstream.engine.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.scatterstream.engine.filters.SolidHarmonicBank3D;

/**
 * Evaluates solid harmonic filters one grid line at a time, in double whatever the engine's
 * precision: {@code value[k2] = gx[k2] * sum_c pi_c wx[k2]^c} from the line's polynomial
 * ({@link SolidHarmonicBank3D#rowPolynomial}), by Horner's rule, with SIMD over k2 when the Vector
 * API is present. Degrees above {@link SolidHarmonicBank3D#POLYNOMIAL_MAX_L} use the direct formula.
 */
final class HarmonicLines {
    private final double[] cr, ci, scratch;

    HarmonicLines(int maxL) {
        cr = new double[maxL + 1];
        ci = new double[maxL + 1];
        scratch = new double[5 * (maxL + 1)];
    }

    /** psi_{j,l,m} times {@code scale} on line (k0, k1) into {@code re/im[0..o)}. */
    void line(SolidHarmonicBank3D bank, double scale, int j, int l, int m, int k0, int k1, double[] re, double[] im) {
        if (l > SolidHarmonicBank3D.POLYNOMIAL_MAX_L) {
            bank.row(j, l, m, k0, k1, re, im, 0);
            int o = bank.key().o();
            for (int k = 0; k < o; k++) {
                re[k] *= scale;
                im[k] *= scale;
            }
            return;
        }
        bank.rowPolynomial(j, l, m, k0, k1, scale, cr, ci, scratch);
        double[] wx = bank.wx(), gx = bank.gx(j);
        int o = wx.length;
        int k = VectorSupport.AVAILABLE ? Simd.horner(wx, gx, cr, ci, l, re, im, o) : 0;
        for (; k < o; k++) {
            double w = wx[k], pr = cr[l], pi = ci[l];
            for (int c = l - 1; c >= 0; c--) {
                pr = pr * w + cr[c];
                pi = pi * w + ci[c];
            }
            re[k] = gx[k] * pr;
            im[k] = gx[k] * pi;
        }
    }

    /** The SIMD loops, in a nested class so that they are only loaded with the Vector API present. */
    private static final class Simd {
        static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

        /**
         * Horner's rule one coefficient at a time, each step its own short loop over the line. One
         * loop carrying vectors through a variable number of Horner steps was, in some JVM runs, left
         * to the Vector API's Java fallback by C2 (JFR: {@code DoubleVector.fma} in
         * {@code lanewiseTemplate}), which made the whole 3D transform twice as slow.
         */
        static int horner(double[] wx, double[] gx, double[] cr, double[] ci, int l, double[] re, double[] im, int o) {
            int end = o - o % S.length();
            java.util.Arrays.fill(re, 0, end, cr[l]);
            java.util.Arrays.fill(im, 0, end, ci[l]);
            for (int c = l - 1; c >= 0; c--) {
                step(re, wx, cr[c], end);
                step(im, wx, ci[c], end);
            }
            scale(re, gx, end);
            scale(im, gx, end);
            return end;
        }

        /** {@code p = p w + c}. */
        private static void step(double[] p, double[] w, double c, int end) {
            DoubleVector cv = DoubleVector.broadcast(S, c);
            for (int k = 0; k < end; k += S.length()) {
                DoubleVector.fromArray(S, p, k).fma(DoubleVector.fromArray(S, w, k), cv).intoArray(p, k);
            }
        }

        /** {@code p = p g}. */
        private static void scale(double[] p, double[] g, int end) {
            for (int k = 0; k < end; k += S.length()) {
                DoubleVector.fromArray(S, p, k).mul(DoubleVector.fromArray(S, g, k)).intoArray(p, k);
            }
        }
    }
}
