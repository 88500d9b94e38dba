package org.scatterstream.job.window;

/**
 * Per-stream windowing state (Flink keyed state, a POJO): a ring buffer holding the last {@code N} samples
 * of the current segment and what is needed to place the next chunk. A segment is a run of samples on one
 * clock at one rate; gaps that are not zero-filled and rate changes start a new one.
 */
public class StreamState {
    /** The last {@code N} samples: sample {@code i} of the segment is at {@code ring[i % N]}. */
    public float[] ring;
    /** Samples in the current segment so far, zero fill included. */
    public long total;
    /** Sample rate of the current segment; 0 before the stream's first sample. */
    public double rate;
    /** Event time of the segment's first sample (microseconds); sample i is at {@code segmentStart + i / rate}. */
    public long segmentStartMicros;
    /** Where the producer's clock puts the next sample (microseconds): the last chunk's start plus its length. */
    public double nextExpectedMicros;
    /** Seq of the last chunk processed, -1 before the first (unused for readings). */
    public long lastSeq = -1;
    /** Index the next window gets; never reset. */
    public long nextWindowIndex;
    /** Zero-filled ranges of the segment still inside the ring, as pairs {@code [from, to)} of sample indices. */
    public long[] fills = new long[0];

    public StreamState() {
    }
}
