package org.scatterstream.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The FFT plan, host side: radix sequence, grouping of stages into shared-memory passes, launch
 * sizes; and a Java model of the pass indexing documented in scatter.cu (fft_pass), run against a
 * reference DFT, so a wrong plan fails here even where the kernels cannot run.
 */
class CudaFftScheduleTest {
    static final int SMEM = 48 * 1024;

    @Test
    void radicesAreFoursThenATwoThenOddPrimes() {
        assertArrayEquals(new int[] {}, CudaFftSchedule.radices(1));
        assertArrayEquals(new int[] {2}, CudaFftSchedule.radices(2));
        assertArrayEquals(new int[] {4, 2}, CudaFftSchedule.radices(8));
        assertArrayEquals(new int[] {4, 4, 4, 4, 4, 4, 4, 4, 2}, CudaFftSchedule.radices(1 << 17));
        assertArrayEquals(new int[] {4, 4, 17}, CudaFftSchedule.radices(272));      // 2D: 256 + 2 * 2^3 padding
        assertArrayEquals(new int[] {2, 1009}, CudaFftSchedule.radices(2018));
        assertArrayEquals(new int[] {3, 3, 5, 7}, CudaFftSchedule.radices(315));
        assertArrayEquals(new int[] {4, 2, 3}, CudaFftSchedule.radices(24));
        assertThrows(IllegalArgumentException.class, () -> CudaFftSchedule.radices(0));
    }

    @ParameterizedTest(name = "n={0} inner={1} outer={2} element={3}B")
    @CsvSource({
        "2, 1, 1, 8", "512, 1, 1, 8", "4096, 1, 1, 8", "65536, 1, 64, 8", "131072, 1, 1, 8", "131072, 1, 1, 16",
        "1048576, 1, 1, 8", "272, 1, 272, 8", "272, 137, 1, 16", "128, 16384, 1, 8", "128, 1, 16384, 8",
        "2018, 1, 1, 16", "4099, 1, 1, 8", "15, 272, 3, 16", "1, 7, 3, 8",
    })
    void passesCoverTheRadicesWithinSharedMemory(int n, int inner, int outer, int es) {
        CudaFftSchedule s = CudaFftSchedule.of(n, inner, outer, es, SMEM);
        long product = 1;
        long s0 = 1;
        int maxElems = SMEM / (2 * es);
        for (CudaFftSchedule.Pass p : s.passes) {
            assertEquals(s0, p.s0(), "stride before a pass is the product of the earlier ones: " + s);
            product *= p.P();
            s0 *= p.P();
            if (p.global()) {
                assertTrue(p.P() > maxElems, "only a radix too large for shared memory runs as a global pass: " + s);
                assertEquals(1, CudaFftSchedule.radices(p.P()).length, "a global pass is one prime radix");
            } else {
                assertTrue(p.sharedBytes() <= SMEM, "shared memory " + p.sharedBytes() + " in " + s);
                assertEquals(2L * p.P() * p.Q() * es, p.sharedBytes());
                assertEquals(Integer.bitCount(p.Q()), 1, "Q a power of two");
                assertTrue(p.Q() <= Math.max(1, Long.highestOneBit(s.groups(p))), "no more groups per block than exist");
                int qMin = Math.max(1, 32 / es);
                if (s.groups(p) >= qMin && p.P() <= maxElems / qMin) {
                    assertTrue(p.Q() >= qMin, "whole 32-byte sectors of groups per load: " + s);
                }
                assertTrue(p.threads() >= 32 && p.threads() <= CudaLaunch.BLOCK && p.threads() % 32 == 0, "threads " + p.threads());
            }
        }
        assertEquals(n, product, "passes multiply to n: " + s);
        assertEquals((long) n * inner * outer, s.elements());
    }

    @Test
    void fewPassesForTheBenchmarkLengths() {
        // 1D 2^17 (64 x 65536 padded) in two read/write sweeps over memory, in float and double
        assertEquals(2, CudaFftSchedule.of(1 << 17, 1, 1, 8, SMEM).passes.size());
        assertEquals(2, CudaFftSchedule.of(1 << 17, 1, 1, 16, SMEM).passes.size());
        // grid axes of the 2D (272) and 3D (128) benchmarks: one pass each
        assertEquals(1, CudaFftSchedule.of(272, 137, 1, 8, SMEM).passes.size());
        assertEquals(1, CudaFftSchedule.of(128, 1, 16384, 8, SMEM).passes.size());
        assertEquals(1, CudaFftSchedule.of(512, 1, 1, 8, SMEM).passes.size());
        CudaFftSchedule big = CudaFftSchedule.of(4099, 1, 1, 8, SMEM);
        assertTrue(big.passes.get(0).global(), big.toString());
        assertFalse(CudaFftSchedule.of(1009, 1, 1, 16, SMEM).passes.get(0).global());
    }

    /**
     * Java model of fft_pass / fft_stage: per pass, group g of a line block reads g + G t, runs the
     * local Stockham stages with the global twiddles, writes c + Cs (u + P j2).
     */
    static void model(double[] re, double[] im, CudaFftSchedule s, int sign) {
        int n = s.n, inner = s.inner;
        long outer = s.outer;
        double[] tr = new double[n], ti = new double[n];
        for (int k = 0; k < n; k++) {
            tr[k] = Math.cos(2 * Math.PI * k / n);
            ti[k] = sign * Math.sin(2 * Math.PI * k / n);      // W_n^k forward, its conjugate inverse
        }
        double[] xr = re.clone(), xi = im.clone();
        int line = n * inner;
        for (CudaFftSchedule.Pass p : s.passes) {
            int P = p.P(), s0 = p.s0(), ns = n / s0, Cs = s0 * inner, G = line / P;
            double[] yr = new double[xr.length], yi = new double[xi.length];
            for (long o = 0; o < outer; o++) {
                int base = (int) (o * line);
                for (int g = 0; g < G; g++) {
                    int c = g % Cs, j2 = g / Cs;
                    double[] ar = new double[P], ai = new double[P];
                    for (int t = 0; t < P; t++) {
                        ar[t] = xr[base + g + G * t];
                        ai[t] = xi[base + g + G * t];
                    }
                    int sl = 1, rem = P;
                    while (rem > 1) {
                        int pr = CudaFftSchedule.radices(rem)[0];
                        int mp = rem / pr;
                        double[] br = new double[P], bi = new double[P];
                        for (int ql = 0; ql < sl; ql++) {
                            for (int jl = 0; jl < mp; jl++) {
                                long j = j2 + (long) (ns / P) * jl;
                                for (int r = 0; r < pr; r++) {
                                    double sr = 0, si = 0;
                                    for (int t = 0; t < pr; t++) {
                                        int idx = (int) (((long) t * r % pr) * (n / pr));
                                        double vr = ar[ql + sl * (jl + t * mp)], vi = ai[ql + sl * (jl + t * mp)];
                                        sr += vr * tr[idx] - vi * ti[idx];
                                        si += vr * ti[idx] + vi * tr[idx];
                                    }
                                    int w = (int) (j * r * s0 * sl);
                                    int out = ql + sl * (pr * jl + r);
                                    br[out] = sr * tr[w] - si * ti[w];
                                    bi[out] = sr * ti[w] + si * tr[w];
                                }
                            }
                        }
                        ar = br;
                        ai = bi;
                        sl *= pr;
                        rem = mp;
                    }
                    for (int u = 0; u < P; u++) {
                        yr[base + c + Cs * (u + P * j2)] = ar[u];
                        yi[base + c + Cs * (u + P * j2)] = ai[u];
                    }
                }
            }
            xr = yr;
            xi = yi;
        }
        System.arraycopy(xr, 0, re, 0, re.length);
        System.arraycopy(xi, 0, im, 0, im.length);
    }

    @ParameterizedTest(name = "n={0} inner={1} outer={2}")
    @CsvSource({"64, 1, 1", "4096, 1, 1", "8192, 1, 2", "272, 3, 2", "96, 5, 1", "2018, 1, 1", "4099, 1, 1", "45, 2, 3"})
    void plannedPassesComputeTheDft(int n, int inner, int outer) {
        CudaFftSchedule s = CudaFftSchedule.of(n, inner, outer, 8, SMEM);
        int total = n * inner * outer;
        SplittableRandom r = new SplittableRandom(n);
        double[] re = new double[total], im = new double[total];
        for (int i = 0; i < total; i++) { re[i] = r.nextDouble(-1, 1); im[i] = r.nextDouble(-1, 1); }
        for (int sign : new int[] {-1, 1}) {
            double[] mr = re.clone(), mi = im.clone();
            model(mr, mi, s, sign);
            double[] x = new double[2 * total];
            for (int i = 0; i < total; i++) { x[2 * i] = re[i]; x[2 * i + 1] = im[i]; }
            double[] want = EmuFftTest.dft(x, 1, total, n, inner, outer, sign);
            double err = 0;
            for (int i = 0; i < total; i++) {
                err = Math.max(err, Math.abs(mr[i] - want[2 * i]));
                err = Math.max(err, Math.abs(mi[i] - want[2 * i + 1]));
            }
            assertTrue(err < 1e-9 * n, s + " sign " + sign + ": error " + err);
        }
    }
}
