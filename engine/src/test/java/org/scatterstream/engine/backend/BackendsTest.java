package org.scatterstream.engine.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backend selection precedence: builder > _1D env > env > config file > cpu. */
class BackendsTest {

    @Test
    void precedenceAndErrors(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("scatterstream.cfg");
        Files.writeString(cfg, "# comment\nbackend = nosuch\n");
        Map<String, String> env = Map.of();
        BackendException e = assertThrows(BackendException.class, () -> Backends.select(null, "1d", env::get, cfg));
        assertTrue(e.getMessage().contains("unknown backend 'nosuch'; available: cpu"), e.getMessage());

        Map<String, String> env2 = Map.of("SCATTERSTREAM_BACKEND", "cpu");
        assertEquals("cpu", Backends.select(null, "1d", env2::get, cfg).name());

        Map<String, String> env3 = Map.of("SCATTERSTREAM_BACKEND", "cpu", "SCATTERSTREAM_BACKEND_1D", "bogus");
        assertThrows(BackendException.class, () -> Backends.select(null, "1d", env3::get, cfg));
        assertEquals("cpu", Backends.select(null, "2d", env3::get, cfg).name(), "_1D applies to 1D only");
        assertEquals("cpu", Backends.select("CPU", "1d", env3::get, cfg).name(), "the builder wins");

        Files.writeString(cfg, "backend = bogus\nbackend_3d = cpu\n");
        assertEquals("cpu", Backends.select(null, "3d", env::get, cfg).name());
        assertEquals("cpu", Backends.select(null, "1d", env::get, dir.resolve("missing.cfg")).name(), "default cpu");
        assertEquals("cpu", Backends.select("auto", "1d", env::get, cfg).name(), "auto without accelerator");
    }
}
