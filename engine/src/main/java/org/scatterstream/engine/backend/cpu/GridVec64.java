package org.scatterstream.engine.backend.cpu;

import jdk.incubator.vector.DoubleVector;
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

    /** {@code d[dOff + t] += x[xOff + t] * w[wOff + t]} (complex d and x, real w), for t < count. */
    static int mulAddReal(double[] dr, double[] di, int dOff, double[] xr, double[] xi, int xOff,
                          double[] w, int wOff, int count) {
        int t = 0;
        for (; t <= count - LEN; t += LEN) {
            DoubleVector wv = DoubleVector.fromArray(S, w, wOff + t);
            DoubleVector.fromArray(S, xr, xOff + t).fma(wv, DoubleVector.fromArray(S, dr, dOff + t)).intoArray(dr, dOff + t);
            DoubleVector.fromArray(S, xi, xOff + t).fma(wv, DoubleVector.fromArray(S, di, dOff + t)).intoArray(di, dOff + t);
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

    /** {@code d[off + t] = x[off + t] * (pr + i pi)[pOff + t]} for t < count; returns the count done. */
    static int mulComplex(double[] xr, double[] xi, double[] dr, double[] di, int off, double[] pr, double[] pi,
                          int pOff, int count) {
        int t = 0;
        for (; t <= count - LEN; t += LEN) {
            DoubleVector ar = DoubleVector.fromArray(S, xr, off + t), ai = DoubleVector.fromArray(S, xi, off + t);
            DoubleVector br = DoubleVector.fromArray(S, pr, pOff + t), bi = DoubleVector.fromArray(S, pi, pOff + t);
            ar.mul(br).sub(ai.mul(bi)).intoArray(dr, off + t);
            ar.mul(bi).add(ai.mul(br)).intoArray(di, off + t);
        }
        return t;
    }

    /** {@code a[t] = w |y[t]|^2} or {@code a[t] += w |y[t]|^2} for t < count; returns the count done. */
    static int squaredModulus(double[] yr, double[] yi, double[] a, int count, boolean add, double w) {
        int t = 0;
        for (; t <= count - LEN; t += LEN) {
            DoubleVector r = DoubleVector.fromArray(S, yr, t), i = DoubleVector.fromArray(S, yi, t);
            DoubleVector v = r.mul(r).add(i.mul(i));
            if (w != 1) v = v.mul(w);
            if (add) v = v.add(DoubleVector.fromArray(S, a, t));
            v.intoArray(a, t);
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
     * One line of the paired-orders accumulation (see {@code GridOps64.accumulatePair}):
     * {@code a[base + t] += |z|^2 + |z + d|^2}, {@code d = s0 q0[r0 + t] + s1 q1[r1 + t] + (-1)^t c2};
     * returns the count done (a multiple of the vector length).
     */
    static int accumulatePairLine(double[] zr, double[] zi, double[] a, int base, double[] q0r, double[] q0i, int r0,
                                  double[] q1r, double[] q1i, int r1, double s0, double s1, double c2r, double c2i,
                                  int count) {
        DoubleVector vs0 = DoubleVector.broadcast(S, s0), vs1 = DoubleVector.broadcast(S, s1);
        DoubleVector v2r = ALTERNATE.mul(c2r), v2i = ALTERNATE.mul(c2i);
        int t = 0;
        for (; t <= count - LEN; t += LEN) {
            DoubleVector dr = DoubleVector.fromArray(S, q0r, r0 + t).fma(vs0, DoubleVector.fromArray(S, q1r, r1 + t).fma(vs1, v2r));
            DoubleVector di = DoubleVector.fromArray(S, q0i, r0 + t).fma(vs0, DoubleVector.fromArray(S, q1i, r1 + t).fma(vs1, v2i));
            DoubleVector ur = DoubleVector.fromArray(S, zr, base + t), ui = DoubleVector.fromArray(S, zi, base + t);
            DoubleVector vr = ur.add(dr), vi = ui.add(di);
            DoubleVector sum = ur.fma(ur, ui.mul(ui)).add(vr.fma(vr, vi.mul(vi)));
            sum.add(DoubleVector.fromArray(S, a, base + t)).intoArray(a, base + t);
        }
        return t;
    }

    /**
     * Adds the sums of {@code a^1}, {@code a^2} and {@code a^(1/2)} over [from, to) (a multiple of
     * the vector length) to {@code sums}: lane-wise partial sums reduced at the end, so callers keep
     * ranges short for float sums to stay accurate.
     */
    static void powerSums(double[] a, int from, int to, double/*keep*/[] sums) {
        DoubleVector s1 = DoubleVector.zero(S), s2 = DoubleVector.zero(S), sh = DoubleVector.zero(S);
        for (int t = from; t < to; t += LEN) {
            DoubleVector u = DoubleVector.fromArray(S, a, t);
            s1 = s1.add(u);
            s2 = u.fma(u, s2);
            sh = sh.add(u.sqrt());
        }
        sums[0] += s1.reduceLanes(VectorOperators.ADD);
        sums[1] += s2.reduceLanes(VectorOperators.ADD);
        sums[2] += sh.reduceLanes(VectorOperators.ADD);
    }
}
