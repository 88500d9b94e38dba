package org.scatterstream.job;

import org.junit.jupiter.api.Test;
import org.scatterstream.job.config.ConfigLoader;
import org.scatterstream.job.config.JobConfig;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docker-compose.yml parses, and what it references exists: the cluster jar the shade plugin builds, the
 * job's main class, the producer's main class, a valid job configuration, the JVM flags the job needs.
 */
class DockerComposeTest {
    static final Path ROOT = Path.of("..");

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void composeFileReferencesTheRightJarMainClassesAndConfig() throws Exception {
        Map<String, Object> compose = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(ROOT.resolve("docker-compose.yml")));
        Map<String, Object> services = map(compose.get("services"));
        assertEquals(List.of("kafka", "jobmanager", "taskmanager", "producer"), List.copyOf(services.keySet()));

        String jar = shadedJar();
        for (String s : List.of("jobmanager", "taskmanager", "producer")) {
            List<?> volumes = (List<?>) map(services.get(s)).get("volumes");
            assertTrue(volumes.stream().anyMatch(v -> v.toString().startsWith("./" + jar + ":/opt/flink/usrlib/")),
                    s + " mounts " + jar + ": " + volumes);
        }

        String jm = map(services.get("jobmanager")).get("command").toString();
        Matcher main = Pattern.compile("--job-classname (\\S+)").matcher(jm);
        assertTrue(main.find(), jm);
        assertEquals(ScatterStreamJob.class.getName(), main.group(1));
        Class.forName(main.group(1)).getMethod("main", String[].class);

        Matcher config = Pattern.compile("--config (\\S+)").matcher(jm);
        assertTrue(config.find(), jm);
        String mounted = ((List<?>) map(services.get("jobmanager")).get("volumes")).stream().map(Object::toString)
                .filter(v -> v.contains(":" + config.group(1))).findFirst().orElseThrow();
        JobConfig job = JobConfig.fromMap(ConfigLoader.readYaml(ROOT.resolve(mounted.substring(2, mounted.indexOf(':')))));
        assertEquals("kafka:9092", job.bootstrapServers());

        String producer = map(services.get("producer")).get("command").toString();
        Matcher pm = Pattern.compile("(org\\.scatterstream\\.\\S+)").matcher(producer);
        assertTrue(pm.find(), producer);
        Class.forName(pm.group(1)).getMethod("main", String[].class);
        assertTrue(producer.contains("--topic " + job.samplesTopic()), "producer writes the job's input topic");

        for (String s : List.of("jobmanager", "taskmanager")) {
            String props = map(map(services.get(s)).get("environment")).get("FLINK_PROPERTIES").toString();
            assertTrue(props.contains("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=" + AvroTrust.PACKAGES), s);
            assertTrue(props.contains("--add-modules=jdk.incubator.vector"), s);
            assertTrue(props.contains("jobmanager.rpc.address: jobmanager"), s);
        }
        assertNotNull(map(services.get("kafka")).get("healthcheck"));
    }

    /** The cluster jar's path relative to the repository, from the shade plugin's outputFile. */
    static String shadedJar() throws IOException {
        String pom = Files.readString(ROOT.resolve("stream-job/pom.xml"));
        Matcher m = Pattern.compile("<outputFile>\\$\\{project.build.directory}/([^<]+\\.jar)</outputFile>").matcher(pom);
        assertTrue(m.find(), "shade outputFile in stream-job/pom.xml");
        return "stream-job/target/" + m.group(1);
    }
}
