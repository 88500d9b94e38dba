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

    /**
     * Dots of the taps {@code a} (length a multiple of 32, zero-padded) with {@code count} windows of b
     * starting {@code step} apart: {@code out[oo + f * os] = sum_i a[i] b[bo + f * step + i]}. With
     * the Vector API, four windows at a time share each load of the taps.
     */
    public static void dots(double[] a, double[] b, int bo, int step, int count, double/*keep*/[] out, int oo, int os) {
        int f = 0;
        if (VectorSupport.AVAILABLE && a.length % VecKernels64.LEN == 0) f = VecKernels64.dots(a, a.length, b, bo, step, count, out, oo, os);
        for (; f < count; f++) out[oo + f * os] = dot(a, 0, b, bo + f * step, a.length);
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
