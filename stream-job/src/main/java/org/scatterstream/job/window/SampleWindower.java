package org.scatterstream.job.window;

import org.scatterstream.job.internal.Floats;

import java.util.Arrays;
import java.util.List;

/**
 * The windowing state machine of one 1D stream, independent of Flink: appends runs of samples to a
 * {@link StreamState} and emits a window of {@code N} samples every {@code H} samples.
 *
 * <p><b>Gap policy.</b> Each run (a chunk, or a single sensor reading) is placed by comparing its start
 * time with where the previous run ended on the producer's clock; the difference, in sample periods, is
 * <ul>
 *   <li>within the tolerance (default half a period): contiguous, appended;</li>
 *   <li>a gap of {@code g} periods, {@code g <= maxZeroFill}: {@code g} zeros are appended first (counted
 *       in the window's {@code zero_filled});</li>
 *   <li>a longer gap: the segment ends, its partial window is discarded and a new segment starts at the run
 *       (window indexes go on counting);</li>
 *   <li>negative beyond the tolerance (the run overlaps time already covered): the run is rejected
 *       ({@link Outcome#TIME_BACKWARDS}) and the state is unchanged.</li>
 * </ul>
 * A change of sample rate also starts a new segment. Window times come from the segment's start and sample
 * count, so clock jitter within the tolerance does not move them.
 *
 * <p><b>Clocks.</b> For sample chunks ({@code nominalGrid = false}) each chunk is compared with where the
 * previous chunk ended by its own timestamp, so a producer clock that drifts slowly against the nominal
 * rate is not taken for gaps. For sensor readings ({@code nominalGrid = true}) each reading is compared with
 * the nominal grid of the segment ({@code segment start + k / rate}): a reading takes the grid slot nearest
 * its timestamp, so an irregular clock jittering by up to half a period is absorbed; an empty slot is a gap
 * and a reading landing on a slot already filled is {@link Outcome#TIME_BACKWARDS}.
 */
public final class SampleWindower {
    /** What {@link #append} did with a run. */
    public enum Outcome { APPENDED, ZERO_FILLED, RESET_GAP, RESET_RATE, TIME_BACKWARDS }

    /** Receives emitted windows. */
    public interface Sink {
        void emit(SignalWindow window);
    }

    private final int n;
    private final int h;
    private final int maxZeroFill;
    private final long toleranceMicros;
    private final boolean nominalGrid;

    /** Samples filled in by the last {@link #append}. */
    private long lastFilled;
    /** Samples dropped (partial window) by the last {@link #append}. */
    private long lastDiscarded;

    /**
     * @param n window length N
     * @param h hop H
     * @param maxZeroFill longest gap, in samples, bridged with zeros
     * @param toleranceMicros timestamp mismatch still taken as contiguous; negative for half a sample period
     * @param nominalGrid place runs on the segment's nominal grid (sensor readings) rather than after the
     *                    previous run (chunks)
     */
    public SampleWindower(int n, int h, int maxZeroFill, long toleranceMicros, boolean nominalGrid) {
        if (n < 1 || h < 1 || maxZeroFill < 0) throw new IllegalArgumentException("N, H must be >= 1, maxZeroFill >= 0");
        this.n = n;
        this.h = h;
        this.maxZeroFill = maxZeroFill;
        this.toleranceMicros = toleranceMicros;
        this.nominalGrid = nominalGrid;
    }

    /** Appends {@code samples}, whose first sample is at {@code startMicros}, emitting completed windows. */
    public Outcome append(StreamState s, String streamId, long startMicros, double rate, List<Float> samples, Sink out) {
        lastFilled = 0;
        lastDiscarded = 0;
        int count = samples.size();
        Outcome outcome = Outcome.APPENDED;
        if (s.rate != rate) {
            if (s.rate != 0) {
                outcome = Outcome.RESET_RATE;
                lastDiscarded = pending(s);
            }
            startSegment(s, startMicros, rate);
        } else {
            double period = 1e6 / rate;
            double gap = (startMicros - s.nextExpectedMicros) / period;
            double tolerance = toleranceMicros < 0 ? 0.5 : toleranceMicros / period;
            if (gap < -tolerance) return Outcome.TIME_BACKWARDS;
            long missing = gap <= tolerance ? 0 : Math.round(gap);
            if (missing > maxZeroFill) {
                outcome = Outcome.RESET_GAP;
                lastDiscarded = pending(s);
                startSegment(s, startMicros, rate);
            } else if (missing > 0) {
                outcome = Outcome.ZERO_FILLED;
                lastFilled = missing;
                s.fills = appendFill(s.fills, s.total, s.total + missing);
                write(s, streamId, null, (int) missing, out);
            }
        }
        write(s, streamId, samples, count, out);
        s.nextExpectedMicros = nominalGrid
                ? s.segmentStartMicros + s.total * (1e6 / rate)
                : startMicros + count * (1e6 / rate);
        return outcome;
    }

    /** Samples zero-filled by the last call. */
    public long lastFilled() {
        return lastFilled;
    }

    /** Samples of a partial window discarded by the last call (gap or rate reset). */
    public long lastDiscarded() {
        return lastDiscarded;
    }

    private void startSegment(StreamState s, long startMicros, double rate) {
        if (s.ring == null || s.ring.length != n) s.ring = new float[n];
        s.total = 0;
        s.rate = rate;
        s.segmentStartMicros = startMicros;
        s.fills = new long[0];
    }

    /** Samples of the segment that are in no emitted window yet. */
    private long pending(StreamState s) {
        if (s.total < n) return s.total;
        long lastEnd = n + Math.floorDiv(s.total - n, h) * (long) h;
        return s.total - lastEnd;
    }

    /** Segment sample count at which the next window completes. */
    private long nextEmit(long total) {
        if (total < n) return n;
        return n + (Math.floorDiv(total - n, h) + 1) * (long) h;
    }

    /** Writes {@code count} values (zeros when {@code values} is null) into the ring, emitting windows. */
    private void write(StreamState s, String streamId, List<Float> values, int count, Sink out) {
        float[] ring = s.ring;
        int pos = 0;
        while (pos < count) {
            long emitAt = nextEmit(s.total);
            int take = (int) Math.min(count - pos, emitAt - s.total);
            // a run may wrap around the ring end, more than once when H > N
            for (int done = 0; done < take; ) {
                int at = (int) ((s.total + done) % n);
                int len = Math.min(take - done, n - at);
                fill(ring, at, values, pos + done, len);
                done += len;
            }
            s.total += take;
            pos += take;
            if (s.total == emitAt) out.emit(window(s, streamId));
        }
    }

    private static void fill(float[] ring, int at, List<Float> values, int from, int len) {
        if (len <= 0) return;
        if (values == null) {
            Arrays.fill(ring, at, at + len, 0f);
        } else {
            Floats.copy(values, from, ring, at, len);
        }
    }

    private SignalWindow window(StreamState s, String streamId) {
        long end = s.total;
        long start = end - n;
        SignalWindow w = new SignalWindow();
        w.streamId = streamId;
        w.index = s.nextWindowIndex++;
        double period = 1e6 / s.rate;
        w.startMicros = s.segmentStartMicros + Math.round(start * period);
        w.endMicros = s.segmentStartMicros + Math.round(end * period);
        w.lastSampleMicros = s.segmentStartMicros + Math.round((end - 1) * period);
        w.sampleRateHz = s.rate;
        w.segmentStartMicros = s.segmentStartMicros;
        w.segmentSample = start;
        w.channels = 1;
        w.data = new float[n];
        int at = (int) (start % n);
        System.arraycopy(s.ring, at, w.data, 0, n - at);
        System.arraycopy(s.ring, 0, w.data, n - at, at);
        w.zeroFilled = zeroFilled(s, start, end);
        return w;
    }

    /** Counts filled samples in [start, end) and forgets ranges no later window can contain. */
    private int zeroFilled(StreamState s, long start, long end) {
        if (s.fills.length == 0) return 0;
        long filled = 0;
        int keep = 0;
        long nextStart = start + h;
        for (int i = 0; i < s.fills.length; i += 2) {
            long a = Math.max(s.fills[i], start);
            long b = Math.min(s.fills[i + 1], end);
            if (b > a) filled += b - a;
            if (s.fills[i + 1] > nextStart) keep += 2;
        }
        if (keep < s.fills.length) {
            long[] kept = new long[keep];
            int k = 0;
            for (int i = 0; i < s.fills.length; i += 2) {
                if (s.fills[i + 1] > nextStart) {
                    kept[k++] = s.fills[i];
                    kept[k++] = s.fills[i + 1];
                }
            }
            s.fills = kept;
        }
        return (int) filled;
    }

    private static long[] appendFill(long[] fills, long from, long to) {
        long[] r = Arrays.copyOf(fills, fills.length + 2);
        r[fills.length] = from;
        r[fills.length + 1] = to;
        return r;
    }
}
