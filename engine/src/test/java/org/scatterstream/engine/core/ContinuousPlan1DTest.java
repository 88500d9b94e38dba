package org.scatterstream.engine.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Block geometry of the continuous plan. */
class ContinuousPlan1DTest {

    /** The candidates: the smallest 2^a 3^b 5^c and the smallest power of two, multiples of align, >= n. */
    @Test
    void blockSizesAreTheSmallestSmoothAndPowerOfTwoLengths() {
        for (int align = 1; align <= 128; align <<= 1) {
            for (int n = 1; n <= 20000; n += n < 100 ? 1 : 37) {
                int[] c = ContinuousPlan1D.blockSizes(n, align);
                int a = Math.max(align, 2);
                int smooth = a;
                while (smooth < n || !isSmooth(smooth)) smooth += a;
                int pow2 = a;
                while (pow2 < n) pow2 <<= 1;
                String at = "n=" + n + " align=" + align;
                assertEquals(smooth, c[0], at);
                assertEquals(pow2, c[c.length - 1], at);
                assertEquals(smooth == pow2 ? 1 : 2, c.length, at);
            }
        }
        assertEquals(8000, ContinuousPlan1D.blockSizes(4864 + 3136, 64)[0]);
    }

    private static boolean isSmooth(int n) {
        for (int p : new int[] {2, 3, 5}) while (n % p == 0) n /= p;
        return n == 1;
    }

    /** J = 8, Q = 8 at the default step: the blocks fit their hop and span within 2^a 3^b 5^c rounding. */
    @Test
    void defaultPlanUsesBlocksWithFactorsThreeAndFive() {
        ContinuousPlan1D p = new ContinuousPlan1D(8, 8, 1, 256, 8, 2, 1e-7, 19, 16);
        boolean nonPow2 = false;
        for (ContinuousPlan1D.Group g : p.groups()) {
            int k2 = 0;
            for (ContinuousPlan1D.Child c : g.children()) k2 = Math.max(k2, c.k2());
            // the block's spectrum folds by 2^k (stage 1: x to U1) and by 2^k2 (stage 2: U1 to U2)
            int[] decim = {g.k(), k2};
            ContinuousPlan1D.Stage[] stages = {g.stage1(), g.stage2()};
            for (int i = 0; i < 2; i++) {
                ContinuousPlan1D.Stage st = stages[i];
                if (st == null) continue;
                assertTrue(isSmooth(st.blockSize()) && st.blockSize() % (1 << decim[i]) == 0, st.toString());
                assertTrue(st.blockSize() > st.subHop(), st.toString());
                nonPow2 |= Integer.bitCount(st.blockSize()) != 1;
            }
        }
        assertTrue(nonPow2, "some stage uses a length with factors 3 or 5");
    }
}
