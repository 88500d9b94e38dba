package org.scatterstream.engine.backend.cpu;

/**
 * Scalar complex FFTs on lane-interleaved split arrays (element e, lane v at {@code e * lanes + v}):
 * every butterfly applies to all lanes. This is the portable path; {@link VecKernels64} runs the same
 * schedule with explicit SIMD when the Vector API is present and the lane count fills vectors.
 */
final class LaneFft64 {
    private LaneFft64() {}

    /** Unscaled in-place transform of length plan.n; sign -1 forward, +1 inverse. */
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
}
