package org.scatterstream.job.operator;

import org.scatterstream.job.config.PostProcessing;

import java.util.Arrays;

/**
 * Applies {@link PostProcessing} to one transform output of shape {@code [C, rest...]} (1D:
 * {@code [channels, time]}; 2D: {@code [paths, h, w]}). Built once per task; {@link #apply} does not
 * allocate.
 */
public final class PostProcessor {
    private final PostProcessing post;
    private final int channels;
    private final int inner;
    private final int[] parents;
    private final int[] outputShape;

    /**
     * @param transformShape the transform's output shape, channel axis first
     * @param parents for each channel, the channel it is normalised by (its first-order parent) or -1;
     *                null when the transform does not describe parents (then {@code normalize} is an error)
     */
    public PostProcessor(int[] transformShape, int[] parents, PostProcessing post) {
        this.post = post;
        this.channels = transformShape[0];
        int in = 1;
        for (int i = 1; i < transformShape.length; i++) in *= transformShape[i];
        this.inner = in;
        if (post.normalize() && parents == null) {
            throw new IllegalArgumentException("post.normalize needs the first-order parent of each channel");
        }
        this.parents = parents;
        this.outputShape = post.average() ? new int[] {channels} : transformShape.clone();
    }

    /** Shape of one processed output. */
    public int[] outputShape() {
        return outputShape.clone();
    }

    /** Values of one processed output. */
    public int outputSize() {
        return post.average() ? channels : channels * inner;
    }

    /**
     * Processes the transform output {@code src[srcOff, srcOff + C*inner)} into {@code dst[dstOff, +outputSize())}.
     * {@code src} is used as scratch.
     */
    public void apply(float[] src, int srcOff, float[] dst, int dstOff) {
        if (post.isNone()) {
            System.arraycopy(src, srcOff, dst, dstOff, channels * inner);
            return;
        }
        if (post.normalize()) {
            // children before parents would read already-normalised parents: order-2 channels only read
            // order-1 channels, which are never normalised, so one pass in any order is right
            float eps = (float) post.eps();
            for (int c = 0; c < channels; c++) {
                int p = parents[c];
                if (p < 0) continue;
                int co = srcOff + c * inner;
                int po = srcOff + p * inner;
                for (int t = 0; t < inner; t++) src[co + t] = src[co + t] / (src[po + t] + eps);
            }
        }
        if (post.average()) {
            for (int c = 0; c < channels; c++) {
                double sum = 0;
                int co = srcOff + c * inner;
                for (int t = 0; t < inner; t++) sum += src[co + t];
                dst[dstOff + c] = (float) (sum / inner);
            }
        } else {
            System.arraycopy(src, srcOff, dst, dstOff, channels * inner);
        }
        if (post.log()) {
            double inv = 1.0 / post.eps();
            int size = outputSize();
            for (int i = 0; i < size; i++) dst[dstOff + i] = (float) Math.log1p(dst[dstOff + i] * inv);
        }
    }

    @Override
    public String toString() {
        return "PostProcessor{" + post + ", shape=" + Arrays.toString(outputShape) + "}";
    }
}
