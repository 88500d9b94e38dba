package org.scatterstream.engine.backend.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.scatterstream.engine.Precision;

/**
 * The kernels of {@code src/main/cuda/scatter.cu} by name, and the fatbin nvcc built from it (a jar
 * resource; the committed copy serves builds without nvcc).
 */
enum CudaKernels {
    GATHER("gather"),
    FFT_PASS("fft_pass"),
    FFT_STAGE("fft_stage"),
    COPY("copy"),
    RFFT_POST("rfft_post"),
    MULTIPLY_FOLD("multiply_fold"),
    MULTIPLY_FOLD2("multiply_fold2"),
    UNPACK_ROWS("unpack_rows"),
    MODULUS_PACKED("modulus_packed"),
    SQUARED_MODULUS("squared_modulus"),
    EXTRACT_REAL("extract_real"),
    INTEGRALS("integrals"),
    MULTIPLY_HARMONIC("multiply_harmonic"),
    PATH_SMALL("path_small"),
    LOWPASS_SMALL("lowpass_small"),
    LOWPASS2_SMALL("lowpass2_small"),
    WAVELET2_SMALL("wavelet2_small");

    /** The fatbin's resource name, next to this class. */
    static final String RESOURCE = "scatter.fatbin";

    /** Powers per integrals launch (INTEGRALS_MAX_POWERS in scatter.cu). */
    static final int MAX_POWERS_PER_LAUNCH = 8;

    private final String base;

    CudaKernels(String base) {
        this.base = base;
    }

    /** The exported symbol for a precision, e.g. {@code fft_pass_f32}. */
    String symbol(Precision p) {
        return base + (p == Precision.FLOAT ? "_f32" : "_f64");
    }

    private static final class Fatbin {
        static final byte[] BYTES = load();

        private static byte[] load() {
            try (InputStream in = CudaKernels.class.getResourceAsStream(RESOURCE)) {
                if (in == null) return null;
                byte[] b = in.readAllBytes();
                return b.length == 0 ? null : b;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
        }
    }

    /** The fatbin's bytes, or null when the jar was built without kernels. */
    static byte[] fatbin() {
        return Fatbin.BYTES;
    }
}
