package org.scatterstream.job.config;

import org.apache.flink.connector.base.DeliveryGuarantee;

import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The stream job's immutable, validated configuration. Built from a flat {@code key -> value} map (YAML
 * file flattened with dots, then command-line flags on top: see {@link ConfigLoader}); every key, its
 * default and its meaning is listed in {@code stream-job/src/main/resources/job-example.yaml}.
 * Invalid or unknown keys fail {@link #fromMap} with a one-line {@link ConfigException}.
 */
public final class JobConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String bootstrapServers;
    private final Map<String, String> kafkaProperties;

    private final String samplesTopic;
    private final String readingsTopic;
    private final String framesTopic;
    private final String featuresTopic;
    private final String frameFeaturesTopic;
    private final String metaTopic;
    private final String deadLetterTopic;
    private final boolean createMissingTopics;
    private final int topicPartitions;

    private final String groupId;
    private final StartingOffsets startingOffsets;
    private final AvroEncoding sourceEncoding;
    private final AvroEncoding sinkEncoding;
    private final Duration maxOutOfOrderness;
    private final Duration idleness;
    private final Duration watermarkInterval;
    private final boolean lateToDeadLetters;
    private final boolean bounded;

    private final int maxChunkSamples;
    private final int maxFramePixels;
    private final double readingsRateHz;

    private final int windowSize;
    private final int windowHop;
    private final int maxZeroFill;
    private final long timeToleranceMicros;
    private final WindowMode windowMode;
    private final String continuousStreams;
    private final Duration idleTimeout;

    private final Scattering1DSpec scattering1d;
    private final Scattering2DSpec scattering2d;
    private final PostProcessing post;

    private final int batchSize;
    private final Duration batchMaxWait;

    private final String jobName;
    private final int parallelism;
    private final Duration checkpointInterval;
    private final DeliveryGuarantee delivery;
    private final String transactionalIdPrefix;
    private final Duration transactionTimeout;
    private final int restartAttempts;
    private final Duration restartDelay;

    private JobConfig(Settings s) {
        bootstrapServers = s.required("kafka.bootstrap-servers");
        kafkaProperties = Collections.unmodifiableMap(new TreeMap<>(s.subtree("kafka.properties")));

        samplesTopic = s.string("topics.samples", null);
        readingsTopic = s.string("topics.readings", null);
        framesTopic = s.string("topics.frames", null);
        featuresTopic = s.string("topics.features", "scatter.features");
        frameFeaturesTopic = s.string("topics.frame-features", "scatter.frame-features");
        metaTopic = s.string("topics.meta", "scatter.features.meta");
        deadLetterTopic = s.string("topics.dead-letters", "scatter.dead-letters");
        createMissingTopics = s.bool("topics.create-missing", true);
        topicPartitions = s.intIn("topics.partitions", 4, 1, 100_000);

        groupId = s.string("source.group-id", "scatterstream");
        startingOffsets = s.parsed("source.starting-offsets", StartingOffsets.COMMITTED, StartingOffsets::parse);
        sourceEncoding = s.parsed("source.encoding", AvroEncoding.SINGLE_OBJECT, AvroEncoding::parse);
        maxOutOfOrderness = s.duration("source.max-out-of-orderness", Duration.ofMillis(500), Duration.ZERO);
        idleness = s.duration("source.idleness", Duration.ofSeconds(5), Duration.ofMillis(1));
        watermarkInterval = s.duration("source.watermark-interval", Duration.ofMillis(50), Duration.ofMillis(1));
        lateToDeadLetters = s.bool("source.late-to-dead-letters", true);
        bounded = s.bool("source.bounded", false);

        maxChunkSamples = s.intIn("input.max-chunk-samples", 1 << 20, 1, Integer.MAX_VALUE);
        maxFramePixels = s.intIn("input.max-frame-pixels", 1 << 24, 1, Integer.MAX_VALUE);
        readingsRateHz = s.has("readings.nominal-rate-hz") ? s.positiveDouble("readings.nominal-rate-hz", 0) : 0;

        windowSize = s.intIn("window.size", 4096, 2, 1 << 26);
        windowHop = s.intIn("window.hop", windowSize / 4 > 0 ? windowSize / 4 : 1, 1, 1 << 26);
        maxZeroFill = s.intIn("window.max-zero-fill", windowSize / 4, 0, Integer.MAX_VALUE);
        timeToleranceMicros = s.has("window.time-tolerance")
                ? s.duration("window.time-tolerance", Duration.ZERO, Duration.ZERO).toNanos() / 1000 : -1;
        windowMode = s.parsed("window.mode", WindowMode.WINDOWED, WindowMode::parse);
        continuousStreams = s.string("window.continuous-streams", null);
        idleTimeout = s.duration("window.idle-timeout", Duration.ofMinutes(5), Duration.ZERO);
        if (continuousStreams != null) {
            try {
                java.util.regex.Pattern.compile(continuousStreams);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new ConfigException("invalid value for 'window.continuous-streams': not a regular expression: "
                        + e.getDescription());
            }
        }

        int[] q = parseQ(s.string("transform.Q", "8"));
        String t = s.string("transform.T", null);
        boolean global = "global".equalsIgnoreCase(t);
        scattering1d = new Scattering1DSpec(
                s.intIn("transform.J", 8, 0, 30), q[0], q[1], t == null || global ? null : s.positiveDouble("transform.T", 0),
                global, s.intIn("transform.max-order", 2, 1, 2), windowSize,
                s.parsed("transform.precision", "float", JobConfig::precision),
                s.string("transform.backend", null), s.intIn("transform.threads", 1, 1, 1024));

        if (framesTopic != null) {
            scattering2d = new Scattering2DSpec(
                    s.intIn("transform-2d.J", 2, 1, 30), s.intIn("transform-2d.L", 8, 1, 64),
                    s.intIn("transform-2d.height", 0, 1, 1 << 16), s.intIn("transform-2d.width", 0, 1, 1 << 16),
                    s.intIn("transform-2d.max-order", 2, 1, 2),
                    s.parsed("transform-2d.precision", "float", JobConfig::precision),
                    s.string("transform-2d.backend", null), s.intIn("transform-2d.threads", 1, 1, 1024));
        } else {
            s.subtree("transform-2d"); // accepted but unused without a frames topic
            scattering2d = null;
        }

        post = new PostProcessing(s.bool("post.normalize", false), s.bool("post.average", false),
                s.bool("post.log", false), s.positiveDouble("post.eps", 1e-6));

        batchSize = s.intIn("batch.size", 32, 1, 1 << 16);
        batchMaxWait = s.duration("batch.max-wait", Duration.ofMillis(100), Duration.ZERO);
        sinkEncoding = s.parsed("sink.encoding", AvroEncoding.SINGLE_OBJECT, AvroEncoding::parse);

        jobName = s.string("job.name", "scatterstream");
        parallelism = s.intIn("job.parallelism", 0, 0, 1 << 15);
        checkpointInterval = s.duration("job.checkpoint-interval", Duration.ofSeconds(10), Duration.ofMillis(100));
        delivery = s.parsed("job.delivery", DeliveryGuarantee.EXACTLY_ONCE, JobConfig::delivery);
        transactionalIdPrefix = s.string("job.transactional-id-prefix", jobName);
        transactionTimeout = s.duration("job.transaction-timeout", Duration.ofMinutes(10), Duration.ofSeconds(1));
        restartAttempts = s.intIn("job.restart-attempts", 10, 0, Integer.MAX_VALUE);
        restartDelay = s.duration("job.restart-delay", Duration.ofSeconds(1), Duration.ZERO);

        s.rejectUnknown();
        validate();
    }

    private void validate() {
        if (samplesTopic == null && readingsTopic == null && framesTopic == null) {
            throw new ConfigException("no input topic: set at least one of topics.samples, topics.readings, topics.frames");
        }
        if (readingsTopic != null && readingsRateHz == 0) {
            throw new ConfigException("topics.readings needs readings.nominal-rate-hz (the rate readings are snapped to)");
        }
        if (framesTopic != null && (scattering2d.height() == 0 || scattering2d.width() == 0)) {
            throw new ConfigException("topics.frames needs transform-2d.height and transform-2d.width (the frame size)");
        }
        Set<String> seen = new HashSet<>();
        for (String t : new String[] {samplesTopic, readingsTopic, framesTopic, featuresTopic, frameFeaturesTopic,
                metaTopic, deadLetterTopic}) {
            if (t != null && !seen.add(t)) {
                throw new ConfigException("topic '" + t + "' is configured for two purposes; every topic must be distinct");
            }
        }
        if (delivery == DeliveryGuarantee.EXACTLY_ONCE && transactionTimeout.compareTo(checkpointInterval.multipliedBy(2)) < 0) {
            throw new ConfigException("job.transaction-timeout (" + Settings.format(transactionTimeout)
                    + ") must be at least twice job.checkpoint-interval (" + Settings.format(checkpointInterval)
                    + "): transactions stay open from one checkpoint to the next");
        }
        if (anyContinuous() && scattering1d.globalAveraging()) {
            throw new ConfigException("transform.T 'global' has no meaning for continuous streams (window.mode / "
                    + "window.continuous-streams): an unbounded stream has no end to sum up to");
        }
        if (transactionalIdPrefix.isBlank()) {
            throw new ConfigException("job.transactional-id-prefix must not be empty");
        }
    }

    /** Parses a validated configuration from flat keys (see {@link ConfigLoader}). */
    public static JobConfig fromMap(Map<String, String> flat) {
        return new JobConfig(new Settings(flat));
    }

    private static int[] parseQ(String v) {
        String[] parts = v.replace("[", "").replace("]", "").split("[,x ]+");
        try {
            if (parts.length == 1) return new int[] {Integer.parseInt(parts[0].trim()), 1};
            if (parts.length == 2) return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new ConfigException("invalid value for 'transform.Q': '" + v + "' (expected Q1 or Q1,Q2, e.g. 8 or 8,1)");
    }

    private static String precision(String v) {
        switch (v.toLowerCase(Locale.ROOT)) {
            case "float": case "float32": return "float";
            case "double": case "float64": return "double";
            default: throw new IllegalArgumentException("expected 'float' or 'double'");
        }
    }

    private static DeliveryGuarantee delivery(String v) {
        switch (v.toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "exactly-once": return DeliveryGuarantee.EXACTLY_ONCE;
            case "at-least-once": return DeliveryGuarantee.AT_LEAST_ONCE;
            default: throw new IllegalArgumentException("expected 'exactly-once' or 'at-least-once'");
        }
    }

    public String bootstrapServers() { return bootstrapServers; }
    /** Kafka client properties passed through to every consumer, producer and admin client (SASL, SSL, ...). */
    public Map<String, String> kafkaProperties() { return kafkaProperties; }

    /** {@link #kafkaProperties()} plus {@code bootstrap.servers}, as a fresh {@link Properties}. */
    public Properties kafkaClientProperties() {
        Properties p = new Properties();
        p.putAll(kafkaProperties);
        p.put("bootstrap.servers", bootstrapServers);
        return p;
    }

    /** Topic of {@code SampleChunk} records, or null. */
    public String samplesTopic() { return samplesTopic; }
    /** Topic of {@code SensorReading} records, or null. */
    public String readingsTopic() { return readingsTopic; }
    /** Topic of {@code Frame} records, or null. */
    public String framesTopic() { return framesTopic; }
    public String featuresTopic() { return featuresTopic; }
    public String frameFeaturesTopic() { return frameFeaturesTopic; }
    public String metaTopic() { return metaTopic; }
    public String deadLetterTopic() { return deadLetterTopic; }
    public boolean createMissingTopics() { return createMissingTopics; }
    public int topicPartitions() { return topicPartitions; }

    /** Input topics, in the order samples, readings, frames (those configured). */
    public List<String> inputTopics() {
        return java.util.stream.Stream.of(samplesTopic, readingsTopic, framesTopic)
                .filter(java.util.Objects::nonNull).collect(java.util.stream.Collectors.toList());
    }

    /** Every topic the job reads or writes, with its purpose. */
    public Map<String, String> allTopics() {
        Map<String, String> m = new LinkedHashMap<>();
        if (samplesTopic != null) m.put(samplesTopic, "samples");
        if (readingsTopic != null) m.put(readingsTopic, "readings");
        if (framesTopic != null) m.put(framesTopic, "frames");
        if (samplesTopic != null || readingsTopic != null) m.put(featuresTopic, "features");
        if (framesTopic != null) m.put(frameFeaturesTopic, "frame-features");
        m.put(metaTopic, "meta");
        m.put(deadLetterTopic, "dead-letters");
        return m;
    }

    public String groupId() { return groupId; }
    public StartingOffsets startingOffsets() { return startingOffsets; }
    public AvroEncoding sourceEncoding() { return sourceEncoding; }
    public AvroEncoding sinkEncoding() { return sinkEncoding; }
    public Duration maxOutOfOrderness() { return maxOutOfOrderness; }
    public Duration idleness() { return idleness; }
    public Duration watermarkInterval() { return watermarkInterval; }
    public boolean lateToDeadLetters() { return lateToDeadLetters; }
    /** Stop at the offsets that are the latest when the job starts (tests, benchmarks, backfills). */
    public boolean bounded() { return bounded; }

    public int maxChunkSamples() { return maxChunkSamples; }
    public int maxFramePixels() { return maxFramePixels; }
    /** Nominal rate sensor readings are snapped to; 0 when no readings topic is configured. */
    public double readingsRateHz() { return readingsRateHz; }

    /** N: samples per window. */
    public int windowSize() { return windowSize; }
    /** H: samples between the starts of consecutive windows. */
    public int windowHop() { return windowHop; }
    /** Largest gap, in samples, bridged with zeros; a longer gap starts a new segment. */
    public int maxZeroFill() { return maxZeroFill; }
    /** Timestamp mismatch, in microseconds, still taken as contiguous; -1 for half a sample period. */
    public long timeToleranceMicros() { return timeToleranceMicros; }

    /** How a stream not matched by {@link #continuousStreams()} is processed. */
    public WindowMode windowMode() { return windowMode; }
    /** Regular expression of stream ids processed continuously whatever {@link #windowMode()}; null for none. */
    public String continuousStreams() { return continuousStreams; }

    /**
     * Continuous mode: a stream whose last sample is this far behind the watermark is ended (its last
     * frames emitted, its transform state dropped); zero: never.
     */
    public Duration idleTimeout() { return idleTimeout; }

    /** Whether any stream may be processed continuously. */
    public boolean anyContinuous() { return windowMode == WindowMode.CONTINUOUS || continuousStreams != null; }

    /** Whether any stream may be processed in windows. */
    public boolean anyWindowed() { return windowMode == WindowMode.WINDOWED; }

    public Scattering1DSpec scattering1d() { return scattering1d; }
    /** The 2D transform, or null when no frames topic is configured. */
    public Scattering2DSpec scattering2d() { return scattering2d; }
    public PostProcessing post() { return post; }

    public int batchSize() { return batchSize; }
    public Duration batchMaxWait() { return batchMaxWait; }

    public String jobName() { return jobName; }
    /** Job parallelism, or 0 for the environment's default. */
    public int parallelism() { return parallelism; }
    public Duration checkpointInterval() { return checkpointInterval; }
    public DeliveryGuarantee delivery() { return delivery; }
    public String transactionalIdPrefix() { return transactionalIdPrefix; }
    public Duration transactionTimeout() { return transactionTimeout; }
    public int restartAttempts() { return restartAttempts; }
    public Duration restartDelay() { return restartDelay; }
}
