package org.scatterstream.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Launch geometry of the element-wise kernels: enough blocks, within the hardware's limits. */
class CudaLaunchTest {
    @Test
    void elementsOnXLanesOnY() {
        assertEquals(new CudaLaunch(1, 1, 256), CudaLaunch.of(1, 1));
        assertEquals(new CudaLaunch(1, 1, 256), CudaLaunch.of(0, 0));
        assertEquals(new CudaLaunch(1, 64, 256), CudaLaunch.of(256, 64));
        assertEquals(new CudaLaunch(2, 64, 256), CudaLaunch.of(257, 64));
        // 64 x 2^17 (the 1D benchmark's padded length): one thread per element and lane
        assertEquals(new CudaLaunch(512, 64, 256), CudaLaunch.of(1 << 17, 64));
    }

    @Test
    void capsWhereTheKernelsLoop() {
        assertEquals(CudaLaunch.MAX_GRID_X, CudaLaunch.of(1L << 40, 1).gridX());
        assertEquals(65535, CudaLaunch.of(10, 1 << 20).gridY());
    }

    @Test
    void reductionsUseFewFullBlocks() {
        // 128^3 voxels: 8 elements per thread, at most 1024 blocks (one atomic add each per output)
        assertEquals(new CudaLaunch(1024, 8, 256), CudaLaunch.reduction(128 * 128 * 128, 8));
        assertEquals(new CudaLaunch(1, 3, 256), CudaLaunch.reduction(100, 3));
    }
}
