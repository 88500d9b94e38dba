package org.scatterstream.job.demo;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.scatterstream.job.config.AvroEncoding;
import org.scatterstream.job.internal.AvroCodec;
import org.scatterstream.job.internal.Floats;
import org.scatterstream.job.internal.Micros;
import org.scatterstream.schemas.SampleChunk;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Produces {@link SampleChunk}s of any number of streams in real time: a chunk is sent when the wall
 * clock reaches the time of its last sample, and its event time is that wall-clock time. Optionally
 * mixes in malformed records (for the dead-letter path). One thread; streams can be added while it runs.
 */
public final class ChunkProducer implements AutoCloseable {
    private final String topic;
    private final double rate;
    private final int chunk;
    private final double badPerSecond;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AvroCodec<SampleChunk> codec;
    private final List<Stream> streams = new CopyOnWriteArrayList<>();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong bad = new AtomicLong();
    private final AtomicLong behindMicros = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    private static final class Stream {
        final String id;
        final SignalSource source;
        final long startMicros;
        final float[] buffer;
        long seq;

        Stream(String id, SignalSource source, long startMicros, int chunk) {
            this.id = id;
            this.source = source;
            this.startMicros = startMicros;
            this.buffer = new float[chunk];
        }
    }

    public ChunkProducer(Properties kafka, String topic, double rateHz, int chunkSamples, AvroEncoding encoding,
                         double badPerSecond) {
        this.topic = topic;
        this.rate = rateHz;
        this.chunk = chunkSamples;
        this.badPerSecond = badPerSecond;
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        this.producer = new KafkaProducer<>(p);
        this.codec = new AvroCodec<>(SampleChunk.class, encoding);
        this.thread = new Thread(this::run, "chunk-producer");
        this.thread.setDaemon(true);
    }

    /** Adds a stream starting now. */
    public void addStream(String id, SignalSource source) {
        streams.add(new Stream(id, source, System.currentTimeMillis() * 1000, chunk));
    }

    /** Streams currently produced. */
    public int streams() {
        return streams.size();
    }

    /** Stops producing all but the first {@code n} streams. */
    public void retainStreams(int n) {
        while (streams.size() > n) streams.remove(streams.size() - 1);
    }

    public void start() {
        thread.start();
    }

    /** Stops producing after the chunks already due, and flushes. */
    public void stop() throws InterruptedException {
        running = false;
        thread.join();
        producer.flush();
    }

    /** Chunks sent (valid ones). */
    public long records() {
        return records.get();
    }

    /** Malformed records sent. */
    public long badRecords() {
        return bad.get();
    }

    /** How far behind real time the producer was at its last round, in milliseconds. */
    public long behindMillis() {
        return behindMicros.get() / 1000;
    }

    /** Samples sent per stream. */
    public Map<String, Long> samplesPerStream() {
        Map<String, Long> m = new TreeMap<>();
        for (Stream s : streams) m.put(s.id, s.seq * chunk);
        return m;
    }

    private void run() {
        double chunkMicros = chunk * 1e6 / rate;
        SplittableRandom rnd = new SplittableRandom(1);
        long nextBad = System.currentTimeMillis() * 1000;
        int badKind = 0;
        while (running) {
            long now = System.currentTimeMillis() * 1000;
            long earliest = Long.MAX_VALUE;
            long behind = 0;
            for (Stream s : streams) {
                long due;
                while ((due = s.startMicros + Math.round((s.seq + 1) * chunkMicros)) <= now) {
                    send(s, chunkMicros);
                    behind = Math.max(behind, now - due);
                }
                earliest = Math.min(earliest, due);
            }
            behindMicros.set(behind);
            if (badPerSecond > 0 && now >= nextBad) {
                sendBad(badKind++, rnd);
                nextBad = now + Math.round(1e6 / badPerSecond);
            }
            long sleepMicros = Math.min(earliest, badPerSecond > 0 ? nextBad : Long.MAX_VALUE) - System.currentTimeMillis() * 1000;
            if (sleepMicros > 1000) {
                try {
                    Thread.sleep(Math.min(sleepMicros / 1000, 50));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void send(Stream s, double chunkMicros) {
        s.source.next(s.buffer);
        SampleChunk c = SampleChunk.newBuilder()
                .setStreamId(s.id)
                .setSeq(s.seq)
                .setStartTime(Micros.toInstant(s.startMicros + Math.round(s.seq * chunkMicros)))
                .setSampleRateHz(rate)
                .setSamples(Floats.toList(s.buffer))
                .setChannel(s.source.label())
                .build();
        s.seq++;
        producer.send(new ProducerRecord<>(topic, s.id.getBytes(StandardCharsets.UTF_8), codec.encode(c)));
        records.incrementAndGet();
    }

    /** A malformed record of one of five kinds in turn, on a stream of its own. */
    private void sendBad(int kind, SplittableRandom rnd) {
        byte[] value;
        SampleChunk.Builder c = SampleChunk.newBuilder().setStreamId("demo-bad").setSeq(0)
                .setStartTime(Micros.toInstant(System.currentTimeMillis() * 1000)).setSampleRateHz(rate)
                .setSamples(Floats.toList(new float[16]));
        switch (kind % 5) {
            case 0:
                value = new byte[32];
                for (int i = 0; i < value.length; i++) value[i] = (byte) rnd.nextInt(256);
                value[0] = 0x42;
                break;
            case 1: {
                float[] x = new float[16];
                x[3] = Float.NaN;
                value = codec.encode(c.setSamples(Floats.toList(x)).build());
                break;
            }
            case 2:
                value = codec.encode(c.setSamples(new ArrayList<>()).build());
                break;
            case 3:
                value = codec.encode(c.setSampleRateHz(-rate).build());
                break;
            default:
                value = codec.encode(c.setSeq(-1).build());
                break;
        }
        producer.send(new ProducerRecord<>(topic, "demo-bad".getBytes(StandardCharsets.UTF_8), value));
        bad.incrementAndGet();
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close();
    }
}
