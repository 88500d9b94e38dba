package org.scatterstream.engine.filters;

/**
 * Multi-dimensional double-precision DFTs (forward, unscaled, NumPy sign convention) for building
 * filters: one 1D transform per line along each axis. Never on a transform's hot path.
 */
final class GridDft {
    private GridDft() {}

    /** In-place forward 2D DFT of a row-major m x n complex array. */
    static void forward2(double[] re, double[] im, int m, int n) {
        axis(re, im, 1, m, n);
        axis(re, im, m, n, 1);
    }

    /**
     * Transforms along one axis: {@code outer} blocks, each holding {@code len} elements {@code inner}
     * apart.
     */
    private static void axis(double[] re, double[] im, int outer, int len, int inner) {
        double[] lr = new double[len], li = new double[len];
        double[] cos = new double[len], sin = new double[len];
        for (int k = 0; k < len; k++) {
            double a = -2 * Math.PI * k / len;
            cos[k] = Math.cos(a);
            sin[k] = Math.sin(a);
        }
        for (int o = 0; o < outer; o++) {
            for (int c = 0; c < inner; c++) {
                int base = o * len * inner + c;
                for (int k = 0; k < len; k++) {
                    lr[k] = re[base + k * inner];
                    li[k] = im[base + k * inner];
                }
                for (int k = 0; k < len; k++) {
                    double sr = 0, si = 0;
                    int idx = 0;
                    for (int t = 0; t < len; t++) {
                        double wr = cos[idx], wi = sin[idx];
                        sr += lr[t] * wr - li[t] * wi;
                        si += lr[t] * wi + li[t] * wr;
                        idx += k;
                        if (idx >= len) idx -= len;
                    }
                    re[base + k * inner] = sr;
                    im[base + k * inner] = si;
                }
            }
        }
    }
}
