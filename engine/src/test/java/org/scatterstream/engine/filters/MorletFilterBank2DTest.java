package org.scatterstream.engine.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.scatterstream.engine.testutil.ReferenceCase;
import org.scatterstream.engine.testutil.ReferenceCase.Npy;

class MorletFilterBank2DTest {
    private static final ReferenceCase FILTERS = ReferenceCase.of("filters", "2d_j2_l8_32x32");

    @Test
    void matchesKymatioFilters() {
        MorletFilterBank2D bank = MorletFilterBank2D.build(new MorletFilterBank2D.Key(2, 8, 40, 40));
        Npy psi = FILTERS.npy("psi_level0.npy");
        assertEquals(16, psi.shape()[0]);
        int size = 40 * 40;
        double worst = 0;
        for (int n = 0; n < 16; n++) {
            double[] expected = java.util.Arrays.copyOfRange(psi.data(), n * size, (n + 1) * size);
            double e = ReferenceCase.relErr(bank.psi(n, 0), expected);
            worst = Math.max(worst, e);
        }
        assertTrue(worst < 3e-7, "psi relative error " + worst);
        for (int r = 0; r < 2; r++) {
            Npy phi = FILTERS.npy("phi_level" + r + ".npy");
            double e = ReferenceCase.relErr(bank.phi(r), phi.data());
            assertTrue(e < 3e-7, "phi level " + r + " relative error " + e);
        }
        System.out.printf("2D filters: psi %.2e%n", worst);
    }

    @Test
    void metadataMatchesKymatio() {
        JsonNode f = FILTERS.json("filters.json");
        assertEquals(16, f.get("psi").size());
        for (JsonNode p : f.get("psi")) {
            int j = p.get("j").asInt(), t = p.get("theta").asInt();
            assertEquals(p.get("angle_rad").asDouble(), MorletFilterBank2D.theta(t, 8), 1e-15);
            assertEquals(p.get("sigma").asDouble(), MorletFilterBank2D.sigma(j), 1e-15);
            assertEquals(p.get("xi").asDouble(), MorletFilterBank2D.xi(j), 1e-15);
            assertEquals(p.get("slant").asDouble(), MorletFilterBank2D.slant(8), 1e-15);
            assertEquals(p.get("n_levels").asInt(), MorletFilterBank2D.psiLevels(j, 2));
        }
        assertEquals(f.get("phi").get("n_levels").asInt(), 2);
    }

    @Test
    void angleOffsetUsesRealDivision() {
        // int(L - L/2 - 1): 3 for L=8, 2 for L=6, 1 for L=4 and L=5, 0 for L=1,2,3 (spec §2.4)
        int[][] cases = {{8, 3}, {6, 2}, {4, 1}, {5, 1}, {1, 0}, {2, 0}, {3, 0}};
        for (int[] c : cases) {
            assertEquals(c[1] * Math.PI / c[0], MorletFilterBank2D.theta(0, c[0]), 1e-15, "L=" + c[0]);
        }
    }

    @Test
    void lowPassDcIsPiOverScatNetPi() {
        MorletFilterBank2D bank = MorletFilterBank2D.build(new MorletFilterBank2D.Key(2, 8, 40, 40));
        assertEquals(Math.PI / 3.1415, bank.phi(0)[0], 1e-12);
    }

    @Test
    void cropTakesNyquistFromNegativeSide() {
        int m = 8, n = 4;
        double[] h = new double[m * n];
        for (int i = 0; i < h.length; i++) h[i] = i;
        double[] c = MorletFilterBank2D.crop(h, m, n, 1);
        // rows 0,1 then 6,7 (row 2 of level 1 is original row -2 = 6); columns 0 then 3
        double[] expected = {0, 3, 4, 7, 24, 27, 28, 31};
        assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(c));
    }
}
