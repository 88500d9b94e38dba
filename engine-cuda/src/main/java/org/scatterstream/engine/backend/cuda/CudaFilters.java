package org.scatterstream.engine.backend.cuda;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.scatterstream.engine.Precision;
import org.scatterstream.engine.backend.ComputeEngine;
import org.scatterstream.engine.backend.cpu.Support;
import org.scatterstream.engine.filters.SolidHarmonicBank3D;

/**
 * Filters as the CUDA engine keeps them on the device: over their significant support only, in
 * the engine's precision, exactly as the CPU backend packs them (the same {@link Support} and
 * thresholds), so both backends sum the same terms. Packing is host-side and tested without a GPU.
 */
final class CudaFilters {
    /**
     * Entries below this fraction of a filter's peak are dropped: the CPU backend's thresholds, far
     * below each precision's rounding.
     */
    static final double DOUBLE_THRESHOLD = 1e-17;
    static final double FLOAT_THRESHOLD = 1e-10;

    private CudaFilters() {}

    static double threshold(Precision p) {
        return p == Precision.FLOAT ? FLOAT_THRESHOLD : DOUBLE_THRESHOLD;
    }

    /** A 1D filter: {@code values[i] = scale * h[(start + i) mod n]}, i < values.length. */
    record Packed1(int n, int start, double[] values) {
        static Packed1 of(double[] h, double scale, Precision p) {
            Support s = Support.of(h, threshold(p));
            double[] v = new double[s.length()];
            for (int i = 0; i < v.length; i++) v[i] = scale * h[(s.start() + i) % h.length];
            return new Packed1(h.length, s.start(), v);
        }
    }

    /**
     * A 2D filter row by row over each row's significant circular support, as the CPU backend stores
     * it: filter row r < rows is grid row {@code (row0 + r) mod m}, holding {@code len[r]} values
     * {@code scale * h[row][(start[r] + c) mod n]} from {@code values[offset[r]]} on. Rows are cut at
     * the filter-wide threshold, and so is each row's support (a row-relative cut would keep noise):
     * oriented wavelets occupy a slanted band that per-row supports follow much more closely than a
     * bounding box.
     */
    record Packed2(int m, int n, int row0, int rows, int[] start, int[] len, int[] offset, double[] values) {
        static Packed2 of(double[] h, int[] dims, double scale, Precision p) {
            if (dims.length != 2 || h.length != dims[0] * dims[1]) {
                throw new IllegalArgumentException("grid filter of " + h.length + " values for shape "
                        + java.util.Arrays.toString(dims));
            }
            int m = dims[0], n = dims[1];
            double threshold = threshold(p);
            double[] rowPeak = new double[m];
            double peak = 0;
            for (int a = 0; a < m; a++) {
                for (int b = 0; b < n; b++) rowPeak[a] = Math.max(rowPeak[a], Math.abs(h[a * n + b]));
                peak = Math.max(peak, rowPeak[a]);
            }
            Support rs = Support.of(rowPeak, threshold);
            int rows = rs.length();
            int[] start = new int[rows], len = new int[rows], offset = new int[rows + 1];
            double cut = peak * threshold;
            for (int a = 0; a < rows; a++) {
                int r = (rs.start() + a) % m;
                if (rowPeak[r] > cut) {
                    Support cs = Support.of(java.util.Arrays.copyOfRange(h, r * n, (r + 1) * n), cut / rowPeak[r]);
                    start[a] = cs.start();
                    len[a] = cs.length();
                }
                offset[a + 1] = offset[a] + len[a];
            }
            double[] v = new double[offset[rows]];
            for (int a = 0; a < rows; a++) {
                int r = (rs.start() + a) % m;
                for (int b = 0; b < len[a]; b++) v[offset[a] + b] = scale * h[r * n + (start[a] + b) % n];
            }
            return new Packed2(m, n, rs.start(), rows, start, len, offset, v);
        }

        /** The kernel's row table: start[rows], len[rows], offset[rows] as 32-bit ints, native order. */
        ByteBuffer rowTable() {
            ByteBuffer b = ByteBuffer.allocate(Math.max(1, 3 * rows) * 4).order(ByteOrder.nativeOrder());
            for (int[] t : new int[][] {start, len, offset}) for (int a = 0; a < rows; a++) b.putInt(t[a]);
            b.flip();
            return b;
        }
    }

    /**
     * The tables from which {@code multiply_harmonic} evaluates the solid harmonic wavelets (layout
     * documented there): frequencies, Gaussians per scale, norms, Legendre seeds, in double.
     */
    static double[] harmonicTables(SolidHarmonicBank3D bank) {
        SolidHarmonicBank3D.Key k = bank.key();
        int[] dims = {k.m(), k.n(), k.o()};
        int J = k.J(), L = k.L();
        int size = dims[0] + dims[1] + dims[2] + (J + 1) * (dims[0] + dims[1] + dims[2]) + (J + 1) * (L + 1) + (L + 1);
        double[] t = new double[size];
        int o = 0;
        for (int a = 0; a < 3; a++) for (int i = 0; i < dims[a]; i++) t[o++] = bank.angular(a, i);
        for (int a = 0; a < 3; a++) {
            for (int j = 0; j <= J; j++) for (int i = 0; i < dims[a]; i++) t[o++] = bank.gaussian(j, a, i);
        }
        for (int j = 0; j <= J; j++) for (int l = 0; l <= L; l++) t[o++] = bank.norm(j, l);
        for (int m = 0; m <= L; m++) t[o++] = bank.legendreSeed(m);
        return t;
    }

    /** Values in the engine's precision, native byte order, for upload. */
    static ByteBuffer encode(double[] v, Precision p) {
        int es = p == Precision.FLOAT ? 4 : 8;
        ByteBuffer b = ByteBuffer.allocate(Math.max(1, v.length) * es).order(ByteOrder.nativeOrder());
        for (double x : v) {
            if (p == Precision.FLOAT) b.putFloat((float) x); else b.putDouble(x);
        }
        b.flip();
        return b;
    }

    /** A 1D filter on the device. */
    static final class Filter implements ComputeEngine.Filter {
        final Packed1 packed;
        final Gpu.Memory values;

        Filter(Packed1 packed, Gpu.Memory values) {
            this.packed = packed;
            this.values = values;
        }

        @Override
        public int length() {
            return packed.n();
        }
    }

    /** A 2D filter on the device: its values and row table ({@link Packed2#rowTable}). */
    static final class GridFilter implements ComputeEngine.GridFilter {
        final Packed2 packed;
        final Gpu.Memory values;
        final Gpu.Memory rowTable;

        GridFilter(Packed2 packed, Gpu.Memory values, Gpu.Memory rowTable) {
            this.packed = packed;
            this.values = values;
            this.rowTable = rowTable;
        }

        @Override
        public int[] dims() {
            return new int[] {packed.m(), packed.n()};
        }
    }

    /** A bank of solid harmonic wavelets on the device: its tables (double) and the scale. */
    static final class HarmonicFilter implements ComputeEngine.HarmonicFilter {
        final SolidHarmonicBank3D.Key key;
        final double scale;
        final Gpu.Memory tables;

        HarmonicFilter(SolidHarmonicBank3D.Key key, double scale, Gpu.Memory tables) {
            this.key = key;
            this.scale = scale;
            this.tables = tables;
        }

        @Override
        public int[] dims() {
            return new int[] {key.m(), key.n(), key.o()};
        }
    }
}
