package org.scatterstream.job.operator;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.scatterstream.engine.ScatteringTransform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.scatterstream.job.config.PostProcessing;
import org.scatterstream.job.internal.Floats;
import org.scatterstream.job.internal.Micros;
import org.scatterstream.job.window.SignalWindow;
import org.scatterstream.schemas.ScatteringFeatures;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/**
 * Collects windows of any streams into batches and runs the engine's batched transform once per batch:
 * a batch is flushed when it holds {@code batchSize} transform inputs, when its oldest window has waited
 * {@code maxWait}, before every checkpoint barrier and at end of input. So the operator holds no state
 * across checkpoints and loses nothing on failure.
 *
 * <p>The transform, its buffers and the post-processor are built once per task in {@link #open()}.
 * Metrics: {@code windowsPerSecond}, {@code windowsOut}, {@code batchSize}, {@code transformTimeMs} (per
 * batch), {@code latencyMs} (event time of a window's last sample to emission).
 */
public final class BatchingScatteringOperator extends AbstractStreamOperator<ScatteringFeatures>
        implements OneInputStreamOperator<SignalWindow, ScatteringFeatures>, BoundedOneInput {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(BatchingScatteringOperator.class);

    private final TransformFactory factory;
    private final PostProcessing post;
    private final int batchSize;
    private final long maxWaitMillis;
    private final boolean frames;

    private transient ScatteringTransform transform;
    private transient FeatureLayout layout;
    private transient int inSize;
    private transient int outSize;
    private transient int processedSize;
    private transient float[] in;
    private transient float[] out;
    private transient float[] processed;
    private transient List<SignalWindow> windows;
    private transient int filled;
    private transient ScheduledFuture<?> timer;
    private transient StreamRecord<ScatteringFeatures> reuse;

    private transient Counter windowsOut;
    private transient Histogram batchSizes;
    private transient Histogram transformMillis;
    private transient Histogram latencyMillis;
    private transient long statsSince;
    private transient long statsBatches;
    private transient long statsInputs;
    private transient long statsNanos;

    /**
     * @param batchSize transform inputs per batch (windows for 1D; frame channels for frames)
     * @param frames true for frame windows: a leading frame-channel axis in every record's shape
     */
    public BatchingScatteringOperator(TransformFactory factory, PostProcessing post, int batchSize,
                                      long maxWaitMillis, boolean frames) {
        this.factory = factory;
        this.post = post;
        this.batchSize = batchSize;
        this.maxWaitMillis = maxWaitMillis;
        this.frames = frames;
    }

    @Override
    public void open() throws Exception {
        super.open();
        transform = factory.create();
        layout = new FeatureLayout(factory, transform, post);
        inSize = transform.inputSize();
        outSize = transform.outputSize();
        processedSize = layout.postProcessor().outputSize();
        allocate(batchSize);
        windows = new ArrayList<>(batchSize);
        reuse = new StreamRecord<>(null);

        MetricGroup m = getMetricGroup();
        windowsOut = m.counter("windowsOut");
        m.meter("windowsPerSecond", new MeterView(windowsOut));
        batchSizes = m.histogram("batchSize", new DescriptiveStatisticsHistogram(1000));
        transformMillis = m.histogram("transformTimeMs", new DescriptiveStatisticsHistogram(1000));
        latencyMillis = m.histogram("latencyMs", new DescriptiveStatisticsHistogram(10_000));
        LOG.info("Batching {} windows per batch on backend {} ({}), config {}", batchSize, transform.backendName(),
                transform.precision(), layout.configId());
    }

    private void allocate(int capacity) {
        in = new float[Math.multiplyExact(capacity, inSize)];
        out = new float[Math.multiplyExact(capacity, outSize)];
    }

    @Override
    public void processElement(StreamRecord<SignalWindow> element) throws Exception {
        SignalWindow w = element.getValue();
        int k = w.channels;
        if (w.data.length != k * inSize) {
            throw new IllegalStateException("window of " + w.data.length + " values for " + k + " inputs of " + inSize);
        }
        if (filled + k > in.length / inSize) {
            flush();
            if (k > in.length / inSize) allocate(k); // a frame with more channels than a batch
        }
        System.arraycopy(w.data, 0, in, filled * inSize, w.data.length);
        filled += k;
        windows.add(w);
        if (filled >= batchSize) {
            flush();
        } else if (timer == null) {
            long due = getProcessingTimeService().getCurrentProcessingTime() + maxWaitMillis;
            timer = getProcessingTimeService().registerTimer(due, time -> {
                timer = null;
                flush();
            });
        }
    }

    /** Transforms the collected windows and emits one feature record per window. */
    private void flush() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        if (windows.isEmpty()) return;
        long t0 = System.nanoTime();
        transform.transform(in, filled, out);
        long nanos = System.nanoTime() - t0;
        transformMillis.update(nanos / 1_000_000);
        batchSizes.update(filled);
        logStats(nanos);

        int slot = 0;
        for (SignalWindow w : windows) {
            int k = w.channels;
            if (processed == null || processed.length < k * processedSize) processed = new float[k * processedSize];
            for (int c = 0; c < k; c++) {
                layout.postProcessor().apply(out, (slot + c) * outSize, processed, c * processedSize);
            }
            slot += k;
            output.collect(reuse.replace(features(w, k), w.endMicros / 1000));
            windowsOut.inc();
            latencyMillis.update(System.currentTimeMillis() - Micros.toMillis(w.lastSampleMicros));
        }
        windows.clear();
        filled = 0;
    }

    /** Every 10 s at INFO: batches, their mean size and transform time (the metrics, for a log reader). */
    private void logStats(long nanos) {
        statsBatches++;
        statsInputs += filled;
        statsNanos += nanos;
        long now = System.nanoTime();
        if (statsSince == 0) statsSince = now;
        if (now - statsSince >= 10_000_000_000L && LOG.isInfoEnabled()) {
            LOG.info("{} batches in {} s: {} inputs per batch, {} ms per batch, {} inputs/s of transform time",
                    statsBatches, (now - statsSince) / 1_000_000_000L, String.format("%.1f", (double) statsInputs / statsBatches),
                    String.format("%.1f", statsNanos / 1e6 / statsBatches), String.format("%.0f", statsInputs / (statsNanos / 1e9)));
            statsSince = now;
            statsBatches = 0;
            statsInputs = 0;
            statsNanos = 0;
        }
    }

    private ScatteringFeatures features(SignalWindow w, int k) {
        int[] shape = layout.shape();
        List<Integer> s = new ArrayList<>(shape.length + 1);
        if (frames) s.add(k);
        for (int d : shape) s.add(d);
        return ScatteringFeatures.newBuilder()
                .setStreamId(w.streamId)
                .setWindowIndex(w.index)
                .setWindowStart(Micros.toInstant(w.startMicros))
                .setWindowEnd(Micros.toInstant(w.endMicros))
                .setSampleRateHz(frames ? null : w.sampleRateHz)
                .setConfigId(layout.configId())
                .setParams(layout.params())
                .setShape(s)
                .setCoefficients(Floats.toList(processed, 0, k * processedSize))
                .setZeroFilled(w.zeroFilled)
                .build();
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        // emitted before the barrier: the windows belong to this checkpoint, nothing is held across it
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void endInput() {
        flush();
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    @Override
    public void close() throws Exception {
        if (transform != null) transform.close();
        super.close();
    }

    @Override
    public String toString() {
        return "BatchingScatteringOperator{" + factory.kind() + ", batch=" + batchSize + ", maxWait=" + maxWaitMillis
                + "ms, post=" + post + "}";
    }
}
