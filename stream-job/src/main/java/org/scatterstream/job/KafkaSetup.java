package org.scatterstream.job;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.scatterstream.job.config.ConfigException;
import org.scatterstream.job.config.JobConfig;
import org.scatterstream.job.internal.AvroCodec;
import org.scatterstream.schemas.FeatureMeta;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Client-side preparation before the job starts: topics, and the feature metadata records. */
public final class KafkaSetup {
    private static final int TIMEOUT_S = 30;

    private KafkaSetup() {
    }

    /** Creates the job's topics that do not exist yet (the metadata topic compacted). */
    public static void createMissingTopics(JobConfig c) {
        Properties p = c.kafkaClientProperties();
        p.put("default.api.timeout.ms", Integer.toString(TIMEOUT_S * 1000));
        p.put("request.timeout.ms", Integer.toString(TIMEOUT_S * 1000));
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_S, TimeUnit.SECONDS);
            List<NewTopic> create = new ArrayList<>();
            for (Map.Entry<String, String> e : c.allTopics().entrySet()) {
                if (existing.contains(e.getKey())) continue;
                NewTopic t = new NewTopic(e.getKey(), e.getValue().equals("meta") ? 1 : c.topicPartitions(), (short) -1);
                if (e.getValue().equals("meta")) t.configs(Map.of("cleanup.policy", "compact"));
                create.add(t);
            }
            if (create.isEmpty()) return;
            try {
                admin.createTopics(create).all().get(TIMEOUT_S, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) throw e;
            }
        } catch (Exception e) {
            throw unreachable(c, e);
        }
    }

    /** Publishes each configuration's {@link FeatureMeta}, keyed by config id. */
    public static void publishMeta(JobConfig c, List<FeatureMeta> metas) {
        Properties p = c.kafkaClientProperties();
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Integer.toString(TIMEOUT_S * 1000));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(TIMEOUT_S * 1000));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(TIMEOUT_S * 1000 / 2));
        AvroCodec<FeatureMeta> codec = new AvroCodec<>(FeatureMeta.class, c.sinkEncoding());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (FeatureMeta m : metas) {
                producer.send(new ProducerRecord<>(c.metaTopic(), m.getConfigId().getBytes(StandardCharsets.UTF_8),
                        codec.encode(m))).get(TIMEOUT_S, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw unreachable(c, e);
        }
    }

    private static ConfigException unreachable(JobConfig c, Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof InterruptedException) Thread.currentThread().interrupt();
        return new ConfigException("cannot set up Kafka at " + c.bootstrapServers() + ": "
                + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), e);
    }
}
