package org.scatterstream.engine.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD twins of the hot loops of {@link CpuWorker64}, and the {@link LaneFft64} schedule with explicit SIMD (the incubating Vector API): lanes are the
 * vector elements, so butterflies need no shuffles. Only loaded when {@link VectorSupport} says the
 * module is present; the lane count must be a multiple of {@link #LEN}.
 */
final class VecKernels64 {
    static final VectorSpecies<Double> S = Integer.getInteger("scatterstream.cpu.vectorBits", 512) == 256
            ? DoubleVector.SPECIES_256 : DoubleVector.SPECIES_PREFERRED;
    static final int LEN = S.length();

    private VecKernels64() {}

    static void transform(double[] re, double[] im, double[] sre, double[] sim, FftPlan plan, int lanes, int sign) {
        double[] xr = re, xi = im, yr = sre, yi = sim;
        for (int t = 0; t < plan.radix.length; t++) {
            if (plan.radix[t] == 4) radix4(xr, xi, yr, yi, plan, t, lanes, sign);
            else radix2(xr, xi, yr, yi, plan, t, lanes, sign);
            double[] tmp = xr; xr = yr; yr = tmp;
            tmp = xi; xi = yi; yi = tmp;
        }
        if (xr != re) {
            System.arraycopy(xr, 0, re, 0, plan.n * lanes);
            System.arraycopy(xi, 0, im, 0, plan.n * lanes);
        }
    }

    private static void radix2(double[] xr, double[] xi, double[] yr, double[] yi, FftPlan plan, int t,
                               int lanes, int sign) {
        int m = plan.len[t] >> 1;
        int block = plan.s[t] * lanes;
        double/*keep*/[] cs = plan.cos[t], sn = plan.sin[t];
        for (int p = 0; p < m; p++) {
            DoubleVector wr = DoubleVector.broadcast(S, (double) cs[p]);
            DoubleVector wi = DoubleVector.broadcast(S, (double) (sign * sn[p]));
            int a = p * block, b = (p + m) * block, c = 2 * p * block, d = c + block;
            for (int i = 0; i < block; i += LEN) {
                DoubleVector ar = DoubleVector.fromArray(S, xr, a + i), ai = DoubleVector.fromArray(S, xi, a + i);
                DoubleVector br = DoubleVector.fromArray(S, xr, b + i), bi = DoubleVector.fromArray(S, xi, b + i);
                ar.add(br).intoArray(yr, c + i);
                ai.add(bi).intoArray(yi, c + i);
                DoubleVector dr = ar.sub(br), di = ai.sub(bi);
                dr.mul(wr).sub(di.mul(wi)).intoArray(yr, d + i);
                dr.mul(wi).add(di.mul(wr)).intoArray(yi, d + i);
            }
        }
    }

    private static void radix4(double[] xr, double[] xi, double[] yr, double[] yi, FftPlan plan, int t,
                               int lanes, int sign) {
        int q = plan.len[t] >> 2;
        int block = plan.s[t] * lanes;
        double/*keep*/[] cs = plan.cos[t], sn = plan.sin[t];
        double sg = sign;
        for (int p = 0; p < q; p++) {
            DoubleVector w1r = DoubleVector.broadcast(S, (double) cs[3 * p]);
            DoubleVector w1i = DoubleVector.broadcast(S, (double) (sign * sn[3 * p]));
            DoubleVector w2r = DoubleVector.broadcast(S, (double) cs[3 * p + 1]);
            DoubleVector w2i = DoubleVector.broadcast(S, (double) (sign * sn[3 * p + 1]));
            DoubleVector w3r = DoubleVector.broadcast(S, (double) cs[3 * p + 2]);
            DoubleVector w3i = DoubleVector.broadcast(S, (double) (sign * sn[3 * p + 2]));
            int a0 = p * block, a1 = (p + q) * block, a2 = (p + 2 * q) * block, a3 = (p + 3 * q) * block;
            int c0 = 4 * p * block, c1 = c0 + block, c2 = c1 + block, c3 = c2 + block;
            for (int i = 0; i < block; i += LEN) {
                DoubleVector x0r = DoubleVector.fromArray(S, xr, a0 + i), x0i = DoubleVector.fromArray(S, xi, a0 + i);
                DoubleVector x1r = DoubleVector.fromArray(S, xr, a1 + i), x1i = DoubleVector.fromArray(S, xi, a1 + i);
                DoubleVector x2r = DoubleVector.fromArray(S, xr, a2 + i), x2i = DoubleVector.fromArray(S, xi, a2 + i);
                DoubleVector x3r = DoubleVector.fromArray(S, xr, a3 + i), x3i = DoubleVector.fromArray(S, xi, a3 + i);
                DoubleVector t0r = x0r.add(x2r), t0i = x0i.add(x2i);
                DoubleVector t1r = x0r.sub(x2r), t1i = x0i.sub(x2i);
                DoubleVector t2r = x1r.add(x3r), t2i = x1i.add(x3i);
                DoubleVector t3r = x3i.sub(x1i).mul(sg), t3i = x1r.sub(x3r).mul(sg);   // (x1 - x3) * sign * i
                t0r.add(t2r).intoArray(yr, c0 + i);
                t0i.add(t2i).intoArray(yi, c0 + i);
                DoubleVector u1r = t1r.add(t3r), u1i = t1i.add(t3i);
                u1r.mul(w1r).sub(u1i.mul(w1i)).intoArray(yr, c1 + i);
                u1r.mul(w1i).add(u1i.mul(w1r)).intoArray(yi, c1 + i);
                DoubleVector u2r = t0r.sub(t2r), u2i = t0i.sub(t2i);
                u2r.mul(w2r).sub(u2i.mul(w2i)).intoArray(yr, c2 + i);
                u2r.mul(w2i).add(u2i.mul(w2r)).intoArray(yi, c2 + i);
                DoubleVector u3r = t1r.sub(t3r), u3i = t1i.sub(t3i);
                u3r.mul(w3r).sub(u3i.mul(w3i)).intoArray(yr, c3 + i);
                u3r.mul(w3i).add(u3i.mul(w3r)).intoArray(yi, c3 + i);
            }
        }
    }

    /** Complex modulus of y elements 2e and 2e+1 into packed element e, for e < half. */
    static void modulusPacked(double[] yr, double[] yi, double[] pr, double[] pi, int half, int lanes) {
        int total = half * lanes;
        for (int e = 0; e < total; e += lanes) {
            int a = 2 * e, c = a + lanes;
            for (int v = 0; v < lanes; v += LEN) {
                DoubleVector r0 = DoubleVector.fromArray(S, yr, a + v), i0 = DoubleVector.fromArray(S, yi, a + v);
                DoubleVector r1 = DoubleVector.fromArray(S, yr, c + v), i1 = DoubleVector.fromArray(S, yi, c + v);
                r0.mul(r0).add(i0.mul(i0)).sqrt().intoArray(pr, e + v);
                r1.mul(r1).add(i1.mul(i1)).sqrt().intoArray(pi, e + v);
            }
        }
    }

    /** dst[d..d+count) += src[s..s+count) * w (elements of {@code lanes} values); imaginary sign {@code conj}. */
    static void multiplyAccumulate(double[] dr, double[] di, double[] sr, double[] si, int d, int s,
                                   double[] w, int w0, int count, int lanes, boolean reversed) {
        for (int t = 0; t < count; t++) {
            DoubleVector wv = DoubleVector.broadcast(S, w[w0 + t]);
            int so = (reversed ? s - t : s + t) * lanes, dO = (d + t) * lanes;
            for (int v = 0; v < lanes; v += LEN) {
                DoubleVector xr = DoubleVector.fromArray(S, sr, so + v), xi = DoubleVector.fromArray(S, si, so + v);
                xr.fma(wv, DoubleVector.fromArray(S, dr, dO + v)).intoArray(dr, dO + v);
                DoubleVector acc = DoubleVector.fromArray(S, di, dO + v);
                (reversed ? acc.sub(xi.mul(wv)) : xi.fma(wv, acc)).intoArray(di, dO + v);
            }
        }
    }

    /** {@code sum_i a[ao + i] * b[bo + i]} for i < n: two vector accumulators, scalar tail. */
    static double dot(double[] a, int ao, double[] b, int bo, int n) {
        DoubleVector acc0 = DoubleVector.zero(S), acc1 = DoubleVector.zero(S);
        int i = 0;
        for (; i + 2 * LEN <= n; i += 2 * LEN) {
            acc0 = DoubleVector.fromArray(S, a, ao + i).fma(DoubleVector.fromArray(S, b, bo + i), acc0);
            acc1 = DoubleVector.fromArray(S, a, ao + i + LEN).fma(DoubleVector.fromArray(S, b, bo + i + LEN), acc1);
        }
        double s = acc0.add(acc1).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
        for (; i < n; i++) s += a[ao + i] * b[bo + i];
        return s;
    }

    /**
     * Real-FFT post-processing: X[k] = E + W^k (-i) O from the half-length transform Z, for
     * k = 0..h, with W^k = (cs[k*step], -sn[k*step]).
     */
    static void rfftPost(double[] zr, double[] zi, double[] xr, double[] xi, int h, int lanes,
                         double/*keep*/[] cs, double/*keep*/[] sn, int step) {
        DoubleVector half = DoubleVector.broadcast(S, (double) 0.5);
        for (int k = 0; k <= h; k++) {
            int ka = (k == h ? 0 : k) * lanes;
            int kb = (k == 0 ? 0 : h - k) * lanes;
            DoubleVector wr = DoubleVector.broadcast(S, (double) cs[k * step]);
            DoubleVector wi = DoubleVector.broadcast(S, (double) -sn[k * step]);
            int o = k * lanes;
            for (int v = 0; v < lanes; v += LEN) {
                DoubleVector ar = DoubleVector.fromArray(S, zr, ka + v), ai = DoubleVector.fromArray(S, zi, ka + v);
                DoubleVector br = DoubleVector.fromArray(S, zr, kb + v), bi = DoubleVector.fromArray(S, zi, kb + v).neg();
                DoubleVector er = ar.add(br).mul(half), ei = ai.add(bi).mul(half);
                DoubleVector tr = ai.sub(bi).mul(half), ti = br.sub(ar).mul(half);     // -i * O
                er.add(wr.mul(tr)).sub(wi.mul(ti)).intoArray(xr, o + v);
                ei.add(wr.mul(ti)).add(wi.mul(tr)).intoArray(xi, o + v);
            }
        }
    }
}
