package org.scatterstream.engine.core;

import java.util.Arrays;

/**
 * Collects the output frames of an incremental transform: consecutive frames (frame-major,
 * {@code channels} values each) starting at frame index {@link #first()}.
 */
public final class FrameCollector {
    private final int channels;
    private long first = -1;
    private int count;
    private double[] values;

    public FrameCollector(int channels) {
        this.channels = channels;
        this.values = new double[channels * 4];
    }

    /** Appends frame {@code index} (the next one after the last appended) from {@code src[offset ...]}. */
    public void add(long index, double[] src, int offset) {
        if (count == 0) {
            first = index;
        } else if (index != first + count) {
            throw new IllegalStateException("frame " + index + " does not follow frame " + (first + count - 1));
        }
        if ((count + 1) * channels > values.length) values = Arrays.copyOf(values, Math.max(2 * values.length, (count + 1) * channels));
        System.arraycopy(src, offset, values, count * channels, channels);
        count++;
    }

    public int channels() { return channels; }
    /** Index of the first frame collected (-1 when none). */
    public long first() { return count == 0 ? -1 : first; }
    public int count() { return count; }
    /** The collected values, frame-major (a copy trimmed to {@code count * channels}). */
    public double[] values() { return Arrays.copyOf(values, count * channels); }
}
