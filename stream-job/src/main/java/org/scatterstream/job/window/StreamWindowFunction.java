package org.scatterstream.job.window;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.scatterstream.job.internal.DeadLetters;
import org.scatterstream.job.internal.Micros;
import org.scatterstream.job.source.InputRecord;
import org.scatterstream.schemas.DeadLetterReason;
import org.scatterstream.schemas.SampleChunk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Keyed by stream id: puts a stream's chunks (or sensor readings) back in order and feeds them to a
 * {@link SampleWindower}, emitting {@link SignalWindow}s.
 *
 * <p><b>Ordering.</b> Chunks are processed in seq order. The next expected chunk ({@code seq == last + 1},
 * 0 for a new stream) is processed on arrival; a chunk after a hole in the seqs waits until either the
 * missing chunks arrive or the watermark passes its own start time, at which point the missing chunks, if
 * they ever come, are late. Readings carry no seq and are processed in timestamp order once the watermark
 * passes them. So out-of-order delivery within the watermark bound gives the same windows as in-order
 * delivery.
 *
 * <p><b>Rejected records</b> go to {@link #REJECTED} with a dead letter: a seq not above the last one
 * processed (duplicate or reset; {@code SEQ_BACKWARDS}), a run overlapping time already covered
 * ({@code TIME_BACKWARDS}), a record behind the watermark ({@code LATE}; only counted unless
 * {@code lateToDeadLetters}).
 */
public final class StreamWindowFunction extends KeyedProcessFunction<String, InputRecord, SignalWindow> {
    private static final long serialVersionUID = 1L;

    /** Records rejected here; their dead letter's raw bytes are filled in downstream. */
    public static final OutputTag<InputRecord> REJECTED = new OutputTag<>("rejected", TypeInformation.of(InputRecord.class));

    private final int n;
    private final int h;
    private final int maxZeroFill;
    private final long toleranceMicros;
    private final boolean readings;
    private final double readingsRateHz;
    private final boolean lateToDeadLetters;

    private transient SampleWindower windower;
    private transient ValueState<StreamState> state;
    /** Records waiting for their turn: by seq (chunks) or by timestamp in microseconds (readings). */
    private transient MapState<Long, InputRecord> pending;
    private transient Counter late;
    private transient Counter zeroFilled;
    private transient Counter resets;
    private transient Counter discarded;

    /**
     * @param readings true for sensor readings (one value per record, ordered by time, at {@code readingsRateHz}),
     *                 false for sample chunks
     */
    public StreamWindowFunction(int n, int h, int maxZeroFill, long toleranceMicros, boolean readings,
                                double readingsRateHz, boolean lateToDeadLetters) {
        this.n = n;
        this.h = h;
        this.maxZeroFill = maxZeroFill;
        this.toleranceMicros = toleranceMicros;
        this.readings = readings;
        this.readingsRateHz = readingsRateHz;
        this.lateToDeadLetters = lateToDeadLetters;
    }

    @Override
    public void open(OpenContext openContext) {
        // readings take the nearest slot of the nominal grid: half a period of tolerance
        windower = new SampleWindower(n, h, maxZeroFill, readings ? -1 : toleranceMicros, readings);
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("stream", TypeInformation.of(StreamState.class)));
        pending = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("pending", Types.LONG, TypeInformation.of(InputRecord.class)));
        MetricGroup m = getRuntimeContext().getMetricGroup();
        late = m.counter("lateRecords");
        zeroFilled = m.counter("zeroFilledSamples");
        resets = m.counter("segmentResets");
        discarded = m.counter("discardedSamples");
    }

    @Override
    public void processElement(InputRecord r, Context ctx, Collector<SignalWindow> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        long timeMillis = r.eventTimeMillis();
        long key;
        if (readings) {
            key = r.eventTimeMicros();
            if (timeMillis <= watermark) {
                rejectLate(r, ctx, watermark);
                return;
            }
            if (pending.contains(key)) {
                reject(r, ctx, DeadLetterReason.TIME_BACKWARDS, "another reading of the stream has the same timestamp");
                return;
            }
        } else {
            key = r.chunk.getSeq();
            StreamState s = state.value();
            long lastSeq = s == null ? -1 : s.lastSeq;
            if (key <= lastSeq) {
                if (timeMillis <= watermark) {
                    rejectLate(r, ctx, watermark);
                } else {
                    reject(r, ctx, DeadLetterReason.SEQ_BACKWARDS, "seq " + key + " is not above the stream's last seq " + lastSeq);
                }
                return;
            }
            if (pending.contains(key)) {
                reject(r, ctx, DeadLetterReason.SEQ_BACKWARDS, "seq " + key + " arrived twice");
                return;
            }
            if (key == lastSeq + 1) {
                pending.put(key, r);
                drain(watermark, ctx, out);
                return;
            }
        }
        pending.put(key, r);
        if (timeMillis <= watermark) {
            drain(watermark, ctx, out);
        } else {
            ctx.timerService().registerEventTimeTimer(timeMillis);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SignalWindow> out) throws Exception {
        drain(ctx.timerService().currentWatermark(), ctx, out);
    }

    /** Processes pending records in order while the next one is due. */
    private void drain(long watermark, Context ctx, Collector<SignalWindow> out) throws Exception {
        List<Long> keys = new ArrayList<>();
        for (Long k : pending.keys()) keys.add(k);
        if (keys.isEmpty()) return;
        Collections.sort(keys);
        StreamState s = state.value();
        if (s == null) s = new StreamState();
        boolean changed = false;
        for (long k : keys) {
            InputRecord r = pending.get(k);
            boolean due = r.eventTimeMillis() <= watermark || (!readings && k == s.lastSeq + 1);
            if (!due) break;
            pending.remove(k);
            process(s, r, ctx, out);
            changed = true;
        }
        if (changed) state.update(s);
    }

    private void process(StreamState s, InputRecord r, Context ctx, Collector<SignalWindow> out) {
        SampleWindower.Outcome o;
        if (readings) {
            o = windower.append(s, r.reading.getStreamId(), r.eventTimeMicros(), readingsRateHz,
                    Collections.singletonList((float) r.reading.getValue()), out::collect);
        } else {
            SampleChunk c = r.chunk;
            o = windower.append(s, c.getStreamId(), r.eventTimeMicros(), c.getSampleRateHz(), c.getSamples(), out::collect);
            if (o != SampleWindower.Outcome.TIME_BACKWARDS) s.lastSeq = c.getSeq();
        }
        switch (o) {
            case TIME_BACKWARDS:
                reject(r, ctx, DeadLetterReason.TIME_BACKWARDS, "starts at " + Micros.toInstant(r.eventTimeMicros())
                        + ", before the end of the stream's previous samples at "
                        + Micros.toInstant(Math.round(s.nextExpectedMicros)));
                break;
            case ZERO_FILLED:
                zeroFilled.inc(windower.lastFilled());
                break;
            case RESET_GAP:
            case RESET_RATE:
                resets.inc();
                discarded.inc(windower.lastDiscarded());
                break;
            default:
                break;
        }
    }

    private void rejectLate(InputRecord r, Context ctx, long watermark) {
        late.inc();
        if (lateToDeadLetters) {
            reject(r, ctx, DeadLetterReason.LATE, "event time " + Micros.toInstant(r.eventTimeMicros())
                    + " is behind the watermark " + java.time.Instant.ofEpochMilli(watermark));
        }
    }

    private static void reject(InputRecord r, Context ctx, DeadLetterReason reason, String message) {
        r.deadLetter = DeadLetters.of(r.topic, r.partition, r.offset, null, reason, message, r.streamId());
        ctx.output(REJECTED, r);
    }
}
