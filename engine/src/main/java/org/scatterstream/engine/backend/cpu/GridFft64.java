package org.scatterstream.engine.backend.cpu;

import java.util.concurrent.ConcurrentHashMap;

/**
 * FFTs of any length along any axis of a multi-dimensional grid, in the workers' split-complex,
 * lane-interleaved layout (grid element e, lane v at {@code e * lanes + v}).
 *
 * <p>One pass transforms all lines along one axis. Lines are gathered in blocks into a small
 * work area (element k of line t at {@code k * B + t}), transformed there with a mixed-radix Stockham
 * FFT whose butterflies run over the B lines at once, and scattered back; the work area stays in
 * cache whatever the grid's size and whichever axis is transformed. Radices 4, 2, 3 and 5 have
 * dedicated butterflies; other prime factors use a generic odd-radix butterfly (O(p) per element),
 * which is what the 2D padded sizes (multiples of 2^J times any integer) need.
 *
 * <p>The float twin {@code GridFft32} is generated from this file at build time (see the engine pom):
 * keep the "double" spelling and mark the double-only arithmetic with the keep comment.
 */
final class GridFft64 {
    /** Target work-area size in complex elements per buffer (2 buffers of re+im stay in L2). */
    private static final int WORK_ELEMENTS = 1 << 13;

    private static final ConcurrentHashMap<Integer, Plan> PLANS = new ConcurrentHashMap<>();

    /** Twiddle factors and radix schedule for one length; shared, immutable. */
    static final class Plan {
        final int n;
        final int[] radix;
        /** Per stage: cos/sin(2 pi j k / len) at index j * (p - 1) + k - 1. */
        final double[][] cos, sin;
        /** Per stage with a generic radix p: cos/sin(2 pi r k / p) at index (r - 1) * h + k - 1, h = (p-1)/2. */
        final double[][] rcos, rsin;
        final int maxRadix;

        private Plan(int n) {
            this.n = n;
            java.util.List<Integer> f = new java.util.ArrayList<>();
            int r = n;
            while (r % 4 == 0) { f.add(4); r /= 4; }
            while (r % 2 == 0) { f.add(2); r /= 2; }
            for (int p = 3; r > 1; p += 2) {
                while (r % p == 0) { f.add(p); r /= p; }
                if ((long) p * p > r && r > 1) { f.add(r); r = 1; }
            }
            radix = f.stream().mapToInt(Integer::intValue).toArray();
            cos = new double[radix.length][];
            sin = new double[radix.length][];
            rcos = new double[radix.length][];
            rsin = new double[radix.length][];
            int len = n, mx = 1;
            for (int st = 0; st < radix.length; st++) {
                int p = radix[st], m = len / p;
                mx = Math.max(mx, p);
                cos[st] = new double[m * (p - 1)];
                sin[st] = new double[m * (p - 1)];
                for (int j = 0; j < m; j++) {
                    for (int k = 1; k < p; k++) {
                        long jk = ((long) j * k) % len;
                        double/*keep*/ a = 2 * Math.PI * jk / len;
                        cos[st][j * (p - 1) + k - 1] = (double) Math.cos(a);
                        sin[st][j * (p - 1) + k - 1] = (double) Math.sin(a);
                    }
                }
                if (p > 5) {
                    int h = (p - 1) / 2;
                    rcos[st] = new double[h * h];
                    rsin[st] = new double[h * h];
                    for (int a = 1; a <= h; a++) {
                        for (int k = 1; k <= h; k++) {
                            double/*keep*/ ang = 2 * Math.PI * ((long) a * k % p) / p;
                            rcos[st][(a - 1) * h + k - 1] = (double) Math.cos(ang);
                            rsin[st][(a - 1) * h + k - 1] = (double) Math.sin(ang);
                        }
                    }
                }
                len = m;
            }
            maxRadix = mx;
        }
    }

    static Plan plan(int n) {
        return PLANS.computeIfAbsent(n, Plan::new);
    }

    /** Per-thread work areas of a worker (grown on demand, reused across calls). */
    static final class Work {
        double[] ar = new double[0], ai = new double[0], br = new double[0], bi = new double[0];
        double[] pr = new double[0], pi = new double[0];

        void ensure(int elements, int p) {
            if (ar.length < elements) {
                ar = new double[elements];
                ai = new double[elements];
                br = new double[elements];
                bi = new double[elements];
            }
            if (pr.length < 2 * p) {
                pr = new double[2 * p];
                pi = new double[2 * p];
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
        if (n == 1) return;
        Plan plan = plan(n);
        int lines = outer * inner;
        int b = Math.max(1, Math.min(lines, WORK_ELEMENTS / n));
        // an odd block width keeps the butterflies' streams off power-of-two strides (4K aliasing
        // of loads and stores made power-of-two widths 2x slower)
        if (b > 1 && (b & 1) == 0) b--;
        w.ensure(n * b, plan.maxRadix);
        for (int t0 = 0; t0 < lines; t0 += b) {
            int cnt = Math.min(b, lines - t0);
            gather(re, im, w.ar, w.ai, n, inner, t0, cnt);
            boolean inB = transform(w.ar, w.ai, w.br, w.bi, cnt, sign, plan, w);
            if (inB) scatter(w.br, w.bi, re, im, n, inner, t0, cnt);
            else scatter(w.ar, w.ai, re, im, n, inner, t0, cnt);
        }
    }

    private static void gather(double[] re, double[] im, double[] dr, double[] di, int n, int inner, int t0, int cnt) {
        int t = t0, end = t0 + cnt;
        while (t < end) {
            int o = t / inner, c = t - o * inner;
            int run = Math.min(end - t, inner - c);
            int src = o * n * inner + c, dst = t - t0;
            if (run >= 16) {
                for (int k = 0; k < n; k++) {
                    System.arraycopy(re, src + k * inner, dr, dst + k * cnt, run);
                    System.arraycopy(im, src + k * inner, di, dst + k * cnt, run);
                }
            } else {
                for (int u = 0; u < run; u++) {
                    int sp = src + u, dp = dst + u;
                    for (int k = 0; k < n; k++) {
                        dr[dp + k * cnt] = re[sp + k * inner];
                        di[dp + k * cnt] = im[sp + k * inner];
                    }
                }
            }
            t += run;
        }
    }

    private static void scatter(double[] sr, double[] si, double[] re, double[] im, int n, int inner, int t0, int cnt) {
        int t = t0, end = t0 + cnt;
        while (t < end) {
            int o = t / inner, c = t - o * inner;
            int run = Math.min(end - t, inner - c);
            int dst = o * n * inner + c, src = t - t0;
            if (run >= 16) {
                for (int k = 0; k < n; k++) {
                    System.arraycopy(sr, src + k * cnt, re, dst + k * inner, run);
                    System.arraycopy(si, src + k * cnt, im, dst + k * inner, run);
                }
            } else {
                for (int u = 0; u < run; u++) {
                    int sp = src + u, dp = dst + u;
                    for (int k = 0; k < n; k++) {
                        re[dp + k * inner] = sr[sp + k * cnt];
                        im[dp + k * inner] = si[sp + k * cnt];
                    }
                }
            }
            t += run;
        }
    }

    /**
     * Mixed-radix Stockham FFT of {@code lanes} interleaved lines held in (xr, xi), using (yr, yi) as
     * the second buffer. Returns true when the result ended in (yr, yi).
     */
    static boolean transform(double[] xr, double[] xi, double[] yr, double[] yi, int lanes, int sign,
                             Plan plan, Work w) {
        int n = plan.n;
        int s = 1;
        boolean swapped = false;
        for (int st = 0; st < plan.radix.length; st++) {
            int p = plan.radix[st];
            int len = n / s, m = len / p;
            double[] cs = plan.cos[st], sn = plan.sin[st];
            switch (p) {
                case 4: radix4(xr, xi, yr, yi, m, s * lanes, sign, cs, sn); break;
                case 2: radix2(xr, xi, yr, yi, m, s * lanes, sign, cs, sn); break;
                case 3: radix3(xr, xi, yr, yi, m, s * lanes, sign, cs, sn); break;
                case 5: radix5(xr, xi, yr, yi, m, s * lanes, sign, cs, sn); break;
                default: radixOdd(xr, xi, yr, yi, m, s * lanes, sign, p, cs, sn, plan.rcos[st], plan.rsin[st], w);
            }
            double[] t = xr; xr = yr; yr = t;
            t = xi; xi = yi; yi = t;
            swapped = !swapped;
            s *= p;
        }
        return swapped;
    }

    private static void radix2(double[] xr, double[] xi, double[] yr, double[] yi, int m, int block, int sign,
                               double[] cs, double[] sn) {
        for (int j = 0; j < m; j++) {
            double wr = cs[j], wi = sign * sn[j];
            int a = j * block, b = (j + m) * block, c = 2 * j * block, d = c + block;
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

    private static void radix4(double[] xr, double[] xi, double[] yr, double[] yi, int m, int block, int sign,
                               double[] cs, double[] sn) {
        for (int j = 0; j < m; j++) {
            int tw = 3 * j;
            double w1r = cs[tw], w1i = sign * sn[tw];
            double w2r = cs[tw + 1], w2i = sign * sn[tw + 1];
            double w3r = cs[tw + 2], w3i = sign * sn[tw + 2];
            int a0 = j * block, a1 = (j + m) * block, a2 = (j + 2 * m) * block, a3 = (j + 3 * m) * block;
            int c0 = 4 * j * block, c1 = c0 + block, c2 = c1 + block, c3 = c2 + block;
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

    private static final double/*keep*/ SIN60 = Math.sqrt(3) / 2;

    private static void radix3(double[] xr, double[] xi, double[] yr, double[] yi, int m, int block, int sign,
                               double[] cs, double[] sn) {
        double h = (double) (sign * SIN60);
        for (int j = 0; j < m; j++) {
            int tw = 2 * j;
            double w1r = cs[tw], w1i = sign * sn[tw];
            double w2r = cs[tw + 1], w2i = sign * sn[tw + 1];
            int a0 = j * block, a1 = (j + m) * block, a2 = (j + 2 * m) * block;
            int c0 = 3 * j * block, c1 = c0 + block, c2 = c1 + block;
            for (int i = 0; i < block; i++) {
                double x0r = xr[a0 + i], x0i = xi[a0 + i];
                double x1r = xr[a1 + i], x1i = xi[a1 + i];
                double x2r = xr[a2 + i], x2i = xi[a2 + i];
                double tr = x1r + x2r, ti = x1i + x2i;
                double dr = x1r - x2r, di = x1i - x2i;
                double mr = x0r - (double) 0.5 * tr, mi = x0i - (double) 0.5 * ti;
                yr[c0 + i] = x0r + tr;
                yi[c0 + i] = x0i + ti;
                // X1 = m + sign i (sqrt3/2) d, X2 = m - sign i (sqrt3/2) d
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

    private static void radix5(double[] xr, double[] xi, double[] yr, double[] yi, int m, int block, int sign,
                               double[] cs, double[] sn) {
        double c1 = (double) C1, c2 = (double) C2, s1 = (double) (sign * S1), s2 = (double) (sign * S2);
        for (int j = 0; j < m; j++) {
            int tw = 4 * j;
            double w1r = cs[tw], w1i = sign * sn[tw];
            double w2r = cs[tw + 1], w2i = sign * sn[tw + 1];
            double w3r = cs[tw + 2], w3i = sign * sn[tw + 2];
            double w4r = cs[tw + 3], w4i = sign * sn[tw + 3];
            int a0 = j * block, a1 = (j + m) * block, a2 = (j + 2 * m) * block;
            int a3 = (j + 3 * m) * block, a4 = (j + 4 * m) * block;
            int o0 = 5 * j * block, o1 = o0 + block, o2 = o1 + block, o3 = o2 + block, o4 = o3 + block;
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
                // B1 = s1 d1 + s2 d2, B2 = s2 d1 - s1 d2 (sign folded into s1, s2); X = A +- i B
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

    /** Generic odd radix p: pairs (r, p-r) give X_k = A_k + sign i B_k and X_{p-k} = A_k - sign i B_k. */
    private static void radixOdd(double[] xr, double[] xi, double[] yr, double[] yi, int m, int block, int sign,
                                 int p, double[] cs, double[] sn, double[] rc, double[] rs, Work w) {
        int h = (p - 1) / 2;
        double[] sr = w.pr, si = w.pi;      // sums at [0, h), differences at [h, 2h)
        for (int j = 0; j < m; j++) {
            int tw = (p - 1) * j;
            int c0 = p * j * block;
            for (int i = 0; i < block; i++) {
                int a0 = j * block + i;
                double x0r = xr[a0], x0i = xi[a0];
                double tr = x0r, ti = x0i;
                for (int r = 1; r <= h; r++) {
                    int ar = (j + r * m) * block + i, br = (j + (p - r) * m) * block + i;
                    double ur = xr[ar], ui = xi[ar], vr = xr[br], vi = xi[br];
                    sr[r - 1] = ur + vr;
                    si[r - 1] = ui + vi;
                    sr[h + r - 1] = ur - vr;
                    si[h + r - 1] = ui - vi;
                    tr += ur + vr;
                    ti += ui + vi;
                }
                yr[c0 + i] = tr;
                yi[c0 + i] = ti;
                for (int k = 1; k <= h; k++) {
                    double ar = x0r, ai = x0i, br = 0, bi = 0;
                    for (int r = 1; r <= h; r++) {
                        double c = rc[(r - 1) * h + k - 1], s = rs[(r - 1) * h + k - 1];
                        ar += c * sr[r - 1];
                        ai += c * si[r - 1];
                        br += s * sr[h + r - 1];
                        bi += s * si[h + r - 1];
                    }
                    // X_k = A + sign i B, X_{p-k} = A - sign i B
                    double ukr = ar - sign * bi, uki = ai + sign * br;
                    double vkr = ar + sign * bi, vki = ai - sign * br;
                    double wkr = cs[tw + k - 1], wki = sign * sn[tw + k - 1];
                    double wpr = cs[tw + p - k - 1], wpi = sign * sn[tw + p - k - 1];
                    int ok = c0 + k * block + i, op = c0 + (p - k) * block + i;
                    yr[ok] = ukr * wkr - uki * wki;
                    yi[ok] = ukr * wki + uki * wkr;
                    yr[op] = vkr * wpr - vki * wpi;
                    yi[op] = vkr * wpi + vki * wpr;
                }
            }
        }
    }
}
