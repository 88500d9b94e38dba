package org.scatterstream.engine.backend;

import org.scatterstream.engine.Precision;

/**
 * A backend opened for one precision: owns uploaded filters (shared by its workers) and creates
 * workers. Thread-safe. Closing it releases everything it and its workers hold.
 */
public interface ComputeEngine extends AutoCloseable {

    /** The backend's name. */
    String backendName();

    Precision precision();

    /**
     * How many samples a worker should process together ("lanes"): the SIMD width on the CPU, a whole
     * batch on a GPU. {@code batch} is the caller's batch size.
     */
    int preferredLanes(int batch);

    /**
     * The lanes a worker gets for a batch, given the kernel's own upper bound (2D/3D cores bound
     * lanes so that a CPU worker's buffers stay in cache). By default the smaller of the two; a GPU
     * engine, which wants whole batches per launch, ignores the cache bound.
     */
    default int lanes(int batch, int kernelMaxLanes) {
        return Math.min(preferredLanes(batch), Math.max(1, kernelMaxLanes));
    }

    /**
     * Running totals for benchmarks (e.g. a GPU's kernel and transfer milliseconds), by name; empty
     * when the backend keeps none. Values only grow; callers take differences.
     */
    default java.util.Map<String, Double> stats() {
        return java.util.Map.of();
    }

    /**
     * Uploads a real Fourier-domain filter, multiplied by {@code scale}. Entries below the
     * precision's noise level relative to the filter's peak are dropped (the filter is stored over its
     * significant circular support only), which is what makes products cheap.
     */
    Filter filter(double[] values, double scale);

    /**
     * Uploads a real Fourier-domain filter on a grid of shape {@code dims} (row-major), multiplied by
     * {@code scale}; stored over its significant support on each axis like {@link #filter}.
     */
    default GridFilter gridFilter(double[] values, int[] dims, double scale) {
        throw new UnsupportedOperationException(backendName() + " does not support 2D/3D grids");
    }

    /**
     * Makes a bank of 3D solid harmonic wavelets available to workers (evaluated on the fly),
     * multiplied by {@code scale}.
     */
    default HarmonicFilter harmonicFilter(org.scatterstream.engine.filters.SolidHarmonicBank3D bank, double scale) {
        throw new UnsupportedOperationException(backendName() + " does not support 2D/3D grids");
    }

    /**
     * Whether a worker may read a buffer of another worker of this engine once that one is done
     * writing it (heap buffers on the CPU; not device buffers, bound to their worker's stream). This
     * lets the independent parts of one sample run on several threads ({@code BatchExecutor}).
     */
    default boolean sharesBuffers() {
        return false;
    }

    /** A new worker with buffers for {@code lanes} samples. Not thread-safe; one per thread. */
    Worker worker(int lanes);

    @Override
    void close();

    /** Handle of an uploaded filter. */
    interface Filter {
        /** Length of the (full) filter. */
        int length();
    }

    /** Handle of an uploaded grid filter. */
    interface GridFilter {
        /** Shape of the filter's grid. */
        int[] dims();
    }

    /** Handle of a bank of 3D solid harmonic wavelets. */
    interface HarmonicFilter {
        /** Shape of the filters' grid (M, N, O). */
        int[] dims();
    }
}
