package org.scatterstream.engine.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.scatterstream.engine.filters.SolidHarmonicBank3D;

/** The frequency boxes that let the 3D worker skip negligible parts of band-limited scales. */
class HarmonicBoxTest {

    private static CpuHarmonicFilter filter(int m, int n, int o, double threshold) {
        return new CpuHarmonicFilter(SolidHarmonicBank3D.of(new SolidHarmonicBank3D.Key(2, 2, 1.0, m, n, o)), 1.0,
                threshold);
    }

    @Test
    void everyFilterValueOutsideTheBoxIsBelowTheThreshold() {
        double threshold = 1e-10;
        CpuHarmonicFilter h = filter(32, 32, 32, threshold);
        SolidHarmonicBank3D bank = h.bank;
        for (int l = 0; l <= 2; l++) {
            int[] box = h.box(2, l);
            assertNotNull(box, "sigma 4 is band-limited on 32^3, l=" + l);
            for (int m = -l; m <= l; m++) {
                double[][] psi = bank.psi(2, l, m);
                double peak = 0, outside = 0;
                for (int k0 = 0; k0 < 32; k0++) {
                    for (int k1 = 0; k1 < 32; k1++) {
                        for (int k2 = 0; k2 < 32; k2++) {
                            int e = (k0 * 32 + k1) * 32 + k2;
                            double v = Math.hypot(psi[0][e], psi[1][e]);
                            peak = Math.max(peak, v);
                            boolean in = GridOps64.inBox(k0, 32, box[0]) && GridOps64.inBox(k1, 32, box[1])
                                    && GridOps64.inBox(k2, 32, box[2]);
                            if (!in) outside = Math.max(outside, v);
                        }
                    }
                }
                assertTrue(outside <= threshold * peak, "l=" + l + " m=" + m + ": " + outside / peak);
            }
        }
    }

    @Test
    void boxesShrinkWithScaleAndVanishWhereTheyWouldNotSaveWork() {
        CpuHarmonicFilter h = filter(128, 128, 128, 1e-10);
        assertNull(h.box(0, 2), "sigma 1 spans the whole band");
        assertNull(h.box(1, 2), "sigma 2 still reaches the Nyquist bin at 1e-10");
        int[] box = h.box(2, 2);
        assertNotNull(box);
        assertArrayEquals(new int[] {box[0], box[0], box[0]}, box);
        assertTrue(box[0] > 20 && box[0] < 50, "about 60% of 128 bins per axis: " + box[0]);
        assertNull(filter(15, 16, 17, 1e-10).box(2, 2), "odd grids keep the full path");
    }

    /**
     * A boxed scale after an unboxed one on the same worker: the boxed odd-degree m = 0 term does
     * not form the plane k0 = n0/2, so nothing of the earlier term's plane there may enter its
     * sum (it did once: a stale anti-Hermitian plane). Same integrals as on a fresh worker.
     */
    @Test
    void boxedTermsReadNothingLeftByEarlierTerms() {
        int[] dims = {16, 20, 12};
        CpuHarmonicFilter h = new CpuHarmonicFilter(
                SolidHarmonicBank3D.of(new SolidHarmonicBank3D.Key(2, 3, 1.0, dims[0], dims[1], dims[2])), 1.0, 1e-17);
        assertNull(h.box(0, 1));
        assertNotNull(h.box(2, 1));
        int size = dims[0] * dims[1] * dims[2];
        java.util.Random rnd = new java.util.Random(3);
        CpuBuffer64 x = new CpuBuffer64(size, 1);
        for (int i = 0; i < size; i++) x.re[i] = rnd.nextDouble();
        new GridOps64(1).realFftGrid(x, dims);
        double[] powers = {0.5, 1, 2};
        double[] after = new double[3], fresh = new double[3];
        GridOps64 used = new GridOps64(1);
        used.harmonicModulus(x, h, 0, 1, true, new CpuBuffer64(size, 1), false, powers, (s, c, p, v) -> { }, 0, 1, 0, 0);
        used.harmonicModulus(x, h, 2, 1, true, new CpuBuffer64(size, 1), false, powers, (s, c, p, v) -> after[p] = v,
                0, 1, 0, 0);
        new GridOps64(1).harmonicModulus(x, h, 2, 1, true, new CpuBuffer64(size, 1), false, powers,
                (s, c, p, v) -> fresh[p] = v, 0, 1, 0, 0);
        assertArrayEquals(fresh, after);
        assertTrue(fresh[1] > 0);
    }
}
