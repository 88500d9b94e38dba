package org.scatterstream.job;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.scatterstream.job.config.JobConfig;
import org.scatterstream.job.operator.BatchingScatteringOperator;
import org.scatterstream.job.operator.ContinuousScatteringOperator;
import org.scatterstream.job.operator.TransformFactory;
import org.scatterstream.job.sink.DeadLetterCompleter;
import org.scatterstream.job.sink.DeadLetterMetrics;
import org.scatterstream.job.sink.Sinks;
import org.scatterstream.job.source.InputDeserializer;
import org.scatterstream.job.source.InputKind;
import org.scatterstream.job.source.InputLimits;
import org.scatterstream.job.source.InputRecord;
import org.scatterstream.job.source.InputRouter;
import org.scatterstream.job.window.FrameWindowFunction;
import org.scatterstream.job.window.SignalWindow;
import org.scatterstream.job.window.StreamModeFilter;
import org.scatterstream.job.window.StreamWindowFunction;
import org.scatterstream.schemas.DeadLetter;
import org.scatterstream.schemas.ScatteringFeatures;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Builds the job graph:
 * <pre>
 *  Kafka inputs ─ decode+check ─┬─ chunks ──── keyBy(stream) ─ window ─┐
 *                               ├─ readings ── keyBy(stream) ─ window ─┴─ batch scattering 1D ─┐
 *                               │   (continuous streams: keyBy ─ blocks of H ─ keyBy ─ continuous 1D) ┴ features sink
 *                               ├─ frames ──── keyBy(stream) ─ frame ──── batch scattering 2D ─ frame-features sink
 *                               └─ dead letters ─────── + rejected by windowing ─ count ─ dead-letter sink
 * </pre>
 * Every stateful operator has a {@code uid}, so savepoints survive changes of the graph's shape.
 */
public final class ScatterStreamPipeline {
    private ScatterStreamPipeline() {
    }

    /** Configures {@code env} (checkpoints, restarts, no Kryo) and adds the job to it. */
    public static void build(StreamExecutionEnvironment env, JobPlan plan) {
        build(env, plan, UnaryOperator.identity());
    }

    /**
     * As {@link #build(StreamExecutionEnvironment, JobPlan)}, with {@code windowTap} applied to the 1D
     * window stream before the transform (tests use it to inject failures).
     */
    public static void build(StreamExecutionEnvironment env, JobPlan plan, UnaryOperator<DataStream<SignalWindow>> windowTap) {
        JobConfig c = plan.config();
        configure(env, c);

        Map<String, InputKind> topics = new LinkedHashMap<>();
        if (c.samplesTopic() != null) topics.put(c.samplesTopic(), InputKind.SAMPLES);
        if (c.readingsTopic() != null) topics.put(c.readingsTopic(), InputKind.READINGS);
        if (c.framesTopic() != null) topics.put(c.framesTopic(), InputKind.FRAMES);

        KafkaSourceBuilder<InputRecord> source = KafkaSource.<InputRecord>builder()
                .setBootstrapServers(c.bootstrapServers())
                .setProperties(c.kafkaClientProperties())
                .setTopics(c.inputTopics())
                .setGroupId(c.groupId())
                .setStartingOffsets(startingOffsets(c))
                .setDeserializer(new InputDeserializer(topics, c.sourceEncoding(), InputLimits.of(c)));
        if (c.bounded()) source.setBounded(OffsetsInitializer.latest());

        WatermarkStrategy<InputRecord> watermarks = WatermarkStrategy
                .<InputRecord>forBoundedOutOfOrderness(c.maxOutOfOrderness())
                .withTimestampAssigner((r, kafkaTimestamp) -> r.eventTimeMillis())
                .withIdleness(c.idleness());

        SingleOutputStreamOperator<InputRecord> routed = env
                .fromSource(source.build(), watermarks, "kafka-input").uid("kafka-input")
                .process(new InputRouter()).name("decode-route").uid("route-input");

        DataStream<DeadLetter> deadLetters = routed.getSideOutput(InputRouter.DEAD_LETTERS);
        DataStream<InputRecord> rejected = null;

        if (plan.transform1d() != null || plan.continuous1d() != null) {
            // windowed streams: windows of N every H; continuous streams: consecutive blocks of H for their transform
            DataStream<SignalWindow> windows = null;
            DataStream<SignalWindow> blocks = null;
            for (boolean readings : new boolean[] {false, true}) {
                if ((readings ? c.readingsTopic() : c.samplesTopic()) == null) continue;
                DataStream<InputRecord> in = readings ? routed.getSideOutput(InputRouter.READINGS) : routed;
                String what = readings ? "readings" : "samples";
                if (plan.transform1d() != null) {
                    DataStream<InputRecord> mine = plan.continuous1d() == null ? in
                            : in.filter(new StreamModeFilter(c, false)).name("windowed-" + what).uid("windowed-" + what);
                    SingleOutputStreamOperator<SignalWindow> w = mine
                            .keyBy(InputRecord::streamId, Types.STRING)
                            .process(windowFunction(c, readings, c.windowSize())).name("window-" + what).uid("window-" + what);
                    windows = union(windows, w);
                    rejected = union(rejected, w.getSideOutput(StreamWindowFunction.REJECTED));
                }
                if (plan.continuous1d() != null) {
                    DataStream<InputRecord> mine = plan.transform1d() == null ? in
                            : in.filter(new StreamModeFilter(c, true)).name("continuous-" + what).uid("continuous-" + what);
                    SingleOutputStreamOperator<SignalWindow> b = mine
                            .keyBy(InputRecord::streamId, Types.STRING)
                            .process(windowFunction(c, readings, c.windowHop())).name("blocks-" + what).uid("blocks-" + what);
                    blocks = union(blocks, b);
                    rejected = union(rejected, b.getSideOutput(StreamWindowFunction.REJECTED));
                }
            }
            DataStream<ScatteringFeatures> features = null;
            if (windows != null) features = scatter(windowTap.apply(windows), plan.transform1d(), c, false);
            if (blocks != null) {
                features = union(features, windowTap.apply(blocks)
                        .keyBy(w -> w.streamId, Types.STRING)
                        .transform("continuous-scattering-1d", new AvroTypeInfo<>(ScatteringFeatures.class),
                                new ContinuousScatteringOperator(plan.continuous1d()))
                        .uid("continuous-scattering-1d"));
            }
            features.sinkTo(Sinks.features(c, c.featuresTopic(), "features")).name("sink-features").uid("sink-features");
        }
        if (plan.transform2d() != null) {
            SingleOutputStreamOperator<SignalWindow> frames = routed.getSideOutput(InputRouter.FRAMES)
                    .keyBy(InputRecord::streamId, Types.STRING)
                    .process(new FrameWindowFunction(c.lateToDeadLetters())).name("window-frames").uid("window-frames");
            rejected = union(rejected, frames.getSideOutput(StreamWindowFunction.REJECTED));
            scatter(frames, plan.transform2d(), c, true)
                    .sinkTo(Sinks.features(c, c.frameFeaturesTopic(), "frame-features"))
                    .name("sink-frame-features").uid("sink-frame-features");
        }

        if (rejected != null) {
            deadLetters = deadLetters.union(rejected.map(new DeadLetterCompleter(c.sourceEncoding()))
                    .returns(new AvroTypeInfo<>(DeadLetter.class)).name("complete-dead-letters").uid("complete-dead-letters"));
        }
        deadLetters.map(new DeadLetterMetrics()).returns(new AvroTypeInfo<>(DeadLetter.class))
                .name("count-dead-letters").uid("count-dead-letters")
                .sinkTo(Sinks.deadLetters(c)).name("sink-dead-letters").uid("sink-dead-letters");
    }

    /** Windows of {@code n} samples every H (continuous streams: n = H, consecutive blocks). */
    private static StreamWindowFunction windowFunction(JobConfig c, boolean readings, int n) {
        return new StreamWindowFunction(n, c.windowHop(), c.maxZeroFill(), c.timeToleranceMicros(),
                readings, c.readingsRateHz(), c.lateToDeadLetters());
    }

    private static SingleOutputStreamOperator<ScatteringFeatures> scatter(DataStream<SignalWindow> windows,
                                                                         TransformFactory f, JobConfig c, boolean frames) {
        String name = frames ? "scattering-2d" : "scattering-1d";
        return windows.transform(name, new AvroTypeInfo<>(ScatteringFeatures.class),
                new BatchingScatteringOperator(f, c.post(), c.batchSize(), c.batchMaxWait().toMillis(), frames)).uid(name);
    }

    private static <T> DataStream<T> union(DataStream<T> a, DataStream<T> b) {
        return a == null ? b : a.union(b);
    }

    private static OffsetsInitializer startingOffsets(JobConfig c) {
        switch (c.startingOffsets()) {
            case EARLIEST: return OffsetsInitializer.earliest();
            case LATEST: return OffsetsInitializer.latest();
            default: return OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        }
    }

    /** Checkpointing, restart strategy, watermark interval and serialization settings from the config. */
    static void configure(StreamExecutionEnvironment env, JobConfig c) {
        Configuration conf = new Configuration();
        // every type in the job has a POJO or Avro serializer: a Kryo fallback is a bug, caught at build time
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        // no operator keeps a reference to an input record after emitting it
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        conf.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, c.watermarkInterval());
        if (c.restartAttempts() == 0) {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        } else {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, c.restartAttempts());
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, c.restartDelay());
        }
        env.configure(conf);
        env.enableCheckpointing(c.checkpointInterval().toMillis(),
                c.delivery() == DeliveryGuarantee.EXACTLY_ONCE ? CheckpointingMode.EXACTLY_ONCE : CheckpointingMode.AT_LEAST_ONCE);
        if (c.parallelism() > 0) env.setParallelism(c.parallelism());
    }
}
