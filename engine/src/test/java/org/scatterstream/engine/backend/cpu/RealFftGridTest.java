package org.scatterstream.engine.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The real-input grid FFT against the complex one, both precisions, plane-paired and fallback shapes. */
class RealFftGridTest {

    @Test
    void equalsComplexFftOfRealGrid() {
        Random rnd = new Random(11);
        // even first axis (paired planes), odd inner axes, an odd first axis (complex fallback), 2D, and
        // a grid whose axis-0 pass runs in whole blocks
        for (int[] dims : new int[][] {{8, 6, 10}, {4, 9, 7}, {12, 16, 16}, {4, 6, 40}, {5, 6, 8}, {6, 10}, {16, 64, 64}}) {
            int size = 1;
            for (int d : dims) size *= d;
            double[] x = new double[size];
            for (int i = 0; i < size; i++) x[i] = rnd.nextGaussian();

            CpuBuffer64 expect = new CpuBuffer64(size, 1), got = new CpuBuffer64(size, 1);
            System.arraycopy(x, 0, expect.re, 0, size);
            System.arraycopy(x, 0, got.re, 0, size);
            GridOps64.fftGrid(expect, dims, false, 1, new GridFft64.Work());
            new GridOps64(1).realFftGrid(got, dims);

            CpuBuffer32 got32 = new CpuBuffer32(size, 1);
            for (int i = 0; i < size; i++) got32.re[i] = (float) x[i];
            new GridOps32(1).realFftGrid(got32, dims);

            double peak = 0, err = 0, err32 = 0;
            for (int i = 0; i < size; i++) {
                peak = Math.max(peak, Math.hypot(expect.re[i], expect.im[i]));
                err = Math.max(err, Math.hypot(expect.re[i] - got.re[i], expect.im[i] - got.im[i]));
                err32 = Math.max(err32, Math.hypot(expect.re[i] - got32.re[i], expect.im[i] - got32.im[i]));
            }
            String at = java.util.Arrays.toString(dims);
            assertTrue(err <= 1e-13 * peak, at + ": double error " + err / peak);
            assertTrue(err32 <= 1e-6 * peak, at + ": float error " + err32 / peak);
        }
    }
}
