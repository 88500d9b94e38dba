package org.scatterstream.job;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.scatterstream.engine.ScatteringTransform;
import org.scatterstream.job.config.AvroEncoding;
import org.scatterstream.job.config.JobConfig;
import org.scatterstream.job.internal.AvroCodec;
import org.scatterstream.schemas.DeadLetter;
import org.scatterstream.schemas.DeadLetterReason;
import org.scatterstream.schemas.SampleChunk;
import org.scatterstream.schemas.ScatteringFeatures;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Out-of-order delivery within the watermark bound gives exactly the windows of in-order delivery; a
 * chunk later than the bound is a LATE dead letter and its samples become a zero-filled gap.
 */
class OutOfOrderITCase extends KafkaJobTestBase {
    static final int CHUNK = 256;

    @Test
    void shuffledWithinTheBoundGivesTheInOrderWindows() throws Exception {
        final int streams = 4;
        final int chunks = 40;
        Map<String, String> m = baseConfig("ooo");
        m.put("source.max-out-of-orderness", "500ms");
        JobConfig config = JobConfig.fromMap(m);
        JobPlan plan = JobPlan.of(config);
        ScatterStreamJob.prepareKafka(plan);

        Map<String, float[]> signals = new HashMap<>();
        AvroCodec<SampleChunk> codec = new AvroCodec<>(SampleChunk.class, AvroEncoding.SINGLE_OBJECT);
        Random rnd = new Random(3);
        int displaced = 0;
        try (KafkaProducer<byte[], byte[]> p = KafkaTestSupport.producer(kafka.bootstrapServers())) {
            List<SampleChunk> all = new ArrayList<>();
            List<Double> order = new ArrayList<>();
            for (int s = 0; s < streams; s++) {
                String id = "ooo-" + s;
                float[] x = TestSignals.signal(30 + s, CHUNK * chunks);
                signals.put(id, x);
                for (int k = 0; k < chunks; k++) {
                    all.add(TestSignals.chunk(id, k, x, k * CHUNK, (k + 1) * CHUNK, RATE));
                    // each chunk moves up to 6 chunks (96 ms of event time) from its place: within the 500 ms bound
                    order.add(k + rnd.nextDouble() * 6);
                }
            }
            Integer[] idx = new Integer[all.size()];
            for (int i = 0; i < idx.length; i++) idx[i] = i;
            Arrays.sort(idx, Comparator.comparingDouble(order::get));
            Map<String, Long> lastSent = new HashMap<>();
            for (int i : idx) {
                SampleChunk c = all.get(i);
                if (c.getSeq() < lastSent.getOrDefault(c.getStreamId(), -1L)) displaced++;
                lastSent.merge(c.getStreamId(), c.getSeq(), Math::max);
                KafkaTestSupport.send(p, config.samplesTopic(), c.getStreamId(), codec.encode(c));
            }
        }
        System.out.println("chunks sent after a later chunk of their stream: " + displaced);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ScatterStreamPipeline.build(env, plan);
        env.execute("out-of-order");

        int perStream = TestSignals.windowCount(CHUNK * chunks, N, H);
        List<ConsumerRecord<byte[], byte[]>> records = KafkaTestSupport.consume(kafka.bootstrapServers(),
                config.featuresTopic(), streams * perStream, KafkaTestSupport.seconds(30), KafkaTestSupport.seconds(1));
        try (ScatteringTransform engine = plan.transform1d().create()) {
            assertWindows(records, signals, perStream, engine);
        }
        assertEquals(0, KafkaTestSupport.consume(kafka.bootstrapServers(), config.deadLetterTopic(), 0,
                KafkaTestSupport.seconds(2), KafkaTestSupport.seconds(1)).size(), "dead letters");
    }

    @Test
    void aChunkLaterThanTheBoundIsALateDeadLetterAndAZeroFilledGap() throws Exception {
        final int chunks = 80;
        final int lateChunk = 30;
        Map<String, String> m = baseConfig("late");
        m.put("source.bounded", "false");
        m.put("source.max-out-of-orderness", "200ms");
        m.put("source.watermark-interval", "20ms");
        m.put("window.max-zero-fill", Integer.toString(CHUNK));
        m.put("topics.partitions", "1");
        m.put("job.parallelism", "1");
        JobConfig config = JobConfig.fromMap(m);
        JobPlan plan = JobPlan.of(config);
        ScatterStreamJob.prepareKafka(plan);

        String id = "late-0";
        float[] x = TestSignals.signal(40, CHUNK * chunks);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ScatterStreamPipeline.build(env, plan);
        JobClient job = env.executeAsync("late");

        AvroCodec<SampleChunk> codec = new AvroCodec<>(SampleChunk.class, AvroEncoding.SINGLE_OBJECT);
        RecordMetadata late;
        try (KafkaProducer<byte[], byte[]> p = KafkaTestSupport.producer(kafka.bootstrapServers())) {
            for (int k = 0; k < 60; k++) {
                if (k == lateChunk) continue;
                KafkaTestSupport.send(p, config.samplesTopic(), id, codec.encode(TestSignals.chunk(id, k, x, k * CHUNK, (k + 1) * CHUNK, RATE)));
            }
            p.flush();
            // chunk 59 is 464 ms of event time after chunk 30: let the watermark (200 ms behind) pass chunk 30
            Thread.sleep(1500);
            late = KafkaTestSupport.send(p, config.samplesTopic(), id,
                    codec.encode(TestSignals.chunk(id, lateChunk, x, lateChunk * CHUNK, (lateChunk + 1) * CHUNK, RATE))).get();
            for (int k = 60; k < chunks; k++) {
                KafkaTestSupport.send(p, config.samplesTopic(), id, codec.encode(TestSignals.chunk(id, k, x, k * CHUNK, (k + 1) * CHUNK, RATE)));
            }
        }

        int perStream = TestSignals.windowCount(CHUNK * chunks, N, H);
        List<ConsumerRecord<byte[], byte[]>> records = KafkaTestSupport.consume(kafka.bootstrapServers(),
                config.featuresTopic(), perStream, KafkaTestSupport.seconds(30), KafkaTestSupport.seconds(1));
        List<DeadLetter> dead = KafkaTestSupport.decodeAll(KafkaTestSupport.consume(kafka.bootstrapServers(),
                config.deadLetterTopic(), 1, KafkaTestSupport.seconds(10), KafkaTestSupport.seconds(1)), DeadLetter.class);
        job.cancel().get();

        assertEquals(1, dead.size(), "dead letters");
        assertEquals(DeadLetterReason.LATE, dead.get(0).getReason(), dead.get(0).getMessage());
        assertEquals(late.offset(), dead.get(0).getSourceOffset());

        float[] gapped = x.clone();
        Arrays.fill(gapped, lateChunk * CHUNK, (lateChunk + 1) * CHUNK, 0f);
        try (ScatteringTransform engine = plan.transform1d().create()) {
            assertWindows(records, Map.of(id, gapped), perStream, engine);
        }
        for (ScatteringFeatures f : KafkaTestSupport.decodeAll(records, ScatteringFeatures.class)) {
            long from = f.getWindowIndex() * H;
            long overlap = Math.max(0, Math.min(from + N, (lateChunk + 1) * CHUNK) - Math.max(from, lateChunk * CHUNK));
            assertEquals(overlap, f.getZeroFilled(), "zero_filled of window " + f.getWindowIndex());
        }
    }
}
