package org.scatterstream.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.scatterstream.engine.backend.ComputeEngine;
import org.scatterstream.engine.backend.cpu.CpuArrays32;
import org.scatterstream.engine.backend.cpu.CpuArrays64;
import org.scatterstream.engine.backend.cpu.CpuBackend;
import org.scatterstream.engine.core.ContinuousCore;
import org.scatterstream.engine.core.ContinuousCore32;
import org.scatterstream.engine.core.ContinuousCore64;
import org.scatterstream.engine.core.ContinuousPlan1D;
import org.scatterstream.engine.core.FrameCollector;
import org.scatterstream.engine.filters.IntMath;

/**
 * Incremental {@link Scattering1D} of unbounded streams: fed chunks of any length, it emits each
 * output frame as soon as the samples it depends on have arrived, and computes every sample once
 * (multi-rate overlap-save with the batch transform's filters), so the cost is proportional to the
 * samples fed, not to a window length.
 *
 * <pre>{@code
 * try (ContinuousScattering1D cs = ContinuousScattering1D.builder().J(8).Q(8).build()) {
 *     ContinuousScattering1D.Stream st = cs.open();
 *     for (float[] chunk : chunks) {
 *         ContinuousScattering1D.Frames f = st.push(chunk);   // 0 or more new frames
 *         ...
 *     }
 *     ContinuousScattering1D.Frames rest = st.finish();      // for a finite signal: the last frames
 * }
 * }</pre>
 *
 * <p><b>Frames.</b> Frame k is centred on stream sample {@code k * stride} (sample 0 the first one
 * fed) and has the channels of {@link Scattering1D} in the same order ({@link #meta()}). Frames
 * depend only on the samples, never on how they were chunked. Before its first sample the stream
 * is extended by reflection, like Kymatio's padding, and so is a finished stream after its last
 * sample. For a signal of length N whose batch transform has {@code padLeft} a multiple of the
 * stride, frame k equals the batch transform's output frame k (within the filter tolerance and
 * round-off); otherwise they agree at equal times (see the test suite for the exact statement).
 *
 * <p><b>Latency.</b> Frame k depends on samples up to {@code k * stride + }{@link #lookahead()}.
 * Work is done in steps of {@link #hop()} samples ({@link Builder#stepFrames} frames), so a frame
 * is emitted at most {@link #maxLatency()} samples after its position. The first frames also wait
 * for {@link #startupSamples()} samples, which the reflection of the start needs.
 *
 * <p><b>State.</b> A {@link Stream} holds plain arrays and counters only; {@link Stream#snapshot()}
 * and {@link #restore(byte[])} serialise it (e.g. into Flink keyed state). A transform may serve
 * any number of streams, but one push at a time (it owns the work buffers): it is not thread-safe.
 * Runs on the CPU backend (SIMD lanes over wavelets and sub-blocks).
 */
public final class ContinuousScattering1D implements AutoCloseable {
    private static final int SNAPSHOT_MAGIC = 0x53434331;   // "SCC1"

    private final ContinuousPlan1D plan;
    private final Precision precision;
    private final ComputeEngine engine;
    private final ContinuousCore core;
    private final String configId;
    private boolean closed;

    private ContinuousScattering1D(ContinuousPlan1D plan, Precision precision) {
        this.plan = plan;
        this.precision = precision;
        this.engine = new CpuBackend().open(precision);
        this.core = precision == Precision.FLOAT ? new ContinuousCore32(plan, engine) : new ContinuousCore64(plan, engine);
        this.configId = String.format(Locale.ROOT,
                "continuous1d:J=%d,Q=%dx%d,T=%s,stride=%d,order=%d,tol=%s,step=%d,%s",
                plan.J(), plan.q1(), plan.q2(), fmt(plan.T()), 1 << plan.s(), plan.maxOrder(), plan.tolerance(),
                plan.stepFrames(), precision.name().toLowerCase(Locale.ROOT));
    }

    private static String fmt(double t) {
        return t == Math.rint(t) ? Long.toString((long) t) : Double.toString(t);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Number of channels C per frame (as {@link Scattering1D}). */
    public int channels() { return plan.channels(); }
    /** Per-channel description, identical to {@link Scattering1D#meta()} for the same J, Q, T, max order. */
    public Scattering1DMeta meta() { return plan.meta(); }
    /** Samples between consecutive frames (a power of two). */
    public int stride() { return 1 << plan.s(); }
    /** log2 of the stride. */
    public int log2Stride() { return plan.s(); }
    /** Samples after a frame's position that it depends on (from the filter supports). */
    public int lookahead() { return plan.lookahead(); }
    /** Samples per processing step. */
    public int hop() { return plan.hop(); }
    /** Frames per processing step. */
    public int stepFrames() { return plan.stepFrames(); }
    /** Worst-case samples between a frame's position and the sample that releases it. */
    public int maxLatency() { return plan.lookahead() + plan.hop() - stride(); }
    /** Samples a stream needs before its first frames are emitted (reflection of the start, first step). */
    public int startupSamples() { return Math.max(plan.startupSamples(), plan.hop() + plan.xLead()); }
    /** Relative tail mass of the impulse responses left out (see {@link Builder#tolerance}). */
    public double tolerance() { return plan.tolerance(); }
    public Precision precision() { return precision; }
    /** Stable identifier of everything that changes the numbers (snapshots carry it). */
    public String configId() { return configId; }

    /** A new stream (nothing received yet). */
    public Stream open() {
        checkOpen();
        return new Stream(core.newState());
    }

    /** A stream continuing from a {@link Stream#snapshot()} of a transform with the same {@link #configId()}. */
    public Stream restore(byte[] snapshot) {
        checkOpen();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            if (in.readInt() != SNAPSHOT_MAGIC) throw new IllegalArgumentException("not a continuous-scattering snapshot");
            String id = in.readUTF();
            if (!id.equals(configId)) {
                throw new IllegalArgumentException("snapshot of a different configuration: " + id + " (this transform: " + configId + ")");
            }
            Stream stream = new Stream(core.read(in));
            stream.emitted = in.readLong();
            if (in.read() != -1) throw new IllegalArgumentException("corrupt continuous-scattering snapshot: trailing bytes");
            return stream;
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt continuous-scattering snapshot: " + e.getMessage(), e);
        }
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("transform is closed");
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            core.close();
            engine.close();
        }
    }

    /** One stream: push samples, receive frames. */
    public final class Stream {
        private final ContinuousCore.State st;
        private long emitted;

        private Stream(ContinuousCore.State st) {
            this.st = st;
        }

        /** Feeds samples; returns the frames they complete (possibly none). */
        public Frames push(float[] x) {
            return push(x, 0, x.length);
        }

        /** Feeds {@code x[offset .. offset+length)}; returns the frames they complete. */
        public Frames push(float[] x, int offset, int length) {
            checkOpen();
            FrameCollector out = new FrameCollector(channels());
            core.push(st, x, offset, length, out);
            return frames(out);
        }

        /** Feeds samples; returns the frames they complete (possibly none). */
        public Frames push(double[] x) {
            return push(x, 0, x.length);
        }

        /** Feeds {@code x[offset .. offset+length)}; returns the frames they complete. */
        public Frames push(double[] x, int offset, int length) {
            checkOpen();
            FrameCollector out = new FrameCollector(channels());
            core.push(st, x, offset, length, out);
            return frames(out);
        }

        /**
         * Ends a finite stream: reflects it after its last sample and returns the remaining frames,
         * up to the last frame whose position lies in the signal ({@code ceil(n / stride)} frames in
         * all for n samples). No samples may be pushed afterwards; a second call returns no frames.
         */
        public Frames finish() {
            checkOpen();
            FrameCollector out = new FrameCollector(channels());
            core.finish(st, out);
            return frames(out);
        }

        private Frames frames(FrameCollector out) {
            Frames f = Frames.of(out, emitted);
            if (f.count() > 0 && f.first() != emitted) {
                throw new IllegalStateException("frame " + f.first() + " emitted where frame " + emitted + " was due");
            }
            emitted += f.count();
            return f;
        }

        /** Samples received so far. */
        public long samplesReceived() {
            return core.received(st);
        }

        /** Frames emitted so far (the index of the next frame). */
        public long framesEmitted() {
            return emitted;
        }

        public boolean finished() {
            return core.finished(st);
        }

        /** The stream's complete state, for {@link ContinuousScattering1D#restore(byte[])}. */
        public byte[] snapshot() {
            checkOpen();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(SNAPSHOT_MAGIC);
                out.writeUTF(configId);
                core.write(st, out);
                out.writeLong(emitted);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }
    }

    /**
     * Consecutive output frames: frame {@link #first()} + i for i < {@link #count()}, each with
     * {@link #channels()} values; frame k is centred on stream sample {@code k * stride}.
     */
    public static final class Frames {
        private final long first;
        private final int count, channels;
        private final double[] values;

        private Frames(long first, int count, int channels, double[] values) {
            this.first = first;
            this.count = count;
            this.channels = channels;
            this.values = values;
        }

        static Frames of(FrameCollector c, long expectedFirst) {
            return new Frames(c.count() == 0 ? expectedFirst : c.first(), c.count(), c.channels(), c.values());
        }

        /** Index of the first frame (the next frame's index when there are none). */
        public long first() { return first; }
        public int count() { return count; }
        public int channels() { return channels; }
        public boolean isEmpty() { return count == 0; }
        /** Value of channel {@code c} of the i-th frame here. */
        public double get(int i, int c) { return values[i * channels + c]; }
        /** All values, frame-major ({@code count * channels}). */
        public double[] toDoubles() { return values.clone(); }
        /** All values as floats, frame-major. */
        public float[] toFloats() {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
            return f;
        }
    }

    /** Validating builder; {@link #build()} checks every parameter and combination. */
    public static final class Builder {
        private Integer J;
        private int q1 = 1, q2 = 1;
        private Double T;
        private Integer stride;
        private int maxOrder = 2;
        private Precision precision = Precision.FLOAT;
        private Double tolerance;
        private Integer stepFrames;

        private Builder() {}

        /** Maximum log-scale J >= 0 (required). */
        public Builder J(int J) { this.J = J; return this; }
        /** Q = (q1, 1). */
        public Builder Q(int q1) { return Q(q1, 1); }
        /** Wavelets per octave at first and second order, both >= 1. */
        public Builder Q(int q1, int q2) { this.q1 = q1; this.q2 = q2; return this; }
        /** Averaging scale T >= 1 (default 2^J). Global averaging has no meaning for an unbounded stream. */
        public Builder T(double t) { this.T = t; return this; }
        /** Stride between frames: a power of two, at most 2^floor(log2 T) (default that bound). */
        public Builder stride(int stride) { this.stride = stride; return this; }
        /** 1 or 2. */
        public Builder maxOrder(int maxOrder) { this.maxOrder = maxOrder; return this; }
        public Builder precision(Precision precision) { this.precision = precision; return this; }
        /**
         * Relative tail mass of each impulse response left outside the support used, in (0, 1e-2]:
         * it bounds each stage's deviation from the exact (infinite) convolution relative to its
         * input, and sets the lookahead. Default 1e-7 for float, 1e-13 for double.
         */
        public Builder tolerance(double tolerance) { this.tolerance = tolerance; return this; }
        /**
         * Frames per processing step, in [1, 4096] (default: the step of at most
         * {@link ContinuousScattering1D#lookahead()} samples, and at most 64 frames, with the lowest
         * estimated cost per sample). Larger steps cost less per sample and add latency.
         */
        public Builder stepFrames(int frames) { this.stepFrames = frames; return this; }

        /** Validates and builds (filters come from the process-wide cache). */
        public ContinuousScattering1D build() {
            if (precision == null) throw new IllegalArgumentException("precision must not be null");
            return new ContinuousScattering1D(plan(), precision);
        }

        private ContinuousPlan1D plan() {
            if (J == null) throw new IllegalArgumentException("J is required (an integer >= 0)");
            if (J < 0) throw new IllegalArgumentException("J must be >= 0, got " + J);
            if (J > MAX_LOG_SCALE) throw new IllegalArgumentException("J must be <= " + MAX_LOG_SCALE + " for continuous scattering, got " + J);
            if (q1 < 1 || q2 < 1) throw new IllegalArgumentException("Q entries must be integers >= 1, got Q=(" + q1 + ", " + q2 + ")");
            if (q1 > 64 || q2 > 64) throw new IllegalArgumentException("Q entries must be <= 64, got Q=(" + q1 + ", " + q2 + ")");
            if (maxOrder != 1 && maxOrder != 2) throw new IllegalArgumentException("max_order must be 1 or 2, got " + maxOrder);
            double t = T == null ? Math.scalb(1.0, J) : T;
            if (Double.isNaN(t) || Double.isInfinite(t)) throw new IllegalArgumentException("T must be a finite number, got " + t);
            if (t < 1) throw new IllegalArgumentException("T must be >= 1, got " + fmt(t));
            if (t > Math.scalb(1.0, MAX_LOG_SCALE)) throw new IllegalArgumentException("T must be <= 2^" + MAX_LOG_SCALE + ", got " + fmt(t));
            int log2T = IntMath.floorLog2(t);
            int s = log2T;
            if (stride != null) {
                if (!IntMath.isPowerOfTwo(stride)) throw new IllegalArgumentException("stride must be a power of two, got " + stride);
                s = IntMath.floorLog2(stride);
                if (s > log2T) throw new IllegalArgumentException("stride must be <= 2^floor(log2 T) = " + (1 << log2T) + ", got " + stride);
            }
            double tol = tolerance != null ? tolerance : precision == Precision.FLOAT ? 1e-7 : 1e-13;
            if (!(tol >= 1e-15 && tol <= 1e-2)) throw new IllegalArgumentException("tolerance must be in [1e-15, 1e-2], got " + tol);
            int lanes = precision == Precision.FLOAT ? CpuArrays32.vectorLanes() : CpuArrays64.vectorLanes();
            if (stepFrames != null) {
                if (stepFrames < 1 || stepFrames > 4096) {
                    throw new IllegalArgumentException("stepFrames must be in [1, 4096], got " + stepFrames);
                }
                return new ContinuousPlan1D(J, q1, q2, t, s, maxOrder, tol, stepFrames, lanes);
            }
            // the cheapest step (estimated cost per sample) not longer than the lookahead: latency at most
            // about twice the intrinsic one
            ContinuousPlan1D best = new ContinuousPlan1D(J, q1, q2, t, s, maxOrder, tol, 1, lanes);
            int maxFrames = Math.min(64, Math.max(1, best.lookahead() >> s));
            for (int f = 2; f <= maxFrames; f++) {
                ContinuousPlan1D p = new ContinuousPlan1D(J, q1, q2, t, s, maxOrder, tol, f, lanes);
                if (p.estimatedCost() < best.estimatedCost()) best = p;
            }
            return best;
        }
    }

    /** Largest J (and log2 T) accepted: the filters are built at 2^(J+5) samples and more. */
    public static final int MAX_LOG_SCALE = 16;
}
