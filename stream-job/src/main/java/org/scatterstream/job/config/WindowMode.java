package org.scatterstream.job.config;

import java.util.Locale;

/** How a 1D stream becomes feature records ({@code window.mode}). */
public enum WindowMode {
    /** Windows of N samples every H samples, each transformed on its own (reflect-padded at its edges). */
    WINDOWED,
    /**
     * One incremental transform per stream (the engine's {@code ContinuousScattering1D}): every H samples,
     * a record with the frames newly completed; no window edges, each sample processed once.
     */
    CONTINUOUS;

    static WindowMode parse(String v) {
        switch (v.toLowerCase(Locale.ROOT)) {
            case "windowed": return WINDOWED;
            case "continuous": return CONTINUOUS;
            default: throw new IllegalArgumentException("expected 'windowed' or 'continuous'");
        }
    }
}
