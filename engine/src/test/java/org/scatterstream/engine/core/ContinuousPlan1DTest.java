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
            ContinuousPlan1D.Cascade cc = g.cascade();
            int k2 = cc == null ? 0 : cc.m(), k2far = 0;
            for (ContinuousPlan1D.Child c : g.children()) {
                if (c.far()) k2far = Math.max(k2far, c.k2() - cc.m());
                else k2 = Math.max(k2, c.k2());
            }
            // the block's spectrum folds by 2^k (stage 1: x to U1), by 2^k2 (stage 2: U1 to near U2 and V)
            // and by 2^(k2 - m) (the cascade: V to far U2)
            int[] decim = {g.k(), k2, k2far};
            ContinuousPlan1D.Stage[] stages = {g.stage1(), g.stage2(), cc == null ? null : cc.stage()};
            for (int i = 0; i < 3; i++) {
                ContinuousPlan1D.Stage st = stages[i];
                if (st == null) continue;
                assertTrue(isSmooth(st.blockSize()) && st.blockSize() % (1 << decim[i]) == 0, st.toString());
                assertTrue(st.blockSize() > st.subHop(), st.toString());
                nonPow2 |= Integer.bitCount(st.blockSize()) != 1;
            }
        }
        assertTrue(nonPow2, "some stage uses a length with factors 3 or 5");
    }

    /**
     * J = 8, Q = 8 at the default step: the highest wavelets' widest children come from a decimated copy
     * of U1, whose band keeps theirs and rejects what the decimation folds onto it; the stage-2 blocks
     * then span only the near children (the widest child alone spanned 2 x 1548 samples).
     */
    @Test
    void widestChildrenOfTheHighestWaveletsComeFromADecimatedCopy() {
        ContinuousPlan1D p = new ContinuousPlan1D(8, 8, 1, 256, 8, 2, 1e-7, 19, 16);
        ContinuousPlan1D.Group g = p.groups().get(0);
        ContinuousPlan1D.Cascade cc = g.cascade();
        assertTrue(cc != null, "j1 = 0 has a cascade");
        int m = cc.m();
        for (ContinuousPlan1D.Child c : g.children()) {
            assertEquals(c.k2() > m, c.far(), "child " + c.n2());
            double reach = p.filters().psi2Reach(c.n2(), g.k(), cc.band().eps());
            if (c.far()) assertTrue(reach <= cc.band().pass(), "far child " + c.n2() + " within the pass band");
        }
        assertTrue(cc.band().stop() <= Math.scalb(1.0, -m) - cc.band().pass() + 1e-15, "no alias onto the pass band");
        ContinuousPlan1D.Stage st = g.stage2();
        assertTrue(st.blockSize() - st.subHop() < 1000, "stage-2 span " + (st.blockSize() - st.subHop()));
    }
}
