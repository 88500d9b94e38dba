package org.scatterstream.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kymatio reference cases through the whole CUDA backend on the CPU emulation of its kernels:
 * Kymatio's numbers at the engine's tolerances, and the CPU backend's to 1e-5 in float. The build
 * runs a subset that takes every path (about 8 s: the emulation runs a GPU's threads one by one);
 * {@code -Dscatterstream.emu.allReferences=true} runs all of them (about a minute).
 */
class EmuReferenceTest {
    @BeforeAll
    static void emulation() {
        assumeTrue(EmuLibrary.unavailable() == null, () -> "kernel emulation not available: " + EmuLibrary.unavailable());
    }

    /** One or more cases of each kind that together take every code path of the backend. */
    static final Set<String> SUBSET = Set.of("1d/eeg_j8_q1_n1024", "1d/j6_q8_n1000_global", "1d/j7_q4_n3000_t100",
            "1d/j6_q8_n1000_order1", "2d/j2_l8_31x37", "2d/j2_l4_64x48_order1", "2d/j3_l8_64x48",
            "3d/j1_l2_15x16x17_odd", "3d/j2_l2_16cube_nonrotcov", "3d/j2_l3_16x20x12_order1");

    static Stream<KymatioCases.Case> cases() {
        boolean all = Boolean.getBoolean("scatterstream.emu.allReferences");
        return KymatioCases.all().stream().filter(c -> all || SUBSET.contains(c.toString()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesKymatioAndCpu(KymatioCases.Case c) {
        KymatioCases.Result r = KymatioCases.run(c, EmuBackend.NAME);
        System.out.println("emulated cuda: " + r);
        assertTrue(r.ok(), r.toString());
    }
}
