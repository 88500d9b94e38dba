package org.scatterstream.engine.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.scatterstream.engine.testutil.ReferenceCase;

/** The filter bank against Kymatio's (reference/filters/1d_j6_q8_n4096) and the spec's tables. */
class MorletFilterBank1DTest {
    private static final ReferenceCase REF = ReferenceCase.of("filters", "1d_j6_q8_n4096");

    private static MorletFilterBank1D bank() {
        return FilterCache.morlet1D(new MorletFilterBank1D.Key(6, 8, 1, 64, 8192, 6));
    }

    @Test
    void firstOrderWaveletsMatchKymatio() {
        MorletFilterBank1D b = bank();
        ReferenceCase.Npy psi1 = REF.npy("psi1_f.npy");
        assertEquals(38, b.count1());
        assertEquals(psi1.shape()[0], b.count1());
        int n = psi1.shape()[1];
        for (int f = 0; f < b.count1(); f++) {
            double[] expected = java.util.Arrays.copyOfRange(psi1.data(), f * n, (f + 1) * n);
            assertTrue(ReferenceCase.relErr(b.psi1(f), expected) < 1e-13, "psi1 " + f);
        }
    }

    @Test
    void secondOrderLevelsAndLowPassLevelsMatchKymatio() {
        MorletFilterBank1D b = bank();
        for (int level = 0; level < 4; level++) {
            ReferenceCase.Npy psi2 = REF.npy("psi2_f_level" + level + ".npy");
            int n = psi2.shape()[1];
            for (int f = 0; f < b.count2(); f++) {
                double[] expected = java.util.Arrays.copyOfRange(psi2.data(), f * n, (f + 1) * n);
                if (Double.isNaN(expected[0])) {
                    assertTrue(b.psi2Levels(f) <= level, "psi2 " + f + " should have no level " + level);
                    continue;
                }
                // the widest wavelet (sigma 0.14) has its L1 norm spread over the whole axis: 1e-13 round-off
                assertTrue(ReferenceCase.relErr(b.psi2(f, level), expected) < 1e-12, "psi2 " + f + " level " + level);
            }
        }
        assertEquals(7, b.phiLevels());
        for (int level = 0; level < 7; level++) {
            double[] expected = REF.npy("phi_f_level" + level + ".npy").data();
            assertTrue(ReferenceCase.relErr(b.phi(level), expected) < 1e-13, "phi level " + level);
        }
    }

    /**
     * The filters sampled at any length (the continuous transform's blocks of 2^a 3^b 5^c): at
     * lengths that divide the bank's, the subsampled bank arrays; at others, the same frequency
     * function (the 3x-longer bank, subsampled).
     */
    @Test
    void filtersAtAnyLengthAreTheBanksFrequencyFunction() {
        MorletFilterBank1D b = bank();
        MorletFilterBank1D b3 = FilterCache.morlet1D(new MorletFilterBank1D.Key(6, 8, 1, 64, 3 * 8192, 6));
        for (int len : new int[] {8192, 1024, 64}) {
            int step = 8192 / len;
            for (int f = 0; f < b.count1(); f++) {
                assertTrue(ReferenceCase.relErr(b.psi1At(f, len), every(b.psi1(f), step)) < 1e-13, "psi1 " + f + " at " + len);
            }
            for (int f = 0; f < b.count2(); f++) {
                for (int level = 0; level < b.psi2Levels(f); level++) {
                    int n = len >> level;
                    assertTrue(ReferenceCase.relErr(b.psi2At(f, level, n), every(b.psi2(f, level), step)) < 1e-12,
                            "psi2 " + f + " level " + level + " at " + n);
                }
            }
        }
        for (int len : new int[] {3 * 1024, 3 * 64}) {
            int step = 3 * 8192 / len;
            for (int f = 0; f < b.count1(); f++) {
                assertTrue(ReferenceCase.relErr(b.psi1At(f, len), every(b3.psi1(f), step)) < 1e-12, "psi1 " + f + " at " + len);
            }
            for (int f = 0; f < b.count2(); f++) {
                int level = b3.psi2Levels(f) - 1;
                assertTrue(ReferenceCase.relErr(b.psi2At(f, level, len >> level), every(b3.psi2(f, level), step)) < 1e-12,
                        "psi2 " + f + " level " + level + " at " + (len >> level));
            }
        }
    }

    private static double[] every(double[] h, int step) {
        double[] out = new double[h.length / step];
        for (int k = 0; k < out.length; k++) out[k] = h[k * step];
        return out;
    }

    @Test
    void ladderMatchesSpecTables() {
        // spec §1.3: first filter of each Q
        assertEquals(0.14013094769175247, MorletFilterBank1D.ladder(3, 1)[1][0], 1e-17);
        assertEquals(0.43538086845249563, MorletFilterBank1D.ladder(6, 8)[0][0], 1e-17);
        assertEquals(0.015841412765925628, MorletFilterBank1D.ladder(8, 12)[1][0], 1e-16);
        // J=6, Q=8: 31 geometric + 7 linear filters; j histogram 10/8/8/7/4/1
        double[][] l = MorletFilterBank1D.ladder(6, 8);
        assertEquals(38, l[0].length);
        int[] hist = new int[8];
        for (int i = 0; i < 38; i++) hist[MorletFilterBank1D.maxSubsampling(l[0][i], l[1][i])]++;
        assertEquals("[10, 8, 8, 7, 4, 1, 0, 0]", java.util.Arrays.toString(hist));
    }

    @Test
    void banksAreBuiltOncePerConfiguration() {
        MorletFilterBank1D a = bank();
        long builds = FilterCache.builds();
        MorletFilterBank1D b = bank();
        assertSame(a, b);
        assertEquals(builds, FilterCache.builds());
    }
}
