package org.scatterstream.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.scatterstream.engine.filters.FilterCache;
import org.scatterstream.engine.filters.MorletFilterBank2D;

/** Builder validation, shapes, input checks and the process-wide filter cache of Scattering2D. */
class Scattering2DValidationTest {

    private static void rejects(Supplier<Scattering2D.Builder> b, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.get().build());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' should mention '" + f + "'");
        }
    }

    @Test
    void rejectsInvalidParametersWithClearMessages() {
        rejects(() -> Scattering2D.builder().shape(32, 32), "J is required");
        rejects(() -> Scattering2D.builder().J(2), "shape");
        rejects(() -> Scattering2D.builder().J(0).shape(32, 32), "J must be >= 1");
        rejects(() -> Scattering2D.builder().J(-1).shape(32, 32), "J must be >= 1");
        rejects(() -> Scattering2D.builder().J(6).shape(32, 48), "J=6", "2^J = 64", "min(rows, cols) = 32");
        rejects(() -> Scattering2D.builder().J(2).shape(0, 32), "shape must be positive");
        rejects(() -> Scattering2D.builder().J(2).shape(32, 32).L(0), "L must be in 1..256", "got 0");
        rejects(() -> Scattering2D.builder().J(2).shape(32, 32).L(1000), "L must be in 1..256");
        rejects(() -> Scattering2D.builder().J(2).shape(32, 32).maxOrder(3), "max_order must be 1 or 2", "got 3");
        rejects(() -> Scattering2D.builder().J(2).shape(32, 32).maxOrder(0), "max_order must be 1 or 2");
        rejects(() -> Scattering2D.builder().J(2).shape(32, 32).threads(0), "threads must be >= 1");
        rejects(() -> Scattering2D.builder().J(2).shape(32, 32).precision(null), "precision");
        rejects(() -> Scattering2D.builder().J(2).shape(100_000, 100_000), "too large");
    }

    @Test
    void acceptsTwoToTheJEqualToTheSmallerSide() {
        // Kymatio raises only when 2^J > min(M, N); 4x4 with J=2 pads to 12x12 (repeated reflection)
        try (Scattering2D s = Scattering2D.builder().J(2).shape(4, 9).L(4).build()) {
            assertArrayEquals(new int[] {12, 16}, s.paddedShape());
            assertArrayEquals(new int[] {1 + 2 * 4 + 16, 1, 2}, s.outputShape());
            float[] out = s.transform(new float[36], 1);
            for (float v : out) assertEquals(0f, v);
        }
    }

    @Test
    void shapesAndChannelCountsFollowKymatio() {
        // spec §4.2
        int[][] cases = {{1, 4, 32, 32, 36, 36, 5, 16, 16}, {2, 8, 32, 32, 40, 40, 81, 8, 8}, {2, 8, 48, 64, 56, 72, 81, 12, 16},
            {2, 8, 31, 37, 36, 44, 81, 7, 9}, {3, 4, 32, 32, 48, 48, 61, 4, 4}, {3, 8, 64, 48, 80, 64, 217, 8, 6},
            {4, 8, 32, 32, 64, 64, 417, 2, 2}};
        for (int[] c : cases) {
            Scattering2DMeta meta = Scattering2D.metaOf(Scattering2D.builder().J(c[0]).L(c[1]).shape(c[2], c[3]));
            assertEquals(c[6], meta.channels());
            try (Scattering2D s = Scattering2D.builder().J(c[0]).L(c[1]).shape(c[2], c[3]).build()) {
                assertArrayEquals(new int[] {c[4], c[5]}, s.paddedShape());
                assertArrayEquals(new int[] {c[6], c[7], c[8]}, s.outputShape());
                assertArrayEquals(new int[] {c[2], c[3]}, s.inputShape());
            }
        }
        try (Scattering2D s = Scattering2D.builder().J(2).L(4).shape(64, 48).maxOrder(1).build()) {
            assertArrayEquals(new int[] {9, 16, 12}, s.outputShape());
        }
    }

    @Test
    void prePaddedInputTakesThePaddedShape() {
        try (Scattering2D s = Scattering2D.builder().J(2).L(4).shape(32, 32).prePad(true).build()) {
            assertArrayEquals(new int[] {40, 40}, s.inputShape());
            assertArrayEquals(new int[] {25, 8, 8}, s.outputShape());
            assertTrue(s.configId().contains("prepad=true"));
        }
    }

    @Test
    void rejectsShortArrays() {
        try (Scattering2D s = Scattering2D.builder().J(1).L(2).shape(8, 8).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> s.transform(new float[63], 1, new float[s.outputSize()]));
            assertTrue(e.getMessage().contains("8x8"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> s.transform(new double[128], 2, new double[s.outputSize()]));
            assertTrue(e.getMessage().contains("output holds"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> s.transform(new float[64], -1));
            assertEquals(0, s.transform(new float[0], 0).length);
        }
    }

    @Test
    void secondInstanceReusesTheCachedFilterBank() {
        Scattering2D.Builder b = Scattering2D.builder().J(2).L(6).shape(44, 52).precision(Precision.DOUBLE);
        try (Scattering2D first = b.build()) {
            int[] pad = first.paddedShape();
            MorletFilterBank2D.Key key = new MorletFilterBank2D.Key(2, 6, pad[0], pad[1]);
            long builds = FilterCache.builds();
            MorletFilterBank2D bank = MorletFilterBank2D.of(key);
            try (Scattering2D second = b.build(); Scattering2D third = b.precision(Precision.FLOAT).build()) {
                assertEquals(builds, FilterCache.builds(), "a second instance must not rebuild the filters");
                assertSame(bank, MorletFilterBank2D.of(key));
                assertEquals(first.configId(), second.configId());
                assertEquals(Precision.FLOAT, third.precision(), "a different precision shares the same bank");
            }
        }
    }

    @Test
    void threadsAndBatchingDoNotChangeResults() {
        java.util.Random rnd = new java.util.Random(5);
        int batch = 21;
        double[] x = new double[batch * 40 * 36];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextGaussian();
        double[] reference;
        try (Scattering2D s = Scattering2D.builder().J(2).L(4).shape(40, 36).precision(Precision.DOUBLE).threads(1).build()) {
            reference = new double[batch * s.outputSize()];
            // one image at a time
            for (int b = 0; b < batch; b++) {
                double[] one = s.transform(java.util.Arrays.copyOfRange(x, b * 1440, (b + 1) * 1440), 1);
                System.arraycopy(one, 0, reference, b * s.outputSize(), one.length);
            }
        }
        try (Scattering2D s = Scattering2D.builder().J(2).L(4).shape(40, 36).precision(Precision.DOUBLE).threads(3).build()) {
            double[] got = s.transform(x, batch);
            for (int rep = 0; rep < 3; rep++) assertArrayEquals(got, s.transform(x, batch), "repeated calls");
            double err = 0;
            for (int i = 0; i < got.length; i++) err = Math.max(err, Math.abs(got[i] - reference[i]));
            assertTrue(err < 1e-12, "batched on 3 threads vs one by one: " + err);
        }
    }
}
