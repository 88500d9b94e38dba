package org.scatterstream.engine;

/** Floating-point precision in which a transform computes (filters, FFTs, intermediate buffers). */
public enum Precision {
    /** 32-bit IEEE floats: the default, about twice the SIMD throughput of {@link #DOUBLE}. */
    FLOAT,
    /** 64-bit IEEE doubles: Kymatio's float64 results to ~1e-15. */
    DOUBLE;

    /** Parses {@code float|double} (case-insensitive, also {@code float32|float64}). */
    public static Precision parse(String s) {
        switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "float": case "float32": case "f32": return FLOAT;
            case "double": case "float64": case "f64": return DOUBLE;
            default: throw new IllegalArgumentException("precision must be 'float' or 'double', got '" + s + "'");
        }
    }
}
