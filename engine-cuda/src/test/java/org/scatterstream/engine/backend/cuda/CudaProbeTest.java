package org.scatterstream.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scatterstream.engine.Precision;
import org.scatterstream.engine.Scattering1D;
import org.scatterstream.engine.backend.Backend;
import org.scatterstream.engine.backend.BackendException;
import org.scatterstream.engine.backend.Backends;

/**
 * Selection without a GPU: the backend is registered, says why it cannot run in one line, auto
 * picks cpu, and asking for cuda by name is a clear error. The no-driver assertions run only where
 * there is no libcuda.so.1 (like this project's build machines).
 */
class CudaProbeTest {
    static boolean driverInstalled() {
        for (String d : new String[] {"/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/cuda/compat",
                "/usr/lib/wsl/lib"}) {
            if (Files.exists(Path.of(d, "libcuda.so.1"))) return true;
        }
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) for (String d : ld.split(":")) if (!d.isEmpty() && Files.exists(Path.of(d, "libcuda.so.1"))) return true;
        return false;
    }

    @Test
    void registeredThroughTheServiceLoader() {
        Backend b = Backends.all().get("cuda");
        assertTrue(b instanceof CudaBackend, "cuda is registered: " + Backends.all().keySet());
    }

    @Test
    void withoutADriverTheReasonIsOneClearLine() {
        assumeTrue(!driverInstalled(), "an NVIDIA driver is installed here");
        String why = new CudaBackend().unavailableReason();
        assertEquals("no NVIDIA driver (libcuda.so.1 not found)", why);
        assertSame(why, new CudaBackend().unavailableReason(), "probed once per JVM");
    }

    @Test
    void byNameIsAClearErrorAndAutoFallsBackToCpu() {
        assumeTrue(!driverInstalled(), "an NVIDIA driver is installed here");
        BackendException e = assertThrows(BackendException.class, () -> Backends.byName("cuda"));
        assertTrue(e.getMessage().startsWith("backend 'cuda' is not usable here: no NVIDIA driver (libcuda.so.1 not found)"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
        // auto takes the first usable accelerator, else cpu; never the unusable cuda (in this test JVM the
        // emulated device of the other tests is registered and usable too)
        assertNotEquals("cuda", Backends.byName("auto").name());
        assertNotEquals("cuda", Backends.select(null, "1d", Map.of("SCATTERSTREAM_BACKEND", "auto")::get, null).name());
        assertTrue(Backends.describe().contains("cuda (unavailable: no NVIDIA driver (libcuda.so.1 not found))"),
                Backends.describe());
        BackendException open = assertThrows(BackendException.class, () -> new CudaBackend().open(Precision.FLOAT));
        assertTrue(open.getMessage().contains("not usable here"), open.getMessage());
        BackendException build = assertThrows(BackendException.class,
                () -> Scattering1D.builder().J(4).shape(256).backend("cuda").build());
        assertTrue(build.getMessage().contains("libcuda.so.1"), build.getMessage());
        try (Scattering1D s = Scattering1D.builder().J(4).shape(256).backend("auto").build()) {
            assertNotEquals("cuda", s.backendName());
        }
    }

    @Test
    void loadFailuresBecomeOneLine() {
        UnsatisfiedLinkError ule = new UnsatisfiedLinkError("Error while loading native library \"JCudaDriver-12.6.0-linux-x86_64\"\n"
                + "Operating system name: Linux\nStack trace from the attempt to load the library as a resource:\n"
                + "java.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver-12.6.0-linux-x86_64.so: libcuda.so.1: cannot open shared "
                + "object file: No such file or directory");
        assertEquals("no NVIDIA driver (libcuda.so.1 not found)", CudaProbe.describe(ule));
        assertEquals("cannot load the JCuda driver bindings: no libJCudaDriver for this platform",
                CudaProbe.describe(new UnsatisfiedLinkError("no libJCudaDriver for this platform\nmore detail")));
        Throwable ncdfe = new NoClassDefFoundError("x").initCause(new RuntimeException("boom"));
        assertEquals("cannot load the JCuda driver bindings: boom", CudaProbe.describe(ncdfe));
        assertEquals("CUDA probe failed: IllegalStateException", CudaProbe.describe(new IllegalStateException()));
    }

    @Test
    void withoutKernelsTheBackendSaysSo() {
        assertTrue(CudaProbe.probe(null).startsWith("built without kernels"), CudaProbe.probe(null));
    }

    @Test
    void theJarCarriesTheKernels() {
        byte[] fatbin = CudaKernels.fatbin();
        assertTrue(fatbin != null && fatbin.length > 1000, "scatter.fatbin is a resource");
        // fatbin container magic 0xBA55ED50, little-endian
        assertEquals(0x50, fatbin[0] & 0xff);
        assertEquals(0xED, fatbin[1] & 0xff);
        assertEquals(0x55, fatbin[2] & 0xff);
        assertEquals(0xBA, fatbin[3] & 0xff);
    }

    @Test
    void theCommittedFatbinWasBuiltFromThisSource() throws Exception {
        Path dir = EmuLibrary.moduleDir();
        Path src = dir.resolve("src/main/cuda/scatter.cu");
        Path stamp = dir.resolve("src/main/resources/org/scatterstream/engine/backend/cuda/scatter.fatbin.sha256");
        assumeTrue(Files.exists(src) && Files.exists(stamp), "not run from a source checkout");
        var md = java.security.MessageDigest.getInstance("SHA-256");
        String hash = java.util.HexFormat.of().formatHex(md.digest(Files.readAllBytes(src)));
        assertEquals(hash, Files.readString(stamp).trim(),
                "scatter.cu changed since scatter.fatbin was built: run engine-cuda/build-kernels.sh where nvcc is installed "
                        + "and commit the fatbin");
    }
}
