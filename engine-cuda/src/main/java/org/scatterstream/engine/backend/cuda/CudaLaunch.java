package org.scatterstream.engine.backend.cuda;

/**
 * Launch geometry of the element-wise kernels: 1D blocks of {@link #BLOCK} threads, elements on the
 * grid's x dimension and lanes on y. The kernels loop (grid-stride) over both, so the grid only has
 * to be large enough to fill the GPU: x is capped at {@link #MAX_GRID_X} blocks and y at the
 * hardware limit of 65535.
 */
record CudaLaunch(int gridX, int gridY, int block) {
    static final int BLOCK = 256;
    /** 2^16 blocks of 256 threads per lane row: far beyond what any GPU runs at once. */
    static final int MAX_GRID_X = 1 << 16;
    static final int MAX_GRID_Y = 65535;

    /** For {@code elements} per lane and {@code lanes} lanes. */
    static CudaLaunch of(long elements, int lanes) {
        long bx = (Math.max(1, elements) + BLOCK - 1) / BLOCK;
        return new CudaLaunch((int) Math.min(bx, MAX_GRID_X), Math.max(1, Math.min(lanes, MAX_GRID_Y)), BLOCK);
    }

    /**
     * For a reduction ({@code integrals}): fewer, fuller blocks, since each block ends with one
     * atomic add per output.
     */
    static CudaLaunch reduction(long elements, int lanes) {
        long bx = (Math.max(1, elements) + BLOCK * 8L - 1) / (BLOCK * 8L);
        return new CudaLaunch((int) Math.min(bx, 1024), Math.max(1, Math.min(lanes, MAX_GRID_Y)), BLOCK);
    }
}
