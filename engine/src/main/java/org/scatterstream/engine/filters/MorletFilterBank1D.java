package org.scatterstream.engine.filters;

import java.util.ArrayList;
import java.util.List;

/**
 * Kymatio's 1D Morlet filter bank in the Fourier domain (spec §1.3-1.4): the (xi, sigma) ladders of
 * both layers, each filter's maximal subsampling j, and the filters at every resolution level the
 * traversal needs. Immutable; built once per configuration through {@link FilterCache}.
 */
public final class MorletFilterBank1D {
    /** Kymatio's fixed constants: sigma0, r_psi and alpha. */
    public static final double SIGMA0 = 0.1;
    public static final double R_PSI = Math.sqrt(0.5);
    public static final double ALPHA = 5.0;

    /** Key of a bank: everything that changes its values. */
    public record Key(int J, int q1, int q2, double T, int nPad, int log2T) {}

    private final Key key;
    private final double[] xi1, sigma1, xi2, sigma2;
    private final int[] j1, j2;
    /** psi1[n] = level 0 only. */
    private final double[][] psi1;
    /** psi2[n][level]. */
    private final double[][][] psi2;
    /** phi[level]. */
    private final double[][] phi;
    private final double sigmaPhi;

    private MorletFilterBank1D(Key key) {
        this.key = key;
        double[][] l1 = ladder(key.J, key.q1);
        double[][] l2 = ladder(key.J, key.q2);
        xi1 = l1[0]; sigma1 = l1[1]; xi2 = l2[0]; sigma2 = l2[1];
        j1 = new int[xi1.length];
        j2 = new int[xi2.length];
        for (int i = 0; i < j1.length; i++) j1[i] = maxSubsampling(xi1[i], sigma1[i]);
        for (int i = 0; i < j2.length; i++) j2[i] = maxSubsampling(xi2[i], sigma2[i]);
        int jmax1 = max(j1), jmax = Math.max(jmax1, max(j2));
        int n = key.nPad;
        psi1 = new double[xi1.length][];
        for (int i = 0; i < xi1.length; i++) psi1[i] = morlet(n, xi1[i], sigma1[i]);
        psi2 = new double[xi2.length][][];
        for (int i = 0; i < xi2.length; i++) {
            int levels = Math.max(1, Math.min(Math.min(jmax1, j2[i]), 1 + key.log2T));
            psi2[i] = levels(morlet(n, xi2[i], sigma2[i]), levels);
        }
        sigmaPhi = SIGMA0 / key.T;
        int phiLevels = phiLevels(jmax, key.log2T);
        phi = levels(gauss(n, sigmaPhi), phiLevels);
    }

    /**
     * Number of phi levels the traversal needs for (J, Q1, Q2, floor(log2 T)), from the ladders
     * alone (no filter is built): lets callers reject a J too large for the padded length first.
     */
    public static int requiredPhiLevels(int J, int q1, int q2, int log2T) {
        int jmax = 0;
        for (int q : new int[] {q1, q2}) {
            double[][] l = ladder(J, q);
            for (int i = 0; i < l[0].length; i++) jmax = Math.max(jmax, maxSubsampling(l[0][i], l[1][i]));
        }
        return phiLevels(jmax, log2T);
    }

    /** Number of phi levels (level 0 included) for the given jmax and floor(log2 T). */
    public static int phiLevels(int jmax, int log2T) {
        return Math.max(1, Math.max(jmax, 1 + log2T));
    }

    /** Builds a bank (use {@link FilterCache#morlet1D} to share banks across instances). */
    static MorletFilterBank1D build(Key key) {
        return new MorletFilterBank1D(key);
    }

    public Key key() { return key; }
    public int nPad() { return key.nPad; }
    public int count1() { return xi1.length; }
    public int count2() { return xi2.length; }
    public double xi1(int n) { return xi1[n]; }
    public double sigma1(int n) { return sigma1[n]; }
    public double xi2(int n) { return xi2[n]; }
    public double sigma2(int n) { return sigma2[n]; }
    public int j1(int n) { return j1[n]; }
    public int j2(int n) { return j2[n]; }
    public double sigmaPhi() { return sigmaPhi; }
    /** First-order wavelet n at level 0 (length nPad). Do not modify. */
    public double[] psi1(int n) { return psi1[n]; }
    /** Second-order wavelet n at the given level (length nPad / 2^level). Do not modify. */
    public double[] psi2(int n, int level) { return psi2[n][level]; }
    public int psi2Levels(int n) { return psi2[n].length; }
    /** The low-pass at the given level (length nPad / 2^level). Do not modify. */
    public double[] phi(int level) { return phi[level]; }
    public int phiLevels() { return phi.length; }

    // ---------------------------------------------------------------- the filters at other lengths

    /**
     * First-order wavelet n at level 0 sampled at {@code length} frequencies {@code k / length}: the
     * bank's filter at any length, not only at divisors of nPad (where it equals the subsampled
     * {@link #psi1(int)}). The filter is a fixed function of the frequency; the L1 normalisation is
     * the bank's own (nPad), so the values agree with the bank's wherever both are defined.
     */
    public double[] psi1At(int n, int length) {
        return sampled(nu -> morletRaw(nu, xi1[n], sigma1[n]), psi1[n], 0, length);
    }

    /** Second-order wavelet n at the given level sampled at {@code length} frequencies (see {@link #psi1At}). */
    public double[] psi2At(int n, int level, int length) {
        return sampled(nu -> morletRaw(nu, xi2[n], sigma2[n]), psi2[n][0], level, length);
    }

    /**
     * Level r of a filter of frequency function f (unnormalised, on [0, 1)) at {@code length} points:
     * {@code sum_{j < 2^r} f((k / length + j) / 2^r) / norm}, the fold of {@link #levels} written for
     * any length; norm is read off the bank's level-0 array {@code bank0} at its peak.
     */
    private double[] sampled(java.util.function.DoubleUnaryOperator f, double[] bank0, int level, int length) {
        int peak = 0;
        for (int k = 1; k < bank0.length; k++) if (Math.abs(bank0[k]) > Math.abs(bank0[peak])) peak = k;
        double norm = f.applyAsDouble((double) peak / bank0.length) / bank0[peak];
        int folds = 1 << level;
        double[] out = new double[length];
        for (int k = 0; k < length; k++) {
            double v = 0;
            for (int j = 0; j < folds; j++) v += f.applyAsDouble(((double) k / length + j) / folds);
            out[k] = v / norm;
        }
        return out;
    }

    /** The unnormalised Morlet of {@link #morlet} at one frequency nu in [0, 1). */
    private static double morletRaw(double nu, double xi, double sigma) {
        int p = periods(sigma);
        double kappa = periodizedGaussianAt(0, sigma, xi, p) / periodizedGaussianAt(0, sigma, 0, p);
        return periodizedGaussianAt(nu, sigma, xi, p) - kappa * periodizedGaussianAt(nu, sigma, 0, p);
    }

    // ---------------------------------------------------------------- design (spec §1.3)

    static double xiMax(int q) {
        return Math.max(1.0 / (1.0 + Math.pow(2.0, 3.0 / q)), 0.35);
    }

    static double sigmaOf(double xi, int q) {
        double f = Math.pow(2.0, -1.0 / q);
        return xi * (1 - f) / (1 + f) / Math.sqrt(2 * Math.log(1 / R_PSI));
    }

    /** The (xi, sigma) ladder of one layer, in filter order: {xi[], sigma[]}. */
    static double[][] ladder(int J, int q) {
        List<double[]> out = new ArrayList<>();
        double xi = xiMax(q);
        double sigma = sigmaOf(xi, q);
        double sigmaMin = SIGMA0 / Math.pow(2.0, J);
        double f = Math.pow(2.0, 1.0 / q);
        if (sigma <= sigmaMin) {
            xi = sigma;
        } else {
            out.add(new double[] {xi, sigma});
            // repeated division, loop test before dividing (spec trap 9)
            while (sigma > sigmaMin * f) {
                xi = xi / f;
                sigma = sigma / f;
                out.add(new double[] {xi, sigma});
            }
        }
        double xiElbow = xi;
        for (int i = 0; i < q - 1; i++) {
            xi = xi - xiElbow / q;
            out.add(new double[] {xi, sigmaMin});
        }
        double[][] r = new double[2][out.size()];
        for (int i = 0; i < out.size(); i++) {
            r[0][i] = out.get(i)[0];
            r[1][i] = out.get(i)[1];
        }
        return r;
    }

    /** Largest integer j with u <= 2^-(j+1), u = min(|xi| + alpha sigma, 0.5), by comparison (trap 2). */
    static int maxSubsampling(double xi, double sigma) {
        double u = Math.min(Math.abs(xi) + ALPHA * sigma, 0.5);
        int j = -1;
        while (u <= Math.scalb(1.0, -(j + 2))) j++;
        return j;
    }

    // ---------------------------------------------------------------- filters (spec §1.4)

    private static int periods(double sigma) {
        double p = Math.ceil(Math.sqrt(-2 * sigma * sigma * Math.log(1e-7)) + 1);
        return (int) Math.min(p, 5);
    }

    /** Periodized Gaussian centred at c, averaged over 2P-1 unit periods. */
    private static double[] periodizedGaussian(int n, double sigma, double c, int p) {
        double[] out = new double[n];
        double inv2s2 = 1.0 / (2 * sigma * sigma);
        for (int k = 0; k < n; k++) {
            double s = 0;
            for (int q = 1 - p; q <= p - 1; q++) {
                double f = (double) (k + (long) q * n) / n - c;
                s += Math.exp(-f * f * inv2s2);
            }
            out[k] = s / (2 * p - 1);
        }
        return out;
    }

    /** {@link #periodizedGaussian} at one frequency nu in [0, 1). */
    private static double periodizedGaussianAt(double nu, double sigma, double c, int p) {
        double inv2s2 = 1.0 / (2 * sigma * sigma), s = 0;
        for (int q = 1 - p; q <= p - 1; q++) {
            double f = nu + q - c;
            s += Math.exp(-f * f * inv2s2);
        }
        return s / (2 * p - 1);
    }

    /** Low-pass Gaussian of length n, unit L1 norm in time (so h[0] = 1). */
    public static double[] gauss(int n, double sigma) {
        double[] h = periodizedGaussian(n, sigma, 0.0, periods(sigma));
        return normalizeL1(h);
    }

    /** Zero-mean Morlet wavelet of length n, unit L1 norm in time. */
    public static double[] morlet(int n, double xi, double sigma) {
        int p = periods(sigma);
        double[] low = periodizedGaussian(n, sigma, 0.0, p);
        double[] gab = periodizedGaussian(n, sigma, xi, p);
        double kappa = gab[0] / low[0];
        double[] h = new double[n];
        for (int k = 0; k < n; k++) h[k] = gab[k] - kappa * low[k];
        return normalizeL1(h);
    }

    /** h / sum_n |IDFT(h)[n]| computed in double with an exact-order DFT (build time only). */
    private static double[] normalizeL1(double[] h) {
        int n = h.length;
        double[] re = h.clone(), im = new double[n];
        ReferenceFft.transform(re, im, true);
        double l1 = 0;
        for (int i = 0; i < n; i++) l1 += Math.hypot(re[i], im[i]);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = h[i] / l1;
        return out;
    }

    /** Levels 0..count-1 of a filter: level r = fold_sum_{2^r}(h) (trap 1: sum, not mean). */
    static double[][] levels(double[] h, int count) {
        double[][] out = new double[count][];
        out[0] = h;
        for (int r = 1; r < count; r++) {
            int m = h.length >> r;
            double[] l = new double[m];
            for (int k = 0; k < h.length; k++) l[k % m] += h[k];
            out[r] = l;
        }
        return out;
    }

    private static int max(int[] a) {
        int m = Integer.MIN_VALUE;
        for (int v : a) m = Math.max(m, v);
        return m;
    }
}
