package org.scatterstream.job.source;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.scatterstream.job.config.AvroEncoding;
import org.scatterstream.job.internal.AvroCodec;
import org.scatterstream.job.internal.DeadLetters;
import org.scatterstream.schemas.Frame;
import org.scatterstream.schemas.SampleChunk;
import org.scatterstream.schemas.SensorReading;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns every Kafka record of the input topics into an {@link InputRecord}: decoded and checked by
 * {@link InputLimits}, or a dead letter with the reason. Never throws for bad data, so a poison record
 * cannot stop or stall the job.
 */
public final class InputDeserializer implements KafkaRecordDeserializationSchema<InputRecord> {
    private static final long serialVersionUID = 1L;

    private final Map<String, InputKind> topics;
    private final AvroEncoding encoding;
    private final InputLimits limits;
    private transient Map<InputKind, AvroCodec<? extends SpecificRecordBase>> codecs;

    /** @param topics input topic name to the kind of record it carries */
    public InputDeserializer(Map<String, InputKind> topics, AvroEncoding encoding, InputLimits limits) {
        this.topics = new HashMap<>(topics);
        this.encoding = encoding;
        this.limits = limits;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        codecs = new EnumMap<>(InputKind.class);
        for (InputKind k : InputKind.values()) codecs.put(k, new AvroCodec<>(k.recordClass(), encoding));
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<InputRecord> out) {
        out.collect(decode(record.topic(), record.partition(), record.offset(), record.value()));
    }

    /** Decodes and checks one value read from {@code topic}. */
    public InputRecord decode(String topic, int partition, long offset, byte[] value) {
        if (codecs == null) open(null);
        InputRecord r = InputRecord.at(topic, partition, offset);
        InputKind kind = topics.get(topic);
        try {
            InputLimits.Violation v;
            String streamId;
            switch (kind) {
                case SAMPLES: {
                    SampleChunk c = (SampleChunk) codecs.get(kind).decode(value);
                    streamId = c.getStreamId();
                    v = limits.check(c);
                    if (v == null) r.chunk = c;
                    break;
                }
                case READINGS: {
                    SensorReading s = (SensorReading) codecs.get(kind).decode(value);
                    streamId = s.getStreamId();
                    v = limits.check(s);
                    if (v == null) r.reading = s;
                    break;
                }
                default: {
                    Frame f = (Frame) codecs.get(kind).decode(value);
                    streamId = f.getStreamId();
                    v = limits.check(f);
                    if (v == null) r.frame = f;
                    break;
                }
            }
            if (v != null) {
                r.deadLetter = DeadLetters.of(topic, partition, offset, value, v.reason, v.message, streamId);
            }
        } catch (AvroCodec.DecodeException e) {
            r.deadLetter = DeadLetters.of(topic, partition, offset, value, e.reason(), e.getMessage(), null);
        }
        return r;
    }

    @Override
    public TypeInformation<InputRecord> getProducedType() {
        return TypeInformation.of(InputRecord.class);
    }
}
