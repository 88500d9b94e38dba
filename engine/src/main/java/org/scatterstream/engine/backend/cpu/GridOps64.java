package org.scatterstream.engine.backend.cpu;

import java.util.concurrent.ConcurrentHashMap;
import org.scatterstream.engine.backend.Coefficients;
import org.scatterstream.engine.backend.Signals;
import org.scatterstream.engine.filters.SolidHarmonicBank3D;

/**
 * The CPU worker's 2D/3D grid operations (see the grid section of
 * {@link org.scatterstream.engine.backend.Worker}), on lane-interleaved split-complex buffers. The
 * float twin {@code GridOps32} is generated from this file at build time.
 */
final class GridOps64 {
    private GridOps64() {}

    /** cos/sin(2 pi k / n), k = 0..n/2, for the real-FFT post-processing; shared per n. */
    private static final ConcurrentHashMap<Integer, double[][]> HALF_TWIDDLES = new ConcurrentHashMap<>();

    private static double[][] halfTwiddles(int n) {
        return HALF_TWIDDLES.computeIfAbsent(n, k -> {
            double[][] t = new double[2][k / 2 + 1];
            for (int i = 0; i <= k / 2; i++) {
                double/*keep*/ a = 2 * Math.PI * i / k;
                t[0][i] = (double) Math.cos(a);
                t[1][i] = (double) Math.sin(a);
            }
            return t;
        });
    }

    static int product(int[] dims, int from, int to) {
        int p = 1;
        for (int a = from; a < to; a++) p *= dims[a];
        return p;
    }

    static void loadGrid(Signals x, int first, int count, int[][] index, boolean packed, CpuBuffer64 dst, int lanes) {
        int d = index.length;
        int[] dims = new int[d];
        for (int a = 0; a < d; a++) dims[a] = index[a].length;
        int total = product(dims, 0, d);
        int last = dims[d - 1];
        int rows = total / last;
        int[] idx = new int[d];
        for (int row = 0; row < rows; row++) {
            int base = 0;
            for (int a = 0; a < d - 1; a++) base += index[a][idx[a]];
            int[] li = index[d - 1];
            for (int i = 0; i < last; i++) {
                int flat = row * last + i;
                int src = base + li[i];
                double[] arr;
                int o;
                if (packed) {
                    arr = (flat & 1) == 0 ? dst.re : dst.im;
                    o = (flat >> 1) * lanes;
                } else {
                    arr = dst.re;
                    o = flat * lanes;
                    for (int v = 0; v < lanes; v++) dst.im[o + v] = 0;
                }
                for (int v = 0; v < count; v++) arr[o + v] = (double) x.get(first + v, src);
                for (int v = count; v < lanes; v++) arr[o + v] = 0;
            }
            for (int a = d - 2; a >= 0; a--) {
                if (++idx[a] < dims[a]) break;
                idx[a] = 0;
            }
        }
    }

    static void fftGrid(CpuBuffer64 b, int[] dims, boolean inverse, int lanes, GridFft64.Work w) {
        int sign = inverse ? 1 : -1;
        for (int a = 0; a < dims.length; a++) {
            GridFft64.axis(b.re, b.im, product(dims, 0, a), dims[a], product(dims, a + 1, dims.length) * lanes, sign, w);
        }
    }

    static void rfftGrid(CpuBuffer64 p, int[] dims, CpuBuffer64 x, int lanes, GridFft64.Work w) {
        int d = dims.length;
        int last = dims[d - 1], h = last / 2;
        int rows = product(dims, 0, d - 1);
        int L = lanes;
        GridFft64.axis(p.re, p.im, rows, h, L, -1, w);
        double[][] tw = halfTwiddles(last);
        double[] cs = tw[0], sn = tw[1];
        for (int row = 0; row < rows; row++) {
            int zb = row * h * L, xb = row * (h + 1) * L;
            for (int k = 0; k <= h; k++) {
                int ka = zb + (k == h ? 0 : k) * L;
                int kb = zb + (k == 0 ? 0 : h - k) * L;
                double wr = cs[k], wi = -sn[k];
                int o = xb + k * L;
                for (int v = 0; v < L; v++) {
                    double ar = p.re[ka + v], ai = p.im[ka + v];
                    double br = p.re[kb + v], bi = -p.im[kb + v];
                    double er = (double) 0.5 * (ar + br), ei = (double) 0.5 * (ai + bi);
                    double or = (double) 0.5 * (ar - br), oi = (double) 0.5 * (ai - bi);
                    // X[k] = E + W^k (-i) O
                    double tr = oi, ti = -or;
                    x.re[o + v] = er + wr * tr - wi * ti;
                    x.im[o + v] = ei + wr * ti + wi * tr;
                }
            }
        }
        int[] half = dims.clone();
        half[d - 1] = h + 1;
        for (int a = 0; a < d - 1; a++) {
            GridFft64.axis(x.re, x.im, product(half, 0, a), half[a], product(half, a + 1, d) * L, -1, w);
        }
    }

    static void multiplyFold2(CpuBuffer64 x, int m, int n, CpuGridFilter64 h, int f, CpuBuffer64 d, int lanes) {
        int L = lanes;
        int mf = m / f, nf = n / f, hw = n / 2 + 1, half = n / 2;
        java.util.Arrays.fill(d.re, 0, mf * nf * L, 0);
        java.util.Arrays.fill(d.im, 0, mf * nf * L, 0);
        double[] hv = h.values;
        double[] xr = x.re, xi = x.im, dr = d.re, di = d.im;
        for (int a = 0; a < h.rows; a++) {
            int k0 = (h.row0 + a) % m;
            int k0m = (m - k0) % m;
            int drow = (k0 % mf) * nf;
            int hb = a * h.cols;
            int b = 0;
            while (b < h.cols) {
                int k1 = (h.col0 + b) % n;
                if (k1 <= half) {
                    // direct half: X[k0, k1], k1 .. min(half, n-1, end)
                    int seg = Math.min(h.cols - b, half + 1 - k1);
                    for (int t = 0; t < seg; t++) {
                        double w = hv[hb + b + t];
                        int so = (k0 * hw + k1 + t) * L, dO = (drow + (k1 + t) % nf) * L;
                        for (int v = 0; v < L; v++) {
                            dr[dO + v] += xr[so + v] * w;
                            di[dO + v] += xi[so + v] * w;
                        }
                    }
                    b += seg;
                } else {
                    // mirrored half: X[k0, k1] = conj X[-k0, n-k1]
                    int seg = Math.min(h.cols - b, n - k1);
                    for (int t = 0; t < seg; t++) {
                        double w = hv[hb + b + t];
                        int so = (k0m * hw + n - k1 - t) * L, dO = (drow + (k1 + t) % nf) * L;
                        for (int v = 0; v < L; v++) {
                            dr[dO + v] += xr[so + v] * w;
                            di[dO + v] -= xi[so + v] * w;
                        }
                    }
                    b += seg;
                }
            }
        }
    }

    static void lowPass2(CpuBuffer64 x, int m, int n, CpuGridFilter64 h, int f, CpuBuffer64 work, int crop,
                         Coefficients out, int first, int valid, int channel, int lanes, GridFft64.Work w) {
        multiplyFold2(x, m, n, h, f, work, lanes);
        int mf = m / f, nf = n / f;
        fftGrid(work, new int[] {mf, nf}, true, lanes, w);
        int width = nf - 2 * crop;
        double[] re = work.re;
        for (int v = 0; v < valid; v++) {
            for (int a = crop; a < mf - crop; a++) {
                int pos = (a - crop) * width - crop;
                for (int b = crop; b < nf - crop; b++) {
                    out.put(first + v, channel, pos + b, re[(a * nf + b) * lanes + v]);
                }
            }
        }
    }

    static void multiplyHarmonic(CpuBuffer64 x, SolidHarmonicBank3D bank, double/*keep*/ scale, int j, int l, int m,
                                 CpuBuffer64 d,
                                 int lanes, double/*keep*/[] rowRe, double/*keep*/[] rowIm) {
        SolidHarmonicBank3D.Key k = bank.key();
        int o = k.o(), L = lanes;
        for (int k0 = 0; k0 < k.m(); k0++) {
            for (int k1 = 0; k1 < k.n(); k1++) {
                bank.row(j, l, m, k0, k1, rowRe, rowIm, 0);
                int base = (k0 * k.n() + k1) * o * L;
                for (int k2 = 0; k2 < o; k2++) {
                    double pr = (double) (scale * rowRe[k2]), pi = (double) (scale * rowIm[k2]);
                    int e = base + k2 * L;
                    for (int v = 0; v < L; v++) {
                        double ar = x.re[e + v], ai = x.im[e + v];
                        d.re[e + v] = ar * pr - ai * pi;
                        d.im[e + v] = ar * pi + ai * pr;
                    }
                }
            }
        }
    }

    static void squaredModulus(CpuBuffer64 y, int n, boolean add, CpuBuffer64 acc, int lanes) {
        int total = n * lanes;
        double[] yr = y.re, yi = y.im, a = acc.re;
        if (add) {
            for (int i = 0; i < total; i++) a[i] += yr[i] * yr[i] + yi[i] * yi[i];
        } else {
            for (int i = 0; i < total; i++) a[i] = yr[i] * yr[i] + yi[i] * yi[i];
        }
    }

    static void sqrtIntegrals(CpuBuffer64 acc, int n, double/*keep*/[] powers, Coefficients out, int first,
                              int valid, int channel, int position, int lanes) {
        int L = lanes, np = powers.length;
        double[] a = acc.re;
        int total = n * L;
        for (int i = 0; i < total; i++) a[i] = (double) Math.sqrt(a[i]);
        java.util.Arrays.fill(acc.im, 0, total, 0);
        for (int v = 0; v < valid; v++) {
            for (int q = 0; q < np; q++) {
                double/*keep*/ p = powers[q];
                // sums in double whatever the precision: a volume has millions of voxels
                double/*keep*/ s = 0;
                if (p == 1) {
                    for (int i = v; i < total; i += L) s += a[i];
                } else if (p == 2) {
                    for (int i = v; i < total; i += L) s += (double/*keep*/) a[i] * a[i];
                } else if (p == 0.5) {
                    for (int i = v; i < total; i += L) s += Math.sqrt(a[i]);
                } else {
                    for (int i = v; i < total; i += L) s += Math.pow(a[i], p);
                }
                out.put(first + v, channel, position + q, s);
            }
        }
    }
}
