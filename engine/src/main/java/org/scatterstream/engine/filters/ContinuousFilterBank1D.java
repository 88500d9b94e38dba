package org.scatterstream.engine.filters;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The filters of the 1D Morlet bank in the form an incremental (overlap-save) transform needs: each
 * filter's <em>time support</em> at every resolution level, its Fourier values at any block size, and the taps of the low-pass for direct (time-domain) averaging.
 *
 * <p>Everything is derived from the engine's own {@link MorletFilterBank1D} built at a reference
 * length {@code lref} (a power of two far longer than any impulse response), so the filters are
 * the batch transform's filters: the impulse response of a Fourier filter {@code H} (length n,
 * level r) is {@code h = IDFT_n(H)}, centred at 0 and decaying like a Gaussian on both sides. The
 * level-r filter {@code fold_sum_{2^r}(H)} has impulse response {@code 2^r h[m 2^r]}, i.e. the
 * filter applied at the decimated rate, which is why the multi-rate cascade of an incremental
 * transform reproduces the batch transform's numbers away from the signal's ends.
 *
 * <p><b>Support.</b> The half support {@code L} of a filter is the smallest L with
 * {@code sum_{|m| > L} |h[m]| <= tolerance * sum_m |h[m]|}: the output of a convolution that ignores
 * the taps beyond L differs from the exact one by at most {@code tolerance} times the largest input
 * times the filter's L1 norm.
 *
 * <p><b>Fourier values at block size B.</b> {@code H_B[k] = H[k lref_r / B]} (lref_r = lref / 2^r):
 * the DFT of the B-periodised impulse response. A circular convolution of a block of B samples with
 * it equals the linear convolution at every block position p with {@code L <= p <= B-1-L}, to
 * within the tail mass beyond L. Unlike a truncated impulse response, H_B keeps the narrow Fourier
 * support of the Gaussian, so products stay cheap.
 *
 * <p>Immutable and thread-safe; shared through {@link FilterCache} (supports and taps computed on
 * first use).
 */
public final class ContinuousFilterBank1D {

    /** Everything that changes the values. */
    public record Key(int J, int q1, int q2, double T, int log2T, int lref, double tolerance) {}

    private final Key key;
    private final MorletFilterBank1D bank;
    private final ConcurrentHashMap<Long, Integer> halves = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, double[]> phiTaps = new ConcurrentHashMap<>();

    private ContinuousFilterBank1D(Key key, MorletFilterBank1D bank) {
        this.key = key;
        this.bank = bank;
    }

    /** The bank for a key, built once per process. */
    public static ContinuousFilterBank1D of(Key key) {
        if (!IntMath.isPowerOfTwo(key.lref)) throw new IllegalArgumentException("lref must be a power of two, got " + key.lref);
        // the Morlet bank first: FilterCache must not be updated from inside one of its builders
        MorletFilterBank1D bank = FilterCache.morlet1D(
                new MorletFilterBank1D.Key(key.J, key.q1, key.q2, key.T, key.lref, key.log2T));
        return FilterCache.get(key, k -> new ContinuousFilterBank1D(k, bank));
    }

    public Key key() { return key; }

    /** The underlying Fourier-domain bank at length {@code lref} (ladders, j values, levels). */
    public MorletFilterBank1D bank() { return bank; }

    // ---------------------------------------------------------------- supports

    /** Half support of first-order wavelet n1 at level 0 (full rate), in samples. */
    public int psi1Half(int n1) {
        return half(0, n1, 0, () -> bank.psi1(n1));
    }

    /** Half support of second-order wavelet n2 at the given level, in samples of that level. */
    public int psi2Half(int n2, int level) {
        return half(1, n2, level, () -> bank.psi2(n2, level));
    }

    /** Half support of the low-pass at the given level, in samples of that level. */
    public int phiHalf(int level) {
        return half(2, 0, level, () -> bank.phi(level));
    }

    private int half(int kind, int index, int level, java.util.function.Supplier<double[]> filter) {
        long id = ((long) kind << 48) | ((long) index << 16) | level;
        return halves.computeIfAbsent(id, k -> tailHalfSupport(impulseModulus(filter.get()), key.tolerance));
    }

    /** |IDFT(H)| of a Fourier filter, in double (build time only). */
    static double[] impulseModulus(double[] fourier) {
        int n = fourier.length;
        double[] re = fourier.clone(), im = new double[n];
        ReferenceFft.transform(re, im, true);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = Math.hypot(re[i], im[i]);
        return a;
    }

    /**
     * Smallest L with {@code sum_{|m|>L} a[m] <= tolerance * sum a} for a circular array {@code a}
     * indexed by m mod n, m in (-n/2, n/2].
     */
    static int tailHalfSupport(double[] a, double tolerance) {
        int n = a.length;
        double total = 0;
        for (double v : a) total += v;
        if (total == 0) return 0;
        double budget = tolerance * total;
        // accumulate the tails from the outside in: |m| = n/2 down to 1
        double tail = 0;
        for (int m = n / 2; m >= 1; m--) {
            double add = a[m % n] + (m == n - m ? 0 : a[(n - m) % n]);
            if (tail + add > budget) return m;
            tail += add;
        }
        return 0;
    }

    // ---------------------------------------------------------------- Fourier values at a block size

    /** First-order wavelet n1 (level 0) at block size B (any B >= 1). */
    public double[] psi1Fourier(int n1, int blockSize) {
        double[] h = bank.psi1(n1);
        return divides(blockSize, h) ? subsample(h, blockSize) : bank.psi1At(n1, blockSize);
    }

    /** Second-order wavelet n2 at the given level, at block size B (samples of that level, any B >= 1). */
    public double[] psi2Fourier(int n2, int level, int blockSize) {
        double[] h = bank.psi2(n2, level);
        return divides(blockSize, h) ? subsample(h, blockSize) : bank.psi2At(n2, level, blockSize);
    }

    private static boolean divides(int blockSize, double[] h) {
        if (blockSize < 1) throw new IllegalArgumentException("block size must be >= 1, got " + blockSize);
        return h.length % blockSize == 0;
    }

    private static double[] subsample(double[] h, int blockSize) {
        int n = h.length;
        int step = n / blockSize;
        double[] out = new double[blockSize];
        for (int k = 0; k < blockSize; k++) out[k] = h[k * step];
        return out;
    }

    // ---------------------------------------------------------------- flat-passband low-pass

    /**
     * A low-pass for decimating a signal: {@code H(nu) = 1} for {@code |nu| <= pass} and 0 for
     * {@code |nu| >= stop} (cycles per sample), both to within {@code eps}. It is the box
     * {@code |nu| <= c = (pass + stop) / 2} smoothed by a Gaussian of width
     * {@code sigma = (stop - pass) / 2 / sqrt(2 ln(1 / (2 eps)))}, so that its impulse response
     * {@code h[n] = sin(2 pi c n) / (pi n) exp(-2 pi^2 sigma^2 n^2)} is real, even and decays like a
     * Gaussian. Multiplying a spectrum by H changes nothing within {@code pass} (to eps), and removes
     * everything that decimation by 2^m would alias onto {@code [-pass, pass]} when
     * {@code stop <= 2^-m - pass}.
     */
    public record Band(double pass, double stop, double eps) {
        public Band {
            if (!(pass >= 0 && stop > pass && stop < 0.5 && eps > 0 && eps < 0.5)) {
                throw new IllegalArgumentException("invalid band " + pass + ", " + stop + ", " + eps);
            }
        }

        double centre() {
            return (pass + stop) / 2;
        }

        double sigma() {
            return (stop - pass) / 2 / Math.sqrt(2 * Math.log(1 / (2 * eps)));
        }

        /** Taps beyond this |n| are below 1e-18 of h[0] (Gaussian factor). */
        int reach() {
            return (int) Math.ceil(Math.sqrt(18 * Math.log(10) / (2 * Math.PI * Math.PI)) / sigma()) + 1;
        }

        double tap(int n) {
            double c = centre(), s = sigma();
            if (n == 0) return 2 * c;
            return Math.sin(2 * Math.PI * c * n) / (Math.PI * n) * Math.exp(-2 * Math.PI * Math.PI * s * s * n * (double) n);
        }
    }

    /** The band's Fourier values at {@code length} frequencies k / length: the DFT of its length-periodised taps. */
    public static double[] bandFourier(Band band, int length) {
        double[] re = new double[length], im = new double[length];
        int reach = band.reach();
        for (int n = -reach; n <= reach; n++) re[Math.floorMod(n, length)] += band.tap(n);
        ReferenceFft.transform(re, im, false);
        return re;                                   // h real and even: the imaginary part is round-off
    }

    /** Half support of the band's impulse response at this bank's tolerance. */
    public int bandHalf(Band band) {
        int reach = band.reach();
        int n = Integer.highestOneBit(2 * reach + 1) << 1;
        double[] a = new double[n];
        for (int m = -reach; m <= reach; m++) a[Math.floorMod(m, n)] = Math.abs(band.tap(m));
        return tailHalfSupport(a, key.tolerance);
    }

    /**
     * Largest |nu| (cycles per sample of its level) where second-order wavelet n2 at the given level
     * exceeds {@code eps} times its peak: the band a decimated copy must keep unchanged for it.
     */
    public double psi2Reach(int n2, int level, double eps) {
        return reach(bank.psi2(n2, level), eps);
    }

    /** Largest |nu| (cycles per sample of its level) where the low-pass at the given level exceeds {@code eps} times its peak. */
    public double phiReach(int level, double eps) {
        return reach(bank.phi(level), eps);
    }

    private static double reach(double[] h, double eps) {
        int n = h.length;
        double peak = 0;
        for (double v : h) peak = Math.max(peak, Math.abs(v));
        int far = 0;
        for (int k = 0; k < n; k++) {
            if (Math.abs(h[k]) > eps * peak) far = Math.max(far, Math.min(k, n - k));
        }
        return (double) far / n;
    }

    // ---------------------------------------------------------------- direct low-pass taps

    /**
     * Taps of the low-pass at the given level for direct convolution: {@code taps[L + m] = Re h[m]}
     * for |m| <= L = {@link #phiHalf(int)} (h real and even up to round-off).
     */
    public double[] phiTaps(int level) {
        return phiTaps.computeIfAbsent(level, r -> {
            double[] fourier = bank.phi(r);
            int n = fourier.length;
            double[] re = fourier.clone(), im = new double[n];
            ReferenceFft.transform(re, im, true);
            int half = phiHalf(r);
            double[] taps = new double[2 * half + 1];
            for (int m = -half; m <= half; m++) taps[half + m] = re[Math.floorMod(m, n)];
            return taps;
        });
    }
}
