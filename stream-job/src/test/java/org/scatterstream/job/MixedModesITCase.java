package org.scatterstream.job;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.scatterstream.engine.ContinuousScattering1D;
import org.scatterstream.engine.ScatteringTransform;
import org.scatterstream.job.config.AvroEncoding;
import org.scatterstream.job.config.JobConfig;
import org.scatterstream.job.internal.AvroCodec;
import org.scatterstream.job.internal.Floats;
import org.scatterstream.schemas.SampleChunk;
import org.scatterstream.schemas.ScatteringFeatures;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Windowed and continuous streams in one job ({@code window.continuous-streams}), in chunks of a size
 * unrelated to H: the windowed streams give the engine's batch
 * windows, the continuous streams the frames of {@link ContinuousScattering1D} fed the whole signal.
 */
class MixedModesITCase extends KafkaJobTestBase {
    static final int CHUNK = 333;
    static final int CHUNKS = 40;

    @Test
    void windowedAndContinuousStreamsSideBySide() throws Exception {
        Map<String, String> m = baseConfig("mix");
        m.put("window.continuous-streams", "cont-.*");
        JobConfig config = JobConfig.fromMap(m);
        JobPlan plan = JobPlan.of(config);
        ScatterStreamJob.prepareKafka(plan);

        Map<String, float[]> windowed = new HashMap<>(), continuous = new HashMap<>();
        AvroCodec<SampleChunk> codec = new AvroCodec<>(SampleChunk.class, AvroEncoding.SINGLE_OBJECT);
        try (KafkaProducer<byte[], byte[]> p = KafkaTestSupport.producer(kafka.bootstrapServers())) {
            for (int s = 0; s < 4; s++) {
                String id = (s % 2 == 0 ? "win-" : "cont-") + s;
                float[] x = TestSignals.signal(40 + s, CHUNK * CHUNKS);
                (s % 2 == 0 ? windowed : continuous).put(id, x);
                for (int k = 0; k < CHUNKS; k++) {
                    KafkaTestSupport.send(p, config.samplesTopic(), id,
                            codec.encode(TestSignals.chunk(id, k, x, k * CHUNK, (k + 1) * CHUNK, RATE)));
                }
            }
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ScatterStreamPipeline.build(env, plan);
        env.execute("mixed-modes");

        int perStream = TestSignals.windowCount(CHUNK * CHUNKS, N, H);
        Map<String, List<ContinuousScattering1D.Frames>> expected = new HashMap<>();
        int records = windowed.size() * perStream;
        try (ContinuousScattering1D cs = plan.continuous1d().create()) {
            for (Map.Entry<String, float[]> e : continuous.entrySet()) {
                ContinuousScattering1D.Stream st = cs.open();
                List<ContinuousScattering1D.Frames> out = new ArrayList<>();
                float[] x = e.getValue();
                for (int i = 0; i + H <= x.length; i += H) {      // the job feeds complete blocks of H
                    ContinuousScattering1D.Frames f = st.push(x, i, H);
                    if (!f.isEmpty()) out.add(f);
                }
                ContinuousScattering1D.Frames last = st.finish();    // bounded input: the job ends every stream
                if (!last.isEmpty()) out.add(last);
                expected.put(e.getKey(), out);
                records += out.size();
            }
        }
        List<ConsumerRecord<byte[], byte[]>> consumed = KafkaTestSupport.consume(kafka.bootstrapServers(),
                config.featuresTopic(), records, KafkaTestSupport.seconds(30), KafkaTestSupport.seconds(1));
        List<ConsumerRecord<byte[], byte[]>> win = new ArrayList<>();
        Map<String, List<ScatteringFeatures>> cont = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : consumed) {
            ScatteringFeatures f = KafkaTestSupport.decodeAll(List.of(r), ScatteringFeatures.class).get(0);
            if (f.getStreamId().startsWith("win-")) win.add(r);
            else cont.computeIfAbsent(f.getStreamId(), k -> new ArrayList<>()).add(f);
        }
        try (ScatteringTransform engine = plan.transform1d().create()) {
            assertWindows(win, windowed, perStream, engine);
        }
        assertEquals(continuous.keySet(), cont.keySet());
        for (Map.Entry<String, List<ScatteringFeatures>> e : cont.entrySet()) {
            List<ScatteringFeatures> got = e.getValue();
            got.sort(Comparator.comparingLong(ScatteringFeatures::getWindowIndex));
            List<ContinuousScattering1D.Frames> want = expected.get(e.getKey());
            assertEquals(want.size(), got.size(), "records of " + e.getKey());
            for (int i = 0; i < want.size(); i++) {
                assertEquals(i, got.get(i).getWindowIndex());
                ContinuousScattering1D.Frames f = want.get(i);
                int c = f.channels(), n = f.count();
                float[] v = new float[c * n];
                for (int t = 0; t < n; t++) for (int ch = 0; ch < c; ch++) v[ch * n + t] = (float) f.get(t, ch);
                assertArrayEquals(v, Floats.toArray(got.get(i).getCoefficients()), 0f);
            }
            assertTrue(got.get(0).getConfigId().startsWith("continuous1d:"));
        }
    }
}
