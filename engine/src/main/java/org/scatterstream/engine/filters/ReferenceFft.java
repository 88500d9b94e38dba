package org.scatterstream.engine.filters;

/**
 * A plain double-precision complex DFT for any length (radix-2 for powers of two, mixed radix when
 * every prime factor is small, as for the 2D padded grids, Bluestein otherwise). Used when building
 * filters and plans, never on the transform's hot path.
 */
public final class ReferenceFft {
    private ReferenceFft() {}

    /**
     * In-place DFT of (re, im). Forward: sum x[n] e^{-2 pi i k n / N}; inverse: (1/N) sum X[k]
     * e^{+2 pi i k n / N} (the NumPy convention).
     */
    public static void transform(double[] re, double[] im, boolean inverse) {
        int n = re.length;
        if (n == 0) return;
        if (IntMath.isPowerOfTwo(n)) radix2(re, im, inverse);
        else if (largestPrimeFactor(n) <= MIXED_RADIX_MAX_PRIME) mixedRadix(re, im, inverse);
        else bluestein(re, im, inverse);
        if (inverse) {
            double s = 1.0 / n;
            for (int i = 0; i < n; i++) { re[i] *= s; im[i] *= s; }
        }
    }

    /** Unscaled radix-2 transform (sign by direction). */
    private static void radix2(double[] re, double[] im, boolean inverse) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j) {
                double t = re[i]; re[i] = re[j]; re[j] = t;
                t = im[i]; im[i] = im[j]; im[j] = t;
            }
        }
        double sign = inverse ? 1 : -1;
        for (int len = 2; len <= n; len <<= 1) {
            int half = len >> 1;
            for (int k = 0; k < half; k++) {
                // twiddles computed directly (not by recurrence) for accuracy
                double a = sign * 2 * Math.PI * k / len;
                double wr = Math.cos(a), wi = Math.sin(a);
                for (int i = k; i < n; i += len) {
                    int j = i + half;
                    double xr = re[j] * wr - im[j] * wi;
                    double xi = re[j] * wi + im[j] * wr;
                    re[j] = re[i] - xr; im[j] = im[i] - xi;
                    re[i] += xr; im[i] += xi;
                }
            }
        }
    }

    /** Largest prime factor for the mixed-radix path (its cost grows with the factors). */
    private static final int MIXED_RADIX_MAX_PRIME = 64;

    private static int largestPrimeFactor(int n) {
        int p = 1;
        for (int f = 2; (long) f * f <= n; f++) {
            while (n % f == 0) { p = f; n /= f; }
        }
        return Math.max(p, n);
    }

    /**
     * Unscaled mixed-radix decimation in time: with p the smallest prime factor and n = p m,
     * {@code X[k] = sum_r W_n^(r k) DFT_m(x[r], x[r+p], ...)[k mod m]}; twiddles computed directly.
     */
    private static void mixedRadix(double[] re, double[] im, boolean inverse) {
        int n = re.length;
        if (n == 1) return;
        int p = 2;
        while (n % p != 0) p++;
        int m = n / p;
        double[][] sr = new double[p][m], si = new double[p][m];
        for (int r = 0; r < p; r++) {
            for (int t = 0; t < m; t++) {
                sr[r][t] = re[t * p + r];
                si[r][t] = im[t * p + r];
            }
            if (IntMath.isPowerOfTwo(m)) radix2(sr[r], si[r], inverse);
            else mixedRadix(sr[r], si[r], inverse);
        }
        double sign = inverse ? 1 : -1;
        double[][] tw = TWIDDLES.computeIfAbsent(n, ReferenceFft::twiddles);
        double[] cs = tw[0], sn = tw[1];
        for (int k = 0; k < n; k++) {
            double ar = 0, ai = 0;
            int km = k % m;
            for (int r = 0; r < p; r++) {
                int e = (int) (((long) r * k) % n);
                double c = cs[e], s = sign * sn[e];
                ar += sr[r][km] * c - si[r][km] * s;
                ai += sr[r][km] * s + si[r][km] * c;
            }
            re[k] = ar;
            im[k] = ai;
        }
    }

    private static final java.util.concurrent.ConcurrentHashMap<Integer, double[][]> TWIDDLES =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** cos/sin(2 pi e / n), e = 0..n-1, computed directly. */
    private static double[][] twiddles(int n) {
        double[][] t = new double[2][n];
        for (int e = 0; e < n; e++) {
            t[0][e] = Math.cos(2 * Math.PI * e / n);
            t[1][e] = Math.sin(2 * Math.PI * e / n);
        }
        return t;
    }

    private static void bluestein(double[] re, double[] im, boolean inverse) {
        int n = re.length;
        int m = Integer.highestOneBit(2 * n - 1) << 1;
        double sign = inverse ? 1 : -1;
        double[] cr = new double[n], ci = new double[n];
        for (int k = 0; k < n; k++) {
            long kk = ((long) k * k) % (2L * n);          // exact chirp phase
            double a = sign * Math.PI * kk / n;
            cr[k] = Math.cos(a); ci[k] = Math.sin(a);
        }
        double[] ar = new double[m], ai = new double[m], br = new double[m], bi = new double[m];
        for (int k = 0; k < n; k++) {
            ar[k] = re[k] * cr[k] - im[k] * ci[k];
            ai[k] = re[k] * ci[k] + im[k] * cr[k];
        }
        br[0] = cr[0]; bi[0] = -ci[0];
        for (int k = 1; k < n; k++) {
            br[k] = br[m - k] = cr[k];
            bi[k] = bi[m - k] = -ci[k];
        }
        radix2(ar, ai, false);
        radix2(br, bi, false);
        for (int k = 0; k < m; k++) {
            double r = ar[k] * br[k] - ai[k] * bi[k];
            double i = ar[k] * bi[k] + ai[k] * br[k];
            ar[k] = r; ai[k] = i;
        }
        radix2(ar, ai, true);
        double s = 1.0 / m;
        for (int k = 0; k < n; k++) {
            double r = ar[k] * s, i = ai[k] * s;
            re[k] = r * cr[k] - i * ci[k];
            im[k] = r * ci[k] + i * cr[k];
        }
    }
}
