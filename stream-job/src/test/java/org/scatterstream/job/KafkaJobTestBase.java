package org.scatterstream.job;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.scatterstream.engine.ScatteringTransform;
import org.scatterstream.job.demo.EmbeddedKafka;
import org.scatterstream.job.internal.Floats;
import org.scatterstream.schemas.ScatteringFeatures;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real KRaft broker and a Flink MiniCluster (1 task manager, 2 slots) per test class. */
abstract class KafkaJobTestBase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final int N = 1024;
    static final int H = 256;
    static final double RATE = 16_000;

    static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) kafka.close();
        kafka = null;
    }

    /** A bounded, small 1D job reading {@code prefix.samples}. */
    static Map<String, String> baseConfig(String prefix) {
        Map<String, String> m = new HashMap<>();
        m.put("kafka.bootstrap-servers", kafka.bootstrapServers());
        m.put("topics.samples", prefix + ".samples");
        m.put("topics.features", prefix + ".features");
        m.put("topics.frame-features", prefix + ".frame-features");
        m.put("topics.meta", prefix + ".meta");
        m.put("topics.dead-letters", prefix + ".dead");
        m.put("topics.partitions", "2");
        m.put("source.group-id", prefix);
        m.put("source.bounded", "true");
        m.put("source.starting-offsets", "earliest");
        m.put("window.size", Integer.toString(N));
        m.put("window.hop", Integer.toString(H));
        m.put("transform.J", "6");
        m.put("transform.Q", "8");
        m.put("batch.size", "8");
        m.put("job.parallelism", "2");
        m.put("job.checkpoint-interval", "500ms");
        m.put("job.restart-attempts", "0");
        m.put("job.transactional-id-prefix", prefix);
        return m;
    }

    /**
     * Asserts that {@code features} hold each window of each stream exactly once ({@code perStream} windows
     * of {@code signals}' streams) with the engine's coefficients for the samples of {@code signals}.
     */
    static void assertWindows(List<ConsumerRecord<byte[], byte[]>> records, Map<String, float[]> signals, int perStream,
                              ScatteringTransform engine) {
        List<ScatteringFeatures> features = KafkaTestSupport.decodeAll(records, ScatteringFeatures.class);
        Map<String, boolean[]> seen = new HashMap<>();
        for (ScatteringFeatures f : features) {
            String id = f.getStreamId();
            assertTrue(signals.containsKey(id), "unknown stream " + id);
            int w = (int) f.getWindowIndex();
            boolean[] s = seen.computeIfAbsent(id, k -> new boolean[perStream]);
            assertTrue(w >= 0 && w < perStream, "window index " + w + " of " + id + " out of range");
            assertTrue(!s[w], "window " + w + " of " + id + " twice");
            s[w] = true;
            float[] window = new float[N];
            System.arraycopy(signals.get(id), w * H, window, 0, N);
            assertArrayEquals(engine.transform(window, 1), Floats.toArray(f.getCoefficients()), 1e-5f,
                    "coefficients of window " + w + " of " + id);
        }
        assertEquals(signals.size(), seen.size(), "streams with output");
        assertEquals(signals.size() * perStream, features.size(), "windows out");
    }
}
