package org.scatterstream.engine.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Transforms over lanes that do not fill vectors (four-step on SIMD lanes where the Vector API is present) against the scalar lane FFT. */
class FourStepFftTest {

    @Test
    void transformsOfFewLanesMatchTheScalarFft() {
        Random rnd = new Random(11);
        for (int lanes : new int[] {1, 2, 3}) {
            for (int n : new int[] {512, 1024, 4096, 8192, 16384}) {
                int size = n * lanes;
                double[] re = new double[size], im = new double[size];
                for (int i = 0; i < size; i++) { re[i] = rnd.nextGaussian(); im[i] = rnd.nextGaussian(); }
                double[] er = re.clone(), ei = im.clone();
                LaneFft64.transform(er, ei, new double[size], new double[size], FftPlan.forSize(n), lanes, 1);
                double peak = 0;
                for (int i = 0; i < size; i++) peak = Math.max(peak, Math.hypot(er[i], ei[i]));

                CpuWorker64 w64 = new CpuWorker64(lanes);
                CpuBuffer64 b64 = (CpuBuffer64) w64.buffer(n), s64 = (CpuBuffer64) w64.buffer(n);
                CpuWorker32 w32 = new CpuWorker32(lanes);
                CpuBuffer32 b32 = (CpuBuffer32) w32.buffer(n), s32 = (CpuBuffer32) w32.buffer(n);
                for (int i = 0; i < size; i++) {
                    b64.re[i] = re[i]; b64.im[i] = im[i];
                    b32.re[i] = (float) re[i]; b32.im[i] = (float) im[i];
                }
                w64.ifft(b64, n, s64);
                w32.ifft(b32, n, s32);
                double err64 = 0, err32 = 0;
                for (int i = 0; i < size; i++) {
                    err64 = Math.max(err64, Math.hypot(b64.re[i] - er[i], b64.im[i] - ei[i]));
                    err32 = Math.max(err32, Math.hypot(b32.re[i] - er[i], b32.im[i] - ei[i]));
                }
                String at = "n=" + n + " lanes=" + lanes;
                assertTrue(err64 <= 1e-12 * peak, at + ": double error " + err64 / peak);
                assertTrue(err32 <= 1e-5 * peak, at + ": float error " + err32 / peak);
            }
        }
    }

    @Test
    void forwardRealTransformOfFewLanesMatchesTheDefinition() {
        for (int lanes = 1; lanes <= 3; lanes++) realTransform(new CpuWorker64(lanes), 4096, lanes);
    }

    /**
     * Lengths 2^a 3^b 5^c (the continuous transform's blocks) on one worker after a longer power of
     * two: the worker's twiddle table must be re-read for a length that does not divide it.
     */
    @Test
    void forwardRealTransformOfSmoothLengthsAfterAPowerOfTwo() {
        for (int lanes : new int[] {1, 16}) {
            CpuWorker64 w = new CpuWorker64(lanes);
            for (int n : new int[] {8192, 8000, 2880, 4096, 720}) realTransform(w, n, lanes);
        }
    }

    private static void realTransform(CpuWorker64 w, int n, int lanes) {
        Random rnd = new Random(5);
        double[] x = new double[n * lanes];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextGaussian();
        CpuBuffer64 packed = (CpuBuffer64) w.buffer(n / 2), spec = (CpuBuffer64) w.buffer(n / 2 + 1), scratch = (CpuBuffer64) w.buffer(n);
        for (int t = 0; t < n / 2; t++) {
            for (int v = 0; v < lanes; v++) {
                packed.re[t * lanes + v] = x[(2 * t) * lanes + v];
                packed.im[t * lanes + v] = x[(2 * t + 1) * lanes + v];
            }
        }
        w.rfft(packed, n, spec, scratch);
        int h = n / 2;
        for (int k : new int[] {0, 1, 2, 7, 8, 9, 300, h / 2, h - 9, h - 8, h - 7, h - 2, h - 1, h}) {
            for (int v = 0; v < lanes; v++) {
                double sr = 0, si = 0;
                for (int t = 0; t < n; t++) {
                    double a = -2 * Math.PI * ((long) k * t % n) / n;
                    sr += x[t * lanes + v] * Math.cos(a);
                    si += x[t * lanes + v] * Math.sin(a);
                }
                double err = Math.hypot(spec.re[k * lanes + v] - sr, spec.im[k * lanes + v] - si);
                assertTrue(err <= 1e-9 * Math.sqrt(n), "lanes=" + lanes + " k=" + k + " lane " + v + ": error " + err);
            }
        }
    }
}
