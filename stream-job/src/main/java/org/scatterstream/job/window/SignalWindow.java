package org.scatterstream.job.window;

/**
 * One window ready for the transform: {@code N} consecutive samples of a 1D stream, or the channels of one
 * frame (channel-major: {@code channels} blocks of {@code height * width} values). A Flink POJO.
 */
public class SignalWindow {
    public String streamId;
    /** Per-stream window number (see the {@code ScatteringFeatures.window_index} doc). */
    public long index;
    /** Event time of the first sample, microseconds since the epoch. */
    public long startMicros;
    /** Exclusive end: time of the last sample plus one period (frames: the frame time). */
    public long endMicros;
    /** Event time of the last sample, microseconds: the reference of the end-to-end latency metric. */
    public long lastSampleMicros;
    /** Sample rate in Hz; 0 for frames. */
    public double sampleRateHz;
    /** Transform inputs in {@link #data}: 1 for 1D windows, the frame's channels for frames. */
    public int channels;
    /** Zero-filled samples inside the window. */
    public int zeroFilled;
    /** 1D: event time of the first sample of the window's segment (microseconds); 0 for frames. */
    public long segmentStartMicros;
    /** 1D: index of the window's first sample in its segment (a new segment starts after a long gap or a rate change). */
    public long segmentSample;
    /** The samples (1D) or de-interleaved pixels (frames). */
    public float[] data;

    public SignalWindow() {
    }
}
