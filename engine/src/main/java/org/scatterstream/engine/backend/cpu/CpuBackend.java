package org.scatterstream.engine.backend.cpu;

import org.scatterstream.engine.Precision;
import org.scatterstream.engine.backend.Backend;
import org.scatterstream.engine.backend.ComputeEngine;

/** The FFT-based CPU backend: always available. */
public final class CpuBackend implements Backend {
    public static final String NAME = "cpu";

    /**
     * Samples processed together per worker. Chosen so one lane group fills a few 512-bit vectors;
     * see the JMH lane benchmark.
     */
    static final int LANES_FLOAT = Integer.getInteger("scatterstream.cpu.lanes.float", 16);
    static final int LANES_DOUBLE = Integer.getInteger("scatterstream.cpu.lanes.double", 8);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String unavailableReason() {
        return null;
    }

    @Override
    public ComputeEngine open(Precision precision) {
        return new CpuEngine(precision, LANES_FLOAT, LANES_DOUBLE);
    }
}
