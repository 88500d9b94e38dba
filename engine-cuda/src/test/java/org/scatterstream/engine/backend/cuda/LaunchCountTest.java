package org.scatterstream.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.scatterstream.engine.HarmonicScattering3D;
import org.scatterstream.engine.Scattering1D;
import org.scatterstream.engine.Scattering2D;
import org.scatterstream.engine.ScatteringTransform;

/**
 * Launches per batch of the benchmark configurations (counted on the emulated device without
 * running the kernels): what a GPU's host thread must issue per batch, printed for the record, and
 * bounded so that a change that multiplies launches shows up.
 */
class LaunchCountTest {
    static long launches(Function<String, ScatteringTransform> build, int batch) {
        try (ScatteringTransform t = build.apply(EmuBackend.NAME)) {
            EmuGpu gpu = EmuBackend.last;
            gpu.dryRun = true;
            long before = gpu.launches.get();
            t.transform(new float[batch * t.inputSize()], batch);   // launches do not depend on the batch
            long n = gpu.launches.get() - before;
            System.out.printf("%s, batch %d: %d launches per batch, %d output channels%n", t.configId(), batch, n,
                    t.outputShape()[0]);
            return n;
        }
    }

    @Test
    void fusedPathsTakeOneLaunchEach() {
        assumeTrue(EmuLibrary.unavailable() == null, () -> "kernel emulation not available: " + EmuLibrary.unavailable());
        // J=6 Q=8 N=4096 (nPad 8192): every path fits the fused one-block kernels in float: the load, one
        // launch per path step, one per low-pass output (126 channels), and the zeroth-order rfft
        long fused = launches(b -> Scattering1D.builder().J(6).Q(8).shape(4096).backend(b).build(), 1);
        long unfused = launches(b -> Scattering1D.builder().J(6).Q(8).shape(4096).precision(org.scatterstream.engine.Precision.DOUBLE)
                .backend(b).build(), 1);
        assertTrue(fused <= 2 * 126 + 8, fused + " launches");
        assertTrue(fused < unfused, "double paths of 8192 points do not fit one block: " + unfused);
    }

    /** The benchmarks' configurations (slow to set up here: filter banks of 2^17, 272^2, 128^3), on request. */
    @Test
    void benchmarkConfigurations() {
        assumeTrue(EmuLibrary.unavailable() == null, () -> "kernel emulation not available: " + EmuLibrary.unavailable());
        assumeTrue(Boolean.getBoolean("scatterstream.launchCounts"), "-Dscatterstream.launchCounts=true to count them");
        long l1 = launches(b -> Scattering1D.builder().J(10).Q(8).shape(65536).backend(b).build(), 1);
        long l2 = launches(b -> Scattering2D.builder().J(3).L(8).shape(256, 256).backend(b).build(), 1);
        long l3 = launches(b -> HarmonicScattering3D.builder().J(2).L(2).shape(128, 128, 128).backend(b).build(), 1);
        assertTrue(l1 < 1_400 && l2 < 1_000 && l3 < 400, l1 + " " + l2 + " " + l3);
    }
}
