package org.scatterstream.engine.backend.cpu;

import org.scatterstream.engine.backend.Worker;

/**
 * Direct access to the lane-interleaved arrays of the CPU backend's buffers (element e, lane v at
 * {@code e * lanes + v}), for cores that keep their own state in plain arrays and move it into and
 * out of lanes themselves (the incremental 1D transform). Only for buffers of a CPU worker of this
 * precision. The float twin {@code CpuArrays32} is generated from this file.
 */
public final class CpuArrays64 {
    private CpuArrays64() {}

    /** Real parts of a CPU buffer of this precision. */
    public static double[] re(Worker.Buffer b) {
        return ((CpuBuffer64) b).re;
    }

    /** Imaginary parts of a CPU buffer of this precision. */
    public static double[] im(Worker.Buffer b) {
        return ((CpuBuffer64) b).im;
    }

    /** {@code sum_i a[ao + i] * b[bo + i]} for i < n (SIMD when the Vector API is present). */
    public static double dot(double[] a, int ao, double[] b, int bo, int n) {
        if (VectorSupport.AVAILABLE && n >= 4 * VecKernels64.LEN) return VecKernels64.dot(a, ao, b, bo, n);
        double s0 = 0, s1 = 0;
        int i = 0;
        for (; i + 1 < n; i += 2) {
            s0 += a[ao + i] * b[bo + i];
            s1 += a[ao + i + 1] * b[bo + i + 1];
        }
        if (i < n) s0 += a[ao + i] * b[bo + i];
        return s0 + s1;
    }

    /** {@code out[oo + i] = |re[ro + i] + i im[ro + i]|} for i < n (SIMD when the Vector API is present). */
    public static void modulus(double[] re, double[] im, int ro, double[] out, int oo, int n) {
        int i = 0;
        if (VectorSupport.AVAILABLE) i = VecKernels64.modulus(re, im, ro, out, oo, n);
        for (; i < n; i++) {
            double r = re[ro + i], m = im[ro + i];
            out[oo + i] = (double) Math.sqrt(r * r + m * m);
        }
    }

    /** Lane count at which this precision's kernels run as SIMD vectors (1 without the Vector API). */
    public static int vectorLanes() {
        return VectorSupport.AVAILABLE ? VecKernels64.LEN : 1;
    }
}
