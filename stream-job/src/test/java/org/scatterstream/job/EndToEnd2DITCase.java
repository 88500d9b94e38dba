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
import org.scatterstream.schemas.Frame;
import org.scatterstream.schemas.ScatteringFeatures;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Frames through Kafka → 2D scattering → Kafka: one feature record per frame, each frame channel's
 * coefficients equal to the engine's transform of that channel.
 */
class EndToEnd2DITCase extends KafkaJobTestBase {
    static final int SIZE = 32;
    static final int FRAMES = 8;

    @Test
    void everyFrameGivesTheEngineNumbersPerChannel() throws Exception {
        Map<String, String> m = baseConfig("e2e2d");
        m.remove("topics.samples");
        m.put("topics.frames", "e2e2d.frames");
        m.put("transform-2d.J", "2");
        m.put("transform-2d.L", "8");
        m.put("transform-2d.height", Integer.toString(SIZE));
        m.put("transform-2d.width", Integer.toString(SIZE));
        JobConfig config = JobConfig.fromMap(m);
        JobPlan plan = JobPlan.of(config);
        ScatterStreamJob.prepareKafka(plan);

        // cam-0: grey frames with seq; cam-1: RGB frames without seq (index = per-stream count)
        Map<String, List<float[]>> sent = new HashMap<>();
        Map<String, Integer> channels = Map.of("cam-0", 1, "cam-1", 3);
        AvroCodec<Frame> codec = new AvroCodec<>(Frame.class, AvroEncoding.SINGLE_OBJECT);
        Random rnd = new Random(9);
        try (KafkaProducer<byte[], byte[]> p = KafkaTestSupport.producer(kafka.bootstrapServers())) {
            for (int f = 0; f < FRAMES; f++) {
                for (String id : channels.keySet()) {
                    int c = channels.get(id);
                    float[] pixels = new float[SIZE * SIZE * c];
                    for (int i = 0; i < pixels.length; i++) pixels[i] = (float) rnd.nextGaussian();
                    sent.computeIfAbsent(id, k -> new ArrayList<>()).add(pixels);
                    Frame frame = Frame.newBuilder().setStreamId(id).setHeight(SIZE).setWidth(SIZE).setChannels(c)
                            .setTimestamp(Micros.toInstant(TestSignals.BASE_MICROS + f * 40_000L)).setPixels(Floats.toList(pixels))
                            .setSeq(id.equals("cam-0") ? Long.valueOf(100 + f) : null).build();
                    KafkaTestSupport.send(p, config.framesTopic(), id, codec.encode(frame));
                }
            }
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ScatterStreamPipeline.build(env, plan);
        env.execute("e2e-2d");

        List<ConsumerRecord<byte[], byte[]>> records = KafkaTestSupport.consume(kafka.bootstrapServers(),
                config.frameFeaturesTopic(), 2 * FRAMES, KafkaTestSupport.seconds(30), KafkaTestSupport.seconds(1));
        List<ScatteringFeatures> features = KafkaTestSupport.decodeAll(records, ScatteringFeatures.class);
        assertEquals(2 * FRAMES, features.size());
        FeatureMeta meta = KafkaTestSupport.decodeAll(KafkaTestSupport.consume(kafka.bootstrapServers(),
                config.metaTopic(), 1, KafkaTestSupport.seconds(10), KafkaTestSupport.seconds(0)), FeatureMeta.class).get(0);
        assertEquals("scattering2d", meta.getKind());
        assertEquals(List.of("frame_channel", "path", "y", "x"), meta.getAxes());

        try (ScatteringTransform engine = plan.transform2d().create()) {
            int[] shape = engine.outputShape();
            assertEquals(shape[0], meta.getChannels().size());
            Set<String> seen = new HashSet<>();
            for (ScatteringFeatures f : features) {
                String id = f.getStreamId();
                int frame = (int) (id.equals("cam-0") ? f.getWindowIndex() - 100 : f.getWindowIndex());
                assertTrue(seen.add(id + "#" + frame), "frame " + frame + " of " + id + " twice");
                int c = channels.get(id);
                assertEquals(List.of(c, shape[0], shape[1], shape[2]), f.getShape());
                assertNull(f.getSampleRateHz());
                assertEquals(TestSignals.BASE_MICROS + frame * 40_000L, Micros.of(f.getWindowStart()));
                assertEquals(meta.getConfigId(), f.getConfigId());
                float[] pixels = sent.get(id).get(frame);
                float[] got = Floats.toArray(f.getCoefficients());
                int out = engine.outputSize();
                assertEquals(c * out, got.length);
                for (int ch = 0; ch < c; ch++) {
                    float[] plane = new float[SIZE * SIZE];
                    for (int i = 0; i < plane.length; i++) plane[i] = pixels[i * c + ch];
                    float[] want = engine.transform(plane, 1);
                    float[] part = java.util.Arrays.copyOfRange(got, ch * out, (ch + 1) * out);
                    assertArrayEquals(want, part, 1e-5f, id + " frame " + frame + " channel " + ch);
                }
            }
            assertEquals(2 * FRAMES, seen.size());
        }
    }
}
