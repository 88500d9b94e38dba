package org.scatterstream.engine.backend.cpu;

import org.scatterstream.engine.backend.ComputeEngine;

/**
 * A real 2D Fourier filter (m x n, row-major) stored row by row over each row's significant
 * circular support: row {@code row0 + a} (mod m), for a < rows, holds {@code len[a]} values
 * {@code scale * h[row][(start[a] + b) mod n]} from {@code values[offset[a]]} on. Rows and entries
 * below the threshold (relative to the peak) are dropped: oriented wavelets occupy a slanted band of
 * the spectrum, which per-row supports follow much more closely than a bounding box.
 */
final class CpuGridFilter64 implements ComputeEngine.GridFilter {
    final int m, n;
    final int row0, rows;
    final int[] start, len, offset;
    final double[] values;
    /**
     * Factors of a separable filter, {@code scale h[a][b] = col[a] row[b]} to ~1e-12 of the peak
     * (the 2D low-pass is an outer product), over the whole grid with nothing dropped; null when h
     * is not separable.
     */
    final double[] row, col;

    CpuGridFilter64(double/*keep*/[] h, int[] dims, double/*keep*/ scale, double/*keep*/ threshold) {
        if (dims.length != 2 || h.length != dims[0] * dims[1]) {
            throw new IllegalArgumentException("grid filter of " + h.length + " values for shape "
                    + java.util.Arrays.toString(dims));
        }
        this.m = dims[0];
        this.n = dims[1];
        double/*keep*/ peak = 0;
        for (double/*keep*/ v : h) peak = Math.max(peak, Math.abs(v));
        double/*keep*/[] rowPeak = new double/*keep*/[m];
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < n; b++) rowPeak[a] = Math.max(rowPeak[a], Math.abs(h[a * n + b]));
        }
        Support rs = Support.of(rowPeak, threshold);
        row0 = rs.start();
        rows = rs.length();
        start = new int[rows];
        len = new int[rows];
        offset = new int[rows + 1];
        double/*keep*/ cut = peak * threshold;
        double/*keep*/[] line = new double/*keep*/[n];
        for (int a = 0; a < rows; a++) {
            int r = (row0 + a) % m;
            System.arraycopy(h, r * n, line, 0, n);
            // the row's own support, with the filter-wide cut (a row-relative cut would keep noise)
            Support cs = rowPeak[r] <= cut ? new Support(n, 0, 0) : Support.of(line, cut / rowPeak[r]);
            start[a] = cs.start();
            len[a] = cs.length();
            offset[a + 1] = offset[a] + len[a];
        }
        double[][] f = separableFactors(h, m, n, scale, peak);
        row = f == null ? null : f[0];
        col = f == null ? null : f[1];
        values = new double[offset[rows]];
        for (int a = 0; a < rows; a++) {
            int r = (row0 + a) % m;
            for (int b = 0; b < len[a]; b++) {
                values[offset[a] + b] = (double) (scale * h[r * n + (start[a] + b) % n]);
            }
        }
    }

    /** {@code {row, col}} with {@code scale h[a][b] = col[a] row[b]}, or null (see {@link #row}). */
    private static double[][] separableFactors(double/*keep*/[] h, int m, int n, double/*keep*/ scale,
                                               double/*keep*/ peak) {
        double/*keep*/ h00 = h[0];
        if (peak == 0 || Math.abs(h00) < 0.5 * peak) return null;
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < n; b++) {
                if (Math.abs(h[a * n + b] - h[a * n] * h[b] / h00) > 1e-12 * peak) return null;
            }
        }
        double[] row = new double[n], col = new double[m];
        for (int b = 0; b < n; b++) row[b] = (double) (scale * h[b]);
        for (int a = 0; a < m; a++) col[a] = (double) (h[a * n] / h00);
        return new double[][] {row, col};
    }

    @Override
    public int[] dims() {
        return new int[] {m, n};
    }
}
