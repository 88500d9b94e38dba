package org.scatterstream.job;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.scatterstream.engine.ScatteringTransform;
import org.scatterstream.job.config.JobConfig;
import org.scatterstream.job.window.SignalWindow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The job is made to fail twice mid-stream, each time after a checkpoint has committed output, and
 * recovers from its checkpoints: a read_committed consumer sees every window exactly once.
 */
class ExactlyOnceITCase extends KafkaJobTestBase {
    static final int STREAMS = 6;
    static final int CHUNK = 256;
    static final int CHUNKS = 60;

    @Test
    void failuresMidStreamLoseAndDuplicateNothing() throws Exception {
        Map<String, String> m = baseConfig("eo");
        m.put("source.bounded", "false");
        m.put("job.checkpoint-interval", "200ms");
        m.put("job.restart-attempts", "5");
        m.put("job.restart-delay", "200ms");
        JobConfig config = JobConfig.fromMap(m);
        JobPlan plan = JobPlan.of(config);
        ScatterStreamJob.prepareKafka(plan);

        Map<String, float[]> signals = new LinkedHashMap<>();
        for (int s = 0; s < STREAMS; s++) signals.put("eo-" + s, TestSignals.signal(10 + s, CHUNK * CHUNKS));
        int perStream = TestSignals.windowCount(CHUNK * CHUNKS, N, H);

        FailingTap.reset(new long[] {perStream, 3L * perStream});
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ScatterStreamPipeline.build(env, plan, windows -> windows.map(new FailingTap()).name("failing-tap"));
        JobClient job = env.executeAsync("exactly-once");
        long t0 = System.nanoTime();

        // the streams arrive while the job runs, one chunk per stream every 50 ms
        KafkaTestSupport.sendLive(kafka.bootstrapServers(), config.samplesTopic(), signals, CHUNKS, CHUNK, RATE);

        List<ConsumerRecord<byte[], byte[]>> records = KafkaTestSupport.consume(kafka.bootstrapServers(),
                config.featuresTopic(), STREAMS * perStream, KafkaTestSupport.seconds(60), KafkaTestSupport.seconds(3));
        System.out.printf("exactly-once: %d windows committed %.1f s after the start, %d injected failures, "
                + "%d checkpoints seen%n", records.size(), (System.nanoTime() - t0) / 1e9, FailingTap.failures.get(),
                FailingTap.checkpoints.get());
        job.cancel().get();
        assertEquals(2, FailingTap.failures.get(), "injected failures");
        try (ScatteringTransform engine = plan.transform1d().create()) {
            assertWindows(records, signals, perStream, engine);
        }
    }

    /**
     * Passes windows through and throws once the
     * number of windows seen passes each threshold, if a checkpoint has completed since the last failure
     * (so the restart must resume from a checkpoint that already committed output). Static state: the
     * MiniCluster runs in this JVM and the counters must survive the restarts.
     */
    static final class FailingTap extends RichMapFunction<SignalWindow, SignalWindow> implements CheckpointListener {
        private static final long serialVersionUID = 1L;
        static final AtomicLong seen = new AtomicLong();
        static final AtomicInteger failures = new AtomicInteger();
        static final AtomicInteger checkpoints = new AtomicInteger();
        static volatile boolean checkpointSinceFailure;
        static volatile long[] thresholds = new long[0];

        static void reset(long[] failAt) {
            seen.set(0);
            failures.set(0);
            checkpoints.set(0);
            checkpointSinceFailure = false;
            thresholds = failAt;
        }

        @Override
        public SignalWindow map(SignalWindow w) throws Exception {
            long n = seen.incrementAndGet();
            int f = failures.get();
            if (f < thresholds.length && n >= thresholds[f] && checkpointSinceFailure
                    && failures.compareAndSet(f, f + 1)) {
                checkpointSinceFailure = false;
                throw new IllegalStateException("injected failure " + (f + 1) + " after " + n + " windows");
            }
            return w;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpoints.incrementAndGet();
            checkpointSinceFailure = true;
        }
    }
}
