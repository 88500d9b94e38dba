package org.scatterstream.engine.backend.cpu;

/**
 * Complex FFTs of power-of-two length on lane-interleaved split arrays (element e, lane v at
 * {@code e * lanes + v}): every butterfly applies to all lanes at once, so the innermost loops are
 * contiguous and the JIT can vectorize them. Stockham autosort (no bit reversal), radix 4 with one
 * radix-2 stage for odd log2 n, ping-ponging between the data and a scratch buffer.
 */
final class LaneFft64 {
    private LaneFft64() {}

    /**
     * Unscaled transform of (re, im) of length n, in place (scratch arrays of the same size are
     * used); sign -1 forward, +1 inverse.
     */
    static void transform(double[] re, double[] im, double[] sre, double[] sim, int n, int lanes,
                          int sign, Twiddles tw) {
        if (n <= 1) return;
        double[] xr = re, xi = im, yr = sre, yi = sim;
        int stride = tw.n / n;      // twiddle table step for the full length
        int s = 1;                  // elements per butterfly group (grows)
        int len = n;
        while (len > 1) {
            if ((len & 3) == 0) {
                radix4(xr, xi, yr, yi, len, s, lanes, sign, tw, stride);
                len >>= 2; s <<= 2; stride <<= 2;
            } else {
                radix2(xr, xi, yr, yi, len, s, lanes, sign, tw, stride);
                len >>= 1; s <<= 1; stride <<= 1;
            }
            double[] t = xr; xr = yr; yr = t;
            t = xi; xi = yi; yi = t;
        }
        if (xr != re) {
            System.arraycopy(xr, 0, re, 0, n * lanes);
            System.arraycopy(xi, 0, im, 0, n * lanes);
        }
    }

    /** One radix-2 Stockham DIF stage: sub-length len, s groups already formed. */
    private static void radix2(double[] xr, double[] xi, double[] yr, double[] yi, int len, int s,
                               int lanes, int sign, Twiddles tw, int stride) {
        int m = len >> 1;
        int block = s * lanes;
        for (int p = 0; p < m; p++) {
            double wr = (double) tw.cos[p * stride];
            double wi = (double) (sign * tw.sin[p * stride]);
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

    /** One radix-4 Stockham DIF stage. */
    private static void radix4(double[] xr, double[] xi, double[] yr, double[] yi, int len, int s,
                               int lanes, int sign, Twiddles tw, int stride) {
        int q = len >> 2;
        int block = s * lanes;
        for (int p = 0; p < q; p++) {
            int k1 = p * stride, k2 = 2 * k1, k3 = 3 * k1;
            double w1r = (double) tw.cos[k1], w1i = (double) (sign * tw.sin[k1]);
            double w2r = (double) cosAt(tw, k2), w2i = (double) (sign * sinAt(tw, k2));
            double w3r = (double) cosAt(tw, k3), w3i = (double) (sign * sinAt(tw, k3));
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
                // (x1 - x3) * (sign * i)
                double t3r = -sign * (x1i - x3i), t3i = sign * (x1r - x3r);
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

    /** cos(2 pi k / N) for k in [0, N) using the half table. */
    static double/*keep*/ cosAt(Twiddles tw, int k) {
        int h = tw.n >> 1;
        return k <= h ? tw.cos[k] : tw.cos[tw.n - k];
    }

    /** sin(2 pi k / N) for k in [0, N) using the half table. */
    static double/*keep*/ sinAt(Twiddles tw, int k) {
        int h = tw.n >> 1;
        return k <= h ? tw.sin[k] : -tw.sin[tw.n - k];
    }
}
