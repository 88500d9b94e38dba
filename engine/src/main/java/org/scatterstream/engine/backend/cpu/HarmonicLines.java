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

    /** The SIMD loop, in a nested class so that it is only loaded with the Vector API present. */
    private static final class Simd {
        static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

        static int horner(double[] wx, double[] gx, double[] cr, double[] ci, int l, double[] re, double[] im, int o) {
            int len = S.length(), k = 0;
            for (; k <= o - len; k += len) {
                DoubleVector w = DoubleVector.fromArray(S, wx, k);
                DoubleVector pr = DoubleVector.broadcast(S, cr[l]), pi = DoubleVector.broadcast(S, ci[l]);
                for (int c = l - 1; c >= 0; c--) {
                    pr = pr.fma(w, DoubleVector.broadcast(S, cr[c]));
                    pi = pi.fma(w, DoubleVector.broadcast(S, ci[c]));
                }
                DoubleVector g = DoubleVector.fromArray(S, gx, k);
                pr.mul(g).intoArray(re, k);
                pi.mul(g).intoArray(im, k);
            }
            return k;
        }
    }
}
