package org.scatterstream.engine.filters;

/**
 * Kymatio's (ScatNet's) 2D Morlet filter bank in the Fourier domain (spec §2.4): J*L band-pass
 * wavelets {@code psi_{j,t}} and the low-pass {@code phi}, each at the resolution levels the
 * traversal uses. Built on the padded grid {@code mPad x nPad} (rows x columns); every filter is a
 * real row-major array. Immutable; built once per configuration through {@link FilterCache}.
 *
 * <p>The wavelets are built in space as Gabor functions periodized over 5x5 copies of the grid, made
 * zero-mean with the Morlet correction, transformed with a 2D DFT, and only the real part is kept;
 * coarser levels are crops of the spectrum (not periodizations). All of this, including the constant
 * {@link #SCATNET_PI} in the normalisation, is what makes the coefficients match ScatNet/Kymatio; a
 * closed-form Fourier expression would differ by ~1e-5.
 */
public final class MorletFilterBank2D {

    /** The normalisation constant ScatNet (and Kymatio) use in place of pi (spec trap 15). */
    public static final double SCATNET_PI = 3.1415;

    /** Width of the finest wavelet in pixels: scale j has sigma = 0.8 * 2^j. */
    public static final double SIGMA0 = 0.8;

    /** Key of a bank: everything that changes its values. */
    public record Key(int J, int L, int mPad, int nPad) {
        public Key {
            if (J < 1 || L < 1 || mPad < 1 || nPad < 1) {
                throw new IllegalArgumentException("invalid 2D filter bank key " + J + "/" + L + "/" + mPad + "x" + nPad);
            }
        }
    }

    private final Key key;
    /** psi[n][level], n = j*L + t. */
    private final double[][][] psi;
    /** phi[level]. */
    private final double[][] phi;

    private MorletFilterBank2D(Key key) {
        this.key = key;
        int J = key.J(), L = key.L(), m = key.mPad(), n = key.nPad();
        psi = new double[J * L][][];
        for (int j = 0; j < J; j++) {
            for (int t = 0; t < L; t++) {
                double[] level0 = morletFourier(m, n, sigma(j), theta(t, L), xi(j), slant(L));
                psi[j * L + t] = levels(level0, m, n, psiLevels(j, J));
            }
        }
        double[] phi0 = gaborFourier(m, n, SIGMA0 * Math.pow(2, J - 1), 0, 0, 1);
        symmetrize(phi0, m, n);
        phi = levels(phi0, m, n, J);
    }

    /** Builds a bank (use {@link #of(Key)} to share banks across instances). */
    static MorletFilterBank2D build(Key key) {
        return new MorletFilterBank2D(key);
    }

    /** The cached bank for a key, built at most once per process. */
    public static MorletFilterBank2D of(Key key) {
        return FilterCache.get(key, MorletFilterBank2D::build);
    }

    /** Width (pixels) of the wavelets of scale j: {@code 0.8 * 2^j}. */
    public static double sigma(int j) {
        return SIGMA0 * Math.pow(2, j);
    }

    /** Centre frequency (radians per pixel) of scale j: {@code (3/4) pi / 2^j}. */
    public static double xi(int j) {
        return 0.75 * Math.PI / Math.pow(2, j);
    }

    /** Slant (ratio of the widths across and along the oscillation): {@code 4 / L}. */
    public static double slant(int L) {
        return 4.0 / L;
    }

    /**
     * Orientation of angle index t in radians: {@code (int(L - L/2 - 1) - t) * pi / L} with real
     * division inside and truncation toward zero (spec trap 16); decreasing with t.
     */
    public static double theta(int t, int L) {
        int offset = (int) (L - L / 2.0 - 1);
        return (offset - t) * Math.PI / L;
    }

    /** Number of resolution levels (level 0 included) kept for a wavelet of scale j. */
    public static int psiLevels(int j, int J) {
        return Math.min(j + 1, Math.max(J - 1, 1));
    }

    public Key key() { return key; }
    public int J() { return key.J(); }
    public int L() { return key.L(); }
    public int mPad() { return key.mPad(); }
    public int nPad() { return key.nPad(); }
    /** Number of wavelets, J*L. */
    public int count() { return psi.length; }

    /**
     * Wavelet {@code n = j*L + t} at resolution level r: a row-major array of
     * {@code (mPad/2^r) x (nPad/2^r)}. Do not modify.
     */
    public double[] psi(int n, int level) { return psi[n][level]; }

    /** Number of levels stored for wavelet n. */
    public int psiLevelCount(int n) { return psi[n].length; }

    /** The low-pass at resolution level r (0 .. J-1). Do not modify. */
    public double[] phi(int level) { return phi[level]; }

    /** Number of low-pass levels (J). */
    public int phiLevelCount() { return phi.length; }

    // ---------------------------------------------------------------------------------------------

    /**
     * {@code Re DFT2} of the zero-mean Morlet {@code W - K W0}, {@code K = sum W / sum W0}, with W the
     * periodized Gabor of centre frequency xi and W0 the one with xi = 0.
     */
    static double[] morletFourier(int m, int n, double sigma, double theta, double xi, double slant) {
        double[][] w = gabor(m, n, sigma, theta, xi, slant);
        double[][] w0 = gabor(m, n, sigma, theta, 0, slant);
        double swr = 0, swi = 0, s0r = 0, s0i = 0;
        for (int i = 0; i < m * n; i++) {
            swr += w[0][i]; swi += w[1][i];
            s0r += w0[0][i]; s0i += w0[1][i];
        }
        double den = s0r * s0r + s0i * s0i;
        double kr = (swr * s0r + swi * s0i) / den;
        double ki = (swi * s0r - swr * s0i) / den;
        double[] re = w[0], im = w[1];
        for (int i = 0; i < m * n; i++) {
            double ar = w0[0][i], ai = w0[1][i];
            re[i] -= kr * ar - ki * ai;
            im[i] -= kr * ai + ki * ar;
        }
        GridDft.forward2(re, im, m, n);
        return re;
    }

    /** {@code Re DFT2} of a periodized Gabor (the low-pass is the case xi = 0, theta = 0, slant = 1). */
    static double[] gaborFourier(int m, int n, double sigma, double theta, double xi, double slant) {
        double[][] g = gabor(m, n, sigma, theta, xi, slant);
        GridDft.forward2(g[0], g[1], m, n);
        return g[0];
    }

    /**
     * The Gabor function of spec §2.4 on an m x n grid, periodized over the 5 x 5 neighbouring copies
     * of the grid: {@code {re, im}} row-major.
     */
    static double[][] gabor(int m, int n, double sigma, double theta, double xi, double slant) {
        double c = Math.cos(theta), d = Math.sin(theta);
        double s2 = slant * slant, twoSigma2 = 2 * sigma * sigma;
        double a = (c * c + s2 * d * d) / twoSigma2;
        double b = c * d * (1 - s2) / twoSigma2;
        double cc = (d * d + s2 * c * c) / twoSigma2;
        double norm = 1.0 / (2 * SCATNET_PI * sigma * sigma / slant);
        double xc = xi * c, xd = xi * d;
        double[] re = new double[m * n], im = new double[m * n];
        for (int u = 0; u < m; u++) {
            for (int v = 0; v < n; v++) {
                double sr = 0, si = 0;
                for (int e = -2; e <= 2; e++) {
                    double p = u + (double) e * m;
                    for (int f = -2; f <= 2; f++) {
                        double q = v + (double) f * n;
                        double arg = -(a * p * p + 2 * b * p * q + cc * q * q);
                        // terms below e^-60 (1e-26 of the peak term) cannot change a double sum
                        if (arg < -60) continue;
                        double g = Math.exp(arg);
                        if (xi == 0) {
                            sr += g;
                        } else {
                            double ph = p * xc + q * xd;
                            sr += g * Math.cos(ph);
                            si += g * Math.sin(ph);
                        }
                    }
                }
                re[u * n + v] = sr * norm;
                im[u * n + v] = si * norm;
            }
        }
        return new double[][] {re, im};
    }

    /**
     * The low-pass is the real part of the DFT of a real array, hence even in frequency; enforce that
     * exactly (the FFT leaves ~1e-16 asymmetry) so that products with Hermitian spectra stay Hermitian.
     */
    private static void symmetrize(double[] h, int m, int n) {
        for (int a = 0; a < m; a++) {
            int ma = (m - a) % m;
            for (int b = 0; b < n; b++) {
                int mb = (n - b) % n;
                int i = a * n + b, k = ma * n + mb;
                if (k <= i) continue;
                double v = 0.5 * (h[i] + h[k]);
                h[i] = v;
                h[k] = v;
            }
        }
    }

    /** Levels 0 .. count-1 of a filter: level r is the crop {@link #crop(double[], int, int, int)}. */
    static double[][] levels(double[] h, int m, int n, int count) {
        double[][] out = new double[count][];
        out[0] = h;
        for (int r = 1; r < count; r++) out[r] = crop(h, m, n, r);
        return out;
    }

    /**
     * Level r of a Fourier filter (spec §2.4): keeps the frequencies below the new Nyquist, taking the
     * new Nyquist row/column from the negative side.
     */
    static double[] crop(double[] h, int m, int n, int r) {
        int mr = m >> r, nr = n >> r;
        if ((mr << r) != m || (nr << r) != n) {
            throw new IllegalArgumentException("grid " + m + "x" + n + " not divisible by 2^" + r);
        }
        double[] out = new double[mr * nr];
        for (int a = 0; a < mr; a++) {
            int row = a < mr / 2.0 ? a : a + m - mr;
            for (int b = 0; b < nr; b++) {
                int col = b < nr / 2.0 ? b : b + n - nr;
                out[a * nr + b] = h[row * n + col];
            }
        }
        return out;
    }
}
