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
        if (tw.n < n) tw = Twiddles.forSize(n);
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
        // X[k] = E + W^k (-i) O with E = (Z[k] + conj Z[h-k]) / 2, O = (Z[k] - conj Z[h-k]) / 2
        for (int k = 0; k <= h; k++) {
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
        FftPlan plan = FftPlan.forSize(n);
        if (simd) VecKernels64.transform(x.re, x.im, s.re, s.im, plan, lanes, sign);
        else LaneFft64.transform(x.re, x.im, s.re, s.im, plan, lanes, sign);
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

    /** FFT work areas and a filter line for the grid operations (allocated on first use). */
    private GridFft64.Work gridWork;
    private double/*keep*/[] lineRe = new double/*keep*/[0], lineIm = new double/*keep*/[0];

    private GridFft64.Work gridWork() {
        if (gridWork == null) gridWork = new GridFft64.Work();
        return gridWork;
    }

    @Override
    public void loadGrid(Signals x, int first, int count, int[][] index, boolean packed, Buffer dst) {
        GridOps64.loadGrid(x, first, count, index, packed, b(dst), lanes);
    }

    @Override
    public void rfftGrid(Buffer packed, int[] dims, Buffer spectrum) {
        GridOps64.rfftGrid(b(packed), dims, b(spectrum), lanes, gridWork());
    }

    @Override
    public void fftGrid(Buffer data, int[] dims, boolean inverse) {
        GridOps64.fftGrid(b(data), dims, inverse, lanes, gridWork());
    }

    @Override
    public void multiplyFold2(Buffer spectrum, int m, int n, ComputeEngine.GridFilter h, int factor, Buffer dst) {
        GridOps64.multiplyFold2(b(spectrum), m, n, (CpuGridFilter64) h, factor, b(dst), lanes);
    }

    @Override
    public void lowPass2(Buffer spectrum, int m, int n, ComputeEngine.GridFilter h, int factor, Buffer work,
                         int crop, Coefficients out, int first, int valid, int channel) {
        GridOps64.lowPass2(b(spectrum), m, n, (CpuGridFilter64) h, factor, b(work), crop, out, first, valid,
                channel, lanes, gridWork());
    }

    @Override
    public void multiplyHarmonic(Buffer spectrum, ComputeEngine.HarmonicFilter h, int j, int l, int m, Buffer dst) {
        CpuHarmonicFilter f = (CpuHarmonicFilter) h;
        int o = f.bank.key().o();
        if (lineRe.length < o) {
            lineRe = new double/*keep*/[o];
            lineIm = new double/*keep*/[o];
        }
        GridOps64.multiplyHarmonic(b(spectrum), f.bank, f.scale, j, l, m, b(dst), lanes, lineRe, lineIm);
    }

    @Override
    public void squaredModulus(Buffer data, int n, boolean add, Buffer acc) {
        GridOps64.squaredModulus(b(data), n, add, b(acc), lanes);
    }

    @Override
    public void sqrtIntegrals(Buffer acc, int n, double/*keep*/[] powers, Coefficients out, int first, int valid,
                              int channel, int position) {
        GridOps64.sqrtIntegrals(b(acc), n, powers, out, first, valid, channel, position, lanes);
    }


    @Override
    public void close() {
        // heap buffers only: nothing to release
    }
}
