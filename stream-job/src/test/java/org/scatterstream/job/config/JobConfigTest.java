package org.scatterstream.job.config;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobConfigTest {

    static Map<String, String> minimal() {
        Map<String, String> m = new HashMap<>();
        m.put("kafka.bootstrap-servers", "k:9092");
        m.put("topics.samples", "in");
        return m;
    }

    static String error(Map<String, String> m) {
        return assertThrows(ConfigException.class, () -> JobConfig.fromMap(m)).getMessage();
    }

    @Test
    void defaults() {
        JobConfig c = JobConfig.fromMap(minimal());
        assertEquals(4096, c.windowSize());
        assertEquals(1024, c.windowHop());
        assertEquals(1024, c.maxZeroFill());
        assertEquals(-1, c.timeToleranceMicros());
        assertEquals(DeliveryGuarantee.EXACTLY_ONCE, c.delivery());
        assertEquals(AvroEncoding.SINGLE_OBJECT, c.sourceEncoding());
        assertEquals(StartingOffsets.COMMITTED, c.startingOffsets());
        assertEquals(Duration.ofSeconds(10), c.checkpointInterval());
        assertEquals(Duration.ofMinutes(10), c.transactionTimeout());
        assertEquals("scatterstream", c.transactionalIdPrefix());
        assertEquals(8, c.scattering1d().J());
        assertEquals(8, c.scattering1d().q1());
        assertEquals(1, c.scattering1d().q2());
        assertNull(c.scattering1d().T());
        assertEquals(4096, c.scattering1d().n());
        assertNull(c.scattering2d());
        assertTrue(c.post().isNone());
        assertEquals(java.util.List.of("in"), c.inputTopics());
    }

    @Test
    void yamlFileWithFlagsOnTop(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("job.yaml");
        Files.writeString(f, String.join("\n",
                "kafka:",
                "  bootstrap-servers: broker:9093",
                "  properties:",
                "    security.protocol: SASL_SSL",
                "    sasl.mechanism: PLAIN",
                "topics:",
                "  samples: audio",
                "  readings:            # nothing: as if absent",
                "window: {size: 2048, hop: 512}",
                "transform:",
                "  J: 6",
                "  Q: [8, 2]",
                "  T: global",
                "post: {average: true, log: true, eps: 0.001}",
                "job:",
                "  delivery: at-least-once",
                "  checkpoint-interval: 2s"));
        JobConfig c = ConfigLoader.load(new String[] {"--config", f.toString(), "--window.hop=256", "--bootstrap", "b2:1"});
        assertEquals("b2:1", c.bootstrapServers());
        assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN"), c.kafkaProperties());
        assertEquals("SASL_SSL", c.kafkaClientProperties().getProperty("security.protocol"));
        assertEquals("b2:1", c.kafkaClientProperties().getProperty("bootstrap.servers"));
        assertEquals(2048, c.windowSize());
        assertEquals(256, c.windowHop());
        assertEquals(6, c.scattering1d().J());
        assertEquals(2, c.scattering1d().q2());
        assertTrue(c.scattering1d().globalAveraging());
        assertTrue(c.post().average() && c.post().log() && !c.post().normalize());
        assertEquals(1e-3, c.post().eps());
        assertEquals(DeliveryGuarantee.AT_LEAST_ONCE, c.delivery());
        assertNull(c.readingsTopic());
    }

    @Test
    void exampleAndDockerConfigurationsAreValid() {
        for (String name : new String[] {"job-example.yaml", "job-docker.yaml"}) {
            Path p = Path.of("src/main/resources", name);
            JobConfig c = JobConfig.fromMap(ConfigLoader.readYaml(p));
            assertFalse(c.inputTopics().isEmpty(), name);
        }
    }

    @Test
    void clearOneLineErrors() {
        Map<String, String> m = minimal();
        m.put("window.sise", "10");
        assertEquals("unknown configuration key 'window.sise'", error(m));

        m = minimal();
        m.put("window.hop", "abc");
        assertEquals("invalid value for 'window.hop': 'abc' (expected an integer)", error(m));

        m = minimal();
        m.put("window.size", "1");
        assertTrue(error(m).startsWith("invalid value for 'window.size': 1 (expected 2.."), error(m));

        m = minimal();
        m.put("job.checkpoint-interval", "soon");
        assertTrue(error(m).contains("expected a duration"));

        m = minimal();
        m.put("job.delivery", "maybe");
        assertTrue(error(m).contains("expected 'exactly-once' or 'at-least-once'"));

        m = minimal();
        m.remove("kafka.bootstrap-servers");
        assertEquals("missing required configuration 'kafka.bootstrap-servers'", error(m));

        m = minimal();
        m.remove("topics.samples");
        assertTrue(error(m).startsWith("no input topic"));

        m = minimal();
        m.put("topics.features", "in");
        assertTrue(error(m).contains("every topic must be distinct"));

        m = minimal();
        m.put("job.checkpoint-interval", "10min");
        assertTrue(error(m).contains("job.transaction-timeout (10min) must be at least twice job.checkpoint-interval"));
        m.put("job.delivery", "at-least-once");
        JobConfig.fromMap(m); // no transactions, no constraint

        m = minimal();
        m.put("topics.readings", "r");
        assertTrue(error(m).contains("readings.nominal-rate-hz"));

        m = minimal();
        m.put("topics.frames", "f");
        assertTrue(error(m).contains("transform-2d.height and transform-2d.width"));

        m = minimal();
        m.put("transform.Q", "eight");
        assertTrue(error(m).contains("'transform.Q'"));

        m = minimal();
        m.put("post.eps", "-1");
        assertTrue(error(m).contains("post.eps"));

        for (String msg : new String[] {error(Map.of("kafka.bootstrap-servers", "x"))}) {
            assertFalse(msg.contains("\n"));
        }
    }

    @Test
    void flagsNeedValuesAndDashes() {
        assertThrows(ConfigException.class, () -> ConfigLoader.flatten(new String[] {"--window.size"}));
        assertThrows(ConfigException.class, () -> ConfigLoader.flatten(new String[] {"window.size", "3"}));
        assertEquals("configuration file not found: /nonexistent.yaml",
                assertThrows(ConfigException.class, () -> ConfigLoader.flatten(new String[] {"--config", "/nonexistent.yaml"}))
                        .getMessage());
    }

    @Test
    void badYamlIsAConfigError(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "window: [unclosed\n");
        assertTrue(assertThrows(ConfigException.class, () -> ConfigLoader.readYaml(f)).getMessage().contains("not valid YAML"));
        Files.writeString(f, "- a list\n");
        assertTrue(assertThrows(ConfigException.class, () -> ConfigLoader.readYaml(f)).getMessage().contains("mapping"));
    }

    @Test
    void durations() {
        assertEquals(Duration.ofMillis(250), Settings.parseDuration("250ms"));
        assertEquals(Duration.ofMillis(250), Settings.parseDuration("250"));
        assertEquals(Duration.ofMillis(1500), Settings.parseDuration("1.5s"));
        assertEquals(Duration.ofMinutes(5), Settings.parseDuration("5min"));
        assertEquals(Duration.ofHours(1), Settings.parseDuration("1h"));
        assertNull(Settings.parseDuration("-1s"));
        assertNull(Settings.parseDuration("fast"));
    }
}
