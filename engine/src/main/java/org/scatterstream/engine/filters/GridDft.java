package org.scatterstream.engine.filters;

/**
 * Multi-dimensional double-precision forward DFTs (unscaled, NumPy sign convention) for building
 * filters: a {@link ReferenceFft} along every line of each axis. Never on a transform's hot path.
 */
final class GridDft {
    private GridDft() {}

    /** In-place forward 2D DFT of a row-major m x n complex array. */
    static void forward2(double[] re, double[] im, int m, int n) {
        axis(re, im, 1, m, n);
        axis(re, im, m, n, 1);
    }

    /** Transforms along one axis: {@code outer} blocks, each of {@code len} elements {@code inner} apart. */
    private static void axis(double[] re, double[] im, int outer, int len, int inner) {
        double[] lr = new double[len], li = new double[len];
        for (int o = 0; o < outer; o++) {
            for (int c = 0; c < inner; c++) {
                int base = o * len * inner + c;
                for (int k = 0; k < len; k++) {
                    lr[k] = re[base + k * inner];
                    li[k] = im[base + k * inner];
                }
                ReferenceFft.transform(lr, li, false);
                for (int k = 0; k < len; k++) {
                    re[base + k * inner] = lr[k];
                    im[base + k * inner] = li[k];
                }
            }
        }
    }
}
