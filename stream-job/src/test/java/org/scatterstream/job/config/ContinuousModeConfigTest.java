package org.scatterstream.job.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scatterstream.job.JobPlan;
import org.scatterstream.job.window.StreamModeFilter;

/** {@code window.mode} and {@code window.continuous-streams}. */
class ContinuousModeConfigTest {

    @Test
    void windowedByDefault() {
        JobConfig c = JobConfig.fromMap(JobConfigTest.minimal());
        assertEquals(WindowMode.WINDOWED, c.windowMode());
        assertNull(c.continuousStreams());
        assertFalse(c.anyContinuous());
        assertFalse(new StreamModeFilter(c, true).continuous("anything"));
    }

    @Test
    void modeAndPerStreamSelection() {
        Map<String, String> m = JobConfigTest.minimal();
        m.put("window.continuous-streams", "mic-[0-9]+");
        JobConfig c = JobConfig.fromMap(m);
        assertTrue(c.anyContinuous());
        assertTrue(c.anyWindowed());
        StreamModeFilter f = new StreamModeFilter(c, true);
        assertTrue(f.continuous("mic-12"));
        assertFalse(f.continuous("mic-x"));
        assertFalse(f.continuous("sensor-1"));

        m.put("window.mode", "continuous");
        c = JobConfig.fromMap(m);
        assertFalse(c.anyWindowed());
        assertTrue(new StreamModeFilter(c, true).continuous("sensor-1"));
    }

    @Test
    void idleTimeout() {
        Map<String, String> m = JobConfigTest.minimal();
        m.put("window.mode", "continuous");
        assertEquals(java.time.Duration.ofMinutes(5), JobConfig.fromMap(m).idleTimeout());
        m.put("window.idle-timeout", "30s");
        JobConfig c = JobConfig.fromMap(m);
        assertEquals(30_000, c.idleTimeout().toMillis());
        assertEquals(30_000, JobPlan.of(c).continuous1d().idleTimeoutMillis());
        m.put("window.idle-timeout", "0");
        assertEquals(0, JobConfig.fromMap(m).idleTimeout().toMillis(), "0: never");
        m.put("window.idle-timeout", "soon");
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> JobConfig.fromMap(m));
        assertTrue(e.getMessage().contains("window.idle-timeout"), e.getMessage());
    }

    @Test
    void plansOnlyTheTransformsInUse() {
        Map<String, String> m = JobConfigTest.minimal();
        m.put("window.mode", "continuous");
        JobConfig c = JobConfig.fromMap(m);
        JobPlan plan = JobPlan.of(c);
        assertNull(plan.transform1d());
        assertNotNull(plan.continuous1d());
        assertEquals(1, plan.metas().size());
        assertEquals("continuous", plan.metas().get(0).getParams().get("mode"));
        assertEquals(java.util.List.of(plan.metas().get(0).getChannels().size(), -1), plan.metas().get(0).getShape());
        m.put("window.mode", "windowed");
        m.put("window.continuous-streams", "c-.*");
        JobPlan mixed = JobPlan.of(JobConfig.fromMap(m));
        assertNotNull(mixed.transform1d());
        assertNotNull(mixed.continuous1d());
        assertEquals(2, mixed.metas().size());
    }

    @Test
    void clearErrors() {
        Map<String, String> m = JobConfigTest.minimal();
        m.put("window.mode", "sliding");
        assertTrue(JobConfigTest.error(m).contains("'window.mode'"), JobConfigTest.error(m));
        m.remove("window.mode");
        m.put("window.continuous-streams", "mic-(");
        assertTrue(JobConfigTest.error(m).contains("not a regular expression"), JobConfigTest.error(m));
        m.put("window.continuous-streams", ".*");
        m.put("transform.T", "global");
        assertTrue(JobConfigTest.error(m).contains("global"), JobConfigTest.error(m));
    }
}
