package org.scatterstream.engine.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Mixed-radix axis FFTs against a direct DFT, all radices and all axis positions. */
class GridFftTest {

    /** Direct DFT along one axis of an (outer, n, inner) array. */
    static void naive(double[] re, double[] im, int outer, int n, int inner, int sign) {
        double[] lr = new double[n], li = new double[n];
        for (int o = 0; o < outer; o++) {
            for (int c = 0; c < inner; c++) {
                for (int k = 0; k < n; k++) {
                    double sr = 0, si = 0;
                    for (int t = 0; t < n; t++) {
                        double a = sign * 2 * Math.PI * ((long) k * t % n) / n;
                        int idx = (o * n + t) * inner + c;
                        sr += re[idx] * Math.cos(a) - im[idx] * Math.sin(a);
                        si += re[idx] * Math.sin(a) + im[idx] * Math.cos(a);
                    }
                    lr[k] = sr;
                    li[k] = si;
                }
                for (int k = 0; k < n; k++) {
                    re[(o * n + k) * inner + c] = lr[k];
                    im[(o * n + k) * inner + c] = li[k];
                }
            }
        }
    }

    @Test
    void everyLengthUpTo64AndTypicalGridSizes() {
        Random rnd = new Random(7);
        int[] extra = {68, 72, 80, 96, 100, 121, 136, 143, 169, 272, 289};
        int[] lengths = new int[64 + extra.length];
        for (int i = 0; i < 64; i++) lengths[i] = i + 1;
        System.arraycopy(extra, 0, lengths, 64, extra.length);
        GridFft64.Work w64 = new GridFft64.Work();
        GridFft32.Work w32 = new GridFft32.Work();
        for (int n : lengths) {
            for (int[] oi : new int[][] {{1, 1}, {3, 5}, {2, 37}, {1, 300}}) {
                int outer = oi[0], inner = oi[1];
                int size = outer * n * inner;
                double[] re = new double[size], im = new double[size];
                for (int i = 0; i < size; i++) { re[i] = rnd.nextGaussian(); im[i] = rnd.nextGaussian(); }
                for (int sign : new int[] {-1, 1}) {
                    double[] er = re.clone(), ei = im.clone();
                    naive(er, ei, outer, n, inner, sign);
                    double[] ar = re.clone(), ai = im.clone();
                    GridFft64.axis(ar, ai, outer, n, inner, sign, w64);
                    float[] fr = new float[size], fi = new float[size];
                    for (int i = 0; i < size; i++) { fr[i] = (float) re[i]; fi[i] = (float) im[i]; }
                    GridFft32.axis(fr, fi, outer, n, inner, sign, w32);
                    double err = 0, errf = 0, peak = 0;
                    for (int i = 0; i < size; i++) {
                        peak = Math.max(peak, Math.hypot(er[i], ei[i]));
                        err = Math.max(err, Math.hypot(ar[i] - er[i], ai[i] - ei[i]));
                        errf = Math.max(errf, Math.hypot(fr[i] - er[i], fi[i] - ei[i]));
                    }
                    assertTrue(err / peak < 1e-14, "double n=" + n + " outer=" + outer + " inner=" + inner + ": " + err / peak);
                    assertTrue(errf / peak < 3e-6, "float n=" + n + " outer=" + outer + " inner=" + inner + ": " + errf / peak);
                }
            }
        }
    }
}
