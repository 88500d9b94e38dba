package org.scatterstream.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.scatterstream.engine.HarmonicScattering3D;
import org.scatterstream.engine.Precision;
import org.scatterstream.engine.Scattering1D;
import org.scatterstream.engine.Scattering2D;

/**
 * The CUDA backend on a real GPU: every Kymatio case, and the emulated tests' configurations,
 * against Kymatio and the CPU backend. Skipped, with the probe's reason, where the backend is not
 * usable (no driver, no GPU: this project's build machines); {@code -Dscatterstream.gpu.required=true}
 * (gpu-check.sh) makes that a failure instead.
 */
class CudaGpuTest {
    @BeforeAll
    static void gpu() {
        String why = new CudaBackend().unavailableReason();
        if (Boolean.getBoolean("scatterstream.gpu.required") && why != null) {
            throw new AssertionError("a usable GPU is required (-Dscatterstream.gpu.required) but: " + why);
        }
        assumeTrue(why == null, () -> "no usable GPU here: " + why);
    }

    static Stream<KymatioCases.Case> cases() {
        return KymatioCases.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void kymatioCasesMatchKymatioAndCpu(KymatioCases.Case c) {
        KymatioCases.Result r = KymatioCases.run(c, CudaBackend.NAME);
        System.out.println("cuda: " + r);
        assertTrue(r.ok(), r.toString());
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void batchesOfEveryShapeMatchTheCpu(Precision p) {
        String cuda = CudaBackend.NAME;
        EmuTransformsTest.compare(cuda, b -> Scattering1D.builder().J(5).Q(8).shape(1000).precision(p).backend(b).build(), p, 3, 1);
        EmuTransformsTest.compare(cuda, b -> Scattering1D.builder().J(6).Q(4, 2).shape(700).globalAveraging().precision(p)
                .backend(b).build(), p, 37, 2);
        EmuTransformsTest.compare(cuda, b -> Scattering1D.builder().J(10).Q(8).shape(65536).precision(p).backend(b).build(), p, 5, 3);
        EmuTransformsTest.compare(cuda, b -> Scattering2D.builder().J(3).L(8).shape(61, 77).precision(p).backend(b).build(), p, 9, 4);
        EmuTransformsTest.compare(cuda, b -> HarmonicScattering3D.builder().J(2).L(2).shape(33, 24, 20).precision(p).backend(b)
                .build(), p, 3, 5);
    }

    @Test
    void fallbackTransformUsesTheGpuWhenHealthy() {
        try (FallbackTransform t = FallbackTransform.of(b -> Scattering1D.builder().J(6).Q(8).shape(4096).backend(b).build())) {
            assertEquals(CudaBackend.NAME, t.backendName());
            float[] x = new float[16 * 4096];
            for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(i * 0.01);
            t.transform(x, 16);
            assertEquals(0, t.fallbacks());
            assertTrue(t.backendStats().get("gpu_kernel_ms") > 0, t.backendStats().toString());
        }
    }
}
