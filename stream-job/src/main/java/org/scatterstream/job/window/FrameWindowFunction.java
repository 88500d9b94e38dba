package org.scatterstream.job.window;

import org.apache.avro.generic.PrimitivesArrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.scatterstream.job.internal.DeadLetters;
import org.scatterstream.job.internal.Micros;
import org.scatterstream.job.source.InputRecord;
import org.scatterstream.schemas.DeadLetterReason;
import org.scatterstream.schemas.Frame;

import java.util.List;

/**
 * Keyed by stream id: each frame is one window. Pixels are de-interleaved to channel-major planes, the
 * layout the 2D transform takes. The window index is the frame's seq when it has one, else a per-stream
 * count. Frames behind the watermark are late, as for 1D streams.
 */
public final class FrameWindowFunction extends KeyedProcessFunction<String, InputRecord, SignalWindow> {
    private static final long serialVersionUID = 1L;

    private final boolean lateToDeadLetters;
    private transient ValueState<Long> nextIndex;
    private transient Counter late;

    public FrameWindowFunction(boolean lateToDeadLetters) {
        this.lateToDeadLetters = lateToDeadLetters;
    }

    @Override
    public void open(OpenContext openContext) {
        nextIndex = getRuntimeContext().getState(new ValueStateDescriptor<>("next-index", Types.LONG));
        late = getRuntimeContext().getMetricGroup().counter("lateRecords");
    }

    @Override
    public void processElement(InputRecord r, Context ctx, Collector<SignalWindow> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        if (r.eventTimeMillis() <= watermark) {
            late.inc();
            if (lateToDeadLetters) {
                r.deadLetter = DeadLetters.of(r.topic, r.partition, r.offset, null, DeadLetterReason.LATE,
                        "event time " + Micros.toInstant(r.eventTimeMicros()) + " is behind the watermark "
                                + java.time.Instant.ofEpochMilli(watermark), r.streamId());
                ctx.output(StreamWindowFunction.REJECTED, r);
            }
            return;
        }
        Frame f = r.frame;
        long index;
        if (f.getSeq() != null) {
            index = f.getSeq();
        } else {
            Long next = nextIndex.value();
            index = next == null ? 0 : next;
            nextIndex.update(index + 1);
        }
        SignalWindow w = new SignalWindow();
        w.streamId = f.getStreamId();
        w.index = index;
        w.startMicros = r.eventTimeMicros();
        w.endMicros = w.startMicros;
        w.lastSampleMicros = w.startMicros;
        w.sampleRateHz = 0;
        w.channels = f.getChannels();
        w.data = planar(f.getPixels(), f.getHeight() * f.getWidth(), f.getChannels());
        out.collect(w);
    }

    /** Interleaved {@code (y, x, c)} to planes {@code (c, y, x)}. */
    static float[] planar(List<Float> pixels, int plane, int channels) {
        float[] d = new float[plane * channels];
        if (pixels instanceof PrimitivesArrays.FloatArray) {
            PrimitivesArrays.FloatArray a = (PrimitivesArrays.FloatArray) pixels;
            for (int p = 0; p < plane; p++) {
                for (int c = 0; c < channels; c++) d[c * plane + p] = a.getFloat(p * channels + c);
            }
        } else {
            for (int p = 0; p < plane; p++) {
                for (int c = 0; c < channels; c++) d[c * plane + p] = pixels.get(p * channels + c);
            }
        }
        return d;
    }
}
