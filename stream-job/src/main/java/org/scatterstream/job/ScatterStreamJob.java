package org.scatterstream.job;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.scatterstream.job.config.ConfigException;
import org.scatterstream.job.config.ConfigLoader;
import org.scatterstream.job.config.JobConfig;

/**
 * The job's entry point, for {@code flink run} and {@code bin/scatter-stream run}:
 * {@code --config job.yaml} and/or {@code --key value} flags (see {@code job-example.yaml}). Validates
 * the configuration, creates missing topics, publishes the feature metadata, then runs the job on the
 * environment it is started in (a cluster under {@code flink run}, a local one otherwise).
 */
public final class ScatterStreamJob {
    private ScatterStreamJob() {
    }

    public static void main(String[] args) throws Exception {
        AvroTrust.ensure();
        JobPlan plan;
        try {
            JobConfig config = ConfigLoader.load(args);
            plan = JobPlan.of(config);
            prepareKafka(plan);
        } catch (ConfigException e) {
            System.err.println("scatter-stream: " + e.getMessage());
            System.exit(2);
            return;
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ScatterStreamPipeline.build(env, plan);
        env.execute(plan.config().jobName());
    }

    /** Creates missing topics (when configured) and publishes the feature metadata. */
    public static void prepareKafka(JobPlan plan) {
        if (plan.config().createMissingTopics()) KafkaSetup.createMissingTopics(plan.config());
        KafkaSetup.publishMeta(plan.config(), plan.metas());
    }
}
