package org.scatterstream.job.demo;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.scatterstream.job.JobPlan;
import org.scatterstream.job.ScatterStreamJob;
import org.scatterstream.job.ScatterStreamPipeline;
import org.scatterstream.job.config.JobConfig;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The embedded setup shared by {@code demo} and {@code bench}: a Kafka broker in this JVM (unless
 * {@code --bootstrap} names one), the job on a local Flink cluster, a real-time producer and a monitor
 * consuming the features.
 */
final class Harness implements AutoCloseable {
    final EmbeddedKafka kafka;
    final JobPlan plan;
    final JobClient job;
    final FeatureMonitor monitor;
    final ChunkProducer producer;

    /**
     * The settings the demo and the bench share for a run called {@code name} ("demo", "bench"):
     * topics {@code name.samples<suffix>} and the like (the metadata topic is shared), the run's own
     * consumer group and transactional ids, and the speech configuration (J = 8, Q = 8, windows of
     * 4096 samples every 1024) on 2 partitions and 2 slots. Callers add or override the rest.
     */
    static Map<String, String> defaults(String name, String topicSuffix, long id) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("topics.samples", name + ".samples" + topicSuffix);
        d.put("topics.features", name + ".features" + topicSuffix);
        d.put("topics.meta", name + ".features.meta");
        d.put("topics.dead-letters", name + ".dead-letters" + topicSuffix);
        d.put("topics.partitions", "2");
        d.put("source.group-id", "scatter-" + name + "-" + id);
        d.put("source.starting-offsets", "earliest");
        d.put("source.max-out-of-orderness", "200ms");
        d.put("window.size", "4096");
        d.put("window.hop", "1024");
        d.put("transform.J", "8");
        d.put("transform.Q", "8");
        d.put("job.parallelism", "2");
        d.put("job.name", "scatter-stream-" + name);
        d.put("job.transactional-id-prefix", "scatter-" + name + "-" + id);
        return d;
    }

    /**
     * @param defaults job configuration defaults for this command
     * @param flags the user's {@code --key value} overrides (may include kafka.bootstrap-servers)
     */
    Harness(Map<String, String> defaults, Map<String, String> flags, double rateHz, int chunkSamples, double badPerSecond)
            throws Exception {
        Map<String, String> m = new LinkedHashMap<>(defaults);
        m.putAll(flags);
        if (!m.containsKey("kafka.bootstrap-servers")) {
            long t0 = System.nanoTime();
            Progress.say("starting an in-process Kafka broker (KRaft)...");
            kafka = EmbeddedKafka.start();
            m.put("kafka.bootstrap-servers", kafka.bootstrapServers());
            Progress.say(String.format("Kafka broker up at %s in %.1f s", kafka.bootstrapServers(), (System.nanoTime() - t0) / 1e9));
        } else {
            kafka = null;
        }
        try {
            JobConfig config = JobConfig.fromMap(m);
            plan = JobPlan.of(config);
            ScatterStreamJob.prepareKafka(plan);
            Configuration conf = new Configuration();
            int parallelism = config.parallelism() > 0 ? config.parallelism() : 2;
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
            ScatterStreamPipeline.build(env, plan);
            job = env.executeAsync(config.jobName());
            awaitRunning(job);
            Progress.say("job " + job.getJobID() + " started on a local Flink cluster (parallelism " + parallelism
                    + ", " + config.delivery() + ", " + plan.metas().get(0).getConfigId() + ")");
            Properties client = config.kafkaClientProperties();
            monitor = new FeatureMonitor(client, config.featuresTopic(), config.deadLetterTopic(), config.sinkEncoding());
            producer = new ChunkProducer(client, config.samplesTopic(), rateHz, chunkSamples, config.sourceEncoding(),
                    badPerSecond);
        } catch (Exception | Error e) {
            if (kafka != null) kafka.close();
            throw e;
        }
    }

    /** Waits until the job runs (its tasks deployed), so that producing starts with the job ready. */
    private static void awaitRunning(JobClient job) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (job.getJobStatus().get() != JobStatus.RUNNING) {
            if (System.currentTimeMillis() > deadline) throw new IllegalStateException("the job did not start within 60 s");
            if (job.getJobStatus().get().isGloballyTerminalState()) {
                job.getJobExecutionResult().get(); // throws the failure
                throw new IllegalStateException("the job ended before it started");
            }
            Thread.sleep(100);
        }
        Thread.sleep(1000); // tasks deploy and sources get their splits
    }

    JobConfig config() {
        return plan.config();
    }

    /** Windows the job must emit for the samples sent so far: the count per stream N, H predict. */
    long expectedWindows() {
        long total = 0;
        int n = config().windowSize();
        int h = config().windowHop();
        for (long samples : producer.samplesPerStream().values()) total += samples < n ? 0 : (samples - n) / h + 1;
        return total;
    }

    /** Waits until the monitor has seen {@code expected} windows or the timeout passes; true if it has. */
    boolean awaitWindows(long expected, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (monitor.windows() < expected && System.currentTimeMillis() < deadline) Thread.sleep(100);
        return monitor.windows() >= expected;
    }

    /** Waits until the monitor has seen {@code expected} dead letters or the timeout passes. */
    void awaitDeadLetters(long expected, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (monitor.deadLetters() < expected && System.currentTimeMillis() < deadline) Thread.sleep(100);
    }

    @Override
    public void close() {
        producer.close();
        try {
            job.cancel().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            Progress.say("cancelling the job: " + e.getMessage());
        }
        monitor.close();
        if (kafka != null) kafka.close();
    }
}
