package org.scatterstream.engine.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorShuffle;
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
        if (stages(re, im, sre, sim, plan, lanes, sign, 0)) {
            System.arraycopy(sre, 0, re, 0, plan.n * lanes);
            System.arraycopy(sim, 0, im, 0, plan.n * lanes);
        }
    }

    /**
     * The stages {@code from} on of the plan, on data in {@code re, im}, ping-ponging with
     * {@code sre, sim}; returns whether the result ended in {@code sre, sim}.
     */
    static boolean stages(double[] re, double[] im, double[] sre, double[] sim, FftPlan plan, int lanes, int sign,
                          int from) {
        return stages(re, im, sre, sim, plan, lanes, sign, from, plan.radix.length);
    }

    /** {@link #stages} from .. to - 1. */
    static boolean stages(double[] re, double[] im, double[] sre, double[] sim, FftPlan plan, int lanes, int sign,
                          int from, int to) {
        double[] xr = re, xi = im, yr = sre, yi = sim;
        for (int t = from; t < to; t++) {
            switch (plan.radix[t]) {
                case 4: radix4(xr, xi, yr, yi, plan, t, lanes, sign); break;
                case 8: radix8(xr, xi, yr, yi, plan, t, lanes, sign); break;
                case 2: radix2(xr, xi, yr, yi, plan, t, lanes, sign); break;
                case 3: radix3(xr, xi, yr, yi, plan, t, lanes, sign); break;
                case 5: radix5(xr, xi, yr, yi, plan, t, lanes, sign); break;
                default: radixOdd(xr, xi, yr, yi, plan, t, lanes, sign);
            }
            double[] tmp = xr; xr = yr; yr = tmp;
            tmp = xi; xi = yi; yi = tmp;
        }
        return xr != re;
    }

    /**
     * The first stage of a plan that starts with radix 2, fused with the gather of its lines: element
     * k of lane t at {@code base + k * stride + t} of {@code re, im} (k < n, t < lanes), the element
     * k read as zero where {@code live} is given and {@code !live[k]}; the stage's output goes to
     * {@code yr, yi} (for {@link #stages} from 1). Saves the work area one round trip through the
     * cache: the radix-2 stage alone does too little arithmetic to hide it.
     */
    static void radix2Gather(double[] re, double[] im, int base, int stride, boolean[] live, double[] yr,
                             double[] yi, FftPlan plan, int lanes, int sign) {
        int m = plan.n >> 1;
        double/*keep*/[] cs = plan.cos[0], sn = plan.sin[0];
        for (int p = 0; p < m; p++) {
            boolean la = live == null || live[p], lb = live == null || live[p + m];
            int a = base + p * stride, b = a + m * stride, c = 2 * p * lanes, d = c + lanes;
            double wr = (double) cs[p], wi = (double) (sign * sn[p]);
            if (la && lb) {
                butterfly2(re, im, a, b, yr, yi, c, d, wr, wi, lanes);
            } else if (la || lb) {
                // one input: y_c = x, y_d = +-x W
                scaled2(re, im, la ? a : b, yr, yi, c, d, la ? wr : -wr, la ? wi : -wi, lanes);
            } else {
                java.util.Arrays.fill(yr, c, d + lanes, 0);
                java.util.Arrays.fill(yi, c, d + lanes, 0);
            }
        }
    }

    /** Whether the plan's last stage is a twiddle-free radix-4 one, as {@link #radix4Scatter} needs. */
    static boolean lastRadix4(FftPlan plan) {
        int t = plan.radix.length - 1;
        return plan.radix[t] == 4 && plan.len[t] == 4;
    }

    /**
     * The plan's last stage ({@link #lastRadix4}) fused with the scatter of its lines: the input in
     * {@code xr, xi} (work-area layout, {@code lanes} lanes), element k of lane t of the output to
     * {@code base + k * stride + t} of {@code re, im}. The counterpart of {@link #radix2Gather}.
     */
    static void radix4Scatter(double[] xr, double[] xi, FftPlan plan, int lanes, int sign, double[] re, double[] im,
                              int base, int stride) {
        int s = plan.n >> 2;
        for (int j = 0; j < s; j++) {
            butterfly4(xr, xi, j * lanes, s * lanes, re, im, base + j * stride, s * stride, lanes, sign);
        }
    }

    /** A twiddle-free radix-4 butterfly over lanes: inputs at {@code a + k * step}, outputs at {@code c + k * out}. */
    private static void butterfly4(double[] xr, double[] xi, int a, int step, double[] yr, double[] yi, int c, int out,
                                   int lanes, int sign) {
        double sg = sign;
        for (int i = 0; i < lanes; i += LEN) {
            int e = a + i, o = c + i;
            DoubleVector x0r = DoubleVector.fromArray(S, xr, e), x0i = DoubleVector.fromArray(S, xi, e);
            DoubleVector x1r = DoubleVector.fromArray(S, xr, e + step), x1i = DoubleVector.fromArray(S, xi, e + step);
            DoubleVector x2r = DoubleVector.fromArray(S, xr, e + 2 * step), x2i = DoubleVector.fromArray(S, xi, e + 2 * step);
            DoubleVector x3r = DoubleVector.fromArray(S, xr, e + 3 * step), x3i = DoubleVector.fromArray(S, xi, e + 3 * step);
            DoubleVector t0r = x0r.add(x2r), t0i = x0i.add(x2i);
            DoubleVector t1r = x0r.sub(x2r), t1i = x0i.sub(x2i);
            DoubleVector t2r = x1r.add(x3r), t2i = x1i.add(x3i);
            DoubleVector t3r = x3i.sub(x1i).mul(sg), t3i = x1r.sub(x3r).mul(sg);   // (x1 - x3) * sign * i
            t0r.add(t2r).intoArray(yr, o);
            t0i.add(t2i).intoArray(yi, o);
            t1r.add(t3r).intoArray(yr, o + out);
            t1i.add(t3i).intoArray(yi, o + out);
            t0r.sub(t2r).intoArray(yr, o + 2 * out);
            t0i.sub(t2i).intoArray(yi, o + 2 * out);
            t1r.sub(t3r).intoArray(yr, o + 3 * out);
            t1i.sub(t3i).intoArray(yi, o + 3 * out);
        }
    }

    private static void butterfly2(double[] xr, double[] xi, int a, int b, double[] yr, double[] yi, int c, int d,
                                   double w, double v, int lanes) {
        DoubleVector wr = DoubleVector.broadcast(S, w), wi = DoubleVector.broadcast(S, v);
        for (int i = 0; i < lanes; i += LEN) {
            DoubleVector ar = DoubleVector.fromArray(S, xr, a + i), ai = DoubleVector.fromArray(S, xi, a + i);
            DoubleVector br = DoubleVector.fromArray(S, xr, b + i), bi = DoubleVector.fromArray(S, xi, b + i);
            ar.add(br).intoArray(yr, c + i);
            ai.add(bi).intoArray(yi, c + i);
            DoubleVector dr = ar.sub(br), di = ai.sub(bi);
            dr.mul(wr).sub(di.mul(wi)).intoArray(yr, d + i);
            dr.mul(wi).add(di.mul(wr)).intoArray(yi, d + i);
        }
    }

    private static void scaled2(double[] xr, double[] xi, int a, double[] yr, double[] yi, int c, int d, double w,
                                double v, int lanes) {
        DoubleVector wr = DoubleVector.broadcast(S, w), wi = DoubleVector.broadcast(S, v);
        for (int i = 0; i < lanes; i += LEN) {
            DoubleVector ar = DoubleVector.fromArray(S, xr, a + i), ai = DoubleVector.fromArray(S, xi, a + i);
            ar.intoArray(yr, c + i);
            ai.intoArray(yi, c + i);
            ar.mul(wr).sub(ai.mul(wi)).intoArray(yr, d + i);
            ar.mul(wi).add(ai.mul(wr)).intoArray(yi, d + i);
        }
    }

    private static void radix2(double[] xr, double[] xi, double[] yr, double[] yi, FftPlan plan, int t,
                               int lanes, int sign) {
        int m = plan.len[t] >> 1;
        int block = plan.s[t] * lanes;
        double/*keep*/[] cs = plan.cos[t], sn = plan.sin[t];
        for (int p = 0; p < m; p++) {
            int a = p * block, c = 2 * p * block;
            butterfly2(xr, xi, a, a + m * block, yr, yi, c, c + block, (double) cs[p], (double) (sign * sn[p]), block);
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

    private static final double/*keep*/ RSQRT2 = Math.sqrt(0.5);

    /**
     * See {@code LaneFft64.radix8}: the even outputs here, the odd ones in {@link #radix8Odd}; two
     * loops for the reason given at {@link #radix5}.
     */
    private static void radix8(double[] xr, double[] xi, double[] yr, double[] yi, FftPlan plan, int t,
                               int lanes, int sign) {
        int m = plan.len[t] >> 3;
        int block = plan.s[t] * lanes, step = m * block;
        double/*keep*/[] cs = plan.cos[t], sn = plan.sin[t];
        double sg = sign;
        for (int p = 0; p < m; p++) {
            int tw = 7 * p;
            DoubleVector w2r = DoubleVector.broadcast(S, (double) cs[tw + 1]), w2i = DoubleVector.broadcast(S, (double) (sign * sn[tw + 1]));
            DoubleVector w4r = DoubleVector.broadcast(S, (double) cs[tw + 3]), w4i = DoubleVector.broadcast(S, (double) (sign * sn[tw + 3]));
            DoubleVector w6r = DoubleVector.broadcast(S, (double) cs[tw + 5]), w6i = DoubleVector.broadcast(S, (double) (sign * sn[tw + 5]));
            int a0 = p * block, o0 = 8 * p * block;
            for (int i = 0; i < block; i += LEN) {
                int e = a0 + i;
                DoubleVector c0r = DoubleVector.fromArray(S, xr, e).add(DoubleVector.fromArray(S, xr, e + 4 * step));
                DoubleVector c0i = DoubleVector.fromArray(S, xi, e).add(DoubleVector.fromArray(S, xi, e + 4 * step));
                DoubleVector c1r = DoubleVector.fromArray(S, xr, e + step).add(DoubleVector.fromArray(S, xr, e + 5 * step));
                DoubleVector c1i = DoubleVector.fromArray(S, xi, e + step).add(DoubleVector.fromArray(S, xi, e + 5 * step));
                DoubleVector c2r = DoubleVector.fromArray(S, xr, e + 2 * step).add(DoubleVector.fromArray(S, xr, e + 6 * step));
                DoubleVector c2i = DoubleVector.fromArray(S, xi, e + 2 * step).add(DoubleVector.fromArray(S, xi, e + 6 * step));
                DoubleVector c3r = DoubleVector.fromArray(S, xr, e + 3 * step).add(DoubleVector.fromArray(S, xr, e + 7 * step));
                DoubleVector c3i = DoubleVector.fromArray(S, xi, e + 3 * step).add(DoubleVector.fromArray(S, xi, e + 7 * step));
                DoubleVector s0r = c0r.add(c2r), s0i = c0i.add(c2i), d0r = c0r.sub(c2r), d0i = c0i.sub(c2i);
                DoubleVector s1r = c1r.add(c3r), s1i = c1i.add(c3i);
                DoubleVector e1r = c3i.sub(c1i).mul(sg), e1i = c1r.sub(c3r).mul(sg);   // (c1 - c3) * sign * i
                int o = o0 + i;
                s0r.add(s1r).intoArray(yr, o);
                s0i.add(s1i).intoArray(yi, o);
                DoubleVector u2r = d0r.add(e1r), u2i = d0i.add(e1i);
                u2r.mul(w2r).sub(u2i.mul(w2i)).intoArray(yr, o + 2 * block);
                u2r.mul(w2i).add(u2i.mul(w2r)).intoArray(yi, o + 2 * block);
                DoubleVector u4r = s0r.sub(s1r), u4i = s0i.sub(s1i);
                u4r.mul(w4r).sub(u4i.mul(w4i)).intoArray(yr, o + 4 * block);
                u4r.mul(w4i).add(u4i.mul(w4r)).intoArray(yi, o + 4 * block);
                DoubleVector u6r = d0r.sub(e1r), u6i = d0i.sub(e1i);
                u6r.mul(w6r).sub(u6i.mul(w6i)).intoArray(yr, o + 6 * block);
                u6r.mul(w6i).add(u6i.mul(w6r)).intoArray(yi, o + 6 * block);
            }
        }
        radix8Odd(xr, xi, yr, yi, plan, t, lanes, sign);
    }

    /** Outputs 1, 3, 5 and 7 of {@link #radix8}. */
    private static void radix8Odd(double[] xr, double[] xi, double[] yr, double[] yi, FftPlan plan, int t,
                                  int lanes, int sign) {
        int m = plan.len[t] >> 3;
        int block = plan.s[t] * lanes, step = m * block;
        double/*keep*/[] cs = plan.cos[t], sn = plan.sin[t];
        double sg = sign;
        DoubleVector h = DoubleVector.broadcast(S, (double) RSQRT2);
        for (int p = 0; p < m; p++) {
            int tw = 7 * p;
            DoubleVector w1r = DoubleVector.broadcast(S, (double) cs[tw]), w1i = DoubleVector.broadcast(S, (double) (sign * sn[tw]));
            DoubleVector w3r = DoubleVector.broadcast(S, (double) cs[tw + 2]), w3i = DoubleVector.broadcast(S, (double) (sign * sn[tw + 2]));
            DoubleVector w5r = DoubleVector.broadcast(S, (double) cs[tw + 4]), w5i = DoubleVector.broadcast(S, (double) (sign * sn[tw + 4]));
            DoubleVector w7r = DoubleVector.broadcast(S, (double) cs[tw + 6]), w7i = DoubleVector.broadcast(S, (double) (sign * sn[tw + 6]));
            int a0 = p * block, o0 = 8 * p * block;
            for (int i = 0; i < block; i += LEN) {
                int e = a0 + i;
                DoubleVector b0r = DoubleVector.fromArray(S, xr, e).sub(DoubleVector.fromArray(S, xr, e + 4 * step));
                DoubleVector b0i = DoubleVector.fromArray(S, xi, e).sub(DoubleVector.fromArray(S, xi, e + 4 * step));
                DoubleVector d1r = DoubleVector.fromArray(S, xr, e + step).sub(DoubleVector.fromArray(S, xr, e + 5 * step));
                DoubleVector d1i = DoubleVector.fromArray(S, xi, e + step).sub(DoubleVector.fromArray(S, xi, e + 5 * step));
                DoubleVector d2r = DoubleVector.fromArray(S, xr, e + 2 * step).sub(DoubleVector.fromArray(S, xr, e + 6 * step));
                DoubleVector d2i = DoubleVector.fromArray(S, xi, e + 2 * step).sub(DoubleVector.fromArray(S, xi, e + 6 * step));
                DoubleVector d3r = DoubleVector.fromArray(S, xr, e + 3 * step).sub(DoubleVector.fromArray(S, xr, e + 7 * step));
                DoubleVector d3i = DoubleVector.fromArray(S, xi, e + 3 * step).sub(DoubleVector.fromArray(S, xi, e + 7 * step));
                // b_j W8^j: W8 = (1 + sign i) / sqrt2, W8^2 = sign i, W8^3 = (-1 + sign i) / sqrt2
                DoubleVector b1r = d1r.sub(d1i.mul(sg)).mul(h), b1i = d1i.add(d1r.mul(sg)).mul(h);
                DoubleVector b2r = d2i.mul(-sg), b2i = d2r.mul(sg);
                DoubleVector b3r = d3r.add(d3i.mul(sg)).mul(h).neg(), b3i = d3r.mul(sg).sub(d3i).mul(h);
                DoubleVector s0r = b0r.add(b2r), s0i = b0i.add(b2i), e0r = b0r.sub(b2r), e0i = b0i.sub(b2i);
                DoubleVector s1r = b1r.add(b3r), s1i = b1i.add(b3i);
                DoubleVector e1r = b3i.sub(b1i).mul(sg), e1i = b1r.sub(b3r).mul(sg);   // (b1 - b3) * sign * i
                int o = o0 + i;
                DoubleVector u1r = s0r.add(s1r), u1i = s0i.add(s1i);
                u1r.mul(w1r).sub(u1i.mul(w1i)).intoArray(yr, o + block);
                u1r.mul(w1i).add(u1i.mul(w1r)).intoArray(yi, o + block);
                DoubleVector u3r = e0r.add(e1r), u3i = e0i.add(e1i);
                u3r.mul(w3r).sub(u3i.mul(w3i)).intoArray(yr, o + 3 * block);
                u3r.mul(w3i).add(u3i.mul(w3r)).intoArray(yi, o + 3 * block);
                DoubleVector u5r = s0r.sub(s1r), u5i = s0i.sub(s1i);
                u5r.mul(w5r).sub(u5i.mul(w5i)).intoArray(yr, o + 5 * block);
                u5r.mul(w5i).add(u5i.mul(w5r)).intoArray(yi, o + 5 * block);
                DoubleVector u7r = e0r.sub(e1r), u7i = e0i.sub(e1i);
                u7r.mul(w7r).sub(u7i.mul(w7i)).intoArray(yr, o + 7 * block);
                u7r.mul(w7i).add(u7i.mul(w7r)).intoArray(yi, o + 7 * block);
            }
        }
    }

    private static final double/*keep*/ SIN60 = Math.sqrt(3) / 2;

    /** See {@code LaneFft64.radix3}. */
    private static void radix3(double[] xr, double[] xi, double[] yr, double[] yi, FftPlan plan, int t,
                               int lanes, int sign) {
        int m = plan.len[t] / 3;
        int block = plan.s[t] * lanes;
        double/*keep*/[] cs = plan.cos[t], sn = plan.sin[t];
        DoubleVector h = DoubleVector.broadcast(S, (double) (sign * SIN60));
        DoubleVector half = DoubleVector.broadcast(S, (double) 0.5);
        for (int p = 0; p < m; p++) {
            DoubleVector w1r = DoubleVector.broadcast(S, (double) cs[2 * p]);
            DoubleVector w1i = DoubleVector.broadcast(S, (double) (sign * sn[2 * p]));
            DoubleVector w2r = DoubleVector.broadcast(S, (double) cs[2 * p + 1]);
            DoubleVector w2i = DoubleVector.broadcast(S, (double) (sign * sn[2 * p + 1]));
            int a0 = p * block, a1 = (p + m) * block, a2 = (p + 2 * m) * block;
            int c0 = 3 * p * block, c1 = c0 + block, c2 = c1 + block;
            for (int i = 0; i < block; i += LEN) {
                DoubleVector x0r = DoubleVector.fromArray(S, xr, a0 + i), x0i = DoubleVector.fromArray(S, xi, a0 + i);
                DoubleVector x1r = DoubleVector.fromArray(S, xr, a1 + i), x1i = DoubleVector.fromArray(S, xi, a1 + i);
                DoubleVector x2r = DoubleVector.fromArray(S, xr, a2 + i), x2i = DoubleVector.fromArray(S, xi, a2 + i);
                DoubleVector tr = x1r.add(x2r), ti = x1i.add(x2i);
                DoubleVector dr = x1r.sub(x2r), di = x1i.sub(x2i);
                DoubleVector mr = x0r.sub(tr.mul(half)), mi = x0i.sub(ti.mul(half));
                x0r.add(tr).intoArray(yr, c0 + i);
                x0i.add(ti).intoArray(yi, c0 + i);
                DoubleVector hdr = h.mul(dr), hdi = h.mul(di);
                DoubleVector u1r = mr.sub(hdi), u1i = mi.add(hdr);
                DoubleVector u2r = mr.add(hdi), u2i = mi.sub(hdr);
                u1r.mul(w1r).sub(u1i.mul(w1i)).intoArray(yr, c1 + i);
                u1r.mul(w1i).add(u1i.mul(w1r)).intoArray(yi, c1 + i);
                u2r.mul(w2r).sub(u2i.mul(w2i)).intoArray(yr, c2 + i);
                u2r.mul(w2i).add(u2i.mul(w2r)).intoArray(yi, c2 + i);
            }
        }
    }

    private static final double/*keep*/ C1 = Math.cos(2 * Math.PI / 5), C2 = Math.cos(4 * Math.PI / 5);
    private static final double/*keep*/ S1 = Math.sin(2 * Math.PI / 5), S2 = Math.sin(4 * Math.PI / 5);

    /**
     * See {@code LaneFft64.radix5}: outputs 0, 1 and 4 here, 2 and 3 in {@link #radix5Mid}. Two loops in
     * two methods on purpose: C2 must inline every Vector API call of a loop, and one loop computing all
     * five outputs ran past its inlining budget now and then, its last stores then running boxed (about
     * 10x slower; seen with JFR as {@code Float512Vector} allocations). Each half re-reads the inputs.
     */
    private static void radix5(double[] xr, double[] xi, double[] yr, double[] yi, FftPlan plan, int t,
                               int lanes, int sign) {
        int m = plan.len[t] / 5;
        int block = plan.s[t] * lanes;
        double/*keep*/[] cs = plan.cos[t], sn = plan.sin[t];
        DoubleVector c1 = DoubleVector.broadcast(S, (double) C1), c2 = DoubleVector.broadcast(S, (double) C2);
        DoubleVector s1 = DoubleVector.broadcast(S, (double) (sign * S1));
        DoubleVector s2 = DoubleVector.broadcast(S, (double) (sign * S2));
        for (int p = 0; p < m; p++) {
            int tw = 4 * p;
            // w and -Im w: each twiddle product is two FMA-shaped operations
            DoubleVector w1r = DoubleVector.broadcast(S, (double) cs[tw]);
            DoubleVector w1i = DoubleVector.broadcast(S, (double) (sign * sn[tw]));
            DoubleVector v1i = DoubleVector.broadcast(S, (double) (-sign * sn[tw]));
            DoubleVector w4r = DoubleVector.broadcast(S, (double) cs[tw + 3]);
            DoubleVector w4i = DoubleVector.broadcast(S, (double) (sign * sn[tw + 3]));
            DoubleVector v4i = DoubleVector.broadcast(S, (double) (-sign * sn[tw + 3]));
            int a0 = p * block, a1 = (p + m) * block, a2 = (p + 2 * m) * block;
            int a3 = (p + 3 * m) * block, a4 = (p + 4 * m) * block;
            int o0 = 5 * p * block, o1 = o0 + block, o4 = o0 + 4 * block;
            for (int i = 0; i < block; i += LEN) {
                DoubleVector x0r = DoubleVector.fromArray(S, xr, a0 + i), x0i = DoubleVector.fromArray(S, xi, a0 + i);
                DoubleVector x1r = DoubleVector.fromArray(S, xr, a1 + i), x1i = DoubleVector.fromArray(S, xi, a1 + i);
                DoubleVector x2r = DoubleVector.fromArray(S, xr, a2 + i), x2i = DoubleVector.fromArray(S, xi, a2 + i);
                DoubleVector x3r = DoubleVector.fromArray(S, xr, a3 + i), x3i = DoubleVector.fromArray(S, xi, a3 + i);
                DoubleVector x4r = DoubleVector.fromArray(S, xr, a4 + i), x4i = DoubleVector.fromArray(S, xi, a4 + i);
                DoubleVector s1r = x1r.add(x4r), s1i = x1i.add(x4i), d1r = x1r.sub(x4r), d1i = x1i.sub(x4i);
                DoubleVector s2r = x2r.add(x3r), s2i = x2i.add(x3i), d2r = x2r.sub(x3r), d2i = x2i.sub(x3i);
                x0r.add(s1r).add(s2r).intoArray(yr, o0 + i);
                x0i.add(s1i).add(s2i).intoArray(yi, o0 + i);
                DoubleVector a1r = s2r.fma(c2, s1r.fma(c1, x0r)), a1i = s2i.fma(c2, s1i.fma(c1, x0i));
                DoubleVector b1r = d1r.fma(s1, d2r.mul(s2)), b1i = d1i.fma(s1, d2i.mul(s2));
                DoubleVector u1r = a1r.sub(b1i), u1i = a1i.add(b1r), u4r = a1r.add(b1i), u4i = a1i.sub(b1r);
                u1r.fma(w1r, u1i.mul(v1i)).intoArray(yr, o1 + i);
                u1r.fma(w1i, u1i.mul(w1r)).intoArray(yi, o1 + i);
                u4r.fma(w4r, u4i.mul(v4i)).intoArray(yr, o4 + i);
                u4r.fma(w4i, u4i.mul(w4r)).intoArray(yi, o4 + i);
            }
        }
        radix5Mid(xr, xi, yr, yi, plan, t, lanes, sign);
    }

    /** Outputs 2 and 3 of {@link #radix5}. */
    private static void radix5Mid(double[] xr, double[] xi, double[] yr, double[] yi, FftPlan plan, int t,
                                  int lanes, int sign) {
        int m = plan.len[t] / 5;
        int block = plan.s[t] * lanes;
        double/*keep*/[] cs = plan.cos[t], sn = plan.sin[t];
        DoubleVector c1 = DoubleVector.broadcast(S, (double) C1), c2 = DoubleVector.broadcast(S, (double) C2);
        DoubleVector s2 = DoubleVector.broadcast(S, (double) (sign * S2));
        DoubleVector ns1 = DoubleVector.broadcast(S, (double) (-sign * S1));
        for (int p = 0; p < m; p++) {
            int tw = 4 * p;
            DoubleVector w2r = DoubleVector.broadcast(S, (double) cs[tw + 1]);
            DoubleVector w2i = DoubleVector.broadcast(S, (double) (sign * sn[tw + 1]));
            DoubleVector v2i = DoubleVector.broadcast(S, (double) (-sign * sn[tw + 1]));
            DoubleVector w3r = DoubleVector.broadcast(S, (double) cs[tw + 2]);
            DoubleVector w3i = DoubleVector.broadcast(S, (double) (sign * sn[tw + 2]));
            DoubleVector v3i = DoubleVector.broadcast(S, (double) (-sign * sn[tw + 2]));
            int a0 = p * block, a1 = (p + m) * block, a2 = (p + 2 * m) * block;
            int a3 = (p + 3 * m) * block, a4 = (p + 4 * m) * block;
            int o2 = (5 * p + 2) * block, o3 = o2 + block;
            for (int i = 0; i < block; i += LEN) {
                DoubleVector x0r = DoubleVector.fromArray(S, xr, a0 + i), x0i = DoubleVector.fromArray(S, xi, a0 + i);
                DoubleVector x1r = DoubleVector.fromArray(S, xr, a1 + i), x1i = DoubleVector.fromArray(S, xi, a1 + i);
                DoubleVector x2r = DoubleVector.fromArray(S, xr, a2 + i), x2i = DoubleVector.fromArray(S, xi, a2 + i);
                DoubleVector x3r = DoubleVector.fromArray(S, xr, a3 + i), x3i = DoubleVector.fromArray(S, xi, a3 + i);
                DoubleVector x4r = DoubleVector.fromArray(S, xr, a4 + i), x4i = DoubleVector.fromArray(S, xi, a4 + i);
                DoubleVector s1r = x1r.add(x4r), s1i = x1i.add(x4i), d1r = x1r.sub(x4r), d1i = x1i.sub(x4i);
                DoubleVector s2r = x2r.add(x3r), s2i = x2i.add(x3i), d2r = x2r.sub(x3r), d2i = x2i.sub(x3i);
                DoubleVector a2r = s2r.fma(c1, s1r.fma(c2, x0r)), a2i = s2i.fma(c1, s1i.fma(c2, x0i));
                DoubleVector b2r = d1r.fma(s2, d2r.mul(ns1)), b2i = d1i.fma(s2, d2i.mul(ns1));
                DoubleVector u2r = a2r.sub(b2i), u2i = a2i.add(b2r), u3r = a2r.add(b2i), u3i = a2i.sub(b2r);
                u2r.fma(w2r, u2i.mul(v2i)).intoArray(yr, o2 + i);
                u2r.fma(w2i, u2i.mul(w2r)).intoArray(yi, o2 + i);
                u3r.fma(w3r, u3i.mul(v3i)).intoArray(yr, o3 + i);
                u3r.fma(w3i, u3i.mul(w3r)).intoArray(yi, o3 + i);
            }
        }
    }

    /**
     * See {@code LaneFft64.radixOdd}. Output pairs (k, r-k) are formed four at a time so that each
     * loaded input pair (a, r-a) feeds sixteen accumulators held in registers.
     */
    private static void radixOdd(double[] xr, double[] xi, double[] yr, double[] yi, FftPlan plan, int t,
                                 int lanes, int sign) {
        int r = plan.radix[t];
        int m = plan.len[t] / r, h = (r - 1) / 2;
        int block = plan.s[t] * lanes;
        double/*keep*/[] cs = plan.cos[t], sn = plan.sin[t], rc = plan.rcos[t], rs = plan.rsin[t];
        for (int p = 0; p < m; p++) {
            int tw = (r - 1) * p, c0 = r * p * block, a0 = p * block, step = m * block;
            for (int i = 0; i < block; i += LEN) {
                DoubleVector sr = DoubleVector.fromArray(S, xr, a0 + i), si = DoubleVector.fromArray(S, xi, a0 + i);
                for (int a = 1; a <= h; a++) {
                    int u = a0 + a * step + i, v = a0 + (r - a) * step + i;
                    sr = sr.add(DoubleVector.fromArray(S, xr, u)).add(DoubleVector.fromArray(S, xr, v));
                    si = si.add(DoubleVector.fromArray(S, xi, u)).add(DoubleVector.fromArray(S, xi, v));
                }
                sr.intoArray(yr, c0 + i);
                si.intoArray(yi, c0 + i);
            }
            int k = 1;
            for (; k + 3 <= h; k += 4) oddQuad(xr, xi, yr, yi, r, h, k, block, a0, step, c0, tw, sign, cs, sn, rc, rs);
            for (; k <= h; k++) oddSingle(xr, xi, yr, yi, r, h, k, block, a0, step, c0, tw, sign, cs, sn, rc, rs);
        }
    }

    /** Outputs k..k+3 and their partners r-k..r-k-3 of one radix-r butterfly group. */
    private static void oddQuad(double[] xr, double[] xi, double[] yr, double[] yi, int r, int h, int k, int block,
                                int a0, int step, int c0, int tw, int sign, double/*keep*/[] cs, double/*keep*/[] sn,
                                double/*keep*/[] rc, double/*keep*/[] rs) {
        for (int i = 0; i < block; i += LEN) {
            DoubleVector x0r = DoubleVector.fromArray(S, xr, a0 + i), x0i = DoubleVector.fromArray(S, xi, a0 + i);
            DoubleVector a0r = x0r, a0i = x0i, a1r = x0r, a1i = x0i, a2r = x0r, a2i = x0i, a3r = x0r, a3i = x0i;
            DoubleVector z = DoubleVector.zero(S);
            DoubleVector b0r = z, b0i = z, b1r = z, b1i = z, b2r = z, b2i = z, b3r = z, b3i = z;
            for (int a = 1; a <= h; a++) {
                int u = a0 + a * step + i, v = a0 + (r - a) * step + i;
                DoubleVector ur = DoubleVector.fromArray(S, xr, u), vr = DoubleVector.fromArray(S, xr, v);
                DoubleVector ui = DoubleVector.fromArray(S, xi, u), vi = DoubleVector.fromArray(S, xi, v);
                DoubleVector pr = ur.add(vr), pi = ui.add(vi), qr = ur.sub(vr), qi = ui.sub(vi);
                int c = (a - 1) * h + k - 1;
                DoubleVector c0v = DoubleVector.broadcast(S, (double) rc[c]);
                DoubleVector s0v = DoubleVector.broadcast(S, (double) (sign * rs[c]));
                a0r = pr.fma(c0v, a0r); a0i = pi.fma(c0v, a0i); b0r = qr.fma(s0v, b0r); b0i = qi.fma(s0v, b0i);
                DoubleVector c1v = DoubleVector.broadcast(S, (double) rc[c + 1]);
                DoubleVector s1v = DoubleVector.broadcast(S, (double) (sign * rs[c + 1]));
                a1r = pr.fma(c1v, a1r); a1i = pi.fma(c1v, a1i); b1r = qr.fma(s1v, b1r); b1i = qi.fma(s1v, b1i);
                DoubleVector c2v = DoubleVector.broadcast(S, (double) rc[c + 2]);
                DoubleVector s2v = DoubleVector.broadcast(S, (double) (sign * rs[c + 2]));
                a2r = pr.fma(c2v, a2r); a2i = pi.fma(c2v, a2i); b2r = qr.fma(s2v, b2r); b2i = qi.fma(s2v, b2i);
                DoubleVector c3v = DoubleVector.broadcast(S, (double) rc[c + 3]);
                DoubleVector s3v = DoubleVector.broadcast(S, (double) (sign * rs[c + 3]));
                a3r = pr.fma(c3v, a3r); a3i = pi.fma(c3v, a3i); b3r = qr.fma(s3v, b3r); b3i = qi.fma(s3v, b3i);
            }
            {
                int kk = k;
                DoubleVector wkr = DoubleVector.broadcast(S, (double) cs[tw + kk - 1]);
                DoubleVector wki = DoubleVector.broadcast(S, (double) (sign * sn[tw + kk - 1]));
                DoubleVector wpr = DoubleVector.broadcast(S, (double) cs[tw + r - kk - 1]);
                DoubleVector wpi = DoubleVector.broadcast(S, (double) (sign * sn[tw + r - kk - 1]));
                DoubleVector ukr = a0r.sub(b0i), uki = a0i.add(b0r), vkr = a0r.add(b0i), vki = a0i.sub(b0r);
                int ok = c0 + i + kk * block, op = c0 + i + (r - kk) * block;
                ukr.mul(wkr).sub(uki.mul(wki)).intoArray(yr, ok);
                ukr.mul(wki).add(uki.mul(wkr)).intoArray(yi, ok);
                vkr.mul(wpr).sub(vki.mul(wpi)).intoArray(yr, op);
                vkr.mul(wpi).add(vki.mul(wpr)).intoArray(yi, op);
            }
            {
                int kk = k + 1;
                DoubleVector wkr = DoubleVector.broadcast(S, (double) cs[tw + kk - 1]);
                DoubleVector wki = DoubleVector.broadcast(S, (double) (sign * sn[tw + kk - 1]));
                DoubleVector wpr = DoubleVector.broadcast(S, (double) cs[tw + r - kk - 1]);
                DoubleVector wpi = DoubleVector.broadcast(S, (double) (sign * sn[tw + r - kk - 1]));
                DoubleVector ukr = a1r.sub(b1i), uki = a1i.add(b1r), vkr = a1r.add(b1i), vki = a1i.sub(b1r);
                int ok = c0 + i + kk * block, op = c0 + i + (r - kk) * block;
                ukr.mul(wkr).sub(uki.mul(wki)).intoArray(yr, ok);
                ukr.mul(wki).add(uki.mul(wkr)).intoArray(yi, ok);
                vkr.mul(wpr).sub(vki.mul(wpi)).intoArray(yr, op);
                vkr.mul(wpi).add(vki.mul(wpr)).intoArray(yi, op);
            }
            {
                int kk = k + 2;
                DoubleVector wkr = DoubleVector.broadcast(S, (double) cs[tw + kk - 1]);
                DoubleVector wki = DoubleVector.broadcast(S, (double) (sign * sn[tw + kk - 1]));
                DoubleVector wpr = DoubleVector.broadcast(S, (double) cs[tw + r - kk - 1]);
                DoubleVector wpi = DoubleVector.broadcast(S, (double) (sign * sn[tw + r - kk - 1]));
                DoubleVector ukr = a2r.sub(b2i), uki = a2i.add(b2r), vkr = a2r.add(b2i), vki = a2i.sub(b2r);
                int ok = c0 + i + kk * block, op = c0 + i + (r - kk) * block;
                ukr.mul(wkr).sub(uki.mul(wki)).intoArray(yr, ok);
                ukr.mul(wki).add(uki.mul(wkr)).intoArray(yi, ok);
                vkr.mul(wpr).sub(vki.mul(wpi)).intoArray(yr, op);
                vkr.mul(wpi).add(vki.mul(wpr)).intoArray(yi, op);
            }
            {
                int kk = k + 3;
                DoubleVector wkr = DoubleVector.broadcast(S, (double) cs[tw + kk - 1]);
                DoubleVector wki = DoubleVector.broadcast(S, (double) (sign * sn[tw + kk - 1]));
                DoubleVector wpr = DoubleVector.broadcast(S, (double) cs[tw + r - kk - 1]);
                DoubleVector wpi = DoubleVector.broadcast(S, (double) (sign * sn[tw + r - kk - 1]));
                DoubleVector ukr = a3r.sub(b3i), uki = a3i.add(b3r), vkr = a3r.add(b3i), vki = a3i.sub(b3r);
                int ok = c0 + i + kk * block, op = c0 + i + (r - kk) * block;
                ukr.mul(wkr).sub(uki.mul(wki)).intoArray(yr, ok);
                ukr.mul(wki).add(uki.mul(wkr)).intoArray(yi, ok);
                vkr.mul(wpr).sub(vki.mul(wpi)).intoArray(yr, op);
                vkr.mul(wpi).add(vki.mul(wpr)).intoArray(yi, op);
            }
        }
    }

    /** Output k and its partner r-k of one radix-r butterfly group. */
    private static void oddSingle(double[] xr, double[] xi, double[] yr, double[] yi, int r, int h, int k, int block,
                                  int a0, int step, int c0, int tw, int sign, double/*keep*/[] cs, double/*keep*/[] sn,
                                  double/*keep*/[] rc, double/*keep*/[] rs) {
        for (int i = 0; i < block; i += LEN) {
            DoubleVector ar = DoubleVector.fromArray(S, xr, a0 + i), ai = DoubleVector.fromArray(S, xi, a0 + i);
            DoubleVector br = DoubleVector.zero(S), bi = DoubleVector.zero(S);
            for (int a = 1; a <= h; a++) {
                DoubleVector c = DoubleVector.broadcast(S, (double) rc[(a - 1) * h + k - 1]);
                DoubleVector s = DoubleVector.broadcast(S, (double) (sign * rs[(a - 1) * h + k - 1]));
                int u = a0 + a * step + i, v = a0 + (r - a) * step + i;
                DoubleVector ur = DoubleVector.fromArray(S, xr, u), vr = DoubleVector.fromArray(S, xr, v);
                DoubleVector ui = DoubleVector.fromArray(S, xi, u), vi = DoubleVector.fromArray(S, xi, v);
                ar = ur.add(vr).fma(c, ar);
                ai = ui.add(vi).fma(c, ai);
                br = ur.sub(vr).fma(s, br);
                bi = ui.sub(vi).fma(s, bi);
            }
            {
                int kk = k;
                DoubleVector wkr = DoubleVector.broadcast(S, (double) cs[tw + kk - 1]);
                DoubleVector wki = DoubleVector.broadcast(S, (double) (sign * sn[tw + kk - 1]));
                DoubleVector wpr = DoubleVector.broadcast(S, (double) cs[tw + r - kk - 1]);
                DoubleVector wpi = DoubleVector.broadcast(S, (double) (sign * sn[tw + r - kk - 1]));
                DoubleVector ukr = ar.sub(bi), uki = ai.add(br), vkr = ar.add(bi), vki = ai.sub(br);
                int ok = c0 + i + kk * block, op = c0 + i + (r - kk) * block;
                ukr.mul(wkr).sub(uki.mul(wki)).intoArray(yr, ok);
                ukr.mul(wki).add(uki.mul(wkr)).intoArray(yi, ok);
                vkr.mul(wpr).sub(vki.mul(wpi)).intoArray(yr, op);
                vkr.mul(wpi).add(vki.mul(wpr)).intoArray(yi, op);
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

    /** Modulus of whole vectors of (re, im) into out; returns how many elements were done. */
    static int modulus(double[] re, double[] im, int ro, double[] out, int oo, int n) {
        int i = 0;
        for (; i + LEN <= n; i += LEN) {
            DoubleVector r = DoubleVector.fromArray(S, re, ro + i), m = DoubleVector.fromArray(S, im, ro + i);
            r.mul(r).add(m.mul(m)).sqrt().intoArray(out, oo + i);
        }
        return i;
    }

    /** {@code sum_i a[ao + i] * b[bo + i]} for i < n: two vector accumulators, scalar tail. */
    /**
     * {@code out[oo + f * os] = sum_i a[i] b[bo + f * step + i]} (i < n, a multiple of LEN) for four
     * frames f at once, for whole groups of four of {@code count}; returns how many were done. Each
     * load of a feeds four FMAs (a dot alone is bound by its two loads per FMA).
     */
    static int dots(double[] a, int n, double[] b, int bo, int step, int count, double/*keep*/[] out, int oo, int os) {
        int f = 0;
        for (; f + 4 <= count; f += 4) {
            int b0 = bo + f * step, b1 = b0 + step, b2 = b1 + step, b3 = b2 + step;
            DoubleVector s0 = DoubleVector.zero(S), s1 = DoubleVector.zero(S), s2 = DoubleVector.zero(S), s3 = DoubleVector.zero(S);
            for (int i = 0; i < n; i += LEN) {
                DoubleVector t = DoubleVector.fromArray(S, a, i);
                s0 = t.fma(DoubleVector.fromArray(S, b, b0 + i), s0);
                s1 = t.fma(DoubleVector.fromArray(S, b, b1 + i), s1);
                s2 = t.fma(DoubleVector.fromArray(S, b, b2 + i), s2);
                s3 = t.fma(DoubleVector.fromArray(S, b, b3 + i), s3);
            }
            out[oo + f * os] = s0.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
            out[oo + (f + 1) * os] = s1.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
            out[oo + (f + 2) * os] = s2.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
            out[oo + (f + 3) * os] = s3.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
        }
        return f;
    }

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

    /** Reverses the order of the elements of one vector: single lanes, and pairs of lanes. */
    private static final VectorShuffle<Double> REVERSE_1 = VectorShuffle.fromOp(S, i -> LEN - 1 - i);
    private static final VectorShuffle<Double> REVERSE_2 = VectorShuffle.fromOp(S, i -> LEN - 2 - (i & ~1) + (i & 1));

    /**
     * {@link #rfftPost} for 1 or 2 lanes (fewer than a vector), SIMD over k: the k of one vector
     * read Z[h-k] from one reversed load. Twiddles are per element (lanes repeated):
     * {@code wr = cos}, {@code wi = -sin} of {@code 2 pi k / 2h}. Does {@code k = 1 .. } in whole
     * vectors and returns the first k not done (k = 0 and the rest are left to the caller).
     */
    static int rfftPostFew(double[] zr, double[] zi, double[] xr, double[] xi, int h, int lanes,
                           double[] wr, double[] wi) {
        int per = LEN / lanes;
        VectorShuffle<Double> rev = lanes == 1 ? REVERSE_1 : REVERSE_2;
        DoubleVector half = DoubleVector.broadcast(S, (double) 0.5);
        int k = 1;
        for (; k + per <= h; k += per) {
            int o = k * lanes, ob = (h - k - per + 1) * lanes;
            DoubleVector ar = DoubleVector.fromArray(S, zr, o), ai = DoubleVector.fromArray(S, zi, o);
            DoubleVector br = DoubleVector.fromArray(S, zr, ob).rearrange(rev);
            DoubleVector bi = DoubleVector.fromArray(S, zi, ob).rearrange(rev).neg();
            DoubleVector cr = DoubleVector.fromArray(S, wr, o), ci = DoubleVector.fromArray(S, wi, o);
            DoubleVector er = ar.add(br).mul(half), ei = ai.add(bi).mul(half);
            DoubleVector tr = ai.sub(bi).mul(half), ti = br.sub(ar).mul(half);     // -i * O
            er.add(cr.mul(tr)).sub(ci.mul(ti)).intoArray(xr, o);
            ei.add(cr.mul(ti)).add(ci.mul(tr)).intoArray(xi, o);
        }
        return k;
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
                double wr = (double) tw.cos[j * step], wi = (double) tw.sin[j * step];
                for (int blk = off; blk < off + len; blk += l) {
                    // in place: each butterfly loads both inputs before it stores
                    int a = (blk + j) * lanes, b = (blk + j + h) * lanes;
                    butterfly2(re, im, a, b, re, im, a, b, wr, wi, lanes);
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
