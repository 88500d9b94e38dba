package org.scatterstream.job.operator;

import org.junit.jupiter.api.Test;
import org.scatterstream.job.config.PostProcessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PostProcessorTest {
    // 3 channels (order 0, order 1, order 2 whose parent is channel 1) x 2 frames
    static final int[] SHAPE = {3, 2};
    static final int[] PARENTS = {-1, -1, 1};

    static float[] input() {
        return new float[] {1, 3, 2, 4, 1, 2};
    }

    static float[] apply(PostProcessing p) {
        PostProcessor pp = new PostProcessor(SHAPE, PARENTS, p);
        float[] out = new float[pp.outputSize()];
        pp.apply(input(), 0, out, 0);
        return out;
    }

    @Test
    void noneCopies() {
        assertArrayEquals(input(), apply(PostProcessing.NONE));
        assertArrayEquals(SHAPE, new PostProcessor(SHAPE, null, PostProcessing.NONE).outputShape());
    }

    @Test
    void averageGivesOneValuePerChannel() {
        PostProcessor pp = new PostProcessor(SHAPE, null, new PostProcessing(false, true, false, 1e-6));
        assertArrayEquals(new int[] {3}, pp.outputShape());
        assertArrayEquals(new float[] {2, 3, 1.5f}, apply(new PostProcessing(false, true, false, 1e-6)));
    }

    @Test
    void logIsLog1pOverEps() {
        float[] out = apply(new PostProcessing(false, false, true, 0.5));
        for (int i = 0; i < out.length; i++) assertEquals((float) Math.log1p(input()[i] / 0.5), out[i], 1e-6f);
    }

    @Test
    void normalizeDividesSecondOrderByItsParent() {
        float[] out = apply(new PostProcessing(true, false, false, 1e-3));
        assertArrayEquals(new float[] {1, 3, 2, 4, (float) (1 / (2 + 1e-3)), (float) (2 / (4 + 1e-3))}, out, 1e-6f);
    }

    @Test
    void allThreeInOrder() {
        float[] out = apply(new PostProcessing(true, true, true, 1e-3));
        double s2 = (1 / (2 + 1e-3) + 2 / (4 + 1e-3)) / 2;
        assertArrayEquals(new float[] {(float) Math.log1p(2 / 1e-3), (float) Math.log1p(3 / 1e-3), (float) Math.log1p(s2 / 1e-3)},
                out, 1e-4f);
    }

    @Test
    void normalizeNeedsParents() {
        assertThrows(IllegalArgumentException.class,
                () -> new PostProcessor(new int[] {4, 3, 3}, null, new PostProcessing(true, false, false, 1e-6)));
    }
}
