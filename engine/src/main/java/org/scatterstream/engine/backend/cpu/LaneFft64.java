package org.scatterstream.engine.backend.cpu;

/**
 * Scalar complex FFTs of any length on lane-interleaved split arrays (element e, lane v at {@code e * lanes + v}):
 * every butterfly applies to all lanes. This is the portable path; {@link VecKernels64} runs the same
 * schedule with explicit SIMD when the Vector API is present and the lane count fills vectors.
 */
final class LaneFft64 {
    private LaneFft64() {}

    /** Unscaled in-place transform of length plan.n; sign -1 forward, +1 inverse. */
    static void transform(double[] re, double[] im, double[] sre, double[] sim, FftPlan plan, int lanes, int sign) {
        double[] xr = re, xi = im, yr = sre, yi = sim;
        for (int t = 0; t < plan.radix.length; t++) {
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
            double wr = (double) cs[p], wi = (double) (sign * sn[p]);
            int a = p * block, b = (p + m) * block, c = 2 * p * block, d = c + block;
            for (int i = 0; i < block; i++) {
                double ar = xr[a + i], ai = xi[a + i], br = xr[b + i], bi = xi[b + i];
                yr[c + i] = ar + br;
                yi[c + i] = ai + bi;
                double dr = ar - br, di = ai - bi;
                yr[d + i] = dr * wr - di * wi;
                yi[d + i] = dr * wi + di * wr;
            }
        }
    }

    private static void radix4(double[] xr, double[] xi, double[] yr, double[] yi, FftPlan plan, int t,
                               int lanes, int sign) {
        int q = plan.len[t] >> 2;
        int block = plan.s[t] * lanes;
        double/*keep*/[] cs = plan.cos[t], sn = plan.sin[t];
        for (int p = 0; p < q; p++) {
            double w1r = (double) cs[3 * p], w1i = (double) (sign * sn[3 * p]);
            double w2r = (double) cs[3 * p + 1], w2i = (double) (sign * sn[3 * p + 1]);
            double w3r = (double) cs[3 * p + 2], w3i = (double) (sign * sn[3 * p + 2]);
            int a0 = p * block, a1 = (p + q) * block, a2 = (p + 2 * q) * block, a3 = (p + 3 * q) * block;
            int c0 = 4 * p * block, c1 = c0 + block, c2 = c1 + block, c3 = c2 + block;
            for (int i = 0; i < block; i++) {
                double x0r = xr[a0 + i], x0i = xi[a0 + i];
                double x1r = xr[a1 + i], x1i = xi[a1 + i];
                double x2r = xr[a2 + i], x2i = xi[a2 + i];
                double x3r = xr[a3 + i], x3i = xi[a3 + i];
                double t0r = x0r + x2r, t0i = x0i + x2i;
                double t1r = x0r - x2r, t1i = x0i - x2i;
                double t2r = x1r + x3r, t2i = x1i + x3i;
                double t3r = -sign * (x1i - x3i), t3i = sign * (x1r - x3r);   // (x1 - x3) * sign * i
                yr[c0 + i] = t0r + t2r;
                yi[c0 + i] = t0i + t2i;
                double u1r = t1r + t3r, u1i = t1i + t3i;
                yr[c1 + i] = u1r * w1r - u1i * w1i;
                yi[c1 + i] = u1r * w1i + u1i * w1r;
                double u2r = t0r - t2r, u2i = t0i - t2i;
                yr[c2 + i] = u2r * w2r - u2i * w2i;
                yi[c2 + i] = u2r * w2i + u2i * w2r;
                double u3r = t1r - t3r, u3i = t1i - t3i;
                yr[c3 + i] = u3r * w3r - u3i * w3i;
                yi[c3 + i] = u3r * w3i + u3i * w3r;
            }
        }
    }

    private static final double/*keep*/ RSQRT2 = Math.sqrt(0.5);

    /**
     * Radix 8 as two radix-4 halves: with a_j = x_j + x_{j+4} and b_j = (x_j - x_{j+4}) W8^j
     * (j < 4), the even outputs are the 4-point DFT of a and the odd ones that of b.
     */
    private static void radix8(double[] xr, double[] xi, double[] yr, double[] yi, FftPlan plan, int t,
                               int lanes, int sign) {
        int m = plan.len[t] >> 3;
        int block = plan.s[t] * lanes;
        double/*keep*/[] cs = plan.cos[t], sn = plan.sin[t];
        double h = (double) RSQRT2;
        for (int p = 0; p < m; p++) {
            int a0 = p * block, c0 = 8 * p * block, step = m * block, tw = 7 * p;
            for (int i = 0; i < block; i++) {
                int e = a0 + i;
                double x0r = xr[e], x0i = xi[e], x1r = xr[e + step], x1i = xi[e + step];
                double x2r = xr[e + 2 * step], x2i = xi[e + 2 * step], x3r = xr[e + 3 * step], x3i = xi[e + 3 * step];
                double x4r = xr[e + 4 * step], x4i = xi[e + 4 * step], x5r = xr[e + 5 * step], x5i = xi[e + 5 * step];
                double x6r = xr[e + 6 * step], x6i = xi[e + 6 * step], x7r = xr[e + 7 * step], x7i = xi[e + 7 * step];
                double a0r = x0r + x4r, a0i = x0i + x4i, a1r = x1r + x5r, a1i = x1i + x5i;
                double a2r = x2r + x6r, a2i = x2i + x6i, a3r = x3r + x7r, a3i = x3i + x7i;
                double b0r = x0r - x4r, b0i = x0i - x4i, d1r = x1r - x5r, d1i = x1i - x5i;
                double d2r = x2r - x6r, d2i = x2i - x6i, d3r = x3r - x7r, d3i = x3i - x7i;
                // b_j W8^j: W8 = (1 + sign i) / sqrt2, W8^2 = sign i, W8^3 = (-1 + sign i) / sqrt2
                double b1r = h * (d1r - sign * d1i), b1i = h * (d1i + sign * d1r);
                double b2r = -sign * d2i, b2i = sign * d2r;
                double b3r = -h * (d3r + sign * d3i), b3i = h * (sign * d3r - d3i);
                int o = c0 + i;
                put4(yr, yi, o, block, 0, a0r, a0i, a1r, a1i, a2r, a2i, a3r, a3i, cs, sn, tw, sign);
                put4(yr, yi, o, block, 1, b0r, b0i, b1r, b1i, b2r, b2i, b3r, b3i, cs, sn, tw, sign);
            }
        }
    }

    /**
     * The 4-point DFT of c0..c3 to outputs k = first + 2 k' (k' < 4) of a radix-8 group at {@code o},
     * each output k > 0 times its twiddle {@code [tw + k - 1]}.
     */
    private static void put4(double[] yr, double[] yi, int o, int block, int first, double c0r, double c0i, double c1r,
                             double c1i, double c2r, double c2i, double c3r, double c3i, double/*keep*/[] cs,
                             double/*keep*/[] sn, int tw, int sign) {
        double s0r = c0r + c2r, s0i = c0i + c2i, d0r = c0r - c2r, d0i = c0i - c2i;
        double s1r = c1r + c3r, s1i = c1i + c3i;
        double e1r = -sign * (c1i - c3i), e1i = sign * (c1r - c3r);
        twiddled(yr, yi, o, block, first, s0r + s1r, s0i + s1i, cs, sn, tw, sign);
        twiddled(yr, yi, o, block, first + 2, d0r + e1r, d0i + e1i, cs, sn, tw, sign);
        twiddled(yr, yi, o, block, first + 4, s0r - s1r, s0i - s1i, cs, sn, tw, sign);
        twiddled(yr, yi, o, block, first + 6, d0r - e1r, d0i - e1i, cs, sn, tw, sign);
    }

    /** Output k of a radix-8 group: {@code y[o + k block] = v W^k} (W^0 = 1, no product). */
    private static void twiddled(double[] yr, double[] yi, int o, int block, int k, double vr, double vi,
                                 double/*keep*/[] cs, double/*keep*/[] sn, int tw, int sign) {
        o += k * block;
        if (k == 0) {
            yr[o] = vr;
            yi[o] = vi;
            return;
        }
        double wr = (double) cs[tw + k - 1], wi = (double) (sign * sn[tw + k - 1]);
        yr[o] = vr * wr - vi * wi;
        yi[o] = vr * wi + vi * wr;
    }

    private static final double/*keep*/ SIN60 = Math.sqrt(3) / 2;

    /** Radix 3: X1 = m + sign i (sqrt3/2) d, X2 = m - sign i (sqrt3/2) d, m = x0 - (x1+x2)/2, d = x1 - x2. */
    private static void radix3(double[] xr, double[] xi, double[] yr, double[] yi, FftPlan plan, int t,
                               int lanes, int sign) {
        int m = plan.len[t] / 3;
        int block = plan.s[t] * lanes;
        double/*keep*/[] cs = plan.cos[t], sn = plan.sin[t];
        double h = (double) (sign * SIN60);
        for (int p = 0; p < m; p++) {
            double w1r = (double) cs[2 * p], w1i = (double) (sign * sn[2 * p]);
            double w2r = (double) cs[2 * p + 1], w2i = (double) (sign * sn[2 * p + 1]);
            int a0 = p * block, a1 = (p + m) * block, a2 = (p + 2 * m) * block;
            int c0 = 3 * p * block, c1 = c0 + block, c2 = c1 + block;
            for (int i = 0; i < block; i++) {
                double x0r = xr[a0 + i], x0i = xi[a0 + i];
                double x1r = xr[a1 + i], x1i = xi[a1 + i];
                double x2r = xr[a2 + i], x2i = xi[a2 + i];
                double tr = x1r + x2r, ti = x1i + x2i;
                double dr = x1r - x2r, di = x1i - x2i;
                double mr = x0r - (double) 0.5 * tr, mi = x0i - (double) 0.5 * ti;
                yr[c0 + i] = x0r + tr;
                yi[c0 + i] = x0i + ti;
                double u1r = mr - h * di, u1i = mi + h * dr;
                double u2r = mr + h * di, u2i = mi - h * dr;
                yr[c1 + i] = u1r * w1r - u1i * w1i;
                yi[c1 + i] = u1r * w1i + u1i * w1r;
                yr[c2 + i] = u2r * w2r - u2i * w2i;
                yi[c2 + i] = u2r * w2i + u2i * w2r;
            }
        }
    }

    private static final double/*keep*/ C1 = Math.cos(2 * Math.PI / 5), C2 = Math.cos(4 * Math.PI / 5);
    private static final double/*keep*/ S1 = Math.sin(2 * Math.PI / 5), S2 = Math.sin(4 * Math.PI / 5);

    /**
     * Radix 5 from the pairs (1, 4), (2, 3): X_k = A_k + sign i B_k, X_{5-k} = A_k - sign i B_k with
     * A_k = x0 + sum_a cos(2 pi a k / 5) (x_a + x_{5-a}), B_k = sum_a sin(2 pi a k / 5) (x_a - x_{5-a}).
     */
    private static void radix5(double[] xr, double[] xi, double[] yr, double[] yi, FftPlan plan, int t,
                               int lanes, int sign) {
        int m = plan.len[t] / 5;
        int block = plan.s[t] * lanes;
        double/*keep*/[] cs = plan.cos[t], sn = plan.sin[t];
        double c1 = (double) C1, c2 = (double) C2, s1 = (double) (sign * S1), s2 = (double) (sign * S2);
        for (int p = 0; p < m; p++) {
            int tw = 4 * p;
            double w1r = (double) cs[tw], w1i = (double) (sign * sn[tw]);
            double w2r = (double) cs[tw + 1], w2i = (double) (sign * sn[tw + 1]);
            double w3r = (double) cs[tw + 2], w3i = (double) (sign * sn[tw + 2]);
            double w4r = (double) cs[tw + 3], w4i = (double) (sign * sn[tw + 3]);
            int a0 = p * block, a1 = (p + m) * block, a2 = (p + 2 * m) * block;
            int a3 = (p + 3 * m) * block, a4 = (p + 4 * m) * block;
            int o0 = 5 * p * block, o1 = o0 + block, o2 = o1 + block, o3 = o2 + block, o4 = o3 + block;
            for (int i = 0; i < block; i++) {
                double x0r = xr[a0 + i], x0i = xi[a0 + i];
                double s1r = xr[a1 + i] + xr[a4 + i], s1i = xi[a1 + i] + xi[a4 + i];
                double d1r = xr[a1 + i] - xr[a4 + i], d1i = xi[a1 + i] - xi[a4 + i];
                double s2r = xr[a2 + i] + xr[a3 + i], s2i = xi[a2 + i] + xi[a3 + i];
                double d2r = xr[a2 + i] - xr[a3 + i], d2i = xi[a2 + i] - xi[a3 + i];
                yr[o0 + i] = x0r + s1r + s2r;
                yi[o0 + i] = x0i + s1i + s2i;
                double a1r = x0r + c1 * s1r + c2 * s2r, a1i = x0i + c1 * s1i + c2 * s2i;
                double a2r = x0r + c2 * s1r + c1 * s2r, a2i = x0i + c2 * s1i + c1 * s2i;
                double b1r = s1 * d1r + s2 * d2r, b1i = s1 * d1i + s2 * d2i;
                double b2r = s2 * d1r - s1 * d2r, b2i = s2 * d1i - s1 * d2i;
                double u1r = a1r - b1i, u1i = a1i + b1r;
                double u4r = a1r + b1i, u4i = a1i - b1r;
                double u2r = a2r - b2i, u2i = a2i + b2r;
                double u3r = a2r + b2i, u3i = a2i - b2r;
                yr[o1 + i] = u1r * w1r - u1i * w1i;
                yi[o1 + i] = u1r * w1i + u1i * w1r;
                yr[o2 + i] = u2r * w2r - u2i * w2i;
                yi[o2 + i] = u2r * w2i + u2i * w2r;
                yr[o3 + i] = u3r * w3r - u3i * w3i;
                yi[o3 + i] = u3r * w3i + u3i * w3r;
                yr[o4 + i] = u4r * w4r - u4i * w4i;
                yi[o4 + i] = u4r * w4i + u4i * w4r;
            }
        }
    }

    /**
     * Generic odd radix r (a prime factor > 5), from the pairs (a, r - a) as in {@link #radix5}:
     * O(r) work per element, the sums recomputed per output pair so that no scratch is needed.
     */
    private static void radixOdd(double[] xr, double[] xi, double[] yr, double[] yi, FftPlan plan, int t,
                                 int lanes, int sign) {
        int r = plan.radix[t];
        int m = plan.len[t] / r, h = (r - 1) / 2;
        int block = plan.s[t] * lanes;
        double/*keep*/[] cs = plan.cos[t], sn = plan.sin[t], rc = plan.rcos[t], rs = plan.rsin[t];
        for (int p = 0; p < m; p++) {
            int tw = (r - 1) * p, c0 = r * p * block, a0 = p * block, step = m * block;
            for (int i = 0; i < block; i++) {
                double sr = xr[a0 + i], si = xi[a0 + i];
                for (int a = 1; a <= h; a++) {
                    sr += xr[a0 + a * step + i] + xr[a0 + (r - a) * step + i];
                    si += xi[a0 + a * step + i] + xi[a0 + (r - a) * step + i];
                }
                yr[c0 + i] = sr;
                yi[c0 + i] = si;
            }
            for (int k = 1; k <= h; k++) {
                double wkr = (double) cs[tw + k - 1], wki = (double) (sign * sn[tw + k - 1]);
                double wpr = (double) cs[tw + r - k - 1], wpi = (double) (sign * sn[tw + r - k - 1]);
                int ok = c0 + k * block, op = c0 + (r - k) * block;
                for (int i = 0; i < block; i++) {
                    double ar = xr[a0 + i], ai = xi[a0 + i], br = 0, bi = 0;
                    for (int a = 1; a <= h; a++) {
                        double c = (double) rc[(a - 1) * h + k - 1], s = (double) (sign * rs[(a - 1) * h + k - 1]);
                        int u = a0 + a * step + i, v = a0 + (r - a) * step + i;
                        ar += c * (xr[u] + xr[v]);
                        ai += c * (xi[u] + xi[v]);
                        br += s * (xr[u] - xr[v]);
                        bi += s * (xi[u] - xi[v]);
                    }
                    // X_k = A + i B, X_{r-k} = A - i B (sign folded into B)
                    double ukr = ar - bi, uki = ai + br, vkr = ar + bi, vki = ai - br;
                    yr[ok + i] = ukr * wkr - uki * wki;
                    yi[ok + i] = ukr * wki + uki * wkr;
                    yr[op + i] = vkr * wpr - vki * wpi;
                    yi[op + i] = vkr * wpi + vki * wpr;
                }
            }
        }
    }
}
