package org.scatterstream.engine.backend.cpu;

import org.scatterstream.engine.backend.Coefficients;
import org.scatterstream.engine.backend.ComputeEngine;
import org.scatterstream.engine.backend.Signals;
import org.scatterstream.engine.backend.Worker;

/**
 * CPU worker in double precision. Lanes are interleaved innermost, so each loop below runs the same
 * arithmetic over {@code lanes} contiguous values (vectorizable). The float twin
 * {@code CpuWorker32} is generated from this file at build time: keep literals and types in the
 * "double" spelling that the generator rewrites.
 */
final class CpuWorker64 implements Worker {
    private final int lanes;
    /**
     * From this length on, the fused in-place transform of {@link #modulusSpectrum} beats the Stockham
     * ping-pong (lane-interleaved buffers no longer fit in cache); measured with bin/scatter bench.
     */
    private static final int FUSED_MIN_LENGTH = Integer.getInteger("scatterstream.cpu.fusedMinLength", 16384);
    /** Explicit SIMD when the Vector API is present and the lanes fill whole vectors. */
    private final boolean simd;
    /** Twiddle table, grown to the largest length seen (tables are shared per size). */
    private Twiddles tw = Twiddles.forSize(2);

    CpuWorker64(int lanes) {
        this.lanes = lanes;
        this.simd = VectorSupport.AVAILABLE && lanes % VecKernels64.LEN == 0;
    }

    @Override
    public int lanes() {
        return lanes;
    }

    @Override
    public Buffer buffer(int complexLength) {
        return new CpuBuffer64(Math.max(1, complexLength), lanes);
    }

    private Twiddles table(int n) {
        if (tw.n < n || tw.n % n != 0) tw = Twiddles.forSize(n);   // any length: the table must be a multiple of it
        return tw;
    }

    private static CpuBuffer64 b(Buffer x) {
        return (CpuBuffer64) x;
    }

    @Override
    public void loadPacked(Signals x, int first, int count, int[] index, Buffer packed) {
        CpuBuffer64 p = b(packed);
        int n = index.length;
        int L = lanes;
        if (n == 1) {
            for (int v = 0; v < L; v++) {
                p.re[v] = v < count ? (double) x.get(first + v, index[0]) : 0;
                p.im[v] = 0;
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            double[] dst = (i & 1) == 0 ? p.re : p.im;
            int o = (i >> 1) * L;
            int src = index[i];
            for (int v = 0; v < count; v++) dst[o + v] = (double) x.get(first + v, src);
            for (int v = count; v < L; v++) dst[o + v] = 0;
        }
    }

    @Override
    public void rfft(Buffer packed, int n, Buffer spectrum, Buffer scratch) {
        CpuBuffer64 p = b(packed), x = b(spectrum), s = b(scratch);
        int L = lanes;
        if (n == 1) {
            System.arraycopy(p.re, 0, x.re, 0, L);
            java.util.Arrays.fill(x.im, 0, L, 0);
            return;
        }
        int h = n >> 1;
        Twiddles tw = table(n);
        fft(p, s, h, -1);
        int step = tw.n / n;
        if (simd) {
            VecKernels64.rfftPost(p.re, p.im, x.re, x.im, h, L, tw.cos, tw.sin, step);
            return;
        }
        int k0 = 0;
        if (fourStep(h) && VecKernels64.LEN % L == 0 && L <= 2) {
            // the four-step transform's lanes: the post-processing as SIMD over k, too
            double[][] w = postTwiddles(n, L);
            k0 = VecKernels64.rfftPostFew(p.re, p.im, x.re, x.im, h, L, w[0], w[1]);
        }
        // X[k] = E + W^k (-i) O with E = (Z[k] + conj Z[h-k]) / 2, O = (Z[k] - conj Z[h-k]) / 2
        for (int k = 0; k <= h; k = k == 0 ? Math.max(1, k0) : k + 1) {
            int ka = (k == h ? 0 : k) * L;
            int kb = (k == 0 ? 0 : h - k) * L;
            double wr = (double) tw.cos[k * step];
            double wi = (double) -tw.sin[k * step];
            int o = k * L;
            for (int v = 0; v < L; v++) {
                double ar = p.re[ka + v], ai = p.im[ka + v];
                double br = p.re[kb + v], bi = -p.im[kb + v];
                double er = (double) 0.5 * (ar + br), ei = (double) 0.5 * (ai + bi);
                double or = (double) 0.5 * (ar - br), oi = (double) 0.5 * (ai - bi);
                // t = -i * O = (oi, -or)
                double tr = oi, ti = -or;
                x.re[o + v] = er + wr * tr - wi * ti;
                x.im[o + v] = ei + wr * ti + wi * tr;
            }
        }
    }

    @Override
    public void multiplyFold(Buffer spectrum, int n, ComputeEngine.Filter filter, int factor, Buffer dst) {
        CpuBuffer64 x = b(spectrum), d = b(dst);
        CpuFilter64 h = (CpuFilter64) filter;
        int L = lanes;
        int m = n / factor;
        java.util.Arrays.fill(d.re, 0, m * L, 0);
        java.util.Arrays.fill(d.im, 0, m * L, 0);
        double[] hv = h.values;
        int len = hv.length, half = n >> 1;
        int i = 0;
        while (i < len) {
            int k = (h.start + i) % n;
            int dk = k % m;
            int seg = Math.min(len - i, m - dk);
            if (simd) {
                seg = Math.min(seg, k <= half ? half + 1 - k : n - k);
                VecKernels64.multiplyAccumulate(d.re, d.im, x.re, x.im, dk, k <= half ? k : n - k, hv, i, seg, L, k > half);
            } else if (k <= half) {
                seg = Math.min(seg, half + 1 - k);
                for (int t = 0; t < seg; t++) {
                    double w = hv[i + t];
                    int so = (k + t) * L, dO = (dk + t) * L;
                    for (int v = 0; v < L; v++) {
                        d.re[dO + v] += x.re[so + v] * w;
                        d.im[dO + v] += x.im[so + v] * w;
                    }
                }
            } else {
                seg = Math.min(seg, n - k);
                for (int t = 0; t < seg; t++) {
                    double w = hv[i + t];
                    int so = (n - k - t) * L, dO = (dk + t) * L;
                    for (int v = 0; v < L; v++) {
                        d.re[dO + v] += x.re[so + v] * w;
                        d.im[dO + v] -= x.im[so + v] * w;
                    }
                }
            }
            i += seg;
        }
    }

    @Override
    public void ifft(Buffer data, int n, Buffer scratch) {
        fft(b(data), b(scratch), n, +1);
    }

    private void fft(CpuBuffer64 x, CpuBuffer64 s, int n, int sign) {
        if (n <= 1) return;
        if (simd) {
            VecKernels64.transform(x.re, x.im, s.re, s.im, FftPlan.forSize(n), lanes, sign);
        } else if (fourStep(n)) {
            fourStep(x, s, n, sign);
        } else {
            LaneFft64.transform(x.re, x.im, s.re, s.im, FftPlan.forSize(n), lanes, sign);
        }
    }

    /** Transforms of lane counts that do not fill vectors run as four-step FFTs on SIMD lanes from this length on. */
    private static final int FOUR_STEP_MIN = 1024;

    /**
     * Whether a transform of length n whose lanes do not fill vectors runs as
     * {@link #fourStep(CpuBuffer64, CpuBuffer64, int, int)}.
     */
    static boolean fourStep(int n) {
        if (!VectorSupport.AVAILABLE || n < FOUR_STEP_MIN || Integer.bitCount(n) != 1) return false;
        int len = VecKernels64.LEN;
        return n % ((long) len * len) == 0;
    }

    private static final java.util.concurrent.ConcurrentHashMap<Long, double[][]> POST_TWIDDLES =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** {@code W_n^k = (cos, -sin)(2 pi k / n)} for k = 0..n/2, each repeated for L lanes. */
    private static double[][] postTwiddles(int n, int lanes) {
        return POST_TWIDDLES.computeIfAbsent(((long) n << 8) | lanes, key -> {
            Twiddles tw = Twiddles.forSize(n);
            int h = n >> 1;
            double[] c = new double[(h + 1) * lanes], sn = new double[(h + 1) * lanes];
            for (int k = 0; k <= h; k++) {
                for (int v = 0; v < lanes; v++) {
                    c[k * lanes + v] = (double) tw.cos[k];
                    sn[k * lanes + v] = (double) -tw.sin[k];
                }
            }
            return new double[][] {c, sn};
        });
    }

    private static final java.util.concurrent.ConcurrentHashMap<Integer, double/*keep*/[][]> FOUR_STEP_TWIDDLES =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** cos and sin of {@code 2 pi k1 t2 / n} at {@code [k1 n2 + t2]}, computed directly in double, shared per size. */
    private static double/*keep*/[][] fourStepTwiddles(int n, int n1, int n2) {
        return FOUR_STEP_TWIDDLES.computeIfAbsent(n, key -> {
            double/*keep*/[] c = new double/*keep*/[n], sn = new double/*keep*/[n];
            for (int k1 = 0; k1 < n1; k1++) {
                for (int t2 = 0; t2 < n2; t2++) {
                    int e = (int) ((long) k1 * t2 % n);
                    double/*keep*/ a = 2 * Math.PI * e / n;
                    c[k1 * n2 + t2] = 4L * e == n || 4L * e == 3L * n ? 0 : 2L * e == n ? -1 : e == 0 ? 1 : Math.cos(a);
                    sn[k1 * n2 + t2] = e == 0 || 2L * e == n ? 0 : 4L * e == n ? 1 : 4L * e == 3L * n ? -1 : Math.sin(a);
                }
            }
            return new double/*keep*/[][] {c, sn};
        });
    }

    /**
     * A transform of length {@code n = n1 n2} (both multiples of the vector length) over L lanes that
     * do not fill vectors, as SIMD lane transforms: with {@code t = n2 t1 + t2}, the input viewed as
     * n1 elements of n2 L lanes is transformed over t1 (lane FFT), multiplied by {@code W_n^(t2 k1)}
     * while transposed to n2 elements of n1 L lanes, and transformed over t2; the result
     * {@code X[k1 + n1 k2]} lands at element {@code k2 n1 + k1}, i.e. in natural order. Without this
     * such lanes (the 1- or 2-lane input blocks of the continuous transform) run the scalar kernels.
     */
    private void fourStep(CpuBuffer64 x, CpuBuffer64 s, int n, int sign) {
        int len = VecKernels64.LEN;
        int n2 = len;
        while ((long) n2 * n2 < n) n2 <<= 1;
        int n1 = n / n2;
        int L = lanes;
        VecKernels64.transform(x.re, x.im, s.re, s.im, FftPlan.forSize(n1), n2 * L, sign);
        double/*keep*/[][] w = fourStepTwiddles(n, n1, n2);
        double/*keep*/[] wcos = w[0], wsin = w[1];
        double[] xr = x.re, xi = x.im, sr = s.re, si = s.im;
        for (int k1 = 0, e = 0; k1 < n1; k1++) {
            int row = k1 * n2 * L;
            for (int t2 = 0; t2 < n2; t2++, e++) {
                double wr = (double) wcos[e], wi = (double) (sign * wsin[e]);
                int a = row + t2 * L, d = (t2 * n1 + k1) * L;
                for (int v = 0; v < L; v++) {
                    double ar = xr[a + v], ai = xi[a + v];
                    sr[d + v] = ar * wr - ai * wi;
                    si[d + v] = ar * wi + ai * wr;
                }
            }
        }
        VecKernels64.transform(sr, si, xr, xi, FftPlan.forSize(n2), n1 * L, sign);
        System.arraycopy(sr, 0, xr, 0, n * L);
        System.arraycopy(si, 0, xi, 0, n * L);
    }

    /**
     * With SIMD: inverse DIF transform (bit-reversed output), modulus packed in bit-reversed order,
     * forward DIT transform (natural output), real-FFT post-processing: no permutation pass, in place,
     * cache-oblivious.
     */
    @Override
    public void modulusSpectrum(Buffer data, int n, Buffer scratch, Buffer spectrum) {
        if (!simd || n < FUSED_MIN_LENGTH) {
            Worker.super.modulusSpectrum(data, n, scratch, spectrum);
            return;
        }
        CpuBuffer64 y = b(data), p = b(scratch), x = b(spectrum);
        Twiddles tw = table(n);
        int h = n >> 1;
        VecKernels64.difInverse(y.re, y.im, 0, n, lanes, tw);
        VecKernels64.modulusPackBitReversed(y.re, y.im, p.re, p.im, h, lanes);
        VecKernels64.ditForward(p.re, p.im, 0, h, lanes, tw);
        VecKernels64.rfftPost(p.re, p.im, x.re, x.im, h, lanes, tw.cos, tw.sin, tw.n / n);
    }

    @Override
    public void modulusPacked(Buffer data, int n, Buffer packed) {
        CpuBuffer64 y = b(data), p = b(packed);
        int L = lanes;
        if (n == 1) {
            for (int v = 0; v < L; v++) {
                p.re[v] = (double) Math.sqrt(y.re[v] * y.re[v] + y.im[v] * y.im[v]);
                p.im[v] = 0;
            }
            return;
        }
        if (simd) {
            VecKernels64.modulusPacked(y.re, y.im, p.re, p.im, n >> 1, L);
            return;
        }
        int total = (n >> 1) * L;
        for (int e = 0; e < total; e += L) {
            int a = 2 * e, c = a + L;
            for (int v = 0; v < L; v++) {
                double r0 = y.re[a + v], i0 = y.im[a + v];
                double r1 = y.re[c + v], i1 = y.im[c + v];
                p.re[e + v] = (double) Math.sqrt(r0 * r0 + i0 * i0);
                p.im[e + v] = (double) Math.sqrt(r1 * r1 + i1 * i1);
            }
        }
    }

    @Override
    public void lowPass(Buffer spectrum, int n, ComputeEngine.Filter h, int factor, Buffer work, Buffer scratch,
                        int start, int count, Coefficients out, int first, int valid, int channel) {
        multiplyFold(spectrum, n, h, factor, work);
        int m = n / factor;
        ifft(work, m, scratch);
        double[] re = b(work).re;
        int L = lanes;
        for (int v = 0; v < valid; v++) {
            for (int t = 0; t < count; t++) {
                out.put(first + v, channel, t, re[(start + t) * L + v]);
            }
        }
    }

    @Override
    public void storeDc(Buffer spectrum, Coefficients out, int first, int valid, int channel) {
        double[] re = b(spectrum).re;
        for (int v = 0; v < valid; v++) out.put(first + v, channel, 0, re[v]);
    }

    // ---- 2D/3D grids: see GridOps64 ----------------------------------------------------------------

    /** Grid operations and their scratch memory (allocated on first use). */
    private GridOps64 grid;

    private GridOps64 grid() {
        if (grid == null) grid = new GridOps64(lanes);
        return grid;
    }

    @Override
    public void loadGrid(Signals x, int first, int count, int[][] index, boolean packed, Buffer dst) {
        grid().loadGrid(x, first, count, index, packed, b(dst));
    }

    @Override
    public void rfftGrid(Buffer packed, int[] dims, Buffer spectrum) {
        grid().rfftGrid(b(packed), dims, b(spectrum));
    }

    @Override
    public void realFftGrid(Buffer data, int[] dims) {
        grid().realFftGrid(b(data), dims);
    }

    @Override
    public void fftGrid(Buffer data, int[] dims, boolean inverse) {
        grid().fftGrid(b(data), dims, inverse);
    }

    @Override
    public void waveletModulus2(Buffer spectrum, int m, int n, ComputeEngine.GridFilter h, int factor, Buffer dst) {
        grid().waveletModulus2(b(spectrum), m, n, (CpuGridFilter64) h, factor, b(dst));
    }

    @Override
    public void waveletModulusLowPass2(Buffer spectrum, int m, int n, ComputeEngine.GridFilter h, int factor,
                                       ComputeEngine.GridFilter low, int lowFactor, int crop, Buffer scratch,
                                       Coefficients out, int first, int valid, int channel) {
        if (!grid().separableLowPass2(b(spectrum), m, n, (CpuGridFilter64) h, factor, (CpuGridFilter64) low,
                lowFactor, crop, b(scratch), out, first, channel)) {
            Worker.super.waveletModulusLowPass2(spectrum, m, n, h, factor, low, lowFactor, crop, scratch, out, first,
                    valid, channel);
        }
    }

    @Override
    public void lowPass2(Buffer spectrum, int m, int n, ComputeEngine.GridFilter h, int factor, int crop,
                         Coefficients out, int first, int valid, int channel) {
        grid().lowPass2(b(spectrum), m, n, (CpuGridFilter64) h, factor, crop, out, first, valid, channel);
    }

    @Override
    public void harmonicModulusIntegrals(Buffer spectrum, ComputeEngine.HarmonicFilter h, int j, int l,
                                         boolean allOrders, Buffer dst, boolean keep, double/*keep*/[] powers,
                                         Coefficients out, int first, int valid, int channel, int position) {
        grid().harmonicModulus(b(spectrum), (CpuHarmonicFilter) h, j, l, allOrders, b(dst), keep, powers, out, first,
                valid, channel, position);
    }

    @Override
    public void close() {
        // heap buffers only: nothing to release
    }
}
