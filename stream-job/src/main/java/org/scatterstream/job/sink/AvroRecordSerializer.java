package org.scatterstream.job.sink;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.scatterstream.job.config.AvroEncoding;
import org.scatterstream.job.internal.AvroCodec;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Writes Avro records to one topic, keyed by a string field (the stream id, so one stream's records stay
 * in one partition and in order), with the element's Flink timestamp as the Kafka timestamp.
 */
public final class AvroRecordSerializer<T extends SpecificRecordBase> implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    /** A serializable key extractor. */
    public interface KeyFunction<T> extends Function<T, String>, java.io.Serializable {
    }

    private final Class<T> type;
    private final String topic;
    private final AvroEncoding encoding;
    private final KeyFunction<T> key;
    private transient AvroCodec<T> codec;

    public AvroRecordSerializer(Class<T> type, String topic, AvroEncoding encoding, KeyFunction<T> key) {
        this.type = type;
        this.topic = topic;
        this.encoding = encoding;
        this.key = key;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        codec = new AvroCodec<>(type, encoding);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        if (codec == null) codec = new AvroCodec<>(type, encoding);
        String k = key.apply(element);
        return new ProducerRecord<>(topic, null, timestamp != null && timestamp >= 0 ? timestamp : null,
                k == null ? null : k.getBytes(StandardCharsets.UTF_8), codec.encode(element));
    }
}
