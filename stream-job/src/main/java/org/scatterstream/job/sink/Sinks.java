package org.scatterstream.job.sink;

import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.scatterstream.job.config.JobConfig;
import org.scatterstream.schemas.DeadLetter;
import org.scatterstream.schemas.ScatteringFeatures;

/**
 * The job's Kafka sinks. With {@code EXACTLY_ONCE} (the default) each sink writes in Kafka transactions
 * committed on checkpoints, under its own transactional-id prefix ({@code <job prefix>-<purpose>}), with
 * the producer's {@code transaction.timeout.ms} set to {@code job.transaction-timeout} (which the config
 * checks against the checkpoint interval; it must not exceed the broker's {@code transaction.max.timeout.ms},
 * 15 min by default).
 */
public final class Sinks {
    private Sinks() {
    }

    /** Sink of feature records to {@code topic}, keyed by stream id. */
    public static KafkaSink<ScatteringFeatures> features(JobConfig c, String topic, String purpose) {
        return KafkaSink.<ScatteringFeatures>builder()
                .setBootstrapServers(c.bootstrapServers())
                .setKafkaProducerConfig(c.kafkaClientProperties())
                .setRecordSerializer(new AvroRecordSerializer<>(ScatteringFeatures.class, topic, c.sinkEncoding(),
                        ScatteringFeatures::getStreamId))
                .setDeliveryGuarantee(c.delivery())
                .setTransactionalIdPrefix(c.transactionalIdPrefix() + "-" + purpose)
                .setProperty("transaction.timeout.ms", Long.toString(c.transactionTimeout().toMillis()))
                .build();
    }

    /** Sink of dead letters, keyed by stream id when known. */
    public static KafkaSink<DeadLetter> deadLetters(JobConfig c) {
        return KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(c.bootstrapServers())
                .setKafkaProducerConfig(c.kafkaClientProperties())
                .setRecordSerializer(new AvroRecordSerializer<>(DeadLetter.class, c.deadLetterTopic(), c.sinkEncoding(),
                        DeadLetter::getStreamId))
                .setDeliveryGuarantee(c.delivery())
                .setTransactionalIdPrefix(c.transactionalIdPrefix() + "-dead-letters")
                .setProperty("transaction.timeout.ms", Long.toString(c.transactionTimeout().toMillis()))
                .build();
    }
}
