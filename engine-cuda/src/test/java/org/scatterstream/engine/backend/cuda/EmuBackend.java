package org.scatterstream.engine.backend.cuda;

import org.scatterstream.engine.Precision;
import org.scatterstream.engine.backend.Backend;
import org.scatterstream.engine.backend.ComputeEngine;

/**
 * The CUDA engine on the CPU emulation of its kernels, registered for the tests as {@code cuda-emu}
 * so that the public transforms (Scattering1D, ...) run the whole CUDA backend end to end here.
 */
public final class EmuBackend implements Backend {
    public static final String NAME = "cuda-emu";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String unavailableReason() {
        return EmuLibrary.unavailable();
    }

    /** The emulated device of the engine opened last (tests inspect its memory or inject failures). */
    static volatile EmuGpu last;

    @Override
    public ComputeEngine open(Precision precision) {
        EmuGpu gpu = new EmuGpu();
        last = gpu;
        return new CudaEngine(NAME, gpu, true, precision, CudaEngine.MAX_LANES);
    }
}
