package org.scatterstream.engine.backend.cpu;

import org.scatterstream.engine.backend.Coefficients;
import org.scatterstream.engine.backend.Signals;
import org.scatterstream.engine.filters.SolidHarmonicBank3D;

/**
 * The CPU worker's 2D/3D grid operations (see the grid section of
 * {@link org.scatterstream.engine.backend.Worker}) on lane-interleaved split-complex buffers: grid
 * element e, lane v at {@code e * lanes + v}. Hot loops run through {@link GridVec64} when SIMD is
 * available (runs of contiguous values, so a single-lane worker vectorizes too); the scalar loops
 * here are the portable path and handle the tails. The float twin {@code GridOps32} is generated
 * from this file at build time.
 */
final class GridOps64 {
    private static final boolean SIMD = VectorSupport.AVAILABLE;

    private final int lanes;
    private final GridFft64.Work fftWork = new GridFft64.Work();
    private final HarmonicLine line = new HarmonicLine();
    /** Scratch grids, grown to the largest use: a complex work grid and a packed real grid. */
    private CpuBuffer64 y, p;

    GridOps64(int lanes) {
        this.lanes = lanes;
    }

    private CpuBuffer64 y(int elements) {
        if (y == null || y.capacity() < elements) y = new CpuBuffer64(elements, lanes);
        return y;
    }

    private CpuBuffer64 p(int elements) {
        if (p == null || p.capacity() < elements) p = new CpuBuffer64(elements, lanes);
        return p;
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
        int rest = product(dims, 1, d);
        int last = dims[d - 1];
        int L = lanes;
        int[] idx = new int[d];
        int rows = product(dims, 0, d - 1);
        for (int row = 0; row < rows; row++) {
            int base = 0;
            for (int a = 0; a < d - 1; a++) base += index[a][idx[a]];
            int i0 = idx[0];
            // packed: rows 2r and 2r+1 of axis 0 are the real and imaginary parts of row r
            double[] arr = packed && (i0 & 1) == 1 ? dst.im : dst.re;
            int e0 = packed ? ((i0 >> 1) * rest + (row * last - i0 * rest)) : row * last;
            int[] li = index[d - 1];
            for (int i = 0; i < last; i++) {
                int o = (e0 + i) * L;
                int src = base + li[i];
                for (int v = 0; v < count; v++) arr[o + v] = (double) x.get(first + v, src);
                for (int v = count; v < L; v++) arr[o + v] = 0;
                if (!packed) for (int v = 0; v < L; v++) dst.im[o + v] = 0;
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

    static void modulusPackedGrid(CpuBuffer64 y, int[] dims, CpuBuffer64 p, int lanes) {
        int rowLen = product(dims, 1, dims.length) * lanes;
        int pairs = dims[0] / 2;
        for (int r = 0; r < pairs; r++) {
            int a = 2 * r * rowLen, b = a + rowLen, o = r * rowLen;
            int t = SIMD ? GridVec64.modulusRows(y.re, y.im, a, b, p.re, p.im, o, rowLen) : 0;
            for (; t < rowLen; t++) {
                double r0 = y.re[a + t], i0 = y.im[a + t], r1 = y.re[b + t], i1 = y.im[b + t];
                p.re[o + t] = (double) Math.sqrt(r0 * r0 + i0 * i0);
                p.im[o + t] = (double) Math.sqrt(r1 * r1 + i1 * i1);
            }
        }
    }

    /**
     * Full spectrum of a packed real m x n grid: FFT of the packed rows (axis 1), split of each packed
     * row into the spectra of its two real rows, FFT along axis 0 of columns 0..n/2 only, and the
     * other columns from Hermitian symmetry.
     */
    static void rfftGrid(CpuBuffer64 p, int[] dims, CpuBuffer64 x, int lanes, GridFft64.Work w) {
        if (dims.length != 2) throw new IllegalArgumentException("rfftGrid supports 2D grids, got " + dims.length + "D");
        int m = dims[0], n = dims[1], h = m / 2, L = lanes;
        GridFft64.axis(p.re, p.im, h, n, L, -1, w);
        for (int r = 0; r < h; r++) {
            unpackRows(p, r * n * L, r * n * L, n, x, 2 * r * n * L, (2 * r + 1) * n * L, L, n / 2 + 1);
        }
        GridFft64.axis(x.re, x.im, 1, m, n * L, 0, (n / 2 + 1) * L, -1, w);
        for (int k0 = 0; k0 < m; k0++) {
            int src = ((m - k0) % m) * n * L, dst = k0 * n * L;
            if (L == 1) {
                GridFft64.mirrorRow(x.re, x.im, dst, src, n, n / 2 + 1);
                continue;
            }
            for (int k = n / 2 + 1; k < n; k++) {
                int o = dst + k * L, s = src + (n - k) * L;
                for (int v = 0; v < L; v++) {
                    x.re[o + v] = x.re[s + v];
                    x.im[o + v] = -x.im[s + v];
                }
            }
        }
    }

    /**
     * Forward FFT of a real grid held in the real parts (imaginary parts zero). Single-lane 3D grids
     * with an even first axis take half the work on axes 1 and 2: planes 2r and 2r+1 are packed as
     * one complex plane, whose 2D FFT holds both planes' 2D spectra (split by Hermitian symmetry);
     * axis 0 then runs on the whole grid. Other grids take the complex FFT.
     */
    void realFftGrid(CpuBuffer64 b, int[] dims) {
        if (lanes != 1 || dims.length != 3 || (dims[0] & 1) != 0) {
            fftGrid(b, dims, false, lanes, fftWork);
            return;
        }
        int m = dims[0], n = dims[1], o = dims[2], plane = n * o, h = m / 2;
        // only the rows k1 <= n/2 are computed; the others follow from X[-k] = conj X[k]
        int rows = n / 2 + 1;
        // one packed plane at a time, transformed and split while it is in cache
        CpuBuffer64 p = y(plane);
        for (int r = 0; r < h; r++) {
            System.arraycopy(b.re, 2 * r * plane, p.re, 0, plane);
            System.arraycopy(b.re, (2 * r + 1) * plane, p.im, 0, plane);
            GridFft64.axis(p.re, p.im, 1, n, o, -1, fftWork);
            GridFft64.axis(p.re, p.im, n, o, 1, -1, fftWork);
            for (int k1 = 0; k1 < rows; k1++) {
                int z = k1 * o, zm = ((n - k1) % n) * o, a = (2 * r * n + k1) * o;
                unpackRows(p, z, zm, o, b, a, a + plane, 1, o);
            }
        }
        GridFft64.axis(b.re, b.im, 1, m, plane, 0, rows * o, -1, fftWork);
        // X[k0][k1][k2] = conj X[-k0][n - k1][-k2] for k1 > n/2: reversed rows
        double[] re = b.re, im = b.im;
        for (int k0 = 0; k0 < m; k0++) {
            for (int k1 = rows; k1 < n; k1++) {
                int dst = (k0 * n + k1) * o, src = (((m - k0) % m) * n + n - k1) * o;
                re[dst] = re[src];
                im[dst] = -im[src];
                GridFft64.mirrorRow(re, im, dst, src, o, 1);
            }
        }
    }

    /**
     * Spectra A, B (k < to) of the two real lines packed in the transformed line Z at {@code z}, whose
     * Hermitian mirror line (Z itself for rows, the opposite-frequency row of a plane) is at {@code zm}.
     */
    private static void unpackRows(CpuBuffer64 p, int z, int zm, int n, CpuBuffer64 x, int a, int b, int L, int to) {
        int k = 0;
        if (SIMD && L == 1) {
            unpackOne(p, z, zm, n, x, a, b, 0, L);
            k = GridVec64.unpackRows(p.re, p.im, z, zm, n, x.re, x.im, a, b, 1, to);
        }
        for (; k < to; k++) unpackOne(p, z, zm, n, x, a, b, k, L);
    }

    private static void unpackOne(CpuBuffer64 p, int z, int zm, int n, CpuBuffer64 x, int a, int b, int k, int L) {
        int zk = z + k * L, zr = zm + ((n - k) % n) * L;
        for (int v = 0; v < L; v++) {
            double kr = p.re[zk + v], ki = p.im[zk + v], rr = p.re[zr + v], ri = p.im[zr + v];
            // A = (Z[k] + conj M[n-k]) / 2, B = (Z[k] - conj M[n-k]) / (2i)
            x.re[a + k * L + v] = (double) 0.5 * (kr + rr);
            x.im[a + k * L + v] = (double) 0.5 * (ki - ri);
            x.re[b + k * L + v] = (double) 0.5 * (ki + ri);
            x.im[b + k * L + v] = (double) 0.5 * (rr - kr);
        }
    }

    static void multiplyFold2(CpuBuffer64 x, int m, int n, CpuGridFilter64 h, int f, CpuBuffer64 d, int lanes) {
        int L = lanes;
        int mf = m / f, nf = n / f;
        java.util.Arrays.fill(d.re, 0, mf * nf * L, 0);
        java.util.Arrays.fill(d.im, 0, mf * nf * L, 0);
        double[] hv = h.values;
        boolean rowSimd = SIMD && L == 1, laneSimd = SIMD && L % VecKernels64.LEN == 0;
        for (int a = 0; a < h.rows; a++) {
            int k0 = (h.row0 + a) % m;
            int drow = (k0 % mf) * nf, xrow = k0 * n, hb = h.offset[a], cols = h.len[a], c0 = h.start[a];
            int b = 0;
            while (b < cols) {
                int k1 = (c0 + b) % n;
                int d1 = k1 % nf;
                // a run contiguous in the spectrum row, the filter and the folded output
                int seg = Math.min(cols - b, Math.min(n - k1, nf - d1));
                int dOff = drow + d1, xOff = xrow + k1, wOff = hb + b;
                if (laneSimd) {
                    VecKernels64.multiplyAccumulate(d.re, d.im, x.re, x.im, dOff, xOff, hv, wOff, seg, L, false);
                } else {
                    int t = rowSimd ? GridVec64.mulAddReal(d.re, d.im, dOff, x.re, x.im, xOff, hv, wOff, seg) : 0;
                    for (; t < seg; t++) {
                        double wt = hv[wOff + t];
                        int dO = (dOff + t) * L, xO = (xOff + t) * L;
                        for (int v = 0; v < L; v++) {
                            d.re[dO + v] += x.re[xO + v] * wt;
                            d.im[dO + v] += x.im[xO + v] * wt;
                        }
                    }
                }
                b += seg;
            }
        }
    }

    void waveletModulus2(CpuBuffer64 x, int m, int n, CpuGridFilter64 h, int f, CpuBuffer64 dst) {
        int mf = m / f, nf = n / f;
        CpuBuffer64 work = y(mf * nf);
        multiplyFold2(x, m, n, h, f, work, lanes);
        if (lanes == 1) {
            // fused: column inverse FFTs, then per row block inverse FFT + modulus + forward FFT in
            // cache, then the forward column FFTs of the half spectrum with Hermitian completion
            GridFft64.axis(work.re, work.im, 1, mf, nf, 1, fftWork);
            GridFft64.modulusRows(work.re, work.im, mf, nf, dst.re, dst.im, fftWork);
            GridFft64.halfColumnsMirrored(dst.re, dst.im, mf, nf, fftWork);
            return;
        }
        CpuBuffer64 packed = p(mf * nf / 2);
        fftGrid(work, new int[] {mf, nf}, true, lanes, fftWork);
        modulusPackedGrid(work, new int[] {mf, nf}, packed, lanes);
        rfftGrid(packed, new int[] {mf, nf}, dst, lanes, fftWork);
    }

    /**
     * {@link #waveletModulus2} then {@link #lowPass2} without the modulus's full spectrum, when the
     * low-pass is separable and the worker has a single lane: the rows are low-passed and folded in
     * the fused row pass, so only the (n/f)/F/2 + 1 folded columns are transformed along axis 0
     * instead of (n/f)/2 + 1, and the low-pass's inverse transform is a small real one. Returns
     * false, having done nothing, in other cases.
     */
    boolean separableLowPass2(CpuBuffer64 x, int m, int n, CpuGridFilter64 h, int f, CpuGridFilter64 low, int lf,
                              int crop, CpuBuffer64 scratch, Coefficients out, int first, int channel) {
        int mf = m / f, nf = n / f;
        if (lanes != 1 || low.row == null || low.m != mf || low.n != nf) return false;
        CpuBuffer64 work = y(mf * nf);
        multiplyFold2(x, m, n, h, f, work, 1);
        GridFft64.axis(work.re, work.im, 1, mf, nf, 1, fftWork);
        int mq = mf / lf, nq = nf / lf, width = nq / 2 + 1;
        // rows: modulus, forward FFT, row factor of the low-pass, fold; then the folded columns
        GridFft64.modulusRows(work.re, work.im, mf, nf, scratch.re, scratch.im, fftWork, low.row, lf);
        GridFft64.axis(scratch.re, scratch.im, 1, mf, width, -1, fftWork);
        // column factor and fold of axis 0, into the (now free) work grid: mq x width
        double[] col = low.col, sr = scratch.re, si = scratch.im, wr = work.re, wi = work.im;
        java.util.Arrays.fill(wr, 0, mq * width, 0);
        java.util.Arrays.fill(wi, 0, mq * width, 0);
        for (int k0 = 0; k0 < mf; k0++) {
            double c = col[k0];
            int src = k0 * width, dst = (k0 % mq) * width;
            for (int q = 0; q < width; q++) {
                wr[dst + q] += c * sr[src + q];
                wi[dst + q] += c * si[src + q];
            }
        }
        // inverse: columns of the half spectrum, then each row completed (Hermitian) and inverted
        GridFft64.axis(wr, wi, 1, mq, width, 1, fftWork);
        for (int a = 0; a < mq; a++) {
            System.arraycopy(wr, a * width, sr, a * nq, width);
            System.arraycopy(wi, a * width, si, a * nq, width);
            for (int q = width; q < nq; q++) {
                sr[a * nq + q] = sr[a * nq + nq - q];
                si[a * nq + q] = -si[a * nq + nq - q];
            }
        }
        GridFft64.axis(sr, si, mq, nq, 1, 1, fftWork);
        putCropped(sr, mq, nq, 1, crop, out, first, 1, channel);
        return true;
    }

    void lowPass2(CpuBuffer64 x, int m, int n, CpuGridFilter64 h, int f, int crop, Coefficients out, int first,
                  int valid, int channel) {
        int mf = m / f, nf = n / f;
        CpuBuffer64 work = y(mf * nf);
        multiplyFold2(x, m, n, h, f, work, lanes);
        fftGrid(work, new int[] {mf, nf}, true, lanes, fftWork);
        putCropped(work.re, mf, nf, lanes, crop, out, first, valid, channel);
    }

    /** Lanes v < valid of an rows x cols grid, less {@code crop} on every side, to {@code out} row by row. */
    private static void putCropped(double[] re, int rows, int cols, int lanes, int crop, Coefficients out, int first,
                                   int valid, int channel) {
        int width = cols - 2 * crop;
        for (int v = 0; v < valid; v++) {
            for (int a = crop; a < rows - crop; a++) {
                int pos = (a - crop) * width - crop;
                for (int b = crop; b < cols - crop; b++) {
                    out.put(first + v, channel, pos + b, re[(a * cols + b) * lanes + v]);
                }
            }
        }
    }

    void loadGrid(Signals x, int first, int count, int[][] index, boolean packed, CpuBuffer64 dst) {
        loadGrid(x, first, count, index, packed, dst, lanes);
    }

    void rfftGrid(CpuBuffer64 packed, int[] dims, CpuBuffer64 spectrum) {
        rfftGrid(packed, dims, spectrum, lanes, fftWork);
    }

    void fftGrid(CpuBuffer64 data, int[] dims, boolean inverse) {
        fftGrid(data, dims, inverse, lanes, fftWork);
    }

    /** At most this many inverse transforms of one harmonic modulus are held as grids at once. */
    private static final int GROUP = 3;

    /** One inverse transform of a harmonic modulus: psi_{j,l,m}, its weight in the sum, its form. */
    private static final class Term {
        final int m;
        final double weight;
        /** Real output (see {@link #realOutput}): half the planes, and lines paired along axis 0. */
        final boolean real;
        /** For paired orders (see {@link #pairSink}), the filter's Nyquist planes; else null. */
        final NyquistPlanes planes;
        /** Whether each plane k0 of the term's grid was formed (the others are zero). */
        boolean[] live;
        /** Whether the plane k0 = n0/2 holds the anti-Hermitian part's transform q (see {@link #realOutput}). */
        boolean nyquistPlane;

        Term(int m, double weight, boolean real, NyquistPlanes planes) {
            this.m = m;
            this.weight = weight;
            this.real = real;
            this.planes = planes;
        }
    }

    /** Grids of the terms of a group, and the paired orders' Nyquist planes, grown on demand. */
    private final CpuBuffer64[] termGrids = new CpuBuffer64[GROUP];
    private NyquistPlanes[] nyquist = new NyquistPlanes[0];
    /** The block accumulator of {@link #harmonicModulus}: n0 x width values. */
    private final BlockAcc acc = new BlockAcc();

    /**
     * Lines origin .. origin + width - 1 of every plane of an n0 x plane grid: line c of plane k at
     * {@code a[k * width + c - origin]}.
     */
    private static final class BlockAcc {
        double[] a = new double[0];
        int width, origin;
    }

    /**
     * {@code U = sqrt(sum_m |IDFT(X psi_{j,l,m})|^2)} and its integrals {@code sum U^q} for each power
     * q, put to {@code out.put(first + lane, channel, position + i, value)} for lanes < valid; U is
     * written to {@code dst} (zero imaginary parts) only when {@code keep}.
     *
     * <p>Up to {@link #GROUP} inverse transforms are formed plane by plane (see {@link #planePass}),
     * each into its own grid; then one pass along axis 0 transforms block after block of lines of
     * every grid and sums the squared moduli into a block accumulator that stays in cache, where the
     * square root and the integrals are taken at once. So the sum over m never makes a round trip to
     * memory, and U is not stored when nothing reads it.
     */
    void harmonicModulus(CpuBuffer64 x, CpuHarmonicFilter h, int j, int l, boolean allOrders, CpuBuffer64 dst,
                         boolean keep, double/*keep*/[] powers, Coefficients out, int first, int valid, int channel,
                         int position) {
        int[] dims = h.dims();
        int n0 = dims[0], plane = dims[1] * dims[2] * lanes, np = powers.length;
        int[] box = h.box(j, l);
        java.util.List<Term> terms = terms(h, l, allOrders, box);
        int b = GridFft64.axis0Width(n0, plane);
        if (acc.a.length < n0 * b) acc.a = new double[n0 * b];
        acc.width = b;
        double/*keep*/[][] sums = new double/*keep*/[lanes][np];
        for (int g = 0; g < terms.size(); g += GROUP) {
            int end = Math.min(terms.size(), g + GROUP);
            GridFft64.BlockSink[] sinks = new GridFft64.BlockSink[end - g];
            for (int t = g; t < end; t++) {
                Term term = terms.get(t);
                CpuBuffer64 grid = termGrid(t - g, dims[0] * dims[1] * dims[2]);
                planePass(x, h, j, l, term, box, grid);
                sinks[t - g] = term.planes != null ? pairSink(term.planes, (l & 1) == 0 ? 1 : -1, acc)
                        : squaredModulusSink(acc, n0, term.weight, term.nyquistPlane ? grid : null, (n0 / 2) * plane);
            }
            boolean last = end == terms.size();
            for (int c0 = 0; c0 < plane; c0 += b) {
                int cnt = Math.min(b, plane - c0);
                acc.origin = c0;
                for (int k = 0; k < n0; k++) {
                    // earlier groups' sum, kept in dst between groups
                    if (g == 0) java.util.Arrays.fill(acc.a, k * b, k * b + cnt, 0);
                    else System.arraycopy(dst.re, k * plane + c0, acc.a, k * b, cnt);
                }
                for (int t = g; t < end; t++) {
                    Term term = terms.get(t);
                    CpuBuffer64 grid = termGrids[t - g];
                    if (term.real) {
                        GridFft64.axis0RealBlock(grid.re, grid.im, n0, plane, term.live, 1, fftWork, c0, cnt, b, sinks[t - g]);
                    } else {
                        GridFft64.axis0Block(grid.re, grid.im, n0, plane, term.live, 1, fftWork, c0, cnt, b, sinks[t - g]);
                    }
                }
                if (last) {
                    rootSums(n0, plane, c0, cnt, keep ? dst.re : null, powers, sums);
                } else {
                    for (int k = 0; k < n0; k++) System.arraycopy(acc.a, k * b, dst.re, k * plane + c0, cnt);
                }
            }
        }
        for (int v = 0; v < valid; v++) {
            for (int q = 0; q < np; q++) out.put(first + v, channel, position + q, sums[v][q]);
        }
        if (keep) java.util.Arrays.fill(dst.im, 0, n0 * plane, 0);
    }

    /**
     * The inverse transforms whose squared moduli sum to {@code sum_m |x * psi_{j,l,m}|^2}: m = -l..l
     * ({@code allOrders}) or m = -l only; with all orders, l + 1 of them. Inside a {@code box} m and
     * -m give the same modulus (psi_{-m} = (-1)^(m+l) conj(psi_m), X Hermitian; the Nyquist bins that
     * break this symmetry lie outside the box): m > 0 counts twice. Without a box the orders m > 0
     * are paired through their Nyquist planes ({@link #pairSink}), on an even grid with one lane.
     */
    private java.util.List<Term> terms(CpuHarmonicFilter h, int l, boolean allOrders, int[] box) {
        java.util.List<Term> terms = new java.util.ArrayList<>();
        boolean even = h.bank.evenGrid();
        if (box == null && allOrders && l > 0 && lanes == 1 && even) {
            int[] dims = h.dims();
            if (nyquist.length < l) nyquist = java.util.Arrays.copyOf(nyquist, l);
            for (int m = 0; m <= l; m++) {
                if (m == 0) {
                    terms.add(new Term(0, 1, realOutput(h, 0, l), null));
                    continue;
                }
                NyquistPlanes pl = nyquist[m - 1];
                if (pl == null || !pl.fits(dims)) nyquist[m - 1] = pl = new NyquistPlanes(dims[0], dims[1], dims[2]);
                terms.add(new Term(m, 1, false, pl));
            }
            return terms;
        }
        boolean paired = box != null && allOrders;
        int firstM = paired ? 0 : -l, lastM = allOrders ? l : -l;
        for (int m = firstM; m <= lastM; m++) terms.add(new Term(m, paired && m > 0 ? 2 : 1, realOutput(h, m, l), null));
        return terms;
    }

    /**
     * psi_{l,0} is {@code (-i)^l} times a real function even in k1, k2 and of parity l in k0 (the
     * polar axis). For even l, on an even grid, it is real and even in every frequency, Nyquist bins
     * included: the product with the Hermitian X is Hermitian and the output real, so half the
     * planes and, paired, half the lines along axis 0 give it. For odd l it is imaginary and odd,
     * which keeps the product Hermitian except on the plane k0 = n0/2, where the grid holds -pi
     * but not +pi: there the product is anti-Hermitian. The rest transforms to a real r, the plane
     * alone to {@code i (-1)^n0 q(n1, n2)} with q real (its 2D inverse FFT), and
     * {@code |x * psi|^2 = r^2 + q^2} ({@link #squaredModulusSink}).
     */
    private boolean realOutput(CpuHarmonicFilter h, int m, int l) {
        return m == 0 && lanes == 1 && h.bank.evenGrid();
    }

    private CpuBuffer64 termGrid(int i, int elements) {
        if (termGrids[i] == null || termGrids[i].capacity() < elements) termGrids[i] = new CpuBuffer64(elements, lanes);
        return termGrids[i];
    }

    /**
     * The last step of {@link #harmonicModulus} on a block: U = sqrt of the accumulated sum, written
     * to {@code u} (when not null) and added to the integrals of each lane.
     */
    private void rootSums(int n0, int plane, int c0, int cnt, double[] u, double/*keep*/[] powers,
                          double/*keep*/[][] sums) {
        double[] a = acc.a;
        int b = acc.width, L = lanes, np = powers.length;
        boolean standard = true;
        for (double/*keep*/ q : powers) standard &= q == 1 || q == 2 || q == 0.5;
        double/*keep*/[] s3 = new double/*keep*/[3];
        for (int k = 0; k < n0; k++) {
            int ao = k * b, uo = k * plane + c0;
            int t = SIMD && L == 1 && standard ? GridVec64.rootSums(a, ao, cnt, u, uo, s3) : 0;
            for (; t < cnt; t++) {
                double r = (double) Math.sqrt(a[ao + t]);
                if (u != null) u[uo + t] = r;
                double/*keep*/[] s = sums[(c0 + t) % L];
                for (int q = 0; q < np; q++) s[q] += power(r, powers[q]);
            }
        }
        if (SIMD && L == 1 && standard) {
            for (int q = 0; q < np; q++) {
                double/*keep*/ p = powers[q];
                sums[0][q] += p == 1 ? s3[0] : p == 2 ? s3[1] : s3[2];
            }
        }
    }

    /** {@code r^p} in double, the common powers without {@code Math.pow}. */
    private static double/*keep*/ power(double/*keep*/ r, double/*keep*/ p) {
        return p == 1 ? r : p == 2 ? r * r : p == 0.5 ? Math.sqrt(r) : Math.pow(r, p);
    }

    /**
     * The unscaled inverse 3D FFT of {@code X psi_{j,l,m}}, but for its last pass along axis 0: plane by
     * plane, the product and the inverse FFTs along axes 2 and 1 run while the plane is in cache;
     * with a {@code box} (see {@link CpuHarmonicFilter#box}) only the planes and lines inside it are
     * formed and transformed, the rest being zero (and the planes outside marked not live). A real
     * term forms the planes k0 <= n0/2 only; a paired one fills its Nyquist planes and their
     * correction ({@link #pairSink}).
     */
    private void planePass(CpuBuffer64 x, CpuHarmonicFilter h, int j, int l, Term term, int[] box, CpuBuffer64 work) {
        int[] dims = h.dims();
        int n0 = dims[0], n1 = dims[1], n2 = dims[2], L = lanes;
        if (term.live == null || term.live.length != n0) term.live = new boolean[n0];
        int planesUsed = term.real ? n0 / 2 + 1 : n0;
        double[] re = work.re, im = work.im;
        for (int k0 = 0; k0 < n0; k0++) {
            term.live[k0] = k0 < planesUsed && (box == null || inBox(k0, n0, box[0]));
            if (!term.live[k0]) continue;
            multiplyHarmonic(x, h.bank, h.scale, j, l, term.m, k0, work, L, line, term.planes, box);
            if (box == null) {
                GridFft64.axisRange(re, im, k0 * n1, (k0 + 1) * n1, n2, L, 1, fftWork);
            } else {
                // k1 in [0, K1] and [n1 - K1, n1): two runs of lines
                GridFft64.axisRange(re, im, k0 * n1, k0 * n1 + box[1] + 1, n2, L, 1, fftWork);
                GridFft64.axisRange(re, im, k0 * n1 + n1 - box[1], (k0 + 1) * n1, n2, L, 1, fftWork);
            }
            GridFft64.axisRange(re, im, k0, k0 + 1, n1, n2 * L, 1, fftWork);
        }
        if (term.planes != null) nyquistCorrection(x, term.planes, (l & 1) == 0 ? 1 : -1);
        // odd l, real output: the plane k0 = n0/2, when formed (not outside a box), now holds q (see
        // realOutput), kept out of axis 0
        term.nyquistPlane = term.real && (l & 1) == 1 && term.live[n0 / 2];
        if (term.nyquistPlane) term.live[n0 / 2] = false;
    }

    /**
     * A sink adding {@code weight |z|^2} to the block accumulator of n0 planes and, for a real term of
     * odd degree (see {@link #realOutput}), {@code |q|^2} with q the plane at {@code qOff} of
     * {@code q} (null: none).
     */
    private static GridFft64.BlockSink squaredModulusSink(BlockAcc acc, int n0, double weight, CpuBuffer64 q, int qOff) {
        return (zr, zi, b, c0, cnt) -> {
            double[] a = acc.a;
            for (int k = 0; k < n0; k++) {
                int ao = k * acc.width + c0 - acc.origin;
                addSquaredModulus(zr, zi, k * b, a, ao, cnt, weight);
                if (q != null) addSquaredModulus(q.re, q.im, qOff + c0, a, ao, cnt, 1);
            }
        };
    }

    /** {@code a[ao + t] += weight |z[zo + t]|^2} for t < count. */
    private static void addSquaredModulus(double[] zr, double[] zi, int zo, double[] a, int ao, int count, double weight) {
        int t = SIMD ? GridVec64.squaredModulus(zr, zi, zo, a, ao, count, true, weight) : 0;
        for (; t < count; t++) a[ao + t] += weight * (zr[zo + t] * zr[zo + t] + zi[zo + t] * zi[zo + t]);
    }

    /** Whether bin k of an axis of length n is within {@code half} bins of 0 (circularly). */
    static boolean inBox(int k, int n, int half) {
        return k <= half || k >= n - half;
    }

    /** The three Nyquist planes of a solid harmonic filter (k0 = M/2, k1 = N/2, k2 = O/2) and their products. */
    static final class NyquistPlanes {
        final int m, n, o;
        /** Filter values: f0[k1][k2] at k0 = M/2, f1[k0][k2] at k1 = N/2, f2[k0][k1] at k2 = O/2. */
        final double[] f0r, f0i, f1r, f1i, f2r, f2i;
        /** Spectra of the correction on each plane, then their inverse 2D FFTs. */
        final double[] q0r, q0i, q1r, q1i, q2r, q2i;

        NyquistPlanes(int m, int n, int o) {
            this.m = m;
            this.n = n;
            this.o = o;
            f0r = new double[n * o]; f0i = new double[n * o];
            f1r = new double[m * o]; f1i = new double[m * o];
            f2r = new double[m * n]; f2i = new double[m * n];
            q0r = new double[n * o]; q0i = new double[n * o];
            q1r = new double[m * o]; q1i = new double[m * o];
            q2r = new double[m * n]; q2i = new double[m * n];
        }

        boolean fits(int[] dims) {
            return dims[0] == m && dims[1] == n && dims[2] == o;
        }
    }

    /** Spectra of d_m on the three planes (disjoint: each Nyquist bin counted once), inverse-transformed. */
    private void nyquistCorrection(CpuBuffer64 x, NyquistPlanes pl, double s) {
        int m = pl.m, n = pl.n, o = pl.o, hm = m / 2, hn = n / 2, ho = o / 2;
        double[] xr = x.re, xi = x.im;
        for (int k1 = 0; k1 < n; k1++) {
            for (int k2 = 0; k2 < o; k2++) {
                int e = (hm * n + k1) * o + k2, f = k1 * o + k2, g = ((n - k1) % n) * o + (o - k2) % o;
                planeTerm(xr[e], xi[e], pl.f0r, pl.f0i, f, g, s, pl.q0r, pl.q0i);
            }
        }
        for (int k0 = 0; k0 < m; k0++) {
            for (int k2 = 0; k2 < o; k2++) {
                int f = k0 * o + k2;
                if (k0 == hm) { pl.q1r[f] = 0; pl.q1i[f] = 0; continue; }
                int e = (k0 * n + hn) * o + k2, g = ((m - k0) % m) * o + (o - k2) % o;
                planeTerm(xr[e], xi[e], pl.f1r, pl.f1i, f, g, s, pl.q1r, pl.q1i);
            }
        }
        for (int k0 = 0; k0 < m; k0++) {
            for (int k1 = 0; k1 < n; k1++) {
                int f = k0 * n + k1;
                if (k0 == hm || k1 == hn) { pl.q2r[f] = 0; pl.q2i[f] = 0; continue; }
                int e = (k0 * n + k1) * o + ho, g = ((m - k0) % m) * n + (n - k1) % n;
                planeTerm(xr[e], xi[e], pl.f2r, pl.f2i, f, g, s, pl.q2r, pl.q2i);
            }
        }
        inverse2(pl.q0r, pl.q0i, n, o);
        inverse2(pl.q1r, pl.q1i, m, o);
        inverse2(pl.q2r, pl.q2i, m, n);
    }

    /** q[f] = X * (psi[mirror] - s psi[f]). */
    private static void planeTerm(double xr, double xi, double[] fr, double[] fi, int f, int g, double s,
                                  double[] qr, double[] qi) {
        double dr = fr[g] - s * fr[f], di = fi[g] - s * fi[f];
        qr[f] = xr * dr - xi * di;
        qi[f] = xr * di + xi * dr;
    }

    private void inverse2(double[] re, double[] im, int a, int b) {
        GridFft64.axis(re, im, 1, a, b, 1, fftWork);
        GridFft64.axis(re, im, a, b, 1, 1, fftWork);
    }

    /**
     * A sink adding {@code |z|^2 + |z + s d|^2} to the block accumulator (single lane), with
     * {@code d(n0, n1, n2) = (-1)^n0 q0[n1][n2] + (-1)^n1 q1[n0][n2] + (-1)^n2 q2[n0][n1]}: the paired
     * orders m and -m of one inverse FFT. Since psi_{-m} = (-1)^(m+l) conj(psi_m) and X is
     * Hermitian, {@code |IDFT(X psi_{-m})| = |IDFT(X psi_m#)|} with {@code psi_m#[k] = psi_m[-k]},
     * which equals {@code (-1)^l psi_m} except on the Nyquist planes, where the grid holds -pi but not
     * +pi. So {@code |x * psi_{-m}| = |z_m + (-1)^l d_m|}, z_m = IDFT(X psi_m) and d_m the inverse
     * transform of the difference on the three Nyquist planes ({@link #nyquistCorrection}): three
     * cheap 2D transforms.
     */
    private static GridFft64.BlockSink pairSink(NyquistPlanes pl, double s, BlockAcc acc) {
        int m = pl.m, n = pl.n, o = pl.o;
        return (zr, zi, b, c0, cnt) -> {
            double[] a = acc.a;
            for (int n0 = 0; n0 < m; n0++) {
                double s0 = (n0 & 1) == 0 ? s : -s;
                // the block's lines, row (n1) by row: runs that start at even n2 (o is even)
                for (int e = c0, end = c0 + cnt; e < end; ) {
                    int n1 = e / o, n2 = e - n1 * o, run = Math.min(o - n2, end - e);
                    double s1 = (n1 & 1) == 0 ? s : -s;
                    int q2 = n0 * n + n1, base = n0 * acc.width + e - acc.origin, zo = n0 * b + e - c0;
                    int r0 = n1 * o + n2, r1 = n0 * o + n2;
                    double c2r = s * pl.q2r[q2], c2i = s * pl.q2i[q2];
                    int t = SIMD ? GridVec64.accumulatePairLine(zr, zi, zo, a, base, pl.q0r, pl.q0i, r0, pl.q1r, pl.q1i,
                            r1, s0, s1, c2r, c2i, run) : 0;
                    for (; t < run; t++) {
                        double sg2 = ((n2 + t) & 1) == 0 ? 1 : -1;
                        double dr = s0 * pl.q0r[r0 + t] + s1 * pl.q1r[r1 + t] + sg2 * c2r;
                        double di = s0 * pl.q0i[r0 + t] + s1 * pl.q1i[r1 + t] + sg2 * c2i;
                        double ur = zr[zo + t], ui = zi[zo + t];
                        double vr = ur + dr, vi = ui + di;
                        a[base + t] += ur * ur + ui * ui + vr * vr + vi * vi;
                    }
                    e += run;
                }
            }
        };
    }

    /** Filter lines for {@link #multiplyHarmonic}: evaluated in double, stored in the engine's precision. */
    static final class HarmonicLine {
        double/*keep*/[] re = new double/*keep*/[0], im = new double/*keep*/[0];
        /** The line in the engine's precision. */
        double[] pr = new double[0], pi = new double[0];
        /** The plane's lines k1 < n/2, kept for the lines n - k1 (see {@link #multiplyHarmonic}). */
        double[] cr = new double[0], ci = new double[0];
        HarmonicLines lines;

        void ensure(int n, int o, int maxL) {
            if (re.length < o) {
                re = new double/*keep*/[o];
                im = new double/*keep*/[o];
                pr = new double[o];
                pi = new double[o];
            }
            if (cr.length < (n / 2 + 1) * o) {
                cr = new double[(n / 2 + 1) * o];
                ci = new double[(n / 2 + 1) * o];
            }
            if (lines == null) lines = new HarmonicLines(Math.max(maxL, 8));
        }
    }

    /**
     * {@code d = X psi_{j,l,m}} (psi scaled by {@code scale}) on the plane k0, filling that plane's
     * part of the Nyquist {@code planes} when given; with a {@code box} (see
     * {@link CpuHarmonicFilter#box}) the lines whose (k0, k1) lie outside it are set to zero instead.
     * On an even grid the line at -k1 is {@code (-1)^l conj} of the line at k1 (the azimuth changes
     * sign, nothing else), so the filter is evaluated for k1 <= n/2 only.
     */
    static void multiplyHarmonic(CpuBuffer64 x, SolidHarmonicBank3D bank, double/*keep*/ scale, int j, int l, int m,
                                 int k0, CpuBuffer64 d, int lanes, HarmonicLine line, NyquistPlanes planes, int[] box) {
        SolidHarmonicBank3D.Key k = bank.key();
        int n = k.n(), o = k.o(), L = lanes;
        line.ensure(n, o, k.L());
        boolean mirror = bank.evenGrid();
        double s = (l & 1) == 0 ? 1 : -1;
        for (int k1 = 0; k1 < n; k1++) {
            if (box != null && !(inBox(k0, k.m(), box[0]) && inBox(k1, n, box[1]))) {
                int base = (k0 * n + k1) * o * L;
                java.util.Arrays.fill(d.re, base, base + o * L, 0);
                java.util.Arrays.fill(d.im, base, base + o * L, 0);
                continue;
            }
            if (mirror && 2 * k1 > n) {
                // the line at n - k1, kept below, times (-1)^l and conjugated: rows stay in order (the
                // spectrum streams from memory)
                applyLine(x, k, k0, k1, line.cr, line.ci, (n - k1) * o, s, -s, d, L, planes);
                continue;
            }
            line.lines.line(bank, scale, j, l, m, k0, k1, line.re, line.im);
            // in the engine's precision, where the mirror lines will read it
            double[] pr = mirror ? line.cr : line.pr, pi = mirror ? line.ci : line.pi;
            int off = mirror ? k1 * o : 0;
            for (int k2 = 0; k2 < o; k2++) {
                pr[off + k2] = (double) line.re[k2];
                pi[off + k2] = (double) line.im[k2];
            }
            applyLine(x, k, k0, k1, pr, pi, off, 1, 1, d, L, planes);
        }
    }

    /**
     * {@code d = X psi} on line (k0, k1) for the filter line {@code psi = sr pr + i si pi} (values from
     * {@code off} on; sr, si = +-1); the Nyquist planes' share.
     */
    private static void applyLine(CpuBuffer64 x, SolidHarmonicBank3D.Key k, int k0, int k1, double[] pr, double[] pi,
                                  int off, double sr, double si, CpuBuffer64 d, int L, NyquistPlanes planes) {
        int n = k.n(), o = k.o();
        if (planes != null) {
            if (2 * k0 == k.m()) signedLine(pr, pi, off, sr, si, o, planes.f0r, planes.f0i, k1 * o);
            if (2 * k1 == n) signedLine(pr, pi, off, sr, si, o, planes.f1r, planes.f1i, k0 * o);
            planes.f2r[k0 * n + k1] = sr * pr[off + o / 2];
            planes.f2i[k0 * n + k1] = si * pi[off + o / 2];
        }
        int base = (k0 * n + k1) * o * L;
        int t = SIMD && L == 1 ? GridVec64.mulComplex(x.re, x.im, d.re, d.im, base, pr, pi, off, sr, si, o) : 0;
        for (; t < o; t++) {
            double fr = sr * pr[off + t], fi = si * pi[off + t];
            int e = base + t * L;
            for (int v = 0; v < L; v++) {
                double ar = x.re[e + v], ai = x.im[e + v];
                d.re[e + v] = ar * fr - ai * fi;
                d.im[e + v] = ar * fi + ai * fr;
            }
        }
    }

    private static void signedLine(double[] pr, double[] pi, int off, double sr, double si, int o, double[] fr,
                                   double[] fi, int to) {
        for (int t = 0; t < o; t++) {
            fr[to + t] = sr * pr[off + t];
            fi[to + t] = si * pi[off + t];
        }
    }
}
