package org.scatterstream.job;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.scatterstream.engine.ContinuousScattering1D;
import org.scatterstream.job.config.JobConfig;
import org.scatterstream.job.internal.Floats;
import org.scatterstream.job.internal.Micros;
import org.scatterstream.schemas.ScatteringFeatures;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exactly-once failure test of {@link ExactlyOnceITCase} with every stream in continuous mode: the job
 * fails twice mid-stream, each time after a checkpoint has committed output, and recovers the streams'
 * incremental transforms from keyed state. A read_committed consumer sees every record once, and the frames,
 * concatenated, are bit for bit those of the engine's {@link ContinuousScattering1D} fed the whole signal,
 * at the exact event times of their centre samples.
 */
class ExactlyOnceContinuousITCase extends KafkaJobTestBase {
    static final int STREAMS = 6;
    static final int CHUNK = 256;
    static final int CHUNKS = 80;

    @Test
    void failuresMidStreamLoseAndDuplicateNothing() throws Exception {
        Map<String, String> m = baseConfig("eoc");
        m.put("window.mode", "continuous");
        m.put("source.bounded", "false");
        m.put("job.checkpoint-interval", "200ms");
        m.put("job.restart-attempts", "5");
        m.put("job.restart-delay", "200ms");
        JobConfig config = JobConfig.fromMap(m);
        JobPlan plan = JobPlan.of(config);
        assertEquals(null, plan.transform1d(), "no windowed transform when every stream is continuous");
        ScatterStreamJob.prepareKafka(plan);

        // the expected records: per block of H samples, the frames it completes (blocks = chunks here)
        Map<String, float[]> signals = new LinkedHashMap<>();
        Map<String, List<ContinuousScattering1D.Frames>> expected = new HashMap<>();
        int records = 0;
        long stride;
        try (ContinuousScattering1D cs = plan.continuous1d().create()) {
            stride = cs.stride();
            for (int s = 0; s < STREAMS; s++) {
                String id = "eoc-" + s;
                float[] x = TestSignals.signal(20 + s, CHUNK * CHUNKS);
                signals.put(id, x);
                ContinuousScattering1D.Stream st = cs.open();
                List<ContinuousScattering1D.Frames> out = new ArrayList<>();
                for (int k = 0; k < CHUNKS; k++) {
                    ContinuousScattering1D.Frames f = st.push(x, k * H, H);
                    if (!f.isEmpty()) out.add(f);
                }
                expected.put(id, out);
                records += out.size();
            }
        }
        // 10 or more per stream whatever step the plan picks (it depends on the SIMD width)
        assertTrue(records >= STREAMS * 10, "the streams are long enough for many records: " + records);

        ExactlyOnceITCase.FailingTap.reset(new long[] {CHUNKS, 3L * CHUNKS});
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ScatterStreamPipeline.build(env, plan, blocks -> blocks.map(new ExactlyOnceITCase.FailingTap()).name("failing-tap"));
        JobClient job = env.executeAsync("exactly-once-continuous");
        long t0 = System.nanoTime();

        // the streams arrive while the job runs, one chunk per stream every 50 ms
        KafkaTestSupport.sendLive(kafka.bootstrapServers(), config.samplesTopic(), signals, CHUNKS, CHUNK, RATE);

        List<ConsumerRecord<byte[], byte[]>> consumed = KafkaTestSupport.consume(kafka.bootstrapServers(),
                config.featuresTopic(), records, KafkaTestSupport.seconds(60), KafkaTestSupport.seconds(3));
        System.out.printf("exactly-once (continuous): %d records committed %.1f s after the start, %d injected failures, "
                + "%d checkpoints seen%n", consumed.size(), (System.nanoTime() - t0) / 1e9,
                ExactlyOnceITCase.FailingTap.failures.get(), ExactlyOnceITCase.FailingTap.checkpoints.get());
        job.cancel().get();
        assertEquals(2, ExactlyOnceITCase.FailingTap.failures.get(), "injected failures");

        Map<String, ScatteringFeatures[]> byStream = new HashMap<>();
        for (ScatteringFeatures f : KafkaTestSupport.decodeAll(consumed, ScatteringFeatures.class)) {
            String id = f.getStreamId();
            ScatteringFeatures[] seen = byStream.computeIfAbsent(id, k -> new ScatteringFeatures[expected.get(k).size()]);
            int i = (int) f.getWindowIndex();
            assertTrue(i >= 0 && i < seen.length, "record index " + i + " of " + id);
            assertTrue(seen[i] == null, "record " + i + " of " + id + " twice");
            seen[i] = f;
        }
        assertEquals(STREAMS, byStream.size(), "streams with output");
        assertEquals(records, consumed.size(), "records out");
        for (Map.Entry<String, ScatteringFeatures[]> e : byStream.entrySet()) {
            List<ContinuousScattering1D.Frames> want = expected.get(e.getKey());
            for (int i = 0; i < want.size(); i++) {
                ScatteringFeatures got = e.getValue()[i];
                ContinuousScattering1D.Frames f = want.get(i);
                int c = f.channels(), n = f.count();
                assertEquals(List.of(c, n), got.getShape(), "shape of record " + i);
                float[] values = new float[c * n];
                for (int t = 0; t < n; t++) for (int ch = 0; ch < c; ch++) values[ch * n + t] = (float) f.get(t, ch);
                assertArrayEquals(values, Floats.toArray(got.getCoefficients()), 0f, "frames of record " + i + " of " + e.getKey());
                assertEquals(TestSignals.timeOf(f.first() * stride, RATE), Micros.of(got.getWindowStart()),
                        "event time of the first frame of record " + i);
                assertEquals(TestSignals.timeOf((f.first() + n) * stride, RATE), Micros.of(got.getWindowEnd()));
                assertEquals("continuous", got.getParams().get("mode"));
            }
        }
    }
}
