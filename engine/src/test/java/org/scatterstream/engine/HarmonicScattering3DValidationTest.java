package org.scatterstream.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.scatterstream.engine.filters.FilterCache;
import org.scatterstream.engine.filters.SolidHarmonicBank3D;

/** Builder validation, shapes, input checks and the process-wide filter cache of HarmonicScattering3D. */
class HarmonicScattering3DValidationTest {

    private static HarmonicScattering3D.Builder valid() {
        return HarmonicScattering3D.builder().J(1).shape(8, 8, 8).L(1);
    }

    private static void rejects(Supplier<HarmonicScattering3D.Builder> b, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.get().build());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' should mention '" + f + "'");
        }
    }

    @Test
    void rejectsInvalidParametersWithClearMessages() {
        rejects(() -> HarmonicScattering3D.builder().shape(8, 8, 8), "J is required");
        rejects(() -> HarmonicScattering3D.builder().J(1), "shape");
        rejects(() -> valid().J(-1), "J must be in 0..30", "got -1");
        rejects(() -> valid().shape(8, 0, 8), "shape must be positive");
        rejects(() -> valid().shape(1024, 1024, 1024), "voxels");
        rejects(() -> valid().L(-1), "L must be in 0..32", "got -1");
        rejects(() -> valid().sigma0(0), "sigma_0 must be a finite number > 0");
        rejects(() -> valid().sigma0(Double.NaN), "sigma_0");
        rejects(() -> valid().maxOrder(3), "max_order must be 1 or 2", "got 3");
        rejects(() -> valid().integralPowers(), "integral_powers must hold at least one exponent");
        rejects(() -> valid().integralPowers(1, -2), "integral_powers must be finite and > 0");
        rejects(() -> valid().integralPowers(1, Double.POSITIVE_INFINITY), "integral_powers");
        rejects(() -> valid().threads(0), "threads must be >= 1");
        rejects(() -> valid().precision(null), "precision");
    }

    @Test
    void acceptsOnlyTheIntegralMethod() {
        // Kymatio's NumPy frontend silently ignores 'method'; its torch frontend rejects other values
        rejects(() -> valid().method("standard"), "method must be 'integral'", "got 'standard'", "ignores");
        rejects(() -> valid().method("local"), "method must be 'integral'");
        rejects(() -> valid().method(null), "method must be 'integral'", "null");
        try (HarmonicScattering3D s = valid().method("integral").build()) {
            assertTrue(s.configId().contains("method=integral"));
        }
    }

    @Test
    void shapesFollowKymatio() {
        // spec §4.3: (J, L, max_order, powers) -> (paths, L+1, powers)
        int[][] cases = {{1, 2, 2, 3, 3}, {2, 2, 2, 3, 6}, {2, 2, 2, 2, 6}, {2, 3, 1, 3, 3}, {3, 3, 2, 2, 10}, {0, 0, 2, 1, 1}};
        for (int[] c : cases) {
            double[] powers = java.util.Arrays.copyOf(new double[] {0.5, 1, 2}, c[3]);
            if (c[3] == 2) powers = new double[] {1, 2};
            if (c[3] == 1) powers = new double[] {1};
            try (HarmonicScattering3D s = HarmonicScattering3D.builder().J(c[0]).L(c[1]).maxOrder(c[2])
                    .integralPowers(powers).shape(6, 7, 8).build()) {
                assertArrayEquals(new int[] {c[4], c[1] + 1, c[3]}, s.outputShape(), java.util.Arrays.toString(c));
                assertArrayEquals(new int[] {6, 7, 8}, s.inputShape());
                HarmonicScattering3DMeta meta = s.meta();
                assertEquals(c[4], meta.paths());
            }
        }
        HarmonicScattering3DMeta meta = HarmonicScattering3D.metaOf(HarmonicScattering3D.builder().J(2).shape(4, 4, 4));
        int[][] keys = {{0}, {1}, {2}, {0, 1}, {0, 2}, {1, 2}};
        for (int p = 0; p < keys.length; p++) assertArrayEquals(keys[p], meta.key(p));
        assertEquals(3, meta.L(), "default L");
        assertArrayEquals(new double[] {0.5, 1, 2}, meta.powers(), "default powers");
    }

    @Test
    void rejectsShortArrays() {
        try (HarmonicScattering3D s = valid().build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.transform(new float[511], 1));
            assertTrue(e.getMessage().contains("8x8x8"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> s.transform(new double[512], 1, new double[3]));
            assertTrue(e.getMessage().contains("output holds"), e.getMessage());
        }
    }

    @Test
    void secondInstanceReusesTheCachedFilterBank() {
        HarmonicScattering3D.Builder b = HarmonicScattering3D.builder().J(2).L(2).sigma0(1.5).shape(10, 12, 14);
        try (HarmonicScattering3D first = b.build()) {
            SolidHarmonicBank3D.Key key = new SolidHarmonicBank3D.Key(2, 2, 1.5, 10, 12, 14);
            long builds = FilterCache.builds();
            SolidHarmonicBank3D bank = SolidHarmonicBank3D.of(key);
            try (HarmonicScattering3D second = b.build(); HarmonicScattering3D third = b.precision(Precision.DOUBLE).build()) {
                assertEquals(builds, FilterCache.builds(), "a second instance must not rebuild the filters");
                assertSame(bank, SolidHarmonicBank3D.of(key));
                assertEquals(first.configId(), second.configId());
                assertEquals(Precision.DOUBLE, third.precision(), "a different precision shares the same bank");
            }
        }
    }
}
