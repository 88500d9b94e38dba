package org.scatterstream.engine.backend.cpu;

/**
 * FFTs along any axis of a multi-dimensional grid, in the workers' split-complex, lane-interleaved
 * layout (grid element e, lane v at {@code e * lanes + v}).
 *
 * <p>One pass transforms all lines along one axis. Lines are gathered in blocks of B into a small
 * work area (element k of line t at {@code k * B + t}) and transformed there by the workers' Stockham
 * FFT ({@link FftPlan}; {@link VecKernels64} when SIMD is available, {@link LaneFft64} otherwise)
 * with the B lines as its lanes, then scattered back. The work area stays in cache whatever the
 * grid's size and whichever axis is transformed, and the butterflies are vectorized across lines
 * even when the worker itself has a single lane.
 *
 * <p>The float twin {@code GridFft32} is generated from this file at build time.
 */
final class GridFft64 {
    /** Target work-area size in complex elements per buffer (two buffers of re+im stay in L2). */
    private static final int WORK_ELEMENTS = 12288;
    /**
     * The target for passes whose lines cross a grid far larger than the cache (axis 0 of a 3D grid,
     * its lines one element per plane): longer runs per plane gathered. Measured on 128^3 against
     * the in-cache target: about 10% less time for the whole 3D transform.
     */
    private static final int STREAM_WORK_ELEMENTS = 2 * WORK_ELEMENTS;
    /** Grids of more elements than this (n times the line stride) take the streaming target. */
    private static final int STREAM_GRID = 1 << 20;

    /** Per-worker work areas (grown on demand, reused across calls). */
    static final class Work {
        double[] ar = new double[0], ai = new double[0], br = new double[0], bi = new double[0];
        /** Packed rows of the fused row pass. */
        double[] cr = new double[0], ci = new double[0];

        void ensure(int elements) {
            if (ar.length < elements) {
                ar = new double[elements];
                ai = new double[elements];
                br = new double[elements];
                bi = new double[elements];
            }
        }

        void ensurePacked(int elements) {
            if (cr.length < elements) {
                cr = new double[elements];
                ci = new double[elements];
            }
        }
    }

    private GridFft64() {}

    /**
     * Transforms every line along one axis of a grid, in place: the grid is {@code outer} blocks of
     * {@code n} elements spaced {@code inner} apart (inner counts lanes too), i.e. element k of line
     * (o, c) is at {@code (o * n + k) * inner + c}. Unscaled; sign -1 forward, +1 inverse.
     */
    static void axis(double[] re, double[] im, int outer, int n, int inner, int sign, Work w) {
        axis(re, im, outer, n, inner, 0, inner, sign, w);
    }

    /** As {@link #axis(double[], double[], int, int, int, int, Work)}, for the blocks o0 <= o < o1 only. */
    static void axisRange(double[] re, double[] im, int o0, int o1, int n, int inner, int sign, Work w) {
        // block o0 starts n * inner elements per block in: an offset to the line index c
        if (o1 > o0) axis(re, im, o1 - o0, n, inner, o0 * n * inner, inner, sign, w);
    }

    /** As {@link #axis(double[], double[], int, int, int, int, Work)}, for the lines c0 <= c < c0 + width only. */
    static void axis(double[] re, double[] im, int outer, int n, int inner, int c0, int width, int sign, Work w) {
        if (n == 1) return;
        FftPlan plan = FftPlan.forSize(n);
        int lines = outer * width;
        boolean simd = VectorSupport.AVAILABLE;
        int unit = simd ? VecKernels64.LEN : 1;
        // B lines per block: an odd multiple of the vector length. Even multiples put the radix-r
        // butterflies' r input streams a multiple of 4 KiB apart, which thrashes the L1 sets for
        // r > 8 (measured 3x slower on 272 = 16 * 17 with B = 64 floats).
        int b = blockWidth(n, lines, unit, 1, (long) n * inner > STREAM_GRID ? STREAM_WORK_ELEMENTS : WORK_ELEMENTS);
        w.ensure(n * b);
        // lines strided in the grid, vectorized as they lie: the first and last stages read and write
        // the grid directly where they can (a radix 2 first, a radix 4 last), which saves the work
        // area a round trip through the cache each
        boolean fuse = simd && !(inner == 1 && width == 1);
        boolean first2 = plan.radix[0] == 2, last4 = VecKernels64.lastRadix4(plan);
        for (int t0 = 0; t0 < lines; t0 += b) {
            int cnt = Math.min(b, lines - t0), o = t0 / width;
            if (fuse && cnt == b && (t0 + cnt - 1) / width == o && (first2 || last4)) {
                int src = o * n * inner + c0 + t0 - o * width, from = 0, to = plan.radix.length;
                double[] xr = w.ar, xi = w.ai, yr = w.br, yi = w.bi;
                if (first2) {
                    VecKernels64.radix2Gather(re, im, src, inner, null, yr, yi, plan, b, sign);
                    xr = w.br; xi = w.bi; yr = w.ar; yi = w.ai;
                    from = 1;
                } else {
                    gather(re, im, xr, xi, n, inner, c0, width, t0, cnt, b);
                }
                if (last4) to--;
                if (VecKernels64.stages(xr, xi, yr, yi, plan, b, sign, from, to)) {
                    xr = yr;
                    xi = yi;
                }
                if (last4) VecKernels64.radix4Scatter(xr, xi, plan, b, sign, re, im, src, inner);
                else scatter(xr, xi, re, im, n, inner, c0, width, t0, cnt, b);
                continue;
            }
            gather(re, im, w.ar, w.ai, n, inner, c0, width, t0, cnt, b);
            if (simd) VecKernels64.transform(w.ar, w.ai, w.br, w.bi, plan, b, sign);
            else LaneFft64.transform(w.ar, w.ai, w.br, w.bi, plan, b, sign);
            scatter(w.ar, w.ai, re, im, n, inner, c0, width, t0, cnt, b);
        }
    }

    /** Receives blocks of lines transformed by {@link #axis0Into}. */
    @FunctionalInterface
    interface BlockSink {
        /** Lines c0 .. c0+cnt-1 are transformed: element k of line c0 + t is at {@code k * b + t} of wr, wi. */
        void accept(double[] wr, double[] wi, int b, int c0, int cnt);
    }

    /**
     * Lines per block of the axis-0 passes ({@link #axis0Block}, {@link #axis0RealBlock}) over n
     * planes of {@code plane} lines: a multiple of two vectors, since the real pass pairs lines.
     */
    static int axis0Width(int n, int plane) {
        int unit = VectorSupport.AVAILABLE ? 2 * VecKernels64.LEN : 2;
        return blockWidth(n, plane, unit, 1, STREAM_WORK_ELEMENTS);
    }

    /**
     * Transforms every line along axis 0 of a grid of n planes of {@code plane} values each (element
     * k of line c at {@code k * plane + c}), reading the planes k with {@code !live[k]} as zero, and
     * hands each transformed block of lines to the sink instead of writing it back: a consumer of
     * the transform (a squared modulus, say) then needs no pass of its own over the grid.
     */
    static void axis0Into(double[] re, double[] im, int n, int plane, boolean[] live, int sign, Work w, BlockSink sink) {
        int b = axis0Width(n, plane);
        for (int c0 = 0; c0 < plane; c0 += b) axis0Block(re, im, n, plane, live, sign, w, c0, Math.min(b, plane - c0), b, sink);
    }

    /** {@link #axis0Into} for the lines c0 .. c0+cnt-1 only, in a block of b lanes (b from {@link #axis0Width}). */
    static void axis0Block(double[] re, double[] im, int n, int plane, boolean[] live, int sign, Work w, int c0, int cnt,
                           int b, BlockSink sink) {
        FftPlan plan = FftPlan.forSize(n);
        w.ensure(n * b);
        if (VectorSupport.AVAILABLE && plan.radix[0] == 2 && cnt == b) {
            VecKernels64.radix2Gather(re, im, c0, plane, live, w.br, w.bi, plan, b, sign);
            boolean inA = VecKernels64.stages(w.br, w.bi, w.ar, w.ai, plan, b, sign, 1);
            sink.accept(inA ? w.ar : w.br, inA ? w.ai : w.bi, b, c0, cnt);
            return;
        }
        for (int k = 0; k < n; k++) {
            if (live[k]) {
                System.arraycopy(re, k * plane + c0, w.ar, k * b, cnt);
                System.arraycopy(im, k * plane + c0, w.ai, k * b, cnt);
            } else {
                java.util.Arrays.fill(w.ar, k * b, k * b + cnt, 0);
                java.util.Arrays.fill(w.ai, k * b, k * b + cnt, 0);
            }
        }
        transform(w.ar, w.ai, w.br, w.bi, plan, b, sign);
        sink.accept(w.ar, w.ai, b, c0, cnt);
    }

    /**
     * {@link #axis0Into} for a grid whose 3D spectrum was Hermitian, so that plane n - k holds the
     * conjugate of plane k and every line along axis 0 transforms to a real line: only the planes
     * k <= n/2 are read (those with {@code !live[k]} as zero), and the lines of a block are paired,
     * lane t holding {@code A + i B} (A, B: lines c0 + t and c0 + b/2 + t, completed above n/2 by
     * symmetry), so one complex transform yields two real lines, A as its real part and B as its
     * imaginary part. The sink receives them as two blocks of real lines (zero imaginary parts) of
     * stride b/2. n must be even.
     */
    static void axis0RealInto(double[] re, double[] im, int n, int plane, boolean[] live, int sign, Work w,
                              BlockSink sink) {
        int b = axis0Width(n, plane);
        for (int c0 = 0; c0 < plane; c0 += b) {
            axis0RealBlock(re, im, n, plane, live, sign, w, c0, Math.min(b, plane - c0), b, sink);
        }
    }

    /** {@link #axis0RealInto} for the lines c0 .. c0+cnt-1 only, in a block of b lanes (b from {@link #axis0Width}). */
    static void axis0RealBlock(double[] re, double[] im, int n, int plane, boolean[] live, int sign, Work w, int c0,
                               int cnt, int b, BlockSink sink) {
        FftPlan plan = FftPlan.forSize(n);
        int h = b / 2, half = n / 2, na = Math.min(h, cnt), nb = cnt - na;
        w.ensure(n * b);
        w.ensurePacked(n * b);
        java.util.Arrays.fill(w.ci, 0, n * h, 0);
        boolean simd = VectorSupport.AVAILABLE;
        for (int k = 0; k <= half; k++) {
            int o = k * h, mo = (n - k) * h;
            boolean mirror = k > 0 && k < half;
            if (!live[k]) {
                java.util.Arrays.fill(w.ar, o, o + h, 0);
                java.util.Arrays.fill(w.ai, o, o + h, 0);
                if (mirror) {
                    java.util.Arrays.fill(w.ar, mo, mo + h, 0);
                    java.util.Arrays.fill(w.ai, mo, mo + h, 0);
                }
                continue;
            }
            int a = k * plane + c0, bb = a + h;
            int t = simd ? GridVec64.packPair(re, im, a, bb, na, nb, w.ar, w.ai, o, mirror ? mo : -1) : 0;
            for (; t < h; t++) {
                double ar = t < na ? re[a + t] : 0, ai = t < na ? im[a + t] : 0;
                double br = t < nb ? re[bb + t] : 0, bi = t < nb ? im[bb + t] : 0;
                // A + i B, and above n/2 conj(A) + i conj(B)
                w.ar[o + t] = ar - bi;
                w.ai[o + t] = ai + br;
                if (mirror) {
                    w.ar[mo + t] = ar + bi;
                    w.ai[mo + t] = br - ai;
                }
            }
        }
        transform(w.ar, w.ai, w.br, w.bi, plan, h, sign);
        // the real lines A in w.ar, B in w.ai; the sink reads zero imaginary parts from w.ci
        sink.accept(w.ar, w.ci, h, c0, na);
        if (nb > 0) sink.accept(w.ai, w.ci, h, c0 + h, nb);
    }

    /**
     * Lines per block for transforms of length n (a multiple of {@code unit}, an odd number of units
     * unless n is a power of two), spread evenly over the blocks so that the last one is not mostly
     * padding.
     */
    private static int blockWidth(int n, int lines, int unit) {
        return blockWidth(n, lines, unit, 1, WORK_ELEMENTS);
    }

    private static int blockWidth(int n, int lines, int unit, int minUnits) {
        return blockWidth(n, lines, unit, minUnits, WORK_ELEMENTS);
    }

    private static int blockWidth(int n, int lines, int unit, int minUnits, int work) {
        int k = Math.max(minUnits, Math.round((float) work / n / unit));
        if ((k & 1) == 0) k++;
        int units = (lines + unit - 1) / unit, blocks = (units + k - 1) / k;
        if (blocks == 1) return units * unit;
        // as few blocks as k units allow, then as few units per block as that many blocks need
        int even = Math.max(minUnits, (units + blocks - 1) / blocks);
        // the odd rule matters for odd radices only (see axis): powers of two may take an even count
        if ((even & 1) == 0 && Integer.bitCount(n) != 1) even++;
        return Math.min(k, even) * unit;
    }

    private static void transform(double[] re, double[] im, double[] sr, double[] si, FftPlan plan, int lanes, int sign) {
        if (VectorSupport.AVAILABLE && lanes % VecKernels64.LEN == 0) VecKernels64.transform(re, im, sr, si, plan, lanes, sign);
        else LaneFft64.transform(re, im, sr, si, plan, lanes, sign);
    }

    /**
     * The row half of a fused 2D wavelet-modulus step on a single-lane m x n grid z (columns already
     * inverse-transformed): for each row, the inverse FFT, the modulus, and the forward FFT of that
     * real row, whose bins 0..n/2 are written to the same row of x. Blocks of B rows are gathered
     * once; rows u and u + B/2 of a block are packed as one complex row for the forward FFT and
     * separated afterwards, so the real rows cost half a complex FFT and nothing goes back to memory
     * in between.
     */
    static void modulusRows(double[] zr, double[] zi, int m, int n, double[] xr, double[] xi, Work w) {
        modulusRows(zr, zi, m, n, xr, xi, w, null, 1);
    }

    /**
     * As {@link #modulusRows(double[], double[], int, int, double[], double[], Work)}, with the row
     * spectra then multiplied by the even real row filter {@code rowFilter} (length n) and folded by
     * {@code fold}: row u of x (width {@code n / fold / 2 + 1}) gets
     * {@code R[q] = sum_p A[q + p nq] rowFilter[q + p nq]}, nq = n / fold, for q <= nq / 2; with Hermitian
     * rows that is the half spectrum of the row low-pass subsampled by fold. A null filter writes
     * the unfolded half spectra (width n).
     */
    static void modulusRows(double[] zr, double[] zi, int m, int n, double[] xr, double[] xi, Work w,
                            double[] rowFilter, int fold) {
        FftPlan plan = FftPlan.forSize(n);
        int unit = VectorSupport.AVAILABLE ? 2 * VecKernels64.LEN : 2;
        // at least three units: the inverse FFT runs on B lanes, and B = 2 vectors is a power of two
        int b = blockWidth(n, m, unit, 3), h = b / 2;
        w.ensure(n * b);
        w.ensurePacked(Math.max(n * h, (n / fold / 2 + 1) * b));
        boolean simd = VectorSupport.AVAILABLE;
        int half = n / 2;
        for (int r0 = 0; r0 < m; r0 += b) {
            int cnt = Math.min(b, m - r0);
            gather(zr, zi, w.ar, w.ai, n, 1, 0, 1, r0, cnt, b);
            if (cnt < b) {
                // unused lanes share packed rows with used ones: they must hold zeros, not stale data
                for (int k = 0; k < n; k++) {
                    java.util.Arrays.fill(w.ar, k * b + cnt, (k + 1) * b, 0);
                    java.util.Arrays.fill(w.ai, k * b + cnt, (k + 1) * b, 0);
                }
            }
            transform(w.ar, w.ai, w.br, w.bi, plan, b, 1);
            for (int k = 0; k < n; k++) {
                int a = k * b, p = k * h;
                int t = simd ? GridVec64.modulusRows(w.ar, w.ai, a, a + h, w.cr, w.ci, p, h) : 0;
                for (; t < h; t++) {
                    double r0r = w.ar[a + t], r0i = w.ai[a + t], r1r = w.ar[a + h + t], r1i = w.ai[a + h + t];
                    w.cr[p + t] = (double) Math.sqrt(r0r * r0r + r0i * r0i);
                    w.ci[p + t] = (double) Math.sqrt(r1r * r1r + r1i * r1i);
                }
            }
            transform(w.cr, w.ci, w.br, w.bi, plan, h, -1);
            for (int k = 0; k <= half; k++) {
                int zk = k * h, zr2 = ((n - k) % n) * h, o = k * b;
                int t = simd ? GridVec64.unpackLanes(w.cr, w.ci, zk, zr2, w.ar, w.ai, o, o + h, h) : 0;
                for (; t < h; t++) {
                    double kr = w.cr[zk + t], ki = w.ci[zk + t], rr = w.cr[zr2 + t], ri = w.ci[zr2 + t];
                    // row u: (Z[k] + conj Z[n-k]) / 2; row u + B/2: (Z[k] - conj Z[n-k]) / (2i)
                    w.ar[o + t] = (double) 0.5 * (kr + rr);
                    w.ai[o + t] = (double) 0.5 * (ki - ri);
                    w.ar[o + h + t] = (double) 0.5 * (ki + ri);
                    w.ai[o + h + t] = (double) 0.5 * (rr - kr);
                }
            }
            // rows out: half spectra (row stride n), or their folded low-pass (stride = width)
            double[] sr = w.ar, si = w.ai;
            int width = half + 1, stride = n;
            if (rowFilter != null) {
                foldRows(w.ar, w.ai, b, n, rowFilter, fold, w.cr, w.ci);
                sr = w.cr;
                si = w.ci;
                width = n / fold / 2 + 1;
                stride = width;
            }
            transpose(sr, 0, b, xr, r0 * stride, stride, width, cnt);
            transpose(si, 0, b, xi, r0 * stride, stride, width, cnt);
        }
    }

    /**
     * {@code R[q] = sum_p A[q + p nq] a[q + p nq]} for q <= nq / 2 (nq = n / fold) on B lanes of half
     * spectra {@code A[k]} (k <= n/2, at {@code k * b + t}) of real rows, reading
     * {@code A[k] = conj A[n - k]} above n/2; R goes to {@code rr, ri} in the same layout.
     */
    private static void foldRows(double[] ar, double[] ai, int b, int n, double[] a, int fold, double[] rr,
                                 double[] ri) {
        int nq = n / fold, width = nq / 2 + 1, half = n / 2;
        java.util.Arrays.fill(rr, 0, width * b, 0);
        java.util.Arrays.fill(ri, 0, width * b, 0);
        boolean simd = VectorSupport.AVAILABLE;
        for (int q = 0; q < width; q++) {
            int o = q * b;
            for (int p = 0; p < fold; p++) {
                int k = q + p * nq;
                double wt = a[k];
                boolean mirrored = k > half;
                int s = (mirrored ? n - k : k) * b;
                int t = simd ? GridVec64.foldLanes(ar, ai, s, wt, mirrored, rr, ri, o, b) : 0;
                double sign = mirrored ? -1 : 1;
                for (; t < b; t++) {
                    rr[o + t] += wt * ar[s + t];
                    ri[o + t] += sign * wt * ai[s + t];
                }
            }
        }
    }

    /**
     * Forward FFT along axis 0 of columns 0..n/2 of a single-lane m x n grid whose rows hold the
     * half spectra of real rows, completing columns n/2+1..n-1 from Hermitian symmetry
     * {@code X[k0][n - k1] = conj X[-k0][k1]}, row by row once the columns are done.
     */
    static void halfColumnsMirrored(double[] re, double[] im, int m, int n, Work w) {
        FftPlan plan = FftPlan.forSize(m);
        int cols = n / 2 + 1;
        int unit = VectorSupport.AVAILABLE ? VecKernels64.LEN : 1;
        int b = blockWidth(m, cols, unit);
        w.ensure(m * b);
        for (int c0 = 0; c0 < cols; c0 += b) {
            int cnt = Math.min(b, cols - c0);
            gather(re, im, w.ar, w.ai, m, n, 0, n, c0, cnt, b);
            transform(w.ar, w.ai, w.br, w.bi, plan, b, -1);
            scatter(w.ar, w.ai, re, im, m, n, 0, n, c0, cnt, b);
        }
        // row by row: X[k0][k1] = conj X[-k0][n - k1] for k1 > n/2, reversed runs of the half spectrum
        for (int k0 = 0; k0 < m; k0++) mirrorRow(re, im, k0 * n, ((m - k0) % m) * n, n, cols);
    }

    /**
     * Hermitian completion of one single-lane row of length n: {@code x[dst + k] = conj x[src + n - k]}
     * for k = from .. n-1 (from >= 1), as reversed vector runs where SIMD is available.
     */
    static void mirrorRow(double[] re, double[] im, int dst, int src, int n, int from) {
        int k = VectorSupport.AVAILABLE ? GridVec64.mirrorRow(re, im, dst, src, n, from, n) : from;
        for (; k < n; k++) {
            re[dst + k] = re[src + n - k];
            im[dst + k] = -im[src + n - k];
        }
    }

    /**
     * {@code dst[dOff + c ds + r] = src[sOff + r ss + c]} for r < rows, c < cols: 16 x 16 tiles in
     * registers where the vectors have 16 lanes ({@link GridVec64#TILES}), element by element for the
     * rest.
     */
    private static void transpose(double[] src, int sOff, int ss, double[] dst, int dOff, int ds, int rows, int cols) {
        int tr = 0, tc = 0;
        if (VectorSupport.AVAILABLE && GridVec64.TILES) {
            tr = rows & ~15;
            tc = cols & ~15;
            for (int r = 0; r < tr; r += 16) {
                for (int c = 0; c < tc; c += 16) GridVec64.transposeTile(src, sOff + r * ss + c, ss, dst, dOff + c * ds + r, ds);
            }
        }
        for (int r = 0; r < rows; r++) {
            for (int c = r < tr ? tc : 0; c < cols; c++) dst[dOff + c * ds + r] = src[sOff + r * ss + c];
        }
    }

    private static void gather(double[] re, double[] im, double[] dr, double[] di, int n, int inner, int c0,
                               int width, int t0, int cnt, int b) {
        if (inner == 1 && width == 1) {
            // contiguous lines: line t0 + u, element k to work element k of lane u
            transpose(re, c0 + t0 * n, n, dr, 0, b, cnt, n);
            transpose(im, c0 + t0 * n, n, di, 0, b, cnt, n);
            return;
        }
        int t = t0, end = t0 + cnt;
        while (t < end) {
            int o = t / width, c = t - o * width;
            int run = Math.min(end - t, width - c);
            int src = o * n * inner + c0 + c, dst = t - t0;
            if (run >= 16) {
                for (int k = 0; k < n; k++) {
                    System.arraycopy(re, src + k * inner, dr, dst + k * b, run);
                    System.arraycopy(im, src + k * inner, di, dst + k * b, run);
                }
            } else {
                for (int u = 0; u < run; u++) {
                    int sp = src + u, dp = dst + u;
                    for (int k = 0; k < n; k++) {
                        dr[dp + k * b] = re[sp + k * inner];
                        di[dp + k * b] = im[sp + k * inner];
                    }
                }
            }
            t += run;
        }
    }

    private static void scatter(double[] sr, double[] si, double[] re, double[] im, int n, int inner, int c0,
                                int width, int t0, int cnt, int b) {
        if (inner == 1 && width == 1) {
            transpose(sr, 0, b, re, c0 + t0 * n, n, n, cnt);
            transpose(si, 0, b, im, c0 + t0 * n, n, n, cnt);
            return;
        }
        int t = t0, end = t0 + cnt;
        while (t < end) {
            int o = t / width, c = t - o * width;
            int run = Math.min(end - t, width - c);
            int dst = o * n * inner + c0 + c, src = t - t0;
            if (run >= 16) {
                for (int k = 0; k < n; k++) {
                    System.arraycopy(sr, src + k * b, re, dst + k * inner, run);
                    System.arraycopy(si, src + k * b, im, dst + k * inner, run);
                }
            } else {
                for (int u = 0; u < run; u++) {
                    int sp = src + u, dp = dst + u;
                    for (int k = 0; k < n; k++) {
                        re[dp + k * inner] = sr[sp + k * b];
                        im[dp + k * inner] = si[sp + k * b];
                    }
                }
            }
            t += run;
        }
    }
}
