package org.scatterstream.engine.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.scatterstream.engine.backend.Coefficients;
import org.scatterstream.engine.filters.MorletFilterBank2D;

/**
 * The fused wavelet-modulus + separable low-pass step of single-lane 2D workers against the two
 * separate steps it replaces, both precisions, even and odd low-pass widths.
 */
class SeparableLowPassTest {

    @Test
    void lowPassIsSeparableAndWaveletsAreNot() {
        MorletFilterBank2D bank = MorletFilterBank2D.of(new MorletFilterBank2D.Key(3, 4, 48, 40));
        for (int r = 0; r < 3; r++) {
            int m = 48 >> r, n = 40 >> r;
            assertNotNull(new CpuGridFilter64(bank.phi(r), new int[] {m, n}, 1, 1e-17).row, "phi level " + r);
        }
        assertNull(new CpuGridFilter64(bank.psi(5, 0), new int[] {48, 40}, 1, 1e-17).row);
    }

    @Test
    void fusedStepEqualsModulusThenLowPass() {
        // (mPad, nPad, J): square with even output, and a grid whose low-pass is 7 columns wide
        for (int[] c : new int[][] {{64, 64, 3}, {48, 28, 2}}) {
            int mPad = c[0], nPad = c[1], J = c[2], L = 4;
            MorletFilterBank2D bank = MorletFilterBank2D.of(new MorletFilterBank2D.Key(J, L, mPad, nPad));
            Random rnd = new Random(mPad * 31 + nPad);
            // parent at level j1 = 0 and j1 = 1, child wavelet of scale j2 = J - 1
            for (int j1 = 0; j1 < J - 1; j1++) {
                int m = mPad >> j1, n = nPad >> j1, j2 = J - 1, f = 1 << (j2 - j1), lf = 1 << (J - j2);
                int mf = m / f, nf = n / f;
                double[] xr = new double[m * n], xi = new double[m * n];
                for (int i = 0; i < m * n; i++) { xr[i] = rnd.nextGaussian(); xi[i] = rnd.nextGaussian(); }
                double[] psi = bank.psi(j2 * L + 1, j1), phi = bank.phi(j2);
                int outH = mf / lf - 2, outW = nf / lf - 2;
                double[] expect = new double[outH * outW], got = new double[outH * outW];
                float[] got32 = new float[outH * outW];

                GridOps64 ops = new GridOps64(1);
                CpuGridFilter64 h = new CpuGridFilter64(psi, new int[] {m, n}, 1.0 / (m * n), 1e-17);
                CpuGridFilter64 low = new CpuGridFilter64(phi, new int[] {mf, nf}, 1.0 / (mf * nf), 1e-17);
                CpuBuffer64 x = buffer64(xr, xi), scratch = new CpuBuffer64(mf * nf, 1);
                ops.waveletModulus2(x, m, n, h, f, scratch);
                ops.lowPass2(scratch, mf, nf, low, lf, 1, Coefficients.of(expect, 1, expect.length), 0, 1, 0);
                assertTrue(ops.separableLowPass2(x, m, n, h, f, low, lf, 1, new CpuBuffer64(mf * nf, 1),
                        Coefficients.of(got, 1, got.length), 0, 0));

                GridOps32 ops32 = new GridOps32(1);
                CpuBuffer32 x32 = new CpuBuffer32(m * n, 1);
                for (int i = 0; i < m * n; i++) { x32.re[i] = (float) xr[i]; x32.im[i] = (float) xi[i]; }
                assertTrue(ops32.separableLowPass2(x32, m, n,
                        new CpuGridFilter32(psi, new int[] {m, n}, 1.0 / (m * n), 1e-10), f,
                        new CpuGridFilter32(phi, new int[] {mf, nf}, 1.0 / (mf * nf), 1e-10), lf, 1,
                        new CpuBuffer32(mf * nf, 1), Coefficients.of(got32, 1, got32.length), 0, 0));

                double peak = 0, err = 0, err32 = 0;
                for (int i = 0; i < expect.length; i++) {
                    peak = Math.max(peak, Math.abs(expect[i]));
                    err = Math.max(err, Math.abs(expect[i] - got[i]));
                    err32 = Math.max(err32, Math.abs(expect[i] - got32[i]));
                }
                String at = mPad + "x" + nPad + " J=" + J + " j1=" + j1;
                assertTrue(peak > 0, at);
                assertTrue(err <= 1e-12 * peak, at + ": double error " + err / peak);
                assertTrue(err32 <= 1e-5 * peak, at + ": float error " + err32 / peak);
            }
        }
    }

    private static CpuBuffer64 buffer64(double[] re, double[] im) {
        CpuBuffer64 b = new CpuBuffer64(re.length, 1);
        System.arraycopy(re, 0, b.re, 0, re.length);
        System.arraycopy(im, 0, b.im, 0, im.length);
        return b;
    }
}
