package org.scatterstream.engine.filters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.scatterstream.engine.testutil.ReferenceCase;
import org.scatterstream.engine.testutil.ReferenceCase.Npy;

class SolidHarmonicBank3DTest {
    private static final ReferenceCase FILTERS = ReferenceCase.of("filters", "3d_j1_l2_16cube");

    @Test
    void matchesKymatioFilters() {
        SolidHarmonicBank3D bank = SolidHarmonicBank3D.build(new SolidHarmonicBank3D.Key(1, 2, 1.0, 16, 16, 16));
        int size = 16 * 16 * 16;
        double worst = 0;
        for (int l = 0; l <= 2; l++) {
            Npy re = FILTERS.npy("psi_l" + l + "_real.npy");
            Npy im = FILTERS.npy("psi_l" + l + "_imag.npy");
            assertArrayEquals(new int[] {2, 2 * l + 1, 16, 16, 16}, re.shape());
            // error relative to the largest modulus of the degree-l family
            double peak = 0;
            for (int i = 0; i < re.data().length; i++) peak = Math.max(peak, Math.hypot(re.data()[i], im.data()[i]));
            for (int j = 0; j <= 1; j++) {
                for (int m = -l; m <= l; m++) {
                    double[][] psi = bank.psi(j, l, m);
                    int off = (j * (2 * l + 1) + m + l) * size;
                    double err = 0;
                    for (int i = 0; i < size; i++) {
                        err = Math.max(err, Math.hypot(psi[0][i] - re.data()[off + i], psi[1][i] - im.data()[off + i]));
                    }
                    worst = Math.max(worst, err / peak);
                    assertTrue(err / peak < 1e-6, "j=" + j + " l=" + l + " m=" + m + " rel err " + err / peak);
                }
            }
        }
        System.out.printf("3D filters: %.2e%n", worst);
    }

    @Test
    void oddAxesUseKymatiosShiftedGrid() {
        // M=5: bins hold frequencies [-1, 0, 1, -3, -2] (spec §3.3); even M: usual fftfreq order
        int[] five = new int[5];
        for (int k = 0; k < 5; k++) five[k] = SolidHarmonicBank3D.frequency(k, 5);
        assertArrayEquals(new int[] {-1, 0, 1, -3, -2}, five);
        int[] four = new int[4];
        for (int k = 0; k < 4; k++) four[k] = SolidHarmonicBank3D.frequency(k, 4);
        assertArrayEquals(new int[] {0, 1, -2, -1}, four);
    }

    @Test
    void degreeZeroIsUnitGaussian() {
        SolidHarmonicBank3D bank = SolidHarmonicBank3D.build(new SolidHarmonicBank3D.Key(0, 0, 1.0, 8, 8, 8));
        double[][] psi = bank.psi(0, 0, 0);
        assertEquals(1.0, psi[0][0], 1e-15);
        assertEquals(0.0, psi[1][0], 0.0);
    }
}
