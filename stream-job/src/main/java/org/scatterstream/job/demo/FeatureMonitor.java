package org.scatterstream.job.demo;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.scatterstream.job.config.AvroEncoding;
import org.scatterstream.job.internal.AvroCodec;
import org.scatterstream.job.internal.Micros;
import org.scatterstream.schemas.DeadLetter;
import org.scatterstream.schemas.ScatteringFeatures;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Consumes the feature and dead-letter topics ({@code read_committed}, as a downstream application would)
 * and measures: windows per stream, dead letters, and the end-to-end latency of each window, from the
 * event time of its last sample to its arrival here.
 */
public final class FeatureMonitor implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String featuresTopic;
    private final AvroCodec<ScatteringFeatures> features;
    private final AvroCodec<DeadLetter> deadLetters;
    private final Thread thread;
    private final Map<String, Long> perStream = new TreeMap<>();
    private final Map<String, Long> deadByReason = new TreeMap<>();
    private final AtomicLong windows = new AtomicLong();
    private final AtomicLong dead = new AtomicLong();
    private long[] latencies = new long[1 << 12];
    private int latencyCount;
    private volatile boolean running = true;

    public FeatureMonitor(Properties kafka, String featuresTopic, String deadLetterTopic, AvroEncoding encoding) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 << 20));
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
        this.consumer = new KafkaConsumer<>(p);
        this.featuresTopic = featuresTopic;
        this.features = new AvroCodec<>(ScatteringFeatures.class, encoding);
        this.deadLetters = new AvroCodec<>(DeadLetter.class, encoding);
        List<TopicPartition> parts = new ArrayList<>();
        for (String t : List.of(featuresTopic, deadLetterTopic)) {
            consumer.partitionsFor(t).forEach(i -> parts.add(new TopicPartition(t, i.partition())));
        }
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        this.thread = new Thread(this::run, "feature-monitor");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        while (running) {
            var records = consumer.poll(Duration.ofMillis(50));
            long now = System.currentTimeMillis();
            for (ConsumerRecord<byte[], byte[]> r : records) {
                try {
                    if (r.topic().equals(featuresTopic)) {
                        ScatteringFeatures f = features.decode(r.value());
                        long latency = now - Micros.toMillis(Micros.of(f.getWindowEnd()));
                        synchronized (this) {
                            perStream.merge(f.getStreamId(), 1L, Long::sum);
                            if (latencyCount == latencies.length) latencies = Arrays.copyOf(latencies, 2 * latencies.length);
                            latencies[latencyCount++] = latency;
                        }
                        windows.incrementAndGet();
                    } else {
                        DeadLetter d = deadLetters.decode(r.value());
                        synchronized (this) {
                            deadByReason.merge(d.getReason().name(), 1L, Long::sum);
                        }
                        dead.incrementAndGet();
                    }
                } catch (AvroCodec.DecodeException e) {
                    System.err.println("monitor: undecodable record on " + r.topic() + ": " + e.getMessage());
                }
            }
        }
    }

    /** Windows received so far. */
    public long windows() {
        return windows.get();
    }

    /** Dead letters received so far. */
    public long deadLetters() {
        return dead.get();
    }

    /** Dead letters per reason. */
    public synchronized Map<String, Long> deadLettersByReason() {
        return new TreeMap<>(deadByReason);
    }

    /** Windows per stream. */
    public synchronized Map<String, Long> windowsPerStream() {
        return new TreeMap<>(perStream);
    }

    /** The latencies (ms) recorded since the last call, and forgets them. */
    public synchronized long[] takeLatencies() {
        long[] l = Arrays.copyOf(latencies, latencyCount);
        latencyCount = 0;
        return l;
    }

    /** The {@code q}-quantile (0..1) of sorted {@code values}, or -1 when empty. */
    public static long quantile(long[] sorted, double q) {
        if (sorted.length == 0) return -1;
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close();
    }
}
