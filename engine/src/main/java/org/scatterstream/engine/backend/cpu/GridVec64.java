package org.scatterstream.engine.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD twins of the hot loops of {@link GridOps64} (the incubating Vector API). They run along
 * contiguous runs of grid values, so they vectorize whatever the worker's lane count; the scalar
 * code in {@code GridOps64} handles the tails. Only loaded when {@link VectorSupport} says the module
 * is present. The float twin {@code GridVec32} is generated from this file.
 */
final class GridVec64 {
    static final VectorSpecies<Double> S = VecKernels64.S;
    static final int LEN = S.length();
    /** Reverses the elements of a vector. */
    private static final VectorShuffle<Double> REVERSE = VectorShuffle.fromOp(S, i -> LEN - 1 - i);

    private GridVec64() {}

    /**
     * {@code r[o + t] += w * a[s + t]} (conjugated a when {@code conj}) for whole vectors of t < count;
     * returns the count done.
     */
    static int foldLanes(double[] ar, double[] ai, int s, double w, boolean conj, double[] rr, double[] ri, int o,
                         int count) {
        DoubleVector wr = DoubleVector.broadcast(S, w), wi = DoubleVector.broadcast(S, conj ? -w : w);
        int t = 0;
        for (; t <= count - LEN; t += LEN) {
            DoubleVector.fromArray(S, ar, s + t).fma(wr, DoubleVector.fromArray(S, rr, o + t)).intoArray(rr, o + t);
            DoubleVector.fromArray(S, ai, s + t).fma(wi, DoubleVector.fromArray(S, ri, o + t)).intoArray(ri, o + t);
        }
        return t;
    }

    /**
     * {@code d[dOff + t] += x[xOff + t] * w[wOff + t]} (complex d and x, real w), for t < count;
     * returns the count done. The arrays must not be shared with another thread: a tail may read and
     * write back (unchanged) values of d just past count.
     */
    static int mulAddReal(double[] dr, double[] di, int dOff, double[] xr, double[] xi, int xOff,
                          double[] w, int wOff, int count) {
        int t = 0;
        for (; t <= count - LEN; t += LEN) {
            DoubleVector wv = DoubleVector.fromArray(S, w, wOff + t);
            DoubleVector.fromArray(S, xr, xOff + t).fma(wv, DoubleVector.fromArray(S, dr, dOff + t)).intoArray(dr, dOff + t);
            DoubleVector.fromArray(S, xi, xOff + t).fma(wv, DoubleVector.fromArray(S, di, dOff + t)).intoArray(di, dOff + t);
        }
        if (t < count && dOff + t + LEN <= Math.min(dr.length, di.length) && xOff + t + LEN <= Math.min(xr.length, xi.length)
                && wOff + t + LEN <= w.length) {
            // the tail as one whole vector, the lanes past it weighted 0: they write back d unchanged
            // (the filters' rows are short, so tails are a good part of the work)
            DoubleVector wv = DoubleVector.zero(S).blend(DoubleVector.fromArray(S, w, wOff + t), S.indexInRange(t, count));
            DoubleVector.fromArray(S, xr, xOff + t).fma(wv, DoubleVector.fromArray(S, dr, dOff + t)).intoArray(dr, dOff + t);
            DoubleVector.fromArray(S, xi, xOff + t).fma(wv, DoubleVector.fromArray(S, di, dOff + t)).intoArray(di, dOff + t);
            t = count;
        }
        return t;
    }

    /** {@code pr[p + t] = |y[a + t]|, pi[p + t] = |y[b + t]|} for t < count; returns the count done. */
    static int modulusRows(double[] yr, double[] yi, int a, int b, double[] pr, double[] pi, int p, int count) {
        int t = 0;
        for (; t <= count - LEN; t += LEN) {
            DoubleVector r0 = DoubleVector.fromArray(S, yr, a + t), i0 = DoubleVector.fromArray(S, yi, a + t);
            DoubleVector r1 = DoubleVector.fromArray(S, yr, b + t), i1 = DoubleVector.fromArray(S, yi, b + t);
            r0.mul(r0).add(i0.mul(i0)).sqrt().intoArray(pr, p + t);
            r1.mul(r1).add(i1.mul(i1)).sqrt().intoArray(pi, p + t);
        }
        return t;
    }

    /**
     * Splits the row spectra of two real rows packed as one complex row Z (single lane, length n):
     * {@code A[k] = (Z[k] + conj M[n-k]) / 2}, {@code B[k] = (Z[k] - conj M[n-k]) / (2i)}, for
     * {@code k = from .. to-1} (1 <= from, to <= n), where M is the mirror row at {@code zm}: Z itself
     * for 1D rows, the row of the opposite frequency in a 2D plane; returns the first k not done.
     */
    static int unpackRows(double[] zr, double[] zi, int z, int zm, int n, double[] xr, double[] xi, int a, int b,
                          int from, int to) {
        DoubleVector half = DoubleVector.broadcast(S, (double) 0.5);
        int k = from;
        for (; k + LEN <= to; k += LEN) {
            // Z[n-k-LEN+1 .. n-k] reversed is Z[n-k], Z[n-k-1], ...
            int rev = zm + n - k - LEN + 1;
            DoubleVector rr = DoubleVector.fromArray(S, zr, rev).rearrange(REVERSE);
            DoubleVector ri = DoubleVector.fromArray(S, zi, rev).rearrange(REVERSE);
            DoubleVector kr = DoubleVector.fromArray(S, zr, z + k), ki = DoubleVector.fromArray(S, zi, z + k);
            kr.add(rr).mul(half).intoArray(xr, a + k);
            ki.sub(ri).mul(half).intoArray(xi, a + k);
            ki.add(ri).mul(half).intoArray(xr, b + k);
            rr.sub(kr).mul(half).intoArray(xi, b + k);
        }
        return k;
    }

    /**
     * Separates two real rows packed as one complex row, lane by lane (lanes are rows): at bin k,
     * {@code A = (Z[k] + conj Z[n-k]) / 2} to {@code a}, {@code B = (Z[k] - conj Z[n-k]) / (2i)} to
     * {@code b}, for {@code count} lanes starting at z (bin k) and zr (bin n-k); returns the count done.
     */
    static int unpackLanes(double[] zr, double[] zi, int z, int zrev, double[] xr, double[] xi, int a, int b, int count) {
        DoubleVector half = DoubleVector.broadcast(S, (double) 0.5);
        int t = 0;
        for (; t <= count - LEN; t += LEN) {
            DoubleVector kr = DoubleVector.fromArray(S, zr, z + t), ki = DoubleVector.fromArray(S, zi, z + t);
            DoubleVector rr = DoubleVector.fromArray(S, zr, zrev + t), ri = DoubleVector.fromArray(S, zi, zrev + t);
            kr.add(rr).mul(half).intoArray(xr, a + t);
            ki.sub(ri).mul(half).intoArray(xi, a + t);
            ki.add(ri).mul(half).intoArray(xr, b + t);
            rr.sub(kr).mul(half).intoArray(xi, b + t);
        }
        return t;
    }

    /**
     * Hermitian completion of one row (single lane): {@code x[dst + k] = conj(x[src + n - k])} for
     * k = from .. to-1; returns the first k not done.
     */
    static int mirrorRow(double[] xr, double[] xi, int dst, int src, int n, int from, int to) {
        int k = from;
        for (; k + LEN <= to; k += LEN) {
            int rev = src + n - k - LEN + 1;
            DoubleVector.fromArray(S, xr, rev).rearrange(REVERSE).intoArray(xr, dst + k);
            DoubleVector.fromArray(S, xi, rev).rearrange(REVERSE).neg().intoArray(xi, dst + k);
        }
        return k;
    }

    /**
     * Packs lines A (at {@code a}) and B (at {@code b}) as {@code A + i B} to {@code w[o + t]} and,
     * when {@code mo >= 0}, {@code conj(A) + i conj(B)} to {@code w[mo + t]}, for whole vectors of
     * t below both counts; returns the count done.
     */
    static int packPair(double[] re, double[] im, int a, int b, int na, int nb, double[] wr, double[] wi, int o, int mo) {
        int count = Math.min(na, nb), t = 0;
        for (; t <= count - LEN; t += LEN) {
            DoubleVector ar = DoubleVector.fromArray(S, re, a + t), ai = DoubleVector.fromArray(S, im, a + t);
            DoubleVector br = DoubleVector.fromArray(S, re, b + t), bi = DoubleVector.fromArray(S, im, b + t);
            ar.sub(bi).intoArray(wr, o + t);
            ai.add(br).intoArray(wi, o + t);
            if (mo >= 0) {
                ar.add(bi).intoArray(wr, mo + t);
                br.sub(ai).intoArray(wi, mo + t);
            }
        }
        return t;
    }

    /**
     * {@code d[off + t] = x[off + t] * (sr pr + i si pi)[pOff + t]} for t < count; returns the count
     * done.
     */
    static int mulComplex(double[] xr, double[] xi, double[] dr, double[] di, int off, double[] pr, double[] pi,
                          int pOff, double sr, double si, int count) {
        int t = 0;
        for (; t <= count - LEN; t += LEN) {
            DoubleVector ar = DoubleVector.fromArray(S, xr, off + t), ai = DoubleVector.fromArray(S, xi, off + t);
            DoubleVector br = DoubleVector.fromArray(S, pr, pOff + t).mul(sr);
            DoubleVector bi = DoubleVector.fromArray(S, pi, pOff + t).mul(si);
            ar.mul(br).sub(ai.mul(bi)).intoArray(dr, off + t);
            ar.mul(bi).add(ai.mul(br)).intoArray(di, off + t);
        }
        return t;
    }

    /**
     * {@code a[ao + t] = w |y[yo + t]|^2} or {@code a[ao + t] += w |y[yo + t]|^2} for t < count;
     * returns the count done.
     */
    static int squaredModulus(double[] yr, double[] yi, int yo, double[] a, int ao, int count, boolean add, double w) {
        int t = 0;
        for (; t <= count - LEN; t += LEN) {
            DoubleVector r = DoubleVector.fromArray(S, yr, yo + t), i = DoubleVector.fromArray(S, yi, yo + t);
            DoubleVector v = r.mul(r).add(i.mul(i));
            if (w != 1) v = v.mul(w);
            if (add) v = v.add(DoubleVector.fromArray(S, a, ao + t));
            v.intoArray(a, ao + t);
        }
        return t;
    }

    /** +1, -1, +1, ... over the lanes: (-1)^t for a vector starting at an even t. */
    private static final DoubleVector ALTERNATE = DoubleVector.fromArray(S, alternate(), 0);

    private static double[] alternate() {
        double[] a = new double[LEN];
        for (int i = 0; i < LEN; i++) a[i] = (i & 1) == 0 ? 1 : -1;
        return a;
    }

    /**
     * One line of the paired-orders accumulation (see {@code GridOps64.pairSink}):
     * {@code a[base + t] += |z|^2 + |z + d|^2}, {@code z = z[zo + t]},
     * {@code d = s0 q0[r0 + t] + s1 q1[r1 + t] + (-1)^t c2}; returns the count done (a multiple of the
     * vector length).
     */
    static int accumulatePairLine(double[] zr, double[] zi, int zo, double[] a, int base, double[] q0r, double[] q0i,
                                  int r0, double[] q1r, double[] q1i, int r1, double s0, double s1, double c2r,
                                  double c2i, int count) {
        DoubleVector vs0 = DoubleVector.broadcast(S, s0), vs1 = DoubleVector.broadcast(S, s1);
        DoubleVector v2r = ALTERNATE.mul(c2r), v2i = ALTERNATE.mul(c2i);
        int t = 0;
        for (; t <= count - LEN; t += LEN) {
            DoubleVector dr = DoubleVector.fromArray(S, q0r, r0 + t).fma(vs0, DoubleVector.fromArray(S, q1r, r1 + t).fma(vs1, v2r));
            DoubleVector di = DoubleVector.fromArray(S, q0i, r0 + t).fma(vs0, DoubleVector.fromArray(S, q1i, r1 + t).fma(vs1, v2i));
            DoubleVector ur = DoubleVector.fromArray(S, zr, zo + t), ui = DoubleVector.fromArray(S, zi, zo + t);
            DoubleVector vr = ur.add(dr), vi = ui.add(di);
            DoubleVector sum = ur.fma(ur, ui.mul(ui)).add(vr.fma(vr, vi.mul(vi)));
            sum.add(DoubleVector.fromArray(S, a, base + t)).intoArray(a, base + t);
        }
        return t;
    }

    /**
     * {@code r = sqrt(a[ao + t])} for whole vectors of t < count, written to {@code u[uo + t]} when u
     * is not null, and the sums of {@code r}, {@code r^2} and {@code r^(1/2)} added to {@code sums}:
     * lane-wise partial sums reduced at the end, so callers keep counts short (a few hundred) for
     * float sums to stay accurate. Returns the count done.
     */
    static int rootSums(double[] a, int ao, int count, double[] u, int uo, double/*keep*/[] sums) {
        DoubleVector s1 = DoubleVector.zero(S), s2 = DoubleVector.zero(S), sh = DoubleVector.zero(S);
        int t = 0;
        for (; t <= count - LEN; t += LEN) {
            DoubleVector r = DoubleVector.fromArray(S, a, ao + t).sqrt();
            if (u != null) r.intoArray(u, uo + t);
            s1 = s1.add(r);
            s2 = r.fma(r, s2);
            sh = sh.add(r.sqrt());
        }
        sums[0] += s1.reduceLanes(VectorOperators.ADD);
        sums[1] += s2.reduceLanes(VectorOperators.ADD);
        sums[2] += sh.reduceLanes(VectorOperators.ADD);
        return t;
    }

    /** Whether {@link #transposeTile} applies: vectors of 16 lanes (floats in 512-bit registers). */
    static final boolean TILES = LEN == 16;
    /** Lane swaps at distance 8, 4, 2, 1 and the lanes each round takes from the partner vector. */
    private static final VectorShuffle<Double> R8 = VectorShuffle.fromOp(S, i -> i ^ 8), R4 = VectorShuffle.fromOp(S, i -> i ^ 4),
            R2 = VectorShuffle.fromOp(S, i -> i ^ 2), R1 = VectorShuffle.fromOp(S, i -> i ^ 1);
    private static final VectorMask<Double> M8 = VectorMask.fromLong(S, 0xFF00L), M4 = VectorMask.fromLong(S, 0xF0F0L),
            M2 = VectorMask.fromLong(S, 0xCCCCL), M1 = VectorMask.fromLong(S, 0xAAAAL);

    /**
     * Transposes a 16 x 16 tile: {@code dst[dO + c ds + r] = src[so + r ss + c]}, r, c < 16, in
     * registers (four rounds of lane swaps and blends). Only for 16-lane vectors: see {@link #TILES}.
     */
    static void transposeTile(double[] src, int so, int ss, double[] dst, int dO, int ds) {
        DoubleVector v0 = DoubleVector.fromArray(S, src, so);
        DoubleVector v1 = DoubleVector.fromArray(S, src, so + ss);
        DoubleVector v2 = DoubleVector.fromArray(S, src, so + 2 * ss);
        DoubleVector v3 = DoubleVector.fromArray(S, src, so + 3 * ss);
        DoubleVector v4 = DoubleVector.fromArray(S, src, so + 4 * ss);
        DoubleVector v5 = DoubleVector.fromArray(S, src, so + 5 * ss);
        DoubleVector v6 = DoubleVector.fromArray(S, src, so + 6 * ss);
        DoubleVector v7 = DoubleVector.fromArray(S, src, so + 7 * ss);
        DoubleVector v8 = DoubleVector.fromArray(S, src, so + 8 * ss);
        DoubleVector v9 = DoubleVector.fromArray(S, src, so + 9 * ss);
        DoubleVector v10 = DoubleVector.fromArray(S, src, so + 10 * ss);
        DoubleVector v11 = DoubleVector.fromArray(S, src, so + 11 * ss);
        DoubleVector v12 = DoubleVector.fromArray(S, src, so + 12 * ss);
        DoubleVector v13 = DoubleVector.fromArray(S, src, so + 13 * ss);
        DoubleVector v14 = DoubleVector.fromArray(S, src, so + 14 * ss);
        DoubleVector v15 = DoubleVector.fromArray(S, src, so + 15 * ss);
        DoubleVector a, b;
        // stage 8
        a = v0.blend(v8.rearrange(R8), M8); b = v0.rearrange(R8).blend(v8, M8); v0 = a; v8 = b;
        a = v1.blend(v9.rearrange(R8), M8); b = v1.rearrange(R8).blend(v9, M8); v1 = a; v9 = b;
        a = v2.blend(v10.rearrange(R8), M8); b = v2.rearrange(R8).blend(v10, M8); v2 = a; v10 = b;
        a = v3.blend(v11.rearrange(R8), M8); b = v3.rearrange(R8).blend(v11, M8); v3 = a; v11 = b;
        a = v4.blend(v12.rearrange(R8), M8); b = v4.rearrange(R8).blend(v12, M8); v4 = a; v12 = b;
        a = v5.blend(v13.rearrange(R8), M8); b = v5.rearrange(R8).blend(v13, M8); v5 = a; v13 = b;
        a = v6.blend(v14.rearrange(R8), M8); b = v6.rearrange(R8).blend(v14, M8); v6 = a; v14 = b;
        a = v7.blend(v15.rearrange(R8), M8); b = v7.rearrange(R8).blend(v15, M8); v7 = a; v15 = b;
        // stage 4
        a = v0.blend(v4.rearrange(R4), M4); b = v0.rearrange(R4).blend(v4, M4); v0 = a; v4 = b;
        a = v1.blend(v5.rearrange(R4), M4); b = v1.rearrange(R4).blend(v5, M4); v1 = a; v5 = b;
        a = v2.blend(v6.rearrange(R4), M4); b = v2.rearrange(R4).blend(v6, M4); v2 = a; v6 = b;
        a = v3.blend(v7.rearrange(R4), M4); b = v3.rearrange(R4).blend(v7, M4); v3 = a; v7 = b;
        a = v8.blend(v12.rearrange(R4), M4); b = v8.rearrange(R4).blend(v12, M4); v8 = a; v12 = b;
        a = v9.blend(v13.rearrange(R4), M4); b = v9.rearrange(R4).blend(v13, M4); v9 = a; v13 = b;
        a = v10.blend(v14.rearrange(R4), M4); b = v10.rearrange(R4).blend(v14, M4); v10 = a; v14 = b;
        a = v11.blend(v15.rearrange(R4), M4); b = v11.rearrange(R4).blend(v15, M4); v11 = a; v15 = b;
        // stage 2
        a = v0.blend(v2.rearrange(R2), M2); b = v0.rearrange(R2).blend(v2, M2); v0 = a; v2 = b;
        a = v1.blend(v3.rearrange(R2), M2); b = v1.rearrange(R2).blend(v3, M2); v1 = a; v3 = b;
        a = v4.blend(v6.rearrange(R2), M2); b = v4.rearrange(R2).blend(v6, M2); v4 = a; v6 = b;
        a = v5.blend(v7.rearrange(R2), M2); b = v5.rearrange(R2).blend(v7, M2); v5 = a; v7 = b;
        a = v8.blend(v10.rearrange(R2), M2); b = v8.rearrange(R2).blend(v10, M2); v8 = a; v10 = b;
        a = v9.blend(v11.rearrange(R2), M2); b = v9.rearrange(R2).blend(v11, M2); v9 = a; v11 = b;
        a = v12.blend(v14.rearrange(R2), M2); b = v12.rearrange(R2).blend(v14, M2); v12 = a; v14 = b;
        a = v13.blend(v15.rearrange(R2), M2); b = v13.rearrange(R2).blend(v15, M2); v13 = a; v15 = b;
        // stage 1
        a = v0.blend(v1.rearrange(R1), M1); b = v0.rearrange(R1).blend(v1, M1); v0 = a; v1 = b;
        a = v2.blend(v3.rearrange(R1), M1); b = v2.rearrange(R1).blend(v3, M1); v2 = a; v3 = b;
        a = v4.blend(v5.rearrange(R1), M1); b = v4.rearrange(R1).blend(v5, M1); v4 = a; v5 = b;
        a = v6.blend(v7.rearrange(R1), M1); b = v6.rearrange(R1).blend(v7, M1); v6 = a; v7 = b;
        a = v8.blend(v9.rearrange(R1), M1); b = v8.rearrange(R1).blend(v9, M1); v8 = a; v9 = b;
        a = v10.blend(v11.rearrange(R1), M1); b = v10.rearrange(R1).blend(v11, M1); v10 = a; v11 = b;
        a = v12.blend(v13.rearrange(R1), M1); b = v12.rearrange(R1).blend(v13, M1); v12 = a; v13 = b;
        a = v14.blend(v15.rearrange(R1), M1); b = v14.rearrange(R1).blend(v15, M1); v14 = a; v15 = b;
        v0.intoArray(dst, dO);
        v1.intoArray(dst, dO + ds);
        v2.intoArray(dst, dO + 2 * ds);
        v3.intoArray(dst, dO + 3 * ds);
        v4.intoArray(dst, dO + 4 * ds);
        v5.intoArray(dst, dO + 5 * ds);
        v6.intoArray(dst, dO + 6 * ds);
        v7.intoArray(dst, dO + 7 * ds);
        v8.intoArray(dst, dO + 8 * ds);
        v9.intoArray(dst, dO + 9 * ds);
        v10.intoArray(dst, dO + 10 * ds);
        v11.intoArray(dst, dO + 11 * ds);
        v12.intoArray(dst, dO + 12 * ds);
        v13.intoArray(dst, dO + 13 * ds);
        v14.intoArray(dst, dO + 14 * ds);
        v15.intoArray(dst, dO + 15 * ds);
    }
}
