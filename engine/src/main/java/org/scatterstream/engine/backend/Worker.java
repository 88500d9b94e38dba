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
     * Low-pass output: {@code Re IDFT(fold_f(X h))} at length n/f (unscaled inverse; h carries the
     * scale), then positions {@code start .. start+count-1} of each lane go to
     * {@code out.put(first + lane, channel, position - start, value)} for lanes < valid.
     */
    void lowPass(Buffer spectrum, int n, ComputeEngine.Filter h, int factor, Buffer work, Buffer scratch,
                 int start, int count, Coefficients out, int first, int valid, int channel);

    /** Writes the real part of bin 0 of a spectrum (the sum of the signal) as position 0 of {@code channel}. */
    void storeDc(Buffer spectrum, Coefficients out, int first, int valid, int channel);

    @Override
    void close();

    /** Opaque buffer handle of a worker. */
    interface Buffer {
        int capacity();
    }
}
