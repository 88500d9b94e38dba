package org.scatterstream.engine.backend.cuda;

import org.scatterstream.engine.Precision;
import org.scatterstream.engine.backend.Backend;
import org.scatterstream.engine.backend.BackendException;
import org.scatterstream.engine.backend.ComputeEngine;

/**
 * The CUDA backend ({@code cuda}): registered through {@link java.util.ServiceLoader} when this
 * module's jar is on the classpath. Usable when the jar carries the kernels (scatter.fatbin), JCuda is
 * present, the NVIDIA driver (libcuda.so.1) loads and a GPU of compute capability 7.5 or newer is
 * visible; the reason otherwise is decided once per JVM ({@link #unavailableReason()}), so that
 * {@code auto} falls back to cpu with a clear line.
 */
public final class CudaBackend implements Backend {
    public static final String NAME = "cuda";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String unavailableReason() {
        return CudaProbe.reason();
    }

    @Override
    public ComputeEngine open(Precision precision) {
        String why = unavailableReason();
        if (why != null) throw new BackendException("backend 'cuda' is not usable here: " + why);
        JCudaGpu gpu = JCudaGpu.open(CudaKernels.fatbin());
        return new CudaEngine(NAME, gpu, true, precision, CudaEngine.MAX_LANES);
    }
}
