package org.scatterstream.engine.filters;

/**
 * A plain double-precision complex DFT for any length (radix-2 for powers of two, Bluestein
 * otherwise). Used when building filters and plans, never on the transform's hot path.
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
