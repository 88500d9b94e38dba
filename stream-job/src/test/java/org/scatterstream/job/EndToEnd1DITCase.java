package org.scatterstream.job;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.scatterstream.engine.ScatteringTransform;
import org.scatterstream.job.config.AvroEncoding;
import org.scatterstream.job.config.JobConfig;
import org.scatterstream.job.internal.AvroCodec;
import org.scatterstream.job.internal.Floats;
import org.scatterstream.job.internal.Micros;
import org.scatterstream.schemas.FeatureMeta;
import org.scatterstream.schemas.SampleChunk;
import org.scatterstream.schemas.ScatteringFeatures;
import org.scatterstream.schemas.SensorReading;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kafka → windowing → batched 1D scattering → Kafka through a real broker and Flink's MiniCluster: every
 * expected window comes out once, and its coefficients equal the engine's batch transform of the same
 * samples. Sample chunks and sensor readings (on a jittery clock) in the same job.
 */
class EndToEnd1DITCase extends KafkaJobTestBase {
    static final int STREAMS = 4;
    static final int CHUNK = 300;
    static final int CHUNKS = 20;
    static final int SENSORS = 2;
    static final int READINGS = 1500;
    static final double SENSOR_RATE = 1000;

    @Test
    void chunksAndReadingsGiveEveryWindowWithTheEngineNumbers() throws Exception {
        Map<String, String> m = baseConfig("e2e");
        m.put("topics.readings", "e2e.readings");
        m.put("readings.nominal-rate-hz", Double.toString(SENSOR_RATE));
        JobConfig config = JobConfig.fromMap(m);
        JobPlan plan = JobPlan.of(config);
        ScatterStreamJob.prepareKafka(plan);

        Map<String, float[]> signals = new HashMap<>();
        Map<String, Long> firstTime = new HashMap<>(); // a sensor's grid starts at its first reading
        AvroCodec<SampleChunk> chunkCodec = new AvroCodec<>(SampleChunk.class, AvroEncoding.SINGLE_OBJECT);
        AvroCodec<SensorReading> readingCodec = new AvroCodec<>(SensorReading.class, AvroEncoding.SINGLE_OBJECT);
        try (KafkaProducer<byte[], byte[]> p = KafkaTestSupport.producer(kafka.bootstrapServers())) {
            for (int s = 0; s < STREAMS; s++) {
                String id = "mic-" + s;
                float[] x = TestSignals.signal(s, CHUNK * CHUNKS);
                signals.put(id, x);
                for (int k = 0; k < CHUNKS; k++) {
                    KafkaTestSupport.send(p, config.samplesTopic(), id,
                            chunkCodec.encode(TestSignals.chunk(id, k, x, k * CHUNK, (k + 1) * CHUNK, RATE)));
                }
            }
            Random jitter = new Random(7);
            for (int s = 0; s < SENSORS; s++) {
                String id = "sensor-" + s;
                float[] x = TestSignals.signal(100 + s, READINGS);
                signals.put(id, x);
                for (int i = 0; i < READINGS; i++) {
                    // an irregular clock: up to ±30% of a period off the nominal grid
                    long t = TestSignals.timeOf(i, SENSOR_RATE) + Math.round((jitter.nextDouble() - 0.5) * 0.6e6 / SENSOR_RATE);
                    SensorReading r = SensorReading.newBuilder().setStreamId(id).setTimestamp(Micros.toInstant(t))
                            .setValue(x[i]).build();
                    KafkaTestSupport.send(p, config.readingsTopic(), id, readingCodec.encode(r));
                    if (i == 0) firstTime.put(id, t);
                }
            }
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ScatterStreamPipeline.build(env, plan);
        long t0 = System.nanoTime();
        env.execute("e2e-1d");
        System.out.printf("e2e-1d job ran in %.1f s%n", (System.nanoTime() - t0) / 1e9);

        int perStream = TestSignals.windowCount(CHUNK * CHUNKS, N, H);
        int perSensor = TestSignals.windowCount(READINGS, N, H);
        int expected = STREAMS * perStream + SENSORS * perSensor;
        List<ConsumerRecord<byte[], byte[]>> records = KafkaTestSupport.consume(kafka.bootstrapServers(),
                config.featuresTopic(), expected, KafkaTestSupport.seconds(30), KafkaTestSupport.seconds(1));
        List<ScatteringFeatures> features = KafkaTestSupport.decodeAll(records, ScatteringFeatures.class);
        assertEquals(expected, features.size(), "feature records");

        FeatureMeta meta = KafkaTestSupport.decodeAll(KafkaTestSupport.consume(kafka.bootstrapServers(),
                config.metaTopic(), 1, KafkaTestSupport.seconds(10), KafkaTestSupport.seconds(0)), FeatureMeta.class).get(0);

        try (ScatteringTransform engine = plan.transform1d().create()) {
            int out = engine.outputSize();
            Map<String, boolean[]> seen = new HashMap<>();
            for (int i = 0; i < records.size(); i++) {
                ScatteringFeatures f = features.get(i);
                String id = f.getStreamId();
                assertEquals(id, new String(records.get(i).key(), StandardCharsets.UTF_8), "record key");
                boolean sensor = id.startsWith("sensor");
                double rate = sensor ? SENSOR_RATE : RATE;
                int w = (int) f.getWindowIndex();
                boolean[] s = seen.computeIfAbsent(id, k -> new boolean[sensor ? perSensor : perStream]);
                assertTrue(w < s.length && !s[w], "window " + w + " of " + id + " unexpected or repeated");
                s[w] = true;

                long shift = sensor ? firstTime.get(id) - TestSignals.BASE_MICROS : 0;
                assertEquals(TestSignals.timeOf((long) w * H, rate) + shift, Micros.of(f.getWindowStart()), "window_start");
                assertEquals(TestSignals.timeOf((long) w * H + N, rate) + shift, Micros.of(f.getWindowEnd()), "window_end");
                assertEquals(rate, f.getSampleRateHz());
                assertEquals(0, f.getZeroFilled());
                assertEquals(meta.getConfigId(), f.getConfigId());
                assertEquals(List.of(engine.outputShape()[0], engine.outputShape()[1]), f.getShape());

                float[] window = new float[N];
                System.arraycopy(signals.get(id), w * H, window, 0, N);
                float[] want = engine.transform(window, 1);
                float[] got = Floats.toArray(f.getCoefficients());
                assertEquals(out, got.length);
                assertArrayEquals(want, got, 1e-5f, "coefficients of window " + w + " of " + id);
            }
            assertEquals(STREAMS + SENSORS, seen.size());
            assertEquals(engine.outputShape()[0], meta.getChannels().size(), "channel meta per channel");
        }
    }
}
