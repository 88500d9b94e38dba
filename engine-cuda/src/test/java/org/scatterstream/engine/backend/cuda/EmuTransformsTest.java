package org.scatterstream.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.scatterstream.engine.HarmonicScattering3D;
import org.scatterstream.engine.Precision;
import org.scatterstream.engine.Scattering1D;
import org.scatterstream.engine.Scattering2D;
import org.scatterstream.engine.ScatteringTransform;

/**
 * The whole CUDA backend (engine, worker, launch plans, kernels) on the CPU emulation of its
 * kernels, through the public transforms, against the CPU backend: float to 1e-5 and double to
 * 1e-10 of each sample's largest coefficient. Small shapes (the emulation runs a GPU's threads one
 * by one) that still take every code path: padding maps, multi-pass and mixed-radix FFTs, odd grids,
 * local and global averaging, order 1 and 2, batches that do not fill the worker's lanes.
 */
class EmuTransformsTest {
    @BeforeAll
    static void emulation() {
        assumeTrue(EmuLibrary.unavailable() == null, () -> "kernel emulation not available: " + EmuLibrary.unavailable());
    }

    static double tolerance(Precision p) {
        return p == Precision.FLOAT ? 1e-5 : 1e-10;
    }

    static void compare(Function<String, ScatteringTransform> build, Precision p, int batch, long seed) {
        compare(EmuBackend.NAME, build, p, batch, seed);
    }

    /** Runs {@code backend} and cpu on the same random batch and compares sample by sample. */
    static void compare(String backend, Function<String, ScatteringTransform> build, Precision p, int batch, long seed) {
        try (ScatteringTransform gpu = build.apply(backend); ScatteringTransform cpu = build.apply("cpu")) {
            assertEquals(cpu.configId(), gpu.configId());
            assertEquals(backend, gpu.backendName());
            int in = cpu.inputSize(), out = cpu.outputSize();
            SplittableRandom r = new SplittableRandom(seed);
            double[] x = new double[batch * in];
            for (int i = 0; i < x.length; i++) x[i] = r.nextGaussian();
            for (int round = 0; round < 2; round++) {        // twice: pooled workers, reused buffers
                double[] want = cpu.transform(x, batch);
                double[] got = gpu.transform(x, batch);
                for (int s = 0; s < batch; s++) {
                    double scale = 0, err = 0;
                    int at = -1;
                    for (int i = s * out; i < (s + 1) * out; i++) {
                        scale = Math.max(scale, Math.abs(want[i]));
                        double d = Math.abs(got[i] - want[i]);
                        if (!(d <= err)) { err = d; at = i - s * out; }
                    }
                    assertTrue(err <= tolerance(p) * scale, gpu.configId() + " " + p + " sample " + s + ": max error " + err
                            + " at " + at + " (got " + got[s * out + Math.max(at, 0)] + ", cpu " + want[s * out + Math.max(at, 0)]
                            + ") of max " + scale);
                }
                if (p == Precision.FLOAT) {   // the float[] entry point too
                    float[] xf = new float[x.length];
                    for (int i = 0; i < x.length; i++) xf[i] = (float) x[i];
                    float[] a = gpu.transform(xf, batch), b = cpu.transform(xf, batch);
                    double scale = 0, err = 0;
                    for (int i = 0; i < a.length; i++) {
                        scale = Math.max(scale, Math.abs(b[i]));
                        err = Math.max(err, Math.abs(a[i] - b[i]));
                    }
                    assertTrue(err <= tolerance(p) * scale, "float arrays: max error " + err + " of " + scale);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void scattering1dLocal(Precision p) {
        compare(b -> Scattering1D.builder().J(5).Q(8).shape(1000).precision(p).backend(b).threads(1).build(), p, 3, 1);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void scattering1dGlobalOrder1AndStride(Precision p) {
        compare(b -> Scattering1D.builder().J(6).Q(4, 2).shape(700).globalAveraging().precision(p).backend(b).build(), p, 2, 2);
        compare(b -> Scattering1D.builder().J(4).Q(2).shape(256).maxOrder(1).precision(p).backend(b).build(), p, 5, 3);
        compare(b -> Scattering1D.builder().J(5).Q(1).shape(512).T(20).stride(4).precision(p).backend(b).build(), p, 1, 4);
    }

    @Test
    void scattering1dMultiPassFft() {
        // nPad = 2^14: more than one shared-memory pass per FFT in both precisions
        compare(b -> Scattering1D.builder().J(3).Q(1).shape(9000).precision(Precision.DOUBLE).backend(b).build(),
                Precision.DOUBLE, 1, 5);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void scattering2d(Precision p) {
        compare(b -> Scattering2D.builder().J(2).L(4).shape(32, 32).precision(p).backend(b).build(), p, 3, 6);
        compare(b -> Scattering2D.builder().J(2).L(3).shape(31, 37).precision(p).backend(b).build(), p, 2, 7);
    }

    @Test
    void scattering2dOrder1() {
        compare(b -> Scattering2D.builder().J(1).L(2).shape(20, 12).maxOrder(1).precision(Precision.DOUBLE).backend(b).build(),
                Precision.DOUBLE, 2, 8);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void harmonic3d(Precision p) {
        compare(b -> HarmonicScattering3D.builder().J(1).L(2).shape(12, 12, 12).precision(p).backend(b).build(), p, 2, 9);
    }

    /**
     * On a device with little shared memory ({@link EmuBackend.Small}): FFTs in several passes, and
     * the unfused low-pass outputs (22 x 22 does not fit; 9 x 8 does) and 1D path steps.
     */
    @ParameterizedTest
    @EnumSource(Precision.class)
    void smallSharedMemory(Precision p) {
        String small = EmuBackend.Small.NAME;
        compare(small, b -> Scattering2D.builder().J(1).L(2).shape(40, 40).precision(p).backend(b).build(), p, 2, 11);
        compare(small, b -> Scattering2D.builder().J(2).L(2).shape(28, 26).precision(p).backend(b).build(), p, 3, 12);
        compare(small, b -> HarmonicScattering3D.builder().J(1).L(1).shape(10, 12, 8).precision(p).backend(b).build(), p, 2, 13);
        compare(small, b -> Scattering1D.builder().J(4).Q(2).shape(1000).precision(p).backend(b).build(), p, 2, 14);
    }

    @Test
    void harmonic3dOddGridNonCovariantManyPowers() {
        compare(b -> HarmonicScattering3D.builder().J(2).L(1).shape(9, 10, 11).rotationCovariant(false)
                .integralPowers(0.5, 1, 2, 3, 1.5, 0.25, 4, 2.5, 5, 0.75).precision(Precision.DOUBLE).backend(b).build(),
                Precision.DOUBLE, 1, 10);
    }
}
