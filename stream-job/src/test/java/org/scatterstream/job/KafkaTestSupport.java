package org.scatterstream.job;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.scatterstream.job.config.AvroEncoding;
import org.scatterstream.job.internal.AvroCodec;
import org.scatterstream.schemas.SampleChunk;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/** Producing and consuming raw records against the embedded broker in integration tests. */
final class KafkaTestSupport {
    private KafkaTestSupport() {
    }

    static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(8 << 20));
        return new KafkaProducer<>(p);
    }

    /** Sends one value keyed by {@code key}; returns the future of its position. */
    static Future<RecordMetadata> send(KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value) {
        return producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value));
    }

    /**
     * Reads {@code topic} from the start with {@code read_committed} until {@code expected} records have come
     * and then nothing more for {@code quiet}, or until {@code timeout}: so duplicates beyond the expected
     * count are seen too.
     */
    static List<ConsumerRecord<byte[], byte[]>> consume(String bootstrap, String topic, int expected, Duration timeout,
                                                        Duration quiet) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 << 20));
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).collect(Collectors.toList());
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.nanoTime() + timeout.toNanos();
            long quietSince = System.nanoTime();
            while (System.nanoTime() < deadline) {
                var records = c.poll(Duration.ofMillis(100));
                if (!records.isEmpty()) quietSince = System.nanoTime();
                records.forEach(out::add);
                if (out.size() >= expected && System.nanoTime() - quietSince > quiet.toNanos()) break;
            }
        }
        return out;
    }

    static <T extends SpecificRecordBase> List<T> decodeAll(List<ConsumerRecord<byte[], byte[]>> records, Class<T> type) {
        AvroCodec<T> codec = new AvroCodec<>(type, AvroEncoding.SINGLE_OBJECT);
        List<T> out = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> r : records) {
            try {
                out.add(codec.decode(r.value()));
            } catch (AvroCodec.DecodeException e) {
                throw new AssertionError("undecodable " + type.getSimpleName() + " at offset " + r.offset() + ": " + e.getMessage());
            }
        }
        return out;
    }

    /**
     * Sends streams as they would arrive live while a job runs: chunk k (of {@code chunk} samples) of
     * every stream, in the map's order, then a pause of 50 ms, for k < {@code chunks}.
     */
    static void sendLive(String bootstrap, String topic, Map<String, float[]> signals, int chunks, int chunk, double rate)
            throws InterruptedException {
        AvroCodec<SampleChunk> codec = new AvroCodec<>(SampleChunk.class, AvroEncoding.SINGLE_OBJECT);
        try (KafkaProducer<byte[], byte[]> p = producer(bootstrap)) {
            for (int k = 0; k < chunks; k++) {
                for (Map.Entry<String, float[]> e : signals.entrySet()) {
                    send(p, topic, e.getKey(), codec.encode(TestSignals.chunk(e.getKey(), k, e.getValue(), k * chunk, (k + 1) * chunk, rate)));
                }
                p.flush();
                Thread.sleep(50);
            }
        }
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
