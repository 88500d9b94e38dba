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
     * Uploads a real Fourier-domain filter, multiplied by {@code scale}. Entries below the
     * precision's noise level relative to the filter's peak are dropped (the filter is stored over its
     * significant circular support only), which is what makes products cheap.
     */
    Filter filter(double[] values, double scale);

    /** A new worker with buffers for {@code lanes} samples. Not thread-safe; one per thread. */
    Worker worker(int lanes);

    @Override
    void close();

    /** Handle of an uploaded filter. */
    interface Filter {
        /** Length of the (full) filter. */
        int length();
    }
}
