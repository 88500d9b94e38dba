package org.scatterstream.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.scatterstream.engine.Precision;
import org.scatterstream.engine.Scattering1D;
import org.scatterstream.engine.ScatteringTransform;

/**
 * The fallback path with the real CUDA engine on the emulated device, whose launches are made to
 * fail like a CUDA error: the batch is redone on the CPU (same numbers as the CPU transform, nothing
 * lost), counted, and the accelerator is given up after three failures in a row.
 */
class FallbackTransformTest {
    static Scattering1D build(String backend) {
        return Scattering1D.builder().J(4).Q(2).shape(300).precision(Precision.DOUBLE).backend(backend).threads(1).build();
    }

    static double[] input(int batch, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[batch * 300];
        for (int i = 0; i < x.length; i++) x[i] = r.nextGaussian();
        return x;
    }

    @Test
    void aFailedBatchIsRedoneOnTheCpuAndCounted() {
        assumeTrue(EmuLibrary.unavailable() == null, () -> "kernel emulation not available: " + EmuLibrary.unavailable());
        try (ScatteringTransform cpu = build("cpu");
             FallbackTransform t = FallbackTransform.wrap(build(EmuBackend.NAME), () -> build("cpu"))) {
            EmuGpu gpu = EmuBackend.last;
            assertEquals(EmuBackend.NAME, t.backendName());
            double[] x1 = input(3, 1), x2 = input(3, 2), x3 = input(3, 3);
            double[] want1 = cpu.transform(x1, 3), want2 = cpu.transform(x2, 3), want3 = cpu.transform(x3, 3);

            double[] out = t.transform(x1, 3);
            assertEquals(0, t.fallbacks());
            assertClose(want1, out, 1e-10);

            gpu.failAfter = gpu.launches.get() + 5;          // fails part way through the next batch
            double[] out2 = new double[out.length];
            java.util.Arrays.fill(out2, Double.NaN);
            t.transform(x2, 3, out2);
            assertEquals(1, t.fallbacks());
            assertArrayEquals(want2, out2, "redone on the cpu: the cpu's numbers, every window");
            assertTrue(t.lastFailure().contains("CUDA_ERROR_LAUNCH_FAILED"), t.lastFailure());
            assertNull(t.acceleratorDisabled());

            gpu.failAfter = -1;                               // the device recovers: the GPU serves again
            long before = gpu.launches.get();
            assertClose(want3, t.transform(x3, 3), 1e-10);
            assertTrue(gpu.launches.get() > before, "ran on the GPU");
            assertEquals(1, t.fallbacks());
            assertArrayEquals(want2, out2, "the failed group's outputs are not written late");

            gpu.failAfter = 0;                                // a sticky error: every launch fails
            for (int i = 1; i <= FallbackTransform.MAX_CONSECUTIVE_FAILURES; i++) {
                assertArrayEquals(want1, t.transform(x1, 3));
                assertEquals(1 + i, t.fallbacks());
            }
            assertNotNull(t.acceleratorDisabled());
            assertEquals("cpu", t.backendName());
            long launches = gpu.launches.get();
            assertArrayEquals(want3, t.transform(x3, 3));
            assertEquals(launches, gpu.launches.get(), "given up: no more GPU attempts");
            assertEquals(1 + FallbackTransform.MAX_CONSECUTIVE_FAILURES, t.fallbacks(), "not counted as failures");
        }
    }

    @Test
    void argumentErrorsAreTheCallersAndPropagate() {
        try (FallbackTransform t = FallbackTransform.wrap(build("cpu"), () -> build("cpu"))) {
            assertThrows(IllegalArgumentException.class, () -> t.transform(new double[10], 3, new double[10]));
            assertEquals(0, t.fallbacks());
        }
    }

    @Test
    void theCpuTwinMustComputeTheSameConfiguration() {
        assumeTrue(EmuLibrary.unavailable() == null, () -> "kernel emulation not available: " + EmuLibrary.unavailable());
        try (FallbackTransform t = FallbackTransform.wrap(build(EmuBackend.NAME),
                () -> Scattering1D.builder().J(3).shape(300).backend("cpu").build())) {
            EmuBackend.last.failAfter = 0;
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.transform(input(1, 1), 1));
            assertTrue(e.getMessage().contains("CPU fallback computes"), e.getMessage());
        }
    }

    @Test
    void withoutAUsableGpuTheCpuServesFromTheStart() {
        assumeTrue(!CudaProbeTest.driverInstalled(), "an NVIDIA driver is installed here");
        try (FallbackTransform t = FallbackTransform.of(FallbackTransformTest::build);
             ScatteringTransform cpu = build("cpu")) {
            assertEquals("cpu", t.backendName());
            assertTrue(t.acceleratorDisabled().contains("libcuda.so.1"), t.acceleratorDisabled());
            double[] x = input(2, 4);
            assertArrayEquals(cpu.transform(x, 2), t.transform(x, 2));
            assertEquals(0, t.fallbacks(), "not a failure: cuda was never usable");
            assertEquals(cpu.configId(), t.configId());
        }
    }

    static void assertClose(double[] want, double[] got, double tol) {
        double scale = 0, err = 0;
        for (int i = 0; i < want.length; i++) {
            scale = Math.max(scale, Math.abs(want[i]));
            err = Math.max(err, Math.abs(want[i] - got[i]));
        }
        assertTrue(err <= tol * scale, "max error " + err + " of " + scale);
    }
}
