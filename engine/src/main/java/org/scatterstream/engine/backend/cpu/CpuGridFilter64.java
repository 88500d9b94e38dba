package org.scatterstream.engine.backend.cpu;

import org.scatterstream.engine.backend.ComputeEngine;

/**
 * A real 2D Fourier filter (m x n, row-major) stored over its significant support on each axis:
 * {@code values[a * cols + b] = scale * h[(row0 + a) mod m][(col0 + b) mod n]} for a < rows, b < cols.
 */
final class CpuGridFilter64 implements ComputeEngine.GridFilter {
    final int m, n;
    final int row0, rows, col0, cols;
    final double[] values;

    CpuGridFilter64(double/*keep*/[] h, int[] dims, double/*keep*/ scale, double/*keep*/ threshold) {
        if (dims.length != 2 || h.length != dims[0] * dims[1]) {
            throw new IllegalArgumentException("grid filter of " + h.length + " values for shape "
                    + java.util.Arrays.toString(dims));
        }
        this.m = dims[0];
        this.n = dims[1];
        double/*keep*/[] rowPeak = new double/*keep*/[m], colPeak = new double/*keep*/[n];
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < n; b++) {
                double/*keep*/ v = Math.abs(h[a * n + b]);
                rowPeak[a] = Math.max(rowPeak[a], v);
                colPeak[b] = Math.max(colPeak[b], v);
            }
        }
        Support rs = Support.of(rowPeak, threshold), cs = Support.of(colPeak, threshold);
        row0 = rs.start();
        rows = rs.length();
        col0 = cs.start();
        cols = cs.length();
        values = new double[rows * cols];
        for (int a = 0; a < rows; a++) {
            int r = (row0 + a) % m;
            for (int b = 0; b < cols; b++) {
                values[a * cols + b] = (double) (scale * h[r * n + (col0 + b) % n]);
            }
        }
    }

    @Override
    public int[] dims() {
        return new int[] {m, n};
    }
}
