package org.scatterstream.engine.backend.cpu;

/**
 * Whether the incubating Vector API ({@code --add-modules jdk.incubator.vector}) is present. Without
 * it the CPU backend runs its portable scalar kernels (same numbers, several times slower);
 * {@code -Dscatterstream.cpu.simd=false} forces that path.
 */
final class VectorSupport {
    static final boolean AVAILABLE = detect();

    private VectorSupport() {}

    private static boolean detect() {
        if (!Boolean.parseBoolean(System.getProperty("scatterstream.cpu.simd", "true"))) return false;
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return false;
        try {
            return VecKernels64.LEN > 0 && VecKernels32.LEN > 0;
        } catch (Throwable t) {      // LinkageError or a JIT without vector intrinsics: use the scalar path
            // the module was asked for, so a silent fallback (several times slower) would hide a problem
            System.getLogger(VectorSupport.class.getName()).log(System.Logger.Level.WARNING,
                    "jdk.incubator.vector is present but unusable ({0}); the CPU backend runs its scalar kernels", t.toString());
            return false;
        }
    }

    /** Vector length in elements for the precision (1 when SIMD is unavailable). */
    static int length(boolean floatPrecision) {
        if (!AVAILABLE) return 1;
        return floatPrecision ? VecKernels32.LEN : VecKernels64.LEN;
    }
}
