package org.scatterstream.job.operator;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.scatterstream.engine.ContinuousScattering1D;
import org.scatterstream.job.internal.Floats;
import org.scatterstream.job.internal.Micros;
import org.scatterstream.job.window.SignalWindow;
import org.scatterstream.schemas.ScatteringFeatures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Continuous mode (keyed by stream id): feeds each stream's consecutive blocks of H samples to its own
 * incremental transform ({@link ContinuousScattering1D}) and emits, per block, one
 * {@link ScatteringFeatures} record with the frames the block completed. Frame k of a segment is centred on
 * the segment's sample {@code k * stride}; a record's {@code window_start} is the event time of its first
 * frame, {@code window_end} that of its last frame plus one stride, {@code shape} {@code [channels, frames]}.
 *
 * <p><b>Segments.</b> A block that does not continue the previous one (a new segment of the windower: a
 * long gap or a rate change) ends the stream's transform, whose last frames are then emitted with the
 * signal reflected at its end (as Kymatio pads), and starts a new one (reflected at its start).
 *
 * <p><b>State and exactly-once.</b> The transforms of the streams live in memory between checkpoints; at
 * each checkpoint the streams changed since the last one are written to keyed {@code ValueState<byte[]>}
 * (the engine's snapshot: plain arrays and counters, no Kryo), so a restore resumes every stream exactly
 * where the checkpoint left it and re-emits nothing the transactional sink has committed. Keyed state
 * rescales with the key groups. Frames are emitted synchronously, before any later barrier.
 *
 * <p><b>End of a stream.</b> A stream whose last sample falls {@link ContinuousFactory#idleTimeoutMillis()}
 * (or up to a quarter more) behind the watermark is ended like a segment: its last frames are emitted and
 * its transform dropped from memory and keyed state, keeping only its record counter (a stream coming back
 * starts a new segment, as it would after such a gap anyway). An event-time timer per stream does this, so
 * it is checkpointed and replayed like the records. At the end of bounded input (the watermark reaching its
 * maximum, then {@link #endInput()}) every stream is ended, so the last frames of a finite signal are
 * emitted. A record of last frames has {@code zero_filled} 0 and the event time of the stream's last sample.
 */
public final class ContinuousScatteringOperator extends AbstractStreamOperator<ScatteringFeatures>
        implements OneInputStreamOperator<SignalWindow, ScatteringFeatures>, BoundedOneInput, Triggerable<String, VoidNamespace> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ContinuousScatteringOperator.class);
    private static final int STATE_VERSION = 1;
    private static final String STATE_NAME = "continuous-stream";

    private final ContinuousFactory factory;

    private transient ContinuousScattering1D transform;
    private transient ValueState<byte[]> state;
    private transient InternalTimerService<VoidNamespace> idleTimers;
    private transient Map<String, Live> live;
    private transient String configId;
    private transient Map<String, String> params;
    private transient int[] parents;
    private transient Map<Integer, PostProcessor> postProcessors;
    private transient StreamRecord<ScatteringFeatures> reuse;
    private transient Counter recordsOut;
    private transient Counter framesOut;
    private transient Counter segmentsEnded;
    private transient Counter streamsEnded;
    private transient Histogram latencyMillis;

    /** One stream's transform and segment bookkeeping. */
    private static final class Live {
        ContinuousScattering1D.Stream stream;
        long segmentStartMicros;
        /** Segment sample at which the transform started (its sample 0). */
        long transformStart;
        long nextSample;
        double rate;
        long nextRecordIndex;
        boolean dirty;
    }

    public ContinuousScatteringOperator(ContinuousFactory factory) {
        this.factory = factory;
    }

    @Override
    public void open() throws Exception {
        super.open();
        transform = factory.create();
        state = getRuntimeContext().getState(
                new ValueStateDescriptor<>(STATE_NAME, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        idleTimers = getInternalTimerService("continuous-idle", VoidNamespaceSerializer.INSTANCE, this);
        live = new HashMap<>();
        configId = factory.configId(transform);
        params = factory.params(transform);
        parents = factory.post().normalize() ? factory.normalizationParents(transform) : null;
        postProcessors = new HashMap<>();
        reuse = new StreamRecord<>(null);
        MetricGroup m = getMetricGroup();
        recordsOut = m.counter("recordsOut");
        m.meter("recordsPerSecond", new MeterView(recordsOut));
        framesOut = m.counter("framesOut");
        segmentsEnded = m.counter("segmentsEnded");
        streamsEnded = m.counter("streamsEnded");
        latencyMillis = m.histogram("latencyMs", new DescriptiveStatisticsHistogram(10_000));
        LOG.info("Continuous scattering {}: lookahead {} samples, step {} samples, stride {}", configId,
                transform.lookahead(), transform.hop(), transform.stride());
    }

    @Override
    public void processElement(StreamRecord<SignalWindow> element) throws Exception {
        SignalWindow b = element.getValue();
        String key = b.streamId;
        Live l = current(key);
        if (l.stream != null && (b.segmentStartMicros != l.segmentStartMicros || b.segmentSample != l.nextSample
                || b.sampleRateHz != l.rate)) {
            // a new segment: the previous one ends, reflected at its end
            emit(key, l, l.stream.finish(), b);
            segmentsEnded.inc();
            l.stream = null;
        }
        if (l.stream == null) {
            l.stream = transform.open();
            l.segmentStartMicros = b.segmentStartMicros;
            l.rate = b.sampleRateHz;
            l.nextSample = b.segmentSample;
            l.transformStart = b.segmentSample;
        }
        emit(key, l, l.stream.push(b.data), b);
        l.nextSample += b.data.length;
        l.dirty = true;
        long timeout = factory.idleTimeoutMillis();
        if (timeout > 0) {
            // rounded up to a quarter of the timeout: a few pending timers per stream, not one per block
            long grain = Math.max(1, timeout / 4);
            long due = lastSampleEndMillis(l) + timeout;
            idleTimers.registerEventTimeTimer(VoidNamespace.INSTANCE, Math.floorDiv(due + grain - 1, grain) * grain);
        }
    }

    /** The current key's stream, from memory or keyed state. */
    private Live current(String key) throws IOException {
        Live l = live.get(key);
        if (l == null) {
            l = load(state.value());
            live.put(key, l);
        }
        return l;
    }

    /** Event time (ms) just after the stream's last sample. */
    private static long lastSampleEndMillis(Live l) {
        return Math.floorDiv(l.segmentStartMicros + Math.round(l.nextSample * (1e6 / l.rate)), 1000);
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        String key = timer.getKey();
        Live l = current(key);
        // a later block has moved the deadline (its own timer is pending): not idle
        if (l.stream != null && lastSampleEndMillis(l) + factory.idleTimeoutMillis() > timer.getTimestamp()) return;
        end(key, l);
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {
        // no processing-time timers
    }

    /** End of bounded input: every stream still open is ended, so that its last frames are emitted. */
    @Override
    public void endInput() throws Exception {
        Set<String> keys = new LinkedHashSet<>(live.keySet());
        try (Stream<String> stored = this.<String>getKeyedStateBackend().<VoidNamespace>getKeys(STATE_NAME, VoidNamespace.INSTANCE)) {
            keys.addAll(stored.collect(Collectors.toList()));
        }
        for (String key : keys) {
            setCurrentKey(key);
            end(key, current(key));
        }
    }

    /**
     * Ends the current key's stream: its last frames (end reflected) are emitted, the transform's state is
     * dropped from memory and keyed state; only the record counter stays.
     */
    private void end(String key, Live l) throws IOException {
        live.remove(key);
        if (l.stream == null) return;
        emit(key, l, l.stream.finish(), null);
        l.stream = null;
        state.update(save(l));
        streamsEnded.inc();
    }

    /**
     * One record with the frames, if any; {@code block} is the block that completed them, null for the last
     * frames of an ended stream.
     */
    private void emit(String key, Live l, ContinuousScattering1D.Frames f, SignalWindow block) {
        if (f.isEmpty()) return;
        int c = f.channels(), n = f.count();
        float[] coefficients = new float[c * n];
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) coefficients[ch * n + i] = (float) f.get(i, ch);
        }
        PostProcessor pp = postProcessors.computeIfAbsent(n, k -> new PostProcessor(new int[] {c, k}, parents, factory.post()));
        float[] processed = new float[pp.outputSize()];
        pp.apply(coefficients, 0, processed, 0);
        double period = 1e6 / l.rate;
        long stride = transform.stride();
        // frame k is centred on the transform's sample k * stride, i.e. the segment's sample transformStart + k * stride
        long firstSample = l.transformStart + f.first() * stride;
        long start = l.segmentStartMicros + Math.round(firstSample * period);
        long end = l.segmentStartMicros + Math.round((firstSample + (long) n * stride) * period);
        List<Integer> shape = new ArrayList<>(2);
        for (int d : pp.outputShape()) shape.add(d);
        ScatteringFeatures r = ScatteringFeatures.newBuilder()
                .setStreamId(key)
                .setWindowIndex(l.nextRecordIndex++)
                .setWindowStart(Micros.toInstant(start))
                .setWindowEnd(Micros.toInstant(end))
                .setSampleRateHz(l.rate)
                .setConfigId(configId)
                .setParams(params)
                .setShape(shape)
                .setCoefficients(Floats.toList(processed))
                .setZeroFilled(block == null ? 0 : block.zeroFilled)
                .build();
        output.collect(reuse.replace(r, block == null ? lastSampleEndMillis(l) : block.endMicros / 1000));
        recordsOut.inc();
        framesOut.inc(n);
        if (block != null) latencyMillis.update(System.currentTimeMillis() - Micros.toMillis(block.lastSampleMicros));
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        // the streams changed since the last checkpoint go to keyed state before the backend snapshots it
        for (Map.Entry<String, Live> e : live.entrySet()) {
            Live l = e.getValue();
            if (!l.dirty) continue;
            setCurrentKey(e.getKey());
            state.update(save(l));
            l.dirty = false;
        }
        super.snapshotState(context);
    }

    private byte[] save(Live l) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(STATE_VERSION);
            out.writeLong(l.nextRecordIndex);
            out.writeBoolean(l.stream != null);
            if (l.stream != null) {
                out.writeLong(l.segmentStartMicros);
                out.writeLong(l.transformStart);
                out.writeLong(l.nextSample);
                out.writeDouble(l.rate);
                byte[] snap = l.stream.snapshot();
                out.writeInt(snap.length);
                out.write(snap);
            }
        }
        return bytes.toByteArray();
    }

    private Live load(byte[] bytes) throws IOException {
        Live l = new Live();
        if (bytes == null) return l;
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readInt();
            if (version != STATE_VERSION) throw new IOException("unknown continuous-stream state version " + version);
            l.nextRecordIndex = in.readLong();
            if (in.readBoolean()) {
                l.segmentStartMicros = in.readLong();
                l.transformStart = in.readLong();
                l.nextSample = in.readLong();
                l.rate = in.readDouble();
                byte[] snap = new byte[in.readInt()];
                in.readFully(snap);
                // a snapshot of another configuration fails here with the engine's message (job changed under a savepoint)
                l.stream = transform.restore(snap);
            }
        }
        return l;
    }

    @Override
    public void close() throws Exception {
        if (transform != null) transform.close();
        super.close();
    }

    @Override
    public String toString() {
        return "ContinuousScatteringOperator{hop=" + factory.hop() + ", post=" + factory.post() + "}";
    }
}
