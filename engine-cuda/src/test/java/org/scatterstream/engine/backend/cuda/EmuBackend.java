package org.scatterstream.engine.backend.cuda;

import org.scatterstream.engine.Precision;
import org.scatterstream.engine.backend.Backend;
import org.scatterstream.engine.backend.ComputeEngine;

/**
 * The CUDA engine on the CPU emulation of its kernels, registered for the tests as {@code cuda-emu}
 * so that the public transforms (Scattering1D, ...) run the whole CUDA backend end to end here.
 */
public class EmuBackend implements Backend {
    public static final String NAME = "cuda-emu";

    private final String name;
    private final int sharedPerBlock, sharedOptIn;

    /** A device with an H100's shared memory. */
    public EmuBackend() {
        this(NAME, 48 * 1024, 227 * 1024);
    }

    EmuBackend(String name, int sharedPerBlock, int sharedOptIn) {
        this.name = name;
        this.sharedPerBlock = sharedPerBlock;
        this.sharedOptIn = sharedOptIn;
    }

    /**
     * {@code cuda-emu-small}: a device with 6 KiB of shared memory per block and no opt-in, so that
     * the paths a large GPU rarely takes run too: FFTs in several passes, unfused low-pass outputs
     * and path steps.
     */
    public static final class Small extends EmuBackend {
        public static final String NAME = "cuda-emu-small";

        public Small() {
            super(NAME, 6 * 1024, 6 * 1024);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String unavailableReason() {
        return EmuLibrary.unavailable();
    }

    /** The emulated device of the engine opened last (tests inspect its memory or inject failures). */
    static volatile EmuGpu last;

    @Override
    public ComputeEngine open(Precision precision) {
        EmuGpu gpu = new EmuGpu(sharedPerBlock, sharedOptIn);
        last = gpu;
        return new CudaEngine(name, gpu, true, precision, CudaEngine.MAX_LANES);
    }
}
