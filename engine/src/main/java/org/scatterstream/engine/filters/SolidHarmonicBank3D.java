package org.scatterstream.engine.filters;

/**
 * Kymatio's 3D solid harmonic wavelets in the Fourier domain (spec §3.3-3.4):
 *
 * <pre>
 *   psi_{j,l,m}(w) = c_l (2 pi)^(3/2) (-i)^l (sigma_j r)^l exp(-sigma_j^2 r^2 / 2) Y_l^m(polar, azimuth)
 * </pre>
 *
 * for scales j = 0..J ({@code sigma_j = sigma_0 2^j}), degrees l = 0..L and orders m = -l..l, on
 * Kymatio's frequency grid (shifted by one bin on odd axes, spec trap 22).
 *
 * <p>The filters are never stored as volumes: {@code (J+1)(L+1)^2} complex volumes would need
 * gigabytes at 128^3. Since {@code r^l Y_l^m} is a homogeneous polynomial in the frequencies and the
 * Gaussian factorizes over the axes, {@link #row} evaluates any filter on one grid line from a few
 * 1D tables; backends call it while forming products, and {@link #psi} materializes whole filters
 * (tests, GPU upload of small grids). Immutable and thread-safe.
 */
public final class SolidHarmonicBank3D {

    /** Key of a bank: everything that changes its values. */
    public record Key(int J, int L, double sigma0, int m, int n, int o) {
        public Key {
            if (J < 0 || L < 0 || !(sigma0 > 0) || m < 1 || n < 1 || o < 1) {
                throw new IllegalArgumentException("invalid 3D filter bank key " + this);
            }
        }
    }

    private final Key key;
    /** Angular frequencies per axis: wz (axis 0), wy (axis 1), wx (axis 2). */
    private final double[] wz, wy, wx;
    /** Gaussian factors per scale and axis: gz[j][k] = exp(-sigma_j^2 wz[k]^2 / 2). */
    private final double[][] gz, gy, gx;
    /** norm[j][l] = c_l (2 pi)^(3/2) sigma_j^l. */
    private final double[][] norm;
    /** Reduced normalised Legendre recurrence constants, see {@link #legendre}. */
    private final double[] pmm;
    /** recA[m][k], recB[m][k]: the three-term recurrence in k for order m. */
    private final double[][] recA, recB;

    private SolidHarmonicBank3D(Key key) {
        this.key = key;
        wz = grid(key.m());
        wy = grid(key.n());
        wx = grid(key.o());
        int J = key.J(), L = key.L();
        gz = new double[J + 1][];
        gy = new double[J + 1][];
        gx = new double[J + 1][];
        norm = new double[J + 1][L + 1];
        for (int j = 0; j <= J; j++) {
            double sigma = sigma(j);
            gz[j] = gauss(wz, sigma);
            gy[j] = gauss(wy, sigma);
            gx[j] = gauss(wx, sigma);
            for (int l = 0; l <= L; l++) {
                norm[j][l] = c(l) * Math.pow(2 * Math.PI, 1.5) * Math.pow(sigma, l);
            }
        }
        pmm = new double[L + 1];
        for (int m = 0; m <= L; m++) {
            double p = (2 * m + 1) / (4 * Math.PI);
            for (int k = 1; k <= m; k++) p *= (2 * k - 1) / (2.0 * k);
            pmm[m] = ((m & 1) == 0 ? 1 : -1) * Math.sqrt(p);
        }
        recA = new double[L + 1][L + 1];
        recB = new double[L + 1][L + 1];
        for (int m = 0; m <= L; m++) {
            for (int k = m + 2; k <= L; k++) {
                recA[m][k] = Math.sqrt((4.0 * k * k - 1) / ((double) k * k - (double) m * m));
                recB[m][k] = Math.sqrt(((k - 1.0) * (k - 1.0) - (double) m * m) / (4.0 * (k - 1.0) * (k - 1.0) - 1));
            }
        }
    }

    // ---- the tables behind row(), for backends that evaluate the filters themselves (GPU) ----------

    /** Angular frequency of bin k on axis 0 (z), 1 (y) or 2 (x). */
    public double angular(int axis, int k) {
        return (axis == 0 ? wz : axis == 1 ? wy : wx)[k];
    }

    /** Gaussian factor exp(-sigma_j^2 w^2 / 2) of bin k on axis 0, 1 or 2 at scale j. */
    public double gaussian(int j, int axis, int k) {
        return (axis == 0 ? gz : axis == 1 ? gy : gx)[j][k];
    }

    /** The factor c_l (2 pi)^(3/2) sigma_j^l of degree l at scale j. */
    public double norm(int j, int l) {
        return norm[j][l];
    }

    /** The seed of the Legendre recurrence of order m (see {@link #row}). */
    public double legendreSeed(int m) {
        return pmm[m];
    }

    /** Builds a bank (use {@link #of(Key)} to share banks across instances). */
    static SolidHarmonicBank3D build(Key key) {
        return new SolidHarmonicBank3D(key);
    }

    /** The cached bank for a key, built at most once per process. */
    public static SolidHarmonicBank3D of(Key key) {
        return FilterCache.get(key, SolidHarmonicBank3D::build);
    }

    public Key key() { return key; }

    /** Width of scale j: {@code sigma_0 2^j}. */
    public double sigma(int j) {
        return key.sigma0() * Math.pow(2, j);
    }

    /**
     * Kymatio's integer frequency of bin k on an axis of length m (spec §3.3):
     * {@code floor(-m/2) + ((k + floor(m/2)) mod m)}; the usual k / k-m for even m, shifted by one
     * bin for odd m.
     */
    public static int frequency(int k, int m) {
        return Math.floorDiv(-m, 2) + Math.floorMod(k + m / 2, m);
    }

    /** True when every axis is even, so the grid is symmetric under k -> -k (except Nyquist bins). */
    public boolean evenGrid() {
        return (key.m() & 1) == 0 && (key.n() & 1) == 0 && (key.o() & 1) == 0;
    }

    /** Normalisation c_l of the degree-l solid harmonic wavelet (spec §3.4). */
    static double c(int l) {
        if ((l & 1) == 0) {
            double df = 1;                       // (l+1)!!
            for (int k = l + 1; k > 1; k -= 2) df *= k;
            return 1 / (2 * Math.PI * Math.sqrt(l + 0.5) * df);
        }
        double f = 1;                            // ((l+1)/2)!
        for (int k = 2; k <= (l + 1) / 2; k++) f *= k;
        return 1 / (Math.pow(2, (l + 3) / 2.0) * Math.sqrt(Math.PI * (2 * l + 1)) * f);
    }

    /**
     * Values of psi_{j,l,m} on grid line (k0, k1), all k2 = 0..o-1, written to {@code re/im[off ..
     * off+o)}.
     */
    public void row(int j, int l, int m, int k0, int k1, double[] re, double[] im, int off) {
        if (Math.abs(m) > l || l > key.L() || j > key.J() || j < 0) {
            throw new IllegalArgumentException("no filter j=" + j + " l=" + l + " m=" + m);
        }
        double z = wz[k0], y = wy[k1];
        double gzy = gz[j][k0] * gy[j][k1] * norm[j][l];
        // (-i)^l
        double pr = (l & 1) == 0 ? ((l & 2) == 0 ? 1 : -1) : 0;
        double pi = (l & 1) == 1 ? ((l & 2) == 0 ? -1 : 1) : 0;
        int am = Math.abs(m);
        double[] g = gx[j];
        for (int k2 = 0; k2 < wx.length; k2++) {
            double x = wx[k2];
            double hr, hi;
            double r2 = x * x + y * y + z * z;
            if (l == 0) {
                hr = pmm[0];
                hi = 0;
            } else if (r2 == 0) {
                hr = 0;
                hi = 0;
            } else {
                double r = Math.sqrt(r2);
                // polar angle measured from the -z axis: cos(polar) = -wz / r
                double p = legendre(l, am, -z / r) * Math.pow(r, l - am);
                // (wx + i wy)^|m|
                double er = 1, ei = 0;
                for (int t = 0; t < am; t++) {
                    double nr = er * x - ei * y;
                    ei = er * y + ei * x;
                    er = nr;
                }
                hr = p * er;
                hi = p * ei;
                if (m < 0) {
                    // Y_l^{-m} = (-1)^m conj(Y_l^m)
                    double s = (am & 1) == 0 ? 1 : -1;
                    hr = s * hr;
                    hi = -s * hi;
                }
            }
            double a = gzy * g[k2];
            re[off + k2] = a * (pr * hr - pi * hi);
            im[off + k2] = a * (pr * hi + pi * hr);
        }
    }

    /** Largest degree for which {@link #rowPolynomial} is used (monomial coefficients stay well conditioned). */
    public static final int POLYNOMIAL_MAX_L = 8;

    /**
     * Along grid line (k0, k1), psi_{j,l,m} equals {@code gx(j)[k2] * sum_c pi_c wx[k2]^c}: the solid
     * harmonic {@code r^l Y_l^m} is a homogeneous polynomial, here expanded in wx with (wz, wy) fixed,
     * and the Gaussian factorizes over the axes. Writes the complex coefficients pi_0..pi_l, scaled by
     * {@code scale}, to {@code re/im[0..l]} (l <= {@link #POLYNOMIAL_MAX_L}). This is what makes
     * evaluating filters on the fly cheap: a Horner step per degree and voxel, no roots or powers.
     */
    public void rowPolynomial(int j, int l, int m, int k0, int k1, double scale, double[] re, double[] im) {
        rowPolynomial(j, l, m, k0, k1, scale, re, im, new double[5 * (l + 1)]);
    }

    /** As {@link #rowPolynomial(int, int, int, int, int, double, double[], double[])}, with scratch of 5(l+1). */
    public void rowPolynomial(int j, int l, int m, int k0, int k1, double scale, double[] re, double[] im,
                              double[] scratch) {
        if (Math.abs(m) > l || l > key.L() || j > key.J() || j < 0 || l > POLYNOMIAL_MAX_L) {
            throw new IllegalArgumentException("no polynomial filter line for j=" + j + " l=" + l + " m=" + m);
        }
        int am = Math.abs(m), w = l + 1;
        double zp = -wz[k0], y = wy[k1], rho2 = wz[k0] * wz[k0] + wy[k1] * wy[k1];
        java.util.Arrays.fill(scratch, 0, 5 * w, 0);
        // Q_k(t) = r^(k-am) Pred_k^am(z'/r) as polynomials in t = wx (r^2 = t^2 + rho^2), k = am..l;
        // q2, q1, q rotate over three slices of the scratch, (t + i y)^am in the last two
        int q2 = 0, q1 = w, q = 2 * w, er = 3 * w, ei = 4 * w;
        double[] sc = scratch;
        sc[q1] = pmm[am];
        if (l > am) {
            sc[q2] = sc[q1];
            sc[q1] = Math.sqrt(2 * am + 3.0) * zp * sc[q2];
            for (int k = am + 2; k <= l; k++) {
                double a = recA[am][k], b = recB[am][k];
                for (int c = 0; c <= l; c++) {
                    double v = zp * sc[q1 + c] - b * rho2 * sc[q2 + c];
                    if (c >= 2) v -= b * sc[q2 + c - 2];
                    sc[q + c] = a * v;
                }
                int t = q2; q2 = q1; q1 = q; q = t;
            }
        }
        // times (t + i y)^am
        sc[er] = 1;
        for (int s = 0; s < am; s++) {
            for (int c = l; c >= 0; c--) {
                double nr = (c > 0 ? sc[er + c - 1] : 0) - y * sc[ei + c];
                double ni = (c > 0 ? sc[ei + c - 1] : 0) + y * sc[er + c];
                sc[er + c] = nr;
                sc[ei + c] = ni;
            }
        }
        double pr = (l & 1) == 0 ? ((l & 2) == 0 ? 1 : -1) : 0;          // (-i)^l
        double pi = (l & 1) == 1 ? ((l & 2) == 0 ? -1 : 1) : 0;
        double sg = m < 0 && (am & 1) == 1 ? -1 : 1, conj = m < 0 ? -1 : 1; // Y_l^{-m} = (-1)^m conj Y_l^m
        double rowScale = scale * norm[j][l] * gz[j][k0] * gy[j][k1];
        for (int c = 0; c <= l; c++) {
            double hr = 0, hi = 0;
            for (int a = 0; a <= c; a++) {
                hr += sc[q1 + a] * sc[er + c - a];
                hi += sc[q1 + a] * sc[ei + c - a];
            }
            hr *= sg;
            hi *= sg * conj;
            re[c] = rowScale * (pr * hr - pi * hi);
            im[c] = rowScale * (pr * hi + pi * hr);
        }
    }

    /** Angular frequencies wx of axis 2 (the polynomial variable of {@link #rowPolynomial}). Do not modify. */
    public double[] wx() { return wx; }

    /** Gaussian factors exp(-sigma_j^2 wx^2 / 2) along axis 2 for scale j. Do not modify. */
    public double[] gx(int j) { return gx[j]; }

    /** The whole filter psi_{j,l,m} as row-major {@code {re, im}} volumes (m x n x o). */
    public double[][] psi(int j, int l, int m) {
        int o = key.o();
        int size = key.m() * key.n() * o;
        double[] re = new double[size], im = new double[size];
        for (int a = 0; a < key.m(); a++) {
            for (int b = 0; b < key.n(); b++) row(j, l, m, a, b, re, im, (a * key.n() + b) * o);
        }
        return new double[][] {re, im};
    }

    /**
     * The normalised associated Legendre function with Condon-Shortley phase, without its
     * {@code (1-x^2)^(m/2)} factor: {@code sqrt((2l+1)/(4 pi) (l-m)!/(l+m)!) P_l^m(x) / (1-x^2)^(m/2)},
     * m >= 0, by the standard stable recurrence in l.
     */
    double legendre(int l, int m, double x) {
        double pm2 = pmm[m];
        if (l == m) return pm2;
        double pm1 = x * Math.sqrt(2 * m + 3.0) * pm2;
        for (int k = m + 2; k <= l; k++) {
            double a = Math.sqrt((4.0 * k * k - 1) / ((double) k * k - (double) m * m));
            double b = Math.sqrt(((k - 1.0) * (k - 1.0) - (double) m * m) / (4.0 * (k - 1.0) * (k - 1.0) - 1));
            double p = a * (x * pm1 - b * pm2);
            pm2 = pm1;
            pm1 = p;
        }
        return pm1;
    }

    private static double[] grid(int m) {
        double[] w = new double[m];
        for (int k = 0; k < m; k++) w[k] = 2 * Math.PI * frequency(k, m) / m;
        return w;
    }

    private static double[] gauss(double[] w, double sigma) {
        double[] g = new double[w.length];
        for (int k = 0; k < w.length; k++) g[k] = Math.exp(-sigma * sigma * w[k] * w[k] / 2);
        return g;
    }
}
