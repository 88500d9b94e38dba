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
    // signal. A *packed* real grid pairs consecutive elements of the last axis (which must be even)
    // into one complex element; the *half spectrum* of a real grid keeps bins 0..last/2 of the last
    // axis, shape dims[0..d-2] x (last/2 + 1). Backends without grid support throw
    // UnsupportedOperationException from these methods.

    /**
     * Loads samples {@code first .. first+count-1} (missing lanes are zero) into a real grid of
     * shape {@code index[a].length} per axis: grid element (i_0, ..., i_{d-1}) takes source index
     * {@code index[0][i_0] + ... + index[d-1][i_{d-1}]} (per-axis maps with the source strides
     * folded in, e.g. reflect padding). Packed when {@code packed} (last axis even), otherwise as
     * complex values with zero imaginary parts.
     */
    default void loadGrid(Signals x, int first, int count, int[][] index, boolean packed, Buffer dst) {
        throw unsupported();
    }

    /** Forward real FFT of a packed real grid into its half spectrum; {@code packed} is overwritten. */
    default void rfftGrid(Buffer packed, int[] dims, Buffer spectrum) {
        throw unsupported();
    }

    /** In-place unscaled complex FFT of a grid over all axes (inverse when {@code inverse}). */
    default void fftGrid(Buffer data, int[] dims, boolean inverse) {
        throw unsupported();
    }

    /**
     * 2D filter product with Fourier subsampling on both axes:
     * {@code dst[a, b] = sum_{p, q} X[a + p m/f, b + q n/f] h[a + p m/f, b + q n/f]} for a < m/f,
     * b < n/f, with X the full spectrum of a real m x n grid stored as its half spectrum and h an
     * uploaded grid filter of shape m x n (scale included). {@code dst} is complex, (m/f) x (n/f).
     */
    default void multiplyFold2(Buffer spectrum, int m, int n, ComputeEngine.GridFilter h, int factor, Buffer dst) {
        throw unsupported();
    }

    /**
     * 2D low-pass output: {@code Re IDFT(fold_f(X h))} at (m/f) x (n/f) (unscaled inverse; h carries
     * the scale), cropped by {@code crop} rows and columns on every side; value (a, b) of the crop
     * goes to {@code out.put(first + lane, channel, a * width + b, value)} for lanes < valid.
     * {@code work} holds (m/f) x (n/f) complex elements.
     */
    default void lowPass2(Buffer spectrum, int m, int n, ComputeEngine.GridFilter h, int factor, Buffer work,
                          int crop, Coefficients out, int first, int valid, int channel) {
        throw unsupported();
    }

    /**
     * 3D solid harmonic product: {@code dst = X . psi_{j,l,m}} over the whole grid, X a full complex
     * spectrum of the filter's grid shape.
     */
    default void multiplyHarmonic(Buffer spectrum, ComputeEngine.HarmonicFilter h, int j, int l, int m, Buffer dst) {
        throw unsupported();
    }

    /** {@code acc.re = |data|^2} ({@code add} false) or {@code acc.re += |data|^2}, n elements. */
    default void squaredModulus(Buffer data, int n, boolean add, Buffer acc) {
        throw unsupported();
    }

    /**
     * Replaces {@code acc.re} by its square root (the modulus U >= 0) with zero imaginary parts, and
     * writes {@code sum U^q} for each power q to {@code out.put(first + lane, channel, position + i,
     * value)} for lanes < valid.
     */
    default void sqrtIntegrals(Buffer acc, int n, double[] powers, Coefficients out, int first, int valid,
                               int channel, int position) {
        throw unsupported();
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
