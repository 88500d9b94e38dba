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

    // ---- in-place, cache-oblivious radix-2^2 transforms with bit-reversed order in between -----
    //
    // difInverse: natural order in, bit-reversed order out. ditForward: bit-reversed order in,
    // natural order out. Chained through a pointwise step (the modulus) they need no permutation
    // pass, and their depth-first recursion keeps each sub-transform in cache.

    /**
     * Blocks up to this many elements are finished stage by stage (all blocks of a stage in one
     * loop); larger ones recurse depth first so that each sub-transform stays in cache.
     */
    static final int IN_CACHE = Integer.getInteger("scatterstream.cpu.inCacheLength", 256);

    /** Inverse DIF (sign +1) of [off, off+len), natural order in, bit-reversed out. */
    static void difInverse(double[] re, double[] im, int off, int len, int lanes, Twiddles tw) {
        if (len <= IN_CACHE) {
            for (int l = len; l > 1; l = (Integer.numberOfTrailingZeros(l) & 1) == 1 ? l >> 1 : l >> 2) {
                difStage(re, im, off, len, l, lanes, tw);
            }
            return;
        }
        difStage(re, im, off, len, len, lanes, tw);
        if ((Integer.numberOfTrailingZeros(len) & 1) == 1) {
            int h = len >> 1;
            difInverse(re, im, off, h, lanes, tw);
            difInverse(re, im, off + h, h, lanes, tw);
        } else {
            int q = len >> 2;
            for (int k = 0; k < 4; k++) difInverse(re, im, off + k * q, q, lanes, tw);
        }
    }

    /** Forward DIT (sign -1) of [off, off+len), bit-reversed order in, natural out. */
    static void ditForward(double[] re, double[] im, int off, int len, int lanes, Twiddles tw) {
        if (len <= IN_CACHE) {
            // stage sizes in the reverse order of difInverse's: the radix-2 stage (odd log2) last
            int lg = Integer.numberOfTrailingZeros(len);
            for (int e = 2; e <= lg - (lg & 1); e += 2) ditStage(re, im, off, len, 1 << e, lanes, tw);
            if ((lg & 1) == 1) ditStage(re, im, off, len, len, lanes, tw);
            return;
        }
        if ((Integer.numberOfTrailingZeros(len) & 1) == 1) {
            int h = len >> 1;
            ditForward(re, im, off, h, lanes, tw);
            ditForward(re, im, off + h, h, lanes, tw);
        } else {
            int q = len >> 2;
            for (int k = 0; k < 4; k++) ditForward(re, im, off + k * q, q, lanes, tw);
        }
        ditStage(re, im, off, len, len, lanes, tw);
    }

    /** One DIF stage (radix 2 if log2 l is odd, else radix 2^2) on every block of length l in [off, off+len). */
    private static void difStage(double[] re, double[] im, int off, int len, int l, int lanes, Twiddles tw) {
        int step = tw.n / l;
        if ((Integer.numberOfTrailingZeros(l) & 1) == 1) {
            int h = l >> 1;
            for (int j = 0; j < h; j++) {
                DoubleVector wr = DoubleVector.broadcast(S, (double) tw.cos[j * step]);
                DoubleVector wi = DoubleVector.broadcast(S, (double) tw.sin[j * step]);
                for (int blk = off; blk < off + len; blk += l) {
                    int a = (blk + j) * lanes, b = (blk + j + h) * lanes;
                    for (int v = 0; v < lanes; v += LEN) {
                        DoubleVector ar = DoubleVector.fromArray(S, re, a + v), ai = DoubleVector.fromArray(S, im, a + v);
                        DoubleVector br = DoubleVector.fromArray(S, re, b + v), bi = DoubleVector.fromArray(S, im, b + v);
                        ar.add(br).intoArray(re, a + v);
                        ai.add(bi).intoArray(im, a + v);
                        DoubleVector dr = ar.sub(br), di = ai.sub(bi);
                        dr.mul(wr).sub(di.mul(wi)).intoArray(re, b + v);
                        dr.mul(wi).add(di.mul(wr)).intoArray(im, b + v);
                    }
                }
            }
            return;
        }
        int q = l >> 2;
        for (int j = 0; j < q; j++) {
            DoubleVector w1r = DoubleVector.broadcast(S, (double) tw.cos[j * step]);     // W_l^j (inverse: +sin)
            DoubleVector w1i = DoubleVector.broadcast(S, (double) tw.sin[j * step]);
            DoubleVector w2r = DoubleVector.broadcast(S, (double) tw.cos[2 * j * step]); // W_2q^j = W_l^2j
            DoubleVector w2i = DoubleVector.broadcast(S, (double) tw.sin[2 * j * step]);
            for (int blk = off; blk < off + len; blk += l) {
                int a0 = (blk + j) * lanes, a1 = a0 + q * lanes, a2 = a1 + q * lanes, a3 = a2 + q * lanes;
                for (int v = 0; v < lanes; v += LEN) {
                    DoubleVector x0r = DoubleVector.fromArray(S, re, a0 + v), x0i = DoubleVector.fromArray(S, im, a0 + v);
                    DoubleVector x1r = DoubleVector.fromArray(S, re, a1 + v), x1i = DoubleVector.fromArray(S, im, a1 + v);
                    DoubleVector x2r = DoubleVector.fromArray(S, re, a2 + v), x2i = DoubleVector.fromArray(S, im, a2 + v);
                    DoubleVector x3r = DoubleVector.fromArray(S, re, a3 + v), x3i = DoubleVector.fromArray(S, im, a3 + v);
                    // stage 1 (half 2q): b0 = x0 + x2, b2 = (x0 - x2) W^j, b1 = x1 + x3, b3 = (x1 - x3) i W^j
                    DoubleVector b0r = x0r.add(x2r), b0i = x0i.add(x2i);
                    DoubleVector b1r = x1r.add(x3r), b1i = x1i.add(x3i);
                    DoubleVector d0r = x0r.sub(x2r), d0i = x0i.sub(x2i);
                    DoubleVector d1r = x3i.sub(x1i), d1i = x1r.sub(x3r);          // (x1 - x3) * i
                    DoubleVector b2r = d0r.mul(w1r).sub(d0i.mul(w1i)), b2i = d0r.mul(w1i).add(d0i.mul(w1r));
                    DoubleVector b3r = d1r.mul(w1r).sub(d1i.mul(w1i)), b3i = d1r.mul(w1i).add(d1i.mul(w1r));
                    // stage 2 (half q): c0 = b0 + b1, c1 = (b0 - b1) W2, c2 = b2 + b3, c3 = (b2 - b3) W2
                    b0r.add(b1r).intoArray(re, a0 + v);
                    b0i.add(b1i).intoArray(im, a0 + v);
                    DoubleVector e0r = b0r.sub(b1r), e0i = b0i.sub(b1i);
                    e0r.mul(w2r).sub(e0i.mul(w2i)).intoArray(re, a1 + v);
                    e0r.mul(w2i).add(e0i.mul(w2r)).intoArray(im, a1 + v);
                    b2r.add(b3r).intoArray(re, a2 + v);
                    b2i.add(b3i).intoArray(im, a2 + v);
                    DoubleVector e1r = b2r.sub(b3r), e1i = b2i.sub(b3i);
                    e1r.mul(w2r).sub(e1i.mul(w2i)).intoArray(re, a3 + v);
                    e1r.mul(w2i).add(e1i.mul(w2r)).intoArray(im, a3 + v);
                }
            }
        }
    }

    /** One DIT stage (radix 2 if log2 l is odd, else radix 2^2) on every block of length l in [off, off+len). */
    private static void ditStage(double[] re, double[] im, int off, int len, int l, int lanes, Twiddles tw) {
        int step = tw.n / l;
        if ((Integer.numberOfTrailingZeros(l) & 1) == 1) {
            int h = l >> 1;
            for (int j = 0; j < h; j++) {
                DoubleVector wr = DoubleVector.broadcast(S, (double) tw.cos[j * step]);
                DoubleVector wi = DoubleVector.broadcast(S, (double) -tw.sin[j * step]);
                for (int blk = off; blk < off + len; blk += l) {
                    int a = (blk + j) * lanes, b = (blk + j + h) * lanes;
                    for (int v = 0; v < lanes; v += LEN) {
                        DoubleVector ar = DoubleVector.fromArray(S, re, a + v), ai = DoubleVector.fromArray(S, im, a + v);
                        DoubleVector br = DoubleVector.fromArray(S, re, b + v), bi = DoubleVector.fromArray(S, im, b + v);
                        DoubleVector tr = br.mul(wr).sub(bi.mul(wi)), ti = br.mul(wi).add(bi.mul(wr));
                        ar.add(tr).intoArray(re, a + v);
                        ai.add(ti).intoArray(im, a + v);
                        ar.sub(tr).intoArray(re, b + v);
                        ai.sub(ti).intoArray(im, b + v);
                    }
                }
            }
            return;
        }
        int q = l >> 2;
        for (int j = 0; j < q; j++) {
            DoubleVector w1r = DoubleVector.broadcast(S, (double) tw.cos[j * step]);      // W_l^j (forward: -sin)
            DoubleVector w1i = DoubleVector.broadcast(S, (double) -tw.sin[j * step]);
            DoubleVector w2r = DoubleVector.broadcast(S, (double) tw.cos[2 * j * step]);  // W_2q^j
            DoubleVector w2i = DoubleVector.broadcast(S, (double) -tw.sin[2 * j * step]);
            for (int blk = off; blk < off + len; blk += l) {
                int a0 = (blk + j) * lanes, a1 = a0 + q * lanes, a2 = a1 + q * lanes, a3 = a2 + q * lanes;
                for (int v = 0; v < lanes; v += LEN) {
                    DoubleVector x0r = DoubleVector.fromArray(S, re, a0 + v), x0i = DoubleVector.fromArray(S, im, a0 + v);
                    DoubleVector x1r = DoubleVector.fromArray(S, re, a1 + v), x1i = DoubleVector.fromArray(S, im, a1 + v);
                    DoubleVector x2r = DoubleVector.fromArray(S, re, a2 + v), x2i = DoubleVector.fromArray(S, im, a2 + v);
                    DoubleVector x3r = DoubleVector.fromArray(S, re, a3 + v), x3i = DoubleVector.fromArray(S, im, a3 + v);
                    // level 1: E = (x0 + W2 x1, x0 - W2 x1), O = (x2 + W2 x3, x2 - W2 x3)
                    DoubleVector tr = x1r.mul(w2r).sub(x1i.mul(w2i)), ti = x1r.mul(w2i).add(x1i.mul(w2r));
                    DoubleVector e0r = x0r.add(tr), e0i = x0i.add(ti), e1r = x0r.sub(tr), e1i = x0i.sub(ti);
                    DoubleVector ur = x3r.mul(w2r).sub(x3i.mul(w2i)), ui = x3r.mul(w2i).add(x3i.mul(w2r));
                    DoubleVector o0r = x2r.add(ur), o0i = x2i.add(ui), o1r = x2r.sub(ur), o1i = x2i.sub(ui);
                    // level 2: X[j] = E0 + W o0, X[j+2q] = E0 - W o0, X[j+q] = E1 + (-i) W o1, X[j+3q] = E1 - (-i) W o1
                    DoubleVector v0r = o0r.mul(w1r).sub(o0i.mul(w1i)), v0i = o0r.mul(w1i).add(o0i.mul(w1r));
                    DoubleVector p1r = o1r.mul(w1r).sub(o1i.mul(w1i)), p1i = o1r.mul(w1i).add(o1i.mul(w1r));
                    DoubleVector v1r = p1i, v1i = p1r.neg();                          // * (-i)
                    e0r.add(v0r).intoArray(re, a0 + v);
                    e0i.add(v0i).intoArray(im, a0 + v);
                    e0r.sub(v0r).intoArray(re, a2 + v);
                    e0i.sub(v0i).intoArray(im, a2 + v);
                    e1r.add(v1r).intoArray(re, a1 + v);
                    e1i.add(v1i).intoArray(im, a1 + v);
                    e1r.sub(v1r).intoArray(re, a3 + v);
                    e1i.sub(v1i).intoArray(im, a3 + v);
                }
            }
        }
    }

    /** Packs moduli of a bit-reversed sequence of length 2h: P[i] = (|y[i]|, |y[i+h]|), bit-reversed. */
    static void modulusPackBitReversed(double[] yr, double[] yi, double[] pr, double[] pi, int h, int lanes) {
        int total = h * lanes, shift = h * lanes;
        for (int e = 0; e < total; e += LEN) {
            DoubleVector r0 = DoubleVector.fromArray(S, yr, e), i0 = DoubleVector.fromArray(S, yi, e);
            DoubleVector r1 = DoubleVector.fromArray(S, yr, e + shift), i1 = DoubleVector.fromArray(S, yi, e + shift);
            r0.mul(r0).add(i0.mul(i0)).sqrt().intoArray(pr, e);
            r1.mul(r1).add(i1.mul(i1)).sqrt().intoArray(pi, e);
        }
    }
}
