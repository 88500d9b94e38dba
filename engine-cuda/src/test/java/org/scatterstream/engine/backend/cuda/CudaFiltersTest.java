package org.scatterstream.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.scatterstream.engine.Averaging;
import org.scatterstream.engine.Precision;
import org.scatterstream.engine.backend.ComputeEngine;
import org.scatterstream.engine.backend.cpu.CpuBackend;
import org.scatterstream.engine.core.Plan1D;
import org.scatterstream.engine.filters.MorletFilterBank1D;
import org.scatterstream.engine.filters.MorletFilterBank2D;
import org.scatterstream.engine.filters.SolidHarmonicBank3D;

/**
 * Filters are packed for the device exactly as the CPU backend stores them (same support, same
 * values in the same precision), so both backends sum the same terms; checked against the CPU
 * engine's own filter objects (their package-private fields, read reflectively).
 */
class CudaFiltersTest {

    private static Object field(Object o, String name) throws ReflectiveOperationException {
        Field f = o.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(o);
    }

    private static double[] values(Object o) throws ReflectiveOperationException {
        Object v = field(o, "values");
        double[] d = new double[Array.getLength(v)];
        for (int i = 0; i < d.length; i++) d[i] = ((Number) Array.get(v, i)).doubleValue();
        return d;
    }

    private static double[] rounded(double[] v, Precision p) {
        double[] r = v.clone();
        if (p == Precision.FLOAT) for (int i = 0; i < r.length; i++) r[i] = (float) r[i];
        return r;
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void oneDimensionalFiltersMatchTheCpuPacking(Precision p) throws ReflectiveOperationException {
        Plan1D plan = new Plan1D(8, 4096, 8, 2, 256, Averaging.LOCAL, 8, 2);
        MorletFilterBank1D bank = plan.bank();
        try (ComputeEngine cpu = new CpuBackend().open(p)) {
            int checked = 0, shorter = 0;
            for (int n = 0; n < bank.count1(); n++) {
                double[] h = bank.psi1(n);
                double scale = 1.0 / h.length;
                CudaFilters.Packed1 g = CudaFilters.Packed1.of(h, scale, p);
                Object c = cpu.filter(h, scale);
                assertEquals(field(c, "start"), g.start(), "psi1 " + n + " start");
                assertEquals(h.length, g.n());
                double[] cv = values(c);
                assertEquals(cv.length, g.values().length, "psi1 " + n + " support length");
                assertTrue(java.util.Arrays.equals(cv, rounded(g.values(), p)), "psi1 " + n + " values");
                if (g.values().length < h.length) shorter++;
                checked++;
            }
            assertTrue(checked == bank.count1() && shorter > 0, "wavelets are stored over their support (" + shorter + " of " + checked + ")");
            double[] phi = bank.phi(0);
            CudaFilters.Packed1 g = CudaFilters.Packed1.of(phi, 1.0 / phi.length, p);
            Object c = cpu.filter(phi, 1.0 / phi.length);
            assertEquals(field(c, "start"), g.start());
            assertTrue(java.util.Arrays.equals(values(c), rounded(g.values(), p)), "phi values");
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void gridFiltersMatchTheCpuPacking(Precision p) throws ReflectiveOperationException {
        MorletFilterBank2D bank = MorletFilterBank2D.of(new MorletFilterBank2D.Key(2, 8, 48, 64));
        try (ComputeEngine cpu = new CpuBackend().open(p)) {
            int sparse = 0;
            for (int n = 0; n < bank.count(); n++) {
                double[] h = bank.psi(n, 0);
                int[] dims = {48, 64};
                CudaFilters.Packed2 g = CudaFilters.Packed2.of(h, dims, 1.0 / (48 * 64), p);
                Object c = cpu.gridFilter(h, dims, 1.0 / (48 * 64));
                assertEquals(field(c, "row0"), g.row0(), "psi " + n);
                assertEquals(field(c, "rows"), g.rows(), "psi " + n);
                assertArrayEquals((int[]) field(c, "start"), g.start(), "psi " + n + " row starts");
                assertArrayEquals((int[]) field(c, "len"), g.len(), "psi " + n + " row lengths");
                assertArrayEquals((int[]) field(c, "offset"), g.offset(), "psi " + n + " row offsets");
                assertTrue(java.util.Arrays.equals(values(c), rounded(g.values(), p)), "psi " + n + " values");
                if (g.values().length < h.length) sparse++;
            }
            assertTrue(sparse > 0, "wavelets are stored over their per-row support");
        }
    }

    @org.junit.jupiter.api.Test
    void harmonicTablesFollowTheKernelsLayout() {
        SolidHarmonicBank3D bank = SolidHarmonicBank3D.of(new SolidHarmonicBank3D.Key(2, 3, 1.0, 5, 6, 7));
        double[] t = CudaFilters.harmonicTables(bank);
        int m = 5, n = 6, o = 7, J = 2, L = 3;
        assertEquals(m + n + o + (J + 1) * (m + n + o) + (J + 1) * (L + 1) + (L + 1), t.length);
        assertEquals(bank.angular(1, 4), t[m + 4]);
        assertEquals(bank.gaussian(2, 0, 3), t[m + n + o + 2 * m + 3]);
        assertEquals(bank.gaussian(1, 2, 6), t[m + n + o + (J + 1) * (m + n) + o + 6]);
        assertEquals(bank.norm(2, 1), t[m + n + o + (J + 1) * (m + n + o) + 2 * (L + 1) + 1]);
        assertEquals(bank.legendreSeed(3), t[t.length - 1]);
    }
}
