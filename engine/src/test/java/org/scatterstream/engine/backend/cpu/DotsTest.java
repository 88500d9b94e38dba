package org.scatterstream.engine.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Dots of one set of taps with windows a step apart (the continuous transform's frame averages). */
class DotsTest {

    @Test
    void dotsOfWindowsEqualTheDefinition() {
        Random rnd = new Random(3);
        for (int n : new int[] {32, 64, 2176}) {
            double[] a = new double[n];
            float[] af = new float[n];
            for (int i = 0; i < n; i++) { a[i] = rnd.nextGaussian(); af[i] = (float) a[i]; }
            for (int count = 0; count <= 9; count++) {
                int step = 7, bo = 5, len = bo + Math.max(0, count - 1) * step + n;
                double[] b = new double[len];
                float[] bf = new float[len];
                for (int i = 0; i < len; i++) { b[i] = rnd.nextGaussian(); bf[i] = (float) b[i]; }
                double[] out = new double[3 * count + 1], outf = new double[3 * count + 1];
                CpuArrays64.dots(a, b, bo, step, count, out, 1, 3);
                CpuArrays32.dots(af, bf, bo, step, count, outf, 1, 3);
                for (int f = 0; f < count; f++) {
                    double expected = 0;
                    for (int i = 0; i < n; i++) expected += a[i] * b[bo + f * step + i];
                    assertEquals(expected, out[1 + 3 * f], 1e-12 * n, "double n=" + n + " count=" + count + " f=" + f);
                    assertEquals(expected, outf[1 + 3 * f], 1e-4 * Math.sqrt(n), "float n=" + n + " count=" + count + " f=" + f);
                }
                assertEquals(0.0, out[0], 0.0, "nothing written outside the frames");
            }
        }
    }
}
