package org.scatterstream.job;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.scatterstream.engine.ScatteringTransform;
import org.scatterstream.job.config.AvroEncoding;
import org.scatterstream.job.config.JobConfig;
import org.scatterstream.job.internal.AvroCodec;
import org.scatterstream.job.internal.Floats;
import org.scatterstream.job.internal.Micros;
import org.scatterstream.schemas.DeadLetter;
import org.scatterstream.schemas.DeadLetterReason;
import org.scatterstream.schemas.Frame;
import org.scatterstream.schemas.SampleChunk;
import org.scatterstream.schemas.SensorReading;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * More than 1,000 malformed records of 15 kinds (chunks and frames) mixed into valid streams (on the same keys and on
 * others): the job keeps running, every malformed record is in the dead-letter topic with the right
 * reason and its raw bytes, and every valid window comes out with the right numbers.
 */
class BadInputITCase extends KafkaJobTestBase {
    static final int STREAMS = 4;
    static final int CHUNK = 256;
    static final int CHUNKS = 40;
    static final int PER_KIND = 90;
    static final int MAX_CHUNK = 2048;
    static final int FRAME = 16;

    /** One kind of malformed record: builds its bytes from (stream, seq of the last valid chunk sent). */
    enum Kind {
        RANDOM_BYTES(DeadLetterReason.UNDECODABLE),
        TRUNCATED(DeadLetterReason.UNDECODABLE),
        NULL_VALUE(DeadLetterReason.UNDECODABLE),
        OTHER_SCHEMA(DeadLetterReason.WRONG_SCHEMA),
        NAN(DeadLetterReason.NON_FINITE),
        INFINITY(DeadLetterReason.NON_FINITE),
        EMPTY(DeadLetterReason.EMPTY),
        OVERSIZED(DeadLetterReason.OVERSIZED),
        ZERO_RATE(DeadLetterReason.BAD_SAMPLE_RATE),
        NEGATIVE_RATE(DeadLetterReason.BAD_SAMPLE_RATE),
        NEGATIVE_SEQ(DeadLetterReason.INVALID_FIELD),
        FRAME_PIXEL_COUNT(DeadLetterReason.DIMENSION_MISMATCH),
        FRAME_WRONG_SIZE(DeadLetterReason.DIMENSION_MISMATCH),
        SEQ_BACKWARDS(DeadLetterReason.SEQ_BACKWARDS),
        TIME_OVERLAP(DeadLetterReason.TIME_BACKWARDS);

        final DeadLetterReason reason;

        Kind(DeadLetterReason reason) {
            this.reason = reason;
        }

        boolean frame() {
            return name().startsWith("FRAME");
        }
    }

    @Test
    void malformedRecordsGoToDeadLettersAndValidWindowsComeOut() throws Exception {
        Map<String, String> m = baseConfig("bad");
        m.put("input.max-chunk-samples", Integer.toString(MAX_CHUNK));
        m.put("topics.frames", "bad.frames");
        m.put("transform-2d.J", "2");
        m.put("transform-2d.height", Integer.toString(FRAME));
        m.put("transform-2d.width", Integer.toString(FRAME));
        JobConfig config = JobConfig.fromMap(m);
        JobPlan plan = JobPlan.of(config);
        ScatterStreamJob.prepareKafka(plan);

        AvroCodec<SampleChunk> codec = new AvroCodec<>(SampleChunk.class, AvroEncoding.SINGLE_OBJECT);
        AvroCodec<SensorReading> otherCodec = new AvroCodec<>(SensorReading.class, AvroEncoding.SINGLE_OBJECT);
        AvroCodec<Frame> frameCodec = new AvroCodec<>(Frame.class, AvroEncoding.SINGLE_OBJECT);
        int validFrames = 0;
        Random rnd = new Random(42);
        Map<String, float[]> signals = new HashMap<>();
        for (int s = 0; s < STREAMS; s++) signals.put("bad-" + s, TestSignals.signal(20 + s, CHUNK * CHUNKS));

        // a chunk of stream `id` with valid fields except those `edit` changes
        BiFunction<String, Long, SampleChunk.Builder> base = (id, seq) -> SampleChunk.newBuilder()
                .setStreamId(id).setSeq(seq).setSampleRateHz(RATE)
                .setStartTime(Micros.toInstant(TestSignals.timeOf(seq * CHUNK, RATE)))
                .setSamples(Floats.toList(TestSignals.signal(rnd.nextInt(), CHUNK)));

        List<Kind> schedule = new ArrayList<>();
        for (Kind k : Kind.values()) for (int i = 0; i < PER_KIND; i++) schedule.add(k);
        java.util.Collections.shuffle(schedule, rnd);

        Map<Future<RecordMetadata>, Kind> malformed = new HashMap<>();
        Map<Future<RecordMetadata>, byte[]> sentBytes = new HashMap<>();
        int next = 0;
        try (KafkaProducer<byte[], byte[]> p = KafkaTestSupport.producer(kafka.bootstrapServers())) {
            for (int k = 0; k < CHUNKS; k++) {
                for (int s = 0; s < STREAMS; s++) {
                    String id = "bad-" + s;
                    KafkaTestSupport.send(p, config.samplesTopic(), id,
                            codec.encode(TestSignals.chunk(id, k, signals.get(id), k * CHUNK, (k + 1) * CHUNK, RATE)));
                    if (s == 0) {
                        KafkaTestSupport.send(p, config.framesTopic(), "cam", frameCodec.encode(frame(k, FRAME, FRAME, 1, FRAME * FRAME)));
                        validFrames++;
                    }
                    // after each valid chunk, some malformed records on the same key or on a stray one
                    int count = (schedule.size() - next) / Math.max(1, (CHUNKS - k) * STREAMS - s);
                    for (int i = 0; i < count && next < schedule.size(); i++) {
                        Kind kind = schedule.get(next);
                        if ((kind == Kind.SEQ_BACKWARDS && k < 2)) continue; // needs two chunks behind it
                        next++;
                        // seq and time checks need the stream's history: those go to the valid streams
                        boolean historyKind = kind == Kind.SEQ_BACKWARDS || kind == Kind.TIME_OVERLAP;
                        String key = !historyKind && rnd.nextInt(4) == 0 ? "stray-" + rnd.nextInt(3) : id;
                        byte[] bytes = kind == Kind.FRAME_PIXEL_COUNT
                                ? frameCodec.encode(frame(k, FRAME, FRAME, 3, FRAME * FRAME * 3 - 1 - rnd.nextInt(10)))
                                : kind == Kind.FRAME_WRONG_SIZE
                                ? frameCodec.encode(frame(k, FRAME * 2, FRAME, 1, FRAME * FRAME * 2))
                                : malformed(kind, key, k, base, codec, otherCodec, rnd);
                        Future<RecordMetadata> f = KafkaTestSupport.send(p,
                                kind.frame() ? config.framesTopic() : config.samplesTopic(), key, bytes);
                        malformed.put(f, kind);
                        sentBytes.put(f, bytes);
                    }
                }
            }
            p.flush();
        }
        assertEquals(schedule.size(), next, "all malformed records sent");
        assertTrue(malformed.size() >= 1000, "at least 1000 malformed records");
        Map<String, Kind> expectedKind = new HashMap<>();
        Map<String, byte[]> expectedRaw = new HashMap<>();
        for (Map.Entry<Future<RecordMetadata>, Kind> e : malformed.entrySet()) {
            RecordMetadata md = e.getKey().get();
            String pos = md.topic() + "-" + md.partition() + "@" + md.offset();
            expectedKind.put(pos, e.getValue());
            expectedRaw.put(pos, sentBytes.get(e.getKey()));
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ScatterStreamPipeline.build(env, plan);
        long t0 = System.nanoTime();
        env.execute("bad-input");
        System.out.printf("bad-input job ran in %.1f s over %d malformed records%n", (System.nanoTime() - t0) / 1e9,
                malformed.size());

        List<DeadLetter> dead = KafkaTestSupport.decodeAll(KafkaTestSupport.consume(kafka.bootstrapServers(),
                config.deadLetterTopic(), malformed.size(), KafkaTestSupport.seconds(30), KafkaTestSupport.seconds(1)),
                DeadLetter.class);
        Map<DeadLetterReason, Integer> byReason = new EnumMap<>(DeadLetterReason.class);
        for (DeadLetter d : dead) {
            String pos = d.getSourceTopic() + "-" + d.getSourcePartition() + "@" + d.getSourceOffset();
            Kind kind = expectedKind.remove(pos);
            assertNotNull(kind, "dead letter for a record that was not malformed (or twice): " + pos + " " + d.getReason()
                    + " " + d.getMessage());
            assertEquals(kind.reason, d.getReason(), kind + " at " + pos + ": " + d.getMessage());
            assertTrue(!d.getMessage().isBlank() && !d.getMessage().contains("\n"), "one-line message");
            byte[] raw = new byte[d.getRaw().remaining()];
            d.getRaw().get(raw);
            byte[] sent = expectedRaw.get(pos);
            assertArrayEquals(sent == null ? new byte[0] : sent, raw, "raw bytes of " + kind);
            byReason.merge(d.getReason(), 1, Integer::sum);
        }
        assertTrue(expectedKind.isEmpty(), "malformed records missing from the dead letters: " + expectedKind.size()
                + " e.g. " + expectedKind.entrySet().stream().limit(5).toList());
        System.out.println("dead letters by reason: " + byReason);

        int perStream = TestSignals.windowCount(CHUNK * CHUNKS, N, H);
        List<ConsumerRecord<byte[], byte[]>> features = KafkaTestSupport.consume(kafka.bootstrapServers(),
                config.featuresTopic(), STREAMS * perStream, KafkaTestSupport.seconds(30), KafkaTestSupport.seconds(1));
        try (ScatteringTransform engine = plan.transform1d().create()) {
            assertWindows(features, signals, perStream, engine);
        }
        assertEquals(validFrames, KafkaTestSupport.consume(kafka.bootstrapServers(), config.frameFeaturesTopic(),
                validFrames, KafkaTestSupport.seconds(30), KafkaTestSupport.seconds(1)).size(), "frame features");
    }

    static Frame frame(int seq, int h, int w, int channels, int values) {
        return Frame.newBuilder().setStreamId("cam").setSeq((long) seq).setHeight(h).setWidth(w).setChannels(channels)
                .setTimestamp(Micros.toInstant(TestSignals.timeOf((long) seq * CHUNK, RATE)))
                .setPixels(Floats.toList(TestSignals.signal(seq, values))).build();
    }

    private static byte[] malformed(Kind kind, String id, int k, BiFunction<String, Long, SampleChunk.Builder> base,
                                    AvroCodec<SampleChunk> codec, AvroCodec<SensorReading> other, Random rnd) {
        long seq = k + 1; // the next valid seq: rejected before it can take that place
        switch (kind) {
            case RANDOM_BYTES: {
                byte[] b = new byte[1 + rnd.nextInt(200)];
                rnd.nextBytes(b);
                if (b.length > 1 && (b[0] & 0xff) == 0xC3) b[0] = 0;
                return b;
            }
            case TRUNCATED: {
                byte[] full = codec.encode(base.apply(id, seq).build());
                return Arrays.copyOf(full, 10 + rnd.nextInt(full.length / 2));
            }
            case NULL_VALUE:
                return null;
            case OTHER_SCHEMA:
                return other.encode(SensorReading.newBuilder().setStreamId(id).setValue(1.0)
                        .setTimestamp(Micros.toInstant(TestSignals.BASE_MICROS)).build());
            case NAN: {
                SampleChunk c = base.apply(id, seq).build();
                c.getSamples().set(rnd.nextInt(CHUNK), Float.NaN);
                return codec.encode(c);
            }
            case INFINITY: {
                SampleChunk c = base.apply(id, seq).build();
                c.getSamples().set(rnd.nextInt(CHUNK), rnd.nextBoolean() ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY);
                return codec.encode(c);
            }
            case EMPTY:
                return codec.encode(base.apply(id, seq).setSamples(new ArrayList<>()).build());
            case OVERSIZED:
                return codec.encode(base.apply(id, seq).setSamples(Floats.toList(new float[MAX_CHUNK + 1 + rnd.nextInt(100)])).build());
            case ZERO_RATE:
                return codec.encode(base.apply(id, seq).setSampleRateHz(0).build());
            case NEGATIVE_RATE:
                return codec.encode(base.apply(id, seq).setSampleRateHz(-RATE).build());
            case NEGATIVE_SEQ:
                return codec.encode(base.apply(id, seq).setSeq(-1 - rnd.nextInt(5)).build());
            case SEQ_BACKWARDS:
                // a seq already processed, stamped at the current time
                return codec.encode(base.apply(id, seq).setSeq(k - 1 - rnd.nextInt(k)).build());
            case TIME_OVERLAP:
                // the next seq, but starting inside the chunk just sent
                return codec.encode(base.apply(id, seq).setStartTime(
                        Micros.toInstant(TestSignals.timeOf((long) k * CHUNK + 1 + rnd.nextInt(CHUNK - 1), RATE))).build());
            default:
                throw new AssertionError(kind);
        }
    }
}
