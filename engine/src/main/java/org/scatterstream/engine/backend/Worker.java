package org.scatterstream.engine.backend;

/**
 * The primitive operations of the scattering cores, applied to {@code lanes} samples at once
 * ("lanes" share every operation, so a worker can run them as SIMD lanes or as a GPU batch).
 *
 * <p>Conventions. A <em>spectrum</em> of a real signal of length n is its half DFT, bins
 * {@code 0..n/2}; the other half follows by Hermitian symmetry. A <em>packed</em> real signal of
 * length n stores samples 2t and 2t+1 as the real and imaginary part of complex element t (n/2
 * elements; for n = 1 one element with a zero imaginary part). Inverse FFTs are unscaled: filters are
 * uploaded with the 1/n scale that the inverse DFT and Fourier subsampling need.
 */
public interface Worker extends AutoCloseable {

    /** Number of samples processed together. */
    int lanes();

    /** A buffer of {@code complexLength} complex elements per lane. */
    Buffer buffer(int complexLength);

    /**
     * Loads samples {@code first .. first+count-1} (count <= lanes; missing lanes are zero) through
     * an index map (padded position -> source index, e.g. reflect padding) into a packed real buffer
     * of length {@code index.length}.
     */
    void loadPacked(Signals x, int first, int count, int[] index, Buffer packed);

    /** Real FFT of a packed signal of length n into its spectrum (n/2+1 bins). May use {@code scratch}. */
    void rfft(Buffer packed, int n, Buffer spectrum, Buffer scratch);

    /**
     * Filter product with Fourier subsampling: {@code dst[m] = sum_p X[m + p n/f] h[m + p n/f]} for
     * m < n/f, with X the full (Hermitian) spectrum of length n stored as half {@code spectrum} and h
     * the uploaded filter (of length n, scale included). Sums over the filter's support only.
     */
    void multiplyFold(Buffer spectrum, int n, ComputeEngine.Filter h, int factor, Buffer dst);

    /** In-place unscaled inverse complex FFT of length n. May use {@code scratch}. */
    void ifft(Buffer data, int n, Buffer scratch);

    /** Complex modulus of n elements, written as a packed real signal of length n. */
    void modulusPacked(Buffer data, int n, Buffer packed);

    /**
     * The step between two layers of the 1D cores, in one call so backends can fuse it: {@code U =
     * |IDFT_n(y)|} (unscaled inverse) and then the spectrum of U (n/2+1 bins) into {@code spectrum}.
     * {@code y} and {@code scratch} (n elements each) are overwritten.
     */
    default void modulusSpectrum(Buffer y, int n, Buffer scratch, Buffer spectrum) {
        ifft(y, n, scratch);
        modulusPacked(y, n, scratch);
        rfft(scratch, n, spectrum, y);
    }

    /**
     * Low-pass output: {@code Re IDFT(fold_f(X h))} at length n/f (unscaled inverse; h carries the
     * scale), then positions {@code start .. start+count-1} of each lane go to
     * {@code out.put(first + lane, channel, position - start, value)} for lanes < valid.
     */
    void lowPass(Buffer spectrum, int n, ComputeEngine.Filter h, int factor, Buffer work, Buffer scratch,
                 int start, int count, Coefficients out, int first, int valid, int channel);

    /** Writes the real part of bin 0 of a spectrum (the sum of the signal) as position 0 of {@code channel}. */
    void storeDc(Buffer spectrum, Coefficients out, int first, int valid, int channel);

    // ---- 2D/3D grids -----------------------------------------------------------------------------
    //
    // A grid of shape dims (row-major, last axis fastest) is stored element after element like a 1D
    // signal. A *packed* real grid pairs rows 2r and 2r+1 of axis 0 (which must be even) as the real
    // and imaginary parts of row r: shape (dims[0]/2, dims[1], ...), complex. Spectra are full
    // complex DFTs of the grid's shape. The operations are coarse on purpose (a whole wavelet-modulus
    // step is one call) so that a backend can fuse their FFTs and pointwise work; they may use the
    // worker's internal scratch memory. Backends without grid support throw
    // UnsupportedOperationException from these methods.

    /**
     * Loads samples {@code first .. first+count-1} (missing lanes are zero) into a real grid of
     * shape {@code index[a].length} per axis: grid element (i_0, ..., i_{d-1}) takes source index
     * {@code index[0][i_0] + ... + index[d-1][i_{d-1}]} (per-axis maps with the source strides
     * folded in, e.g. reflect padding). Packed when {@code packed}, otherwise as complex values with
     * zero imaginary parts.
     */
    default void loadGrid(Signals x, int first, int count, int[][] index, boolean packed, Buffer dst) {
        throw unsupported();
    }

    /**
     * Forward FFT of a packed real 2D grid of shape {@code dims} = (m, n), m and n even, into its full
     * spectrum (m x n complex), at the cost of an m/2 x n complex FFT; {@code packed} is overwritten.
     */
    default void rfftGrid(Buffer packed, int[] dims, Buffer spectrum) {
        throw unsupported();
    }

    /**
     * In-place unscaled forward FFT of a real grid, held in the real parts with zero imaginary parts,
     * to its full spectrum. The same values as {@code fftGrid(data, dims, false)}, which is the
     * default; backends may use the symmetry of real input.
     */
    default void realFftGrid(Buffer data, int[] dims) {
        fftGrid(data, dims, false);
    }

    /** In-place unscaled complex FFT of a grid over all axes (inverse when {@code inverse}). */
    default void fftGrid(Buffer data, int[] dims, boolean inverse) {
        throw unsupported();
    }

    /**
     * One 2D wavelet-modulus step: {@code dst} = the spectrum of {@code |IDFT(fold_f(X h))|}, a real
     * grid of (m/f) x (n/f) (both even), where X is an m x n spectrum, h an uploaded grid filter of
     * that shape (carrying the inverse DFT's scale) and {@code fold_f} sums the f x f aliases:
     * {@code Z[a, b] = sum_{p, q} X[a + p m/f, b + q n/f] h[a + p m/f, b + q n/f]}.
     */
    default void waveletModulus2(Buffer spectrum, int m, int n, ComputeEngine.GridFilter h, int factor, Buffer dst) {
        throw unsupported();
    }

    /**
     * 2D low-pass output: {@code Re IDFT(fold_f(X h))} at (m/f) x (n/f) (h carries the scale),
     * cropped by {@code crop} rows and columns on every side; value (a, b) of the crop goes to
     * {@code out.put(first + lane, channel, a * width + b, value)} for lanes < valid.
     */
    default void lowPass2(Buffer spectrum, int m, int n, ComputeEngine.GridFilter h, int factor, int crop,
                          Coefficients out, int first, int valid, int channel) {
        throw unsupported();
    }

    /**
     * A wavelet-modulus step whose only use is a low-pass output: the same values as
     * {@link #waveletModulus2} into {@code scratch} followed by {@link #lowPass2} of that spectrum
     * with {@code low} folded by {@code lowFactor}. Backends may skip the full spectrum of the
     * modulus; {@code scratch} (room for an (m/f) x (n/f) grid) holds unspecified values afterwards.
     */
    default void waveletModulusLowPass2(Buffer spectrum, int m, int n, ComputeEngine.GridFilter h, int factor,
                                        ComputeEngine.GridFilter low, int lowFactor, int crop, Buffer scratch,
                                        Coefficients out, int first, int valid, int channel) {
        waveletModulus2(spectrum, m, n, h, factor, scratch);
        lowPass2(scratch, m / factor, n / factor, low, lowFactor, crop, out, first, valid, channel);
    }

    /**
     * One 3D harmonic modulus step: {@code dst = sqrt(sum_m |IDFT(X psi_{j,l,m})|^2)} over
     * m = -l..l ({@code allOrders}) or m = -l only, as a complex grid with zero imaginary parts, X a
     * full spectrum of the bank's grid shape.
     */
    default void harmonicModulus(Buffer spectrum, ComputeEngine.HarmonicFilter h, int j, int l, boolean allOrders,
                                 Buffer dst) {
        throw unsupported();
    }

    /**
     * Writes {@code sum U^q} over the n elements of the real parts of {@code u} (U >= 0), for each
     * power q, to {@code out.put(first + lane, channel, position + i, value)} for lanes < valid.
     */
    default void integrals(Buffer u, int n, double[] powers, Coefficients out, int first, int valid,
                           int channel, int position) {
        throw unsupported();
    }

    /**
     * {@link #harmonicModulus} into {@code dst} then its {@link #integrals} (n the grid's size): the
     * default. Backends may fuse the two and skip storing U when {@code keep} is false, in which case
     * {@code dst} holds unspecified values afterwards.
     */
    default void harmonicModulusIntegrals(Buffer spectrum, ComputeEngine.HarmonicFilter h, int j, int l,
                                          boolean allOrders, Buffer dst, boolean keep, double[] powers,
                                          Coefficients out, int first, int valid, int channel, int position) {
        harmonicModulus(spectrum, h, j, l, allOrders, dst);
        int[] dims = h.dims();
        integrals(dst, dims[0] * dims[1] * dims[2], powers, out, first, valid, channel, position);
    }

    /**
     * Completes the outputs of the lane group just run: called by the batch executor after each
     * group. Backends that defer writing to {@link Coefficients} (a GPU downloads them in one copy)
     * write them here; others have nothing to do.
     */
    default void flush() {
    }

    private UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("this backend does not support 2D/3D grids");
    }

    @Override
    void close();

    /** Opaque buffer handle of a worker. */
    interface Buffer {
        int capacity();
    }
}
