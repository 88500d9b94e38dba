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
            for (int[] oi : new int[][] {{1, 1}, {3, 5}, {2, 37}, {1, 300}}) axisMatchesDirectDft(n, oi[0], oi[1], rnd, w64, w32);
        }
    }

    /** {@link GridFft64#axis} and its float twin on random (outer, n, inner) data, both signs, against {@link #naive}. */
    private static void axisMatchesDirectDft(int n, int outer, int inner, Random rnd, GridFft64.Work w64,
                                             GridFft32.Work w32) {
        int size = outer * n * inner;
        double[] re = new double[size], im = new double[size];
        for (int i = 0; i < size; i++) { re[i] = rnd.nextGaussian(); im[i] = rnd.nextGaussian(); }
        for (int sign : new int[] {-1, 1}) {
            double[] er = re.clone(), ei = im.clone();
            naive(er, ei, outer, n, inner, sign);
            double[] ar = re.clone(), ai = im.clone();
            GridFft64.axis(ar, ai, outer, n, inner, sign, w64);
            float[] fr = toFloat(re), fi = toFloat(im);
            GridFft32.axis(fr, fi, outer, n, inner, sign, w32);
            String at = " outer=" + outer;
            check("double" + at, n, inner, er, ei, ar, ai, 1e-14);
            check("float" + at, n, inner, er, ei, toDouble(fr), toDouble(fi), 3e-6);
        }
    }

    /** The scalar (portable) and SIMD Stockham kernels directly, every radix, several lane counts. */
    @Test
    void scalarAndSimdKernelsMatchDirectDft() {
        Random rnd = new Random(11);
        int[] lengths = {2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17, 18, 25, 27, 34, 49, 64, 68, 77, 121, 136, 272};
        for (int n : lengths) {
            FftPlan plan = FftPlan.forSize(n);
            int[] laneCounts = VectorSupport.AVAILABLE ? new int[] {1, 3, VecKernels64.LEN, 2 * VecKernels64.LEN} : new int[] {1, 3};
            for (int lanes : laneCounts) {
                for (int sign : new int[] {-1, 1}) {
                    double[] re = new double[n * lanes], im = new double[n * lanes];
                    for (int i = 0; i < re.length; i++) { re[i] = rnd.nextGaussian(); im[i] = rnd.nextGaussian(); }
                    double[] er = re.clone(), ei = im.clone();
                    naive(er, ei, 1, n, lanes, sign);
                    double[] ar = re.clone(), ai = im.clone();
                    LaneFft64.transform(ar, ai, new double[n * lanes], new double[n * lanes], plan, lanes, sign);
                    check("scalar", n, lanes, er, ei, ar, ai, 1e-14);
                    if (VectorSupport.AVAILABLE && lanes % VecKernels64.LEN == 0) {
                        double[] vr = re.clone(), vi = im.clone();
                        VecKernels64.transform(vr, vi, new double[n * lanes], new double[n * lanes], plan, lanes, sign);
                        check("simd", n, lanes, er, ei, vr, vi, 1e-14);
                    }
                    float[] fr = new float[n * lanes], fi = new float[n * lanes];
                    for (int i = 0; i < fr.length; i++) { fr[i] = (float) re[i]; fi[i] = (float) im[i]; }
                    float[] gr = fr.clone(), gi = fi.clone();
                    LaneFft32.transform(gr, gi, new float[n * lanes], new float[n * lanes], plan, lanes, sign);
                    check("scalar float", n, lanes, er, ei, toDouble(gr), toDouble(gi), 3e-6);
                    if (VectorSupport.AVAILABLE && lanes % VecKernels32.LEN == 0) {
                        VecKernels32.transform(fr, fi, new float[n * lanes], new float[n * lanes], plan, lanes, sign);
                        check("simd float", n, lanes, er, ei, toDouble(fr), toDouble(fi), 3e-6);
                    }
                }
            }
        }
    }

    /**
     * Contiguous lines (inner = 1) in numbers that fill 16 x 16 register tiles and leave tails, a
     * range of them only (axisRange): the transformed lines match a direct DFT, the others are untouched.
     */
    @Test
    void contiguousLineRangesMatchDirectDft() {
        Random rnd = new Random(5);
        for (int n : new int[] {16, 34, 128, 136}) {
            int outer = 41, o0 = 3, o1 = 38, size = outer * n;
            double[] re = new double[size], im = new double[size];
            for (int i = 0; i < size; i++) { re[i] = rnd.nextGaussian(); im[i] = rnd.nextGaussian(); }
            double[] er = re.clone(), ei = im.clone();
            double[] sr = java.util.Arrays.copyOfRange(re, o0 * n, o1 * n), si = java.util.Arrays.copyOfRange(im, o0 * n, o1 * n);
            naive(sr, si, o1 - o0, n, 1, 1);
            System.arraycopy(sr, 0, er, o0 * n, sr.length);
            System.arraycopy(si, 0, ei, o0 * n, si.length);
            double[] ar = re.clone(), ai = im.clone();
            GridFft64.axisRange(ar, ai, o0, o1, n, 1, 1, new GridFft64.Work());
            check("double lines", n, 1, er, ei, ar, ai, 1e-14);
            float[] fr = toFloat(re), fi = toFloat(im);
            GridFft32.axisRange(fr, fi, o0, o1, n, 1, 1, new GridFft32.Work());
            check("float lines", n, 1, er, ei, toDouble(fr), toDouble(fi), 3e-6);
            for (int i = 0; i < size; i++) {
                if (i < o0 * n || i >= o1 * n) assertTrue(fr[i] == (float) re[i] && fi[i] == (float) im[i], "untouched " + i);
            }
        }
    }

    /**
     * The axis-0 passes that hand their blocks to a sink: the complex one with planes read as zero,
     * and the real one on planes with {@code P[n-k] = conj P[k]}, against a direct DFT.
     */
    @Test
    void axisZeroPassesIntoSinksMatchDirectDft() {
        Random rnd = new Random(9);
        int n = 12, plane = 203;
        double[] re = new double[n * plane], im = new double[n * plane];
        for (int k = 0; k <= n / 2; k++) {
            for (int c = 0; c < plane; c++) {
                re[k * plane + c] = rnd.nextGaussian();
                im[k * plane + c] = k == 0 || k == n / 2 ? 0 : rnd.nextGaussian();
                if (k > 0 && k < n / 2) {
                    re[(n - k) * plane + c] = re[k * plane + c];
                    im[(n - k) * plane + c] = -im[k * plane + c];
                }
            }
        }
        boolean[] live = new boolean[n];
        java.util.Arrays.fill(live, true);
        live[4] = false;
        live[n - 4] = false;
        double[] zr = re.clone(), zi = im.clone();
        for (int c = 0; c < plane; c++) {
            zr[4 * plane + c] = zi[4 * plane + c] = zr[(n - 4) * plane + c] = zi[(n - 4) * plane + c] = 0;
        }
        naive(zr, zi, 1, n, plane, 1);
        for (boolean real : new boolean[] {false, true}) {
            double[] gr = new double[n * plane], gi = new double[n * plane];
            float[] hr = new float[n * plane], hi = new float[n * plane];
            GridFft64.BlockSink sink = (wr, wi, b, c0, cnt) -> {
                for (int k = 0; k < n; k++) {
                    for (int t = 0; t < cnt; t++) {
                        gr[k * plane + c0 + t] = wr[k * b + t];
                        gi[k * plane + c0 + t] = wi[k * b + t];
                    }
                }
            };
            GridFft32.BlockSink sink32 = (wr, wi, b, c0, cnt) -> {
                for (int k = 0; k < n; k++) {
                    for (int t = 0; t < cnt; t++) {
                        hr[k * plane + c0 + t] = wr[k * b + t];
                        hi[k * plane + c0 + t] = wi[k * b + t];
                    }
                }
            };
            if (real) {
                GridFft64.axis0RealInto(re, im, n, plane, live, 1, new GridFft64.Work(), sink);
                GridFft32.axis0RealInto(toFloat(re), toFloat(im), n, plane, live, 1, new GridFft32.Work(), sink32);
            } else {
                GridFft64.axis0Into(re, im, n, plane, live, 1, new GridFft64.Work(), sink);
                GridFft32.axis0Into(toFloat(re), toFloat(im), n, plane, live, 1, new GridFft32.Work(), sink32);
            }
            check(real ? "real double" : "complex double", n, plane, zr, zi, gr, gi, 1e-14);
            check(real ? "real float" : "complex float", n, plane, zr, zi, toDouble(hr), toDouble(hi), 3e-6);
        }
    }

    /**
     * Strided lines in whole blocks, where the first (radix 2) and last (radix 4) stages read and
     * write the grid directly, and in blocks that cross from one outer block to the next, where
     * they do not; then the axis-0 sink pass on whole blocks with dead planes k, n/2 + k and both.
     */
    @Test
    void fusedFirstAndLastStagesMatchDirectDft() {
        Random rnd = new Random(13);
        for (int n : new int[] {2, 4, 8, 16, 32, 64, 128}) {
            for (int[] oi : new int[][] {{1, 512}, {3, 96}}) {
                axisMatchesDirectDft(n, oi[0], oi[1], rnd, new GridFft64.Work(), new GridFft32.Work());
            }
        }
        int n = 128, plane = 1024;
        double[] re = new double[n * plane], im = new double[n * plane];
        for (int i = 0; i < re.length; i++) { re[i] = rnd.nextGaussian(); im[i] = rnd.nextGaussian(); }
        boolean[] live = new boolean[n];
        java.util.Arrays.fill(live, true);
        for (int k : new int[] {3, 64 + 10, 20, 84}) live[k] = false;
        double[] zr = re.clone(), zi = im.clone();
        for (int k = 0; k < n; k++) {
            if (!live[k]) {
                java.util.Arrays.fill(zr, k * plane, (k + 1) * plane, 0);
                java.util.Arrays.fill(zi, k * plane, (k + 1) * plane, 0);
            }
        }
        naive(zr, zi, 1, n, plane, 1);
        double[] gr = new double[n * plane], gi = new double[n * plane];
        GridFft64.axis0Into(re, im, n, plane, live, 1, new GridFft64.Work(), (wr, wi, b, c0, cnt) -> {
            for (int k = 0; k < n; k++) {
                System.arraycopy(wr, k * b, gr, k * plane + c0, cnt);
                System.arraycopy(wi, k * b, gi, k * plane + c0, cnt);
            }
        });
        check("axis 0 dead planes", n, plane, zr, zi, gr, gi, 1e-14);
    }

    private static float[] toFloat(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) f[i] = (float) a[i];
        return f;
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i];
        return d;
    }

    private static void check(String what, int n, int lanes, double[] er, double[] ei, double[] ar, double[] ai, double tol) {
        double err = 0, peak = 0;
        for (int i = 0; i < er.length; i++) {
            peak = Math.max(peak, Math.hypot(er[i], ei[i]));
            err = Math.max(err, Math.hypot(ar[i] - er[i], ai[i] - ei[i]));
        }
        assertTrue(err / peak < tol, what + " n=" + n + " lanes=" + lanes + ": " + err / peak);
    }
}
