package org.scatterstream.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.scatterstream.engine.Precision;
import org.scatterstream.engine.backend.Worker;

/** The FFT kernels (fft_pass, fft_stage, rfft_post) on the CPU emulation, against a naive DFT. */
class EmuFftTest {
    @BeforeAll
    static void emulation() {
        assumeTrue(EmuLibrary.unavailable() == null, () -> "kernel emulation not available: " + EmuLibrary.unavailable());
    }

    /** Reference DFT of each line along an axis, lane by lane (data interleaved per lane), in double. */
    static double[] dft(double[] x, int lanes, int elems, int n, int inner, int outer, int sign) {
        double[] y = new double[x.length];
        double[] re = new double[n], im = new double[n];
        for (int l = 0; l < lanes; l++) {
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    for (int t = 0; t < n; t++) {
                        int at = 2 * (l * elems + (o * n + t) * inner + i);
                        re[t] = x[at];
                        im[t] = x[at + 1];
                    }
                    double[][] f = transform(re, im, sign);
                    for (int k = 0; k < n; k++) {
                        int to = 2 * (l * elems + (o * n + k) * inner + i);
                        y[to] = f[0][k];
                        y[to + 1] = f[1][k];
                    }
                }
            }
        }
        return y;
    }

    /** Recursive Cooley-Tukey on the smallest prime factor, a plain DFT for primes: independent of the kernels' plan. */
    static double[][] transform(double[] re, double[] im, int sign) {
        int n = re.length;
        int p = n;
        for (int d = 2; (long) d * d <= n; d++) if (n % d == 0) { p = d; break; }
        double[] or = new double[n], oi = new double[n];
        if (p == n) {
            for (int k = 0; k < n; k++) {
                for (int t = 0; t < n; t++) {
                    double a = sign * 2 * Math.PI * ((long) t * k % n) / n;
                    or[k] += re[t] * Math.cos(a) - im[t] * Math.sin(a);
                    oi[k] += re[t] * Math.sin(a) + im[t] * Math.cos(a);
                }
            }
            return new double[][] {or, oi};
        }
        int m = n / p;
        double[][][] sub = new double[p][][];
        for (int r = 0; r < p; r++) {
            double[] sr = new double[m], si = new double[m];
            for (int t = 0; t < m; t++) { sr[t] = re[t * p + r]; si[t] = im[t * p + r]; }
            sub[r] = transform(sr, si, sign);
        }
        for (int k = 0; k < n; k++) {
            for (int r = 0; r < p; r++) {
                double a = sign * 2 * Math.PI * ((long) r * k % n) / n;
                double c = Math.cos(a), s = Math.sin(a);
                double ur = sub[r][0][k % m], ui = sub[r][1][k % m];
                or[k] += ur * c - ui * s;
                oi[k] += ur * s + ui * c;
            }
        }
        return new double[][] {or, oi};
    }

    @ParameterizedTest(name = "{0}: n={1} inner={2} outer={3} lanes={4}")
    @CsvSource({
        "DOUBLE, 1, 1, 1, 2", "DOUBLE, 2, 1, 1, 2", "DOUBLE, 8, 1, 1, 3", "DOUBLE, 64, 1, 1, 2", "DOUBLE, 1024, 1, 1, 2",
        "DOUBLE, 4096, 1, 1, 1", "DOUBLE, 8192, 1, 1, 1", "DOUBLE, 12, 1, 1, 2", "DOUBLE, 34, 1, 3, 2", "DOUBLE, 17, 5, 1, 2",
        "DOUBLE, 272, 1, 2, 1", "DOUBLE, 40, 6, 3, 2", "DOUBLE, 16, 24, 2, 2", "DOUBLE, 15, 16, 17, 1", "DOUBLE, 2018, 1, 1, 1",
        "DOUBLE, 1009, 1, 1, 1", "DOUBLE, 4, 256, 1, 1",
        "FLOAT, 8, 1, 1, 2", "FLOAT, 2048, 1, 1, 2", "FLOAT, 8192, 1, 1, 1", "FLOAT, 36, 7, 2, 2", "FLOAT, 4099, 1, 1, 1",
    })
    void fftMatchesDft(Precision precision, int n, int inner, int outer, int lanes) {
        try (CudaEngine e = new CudaEngine(EmuBackend.NAME, new EmuGpu(), true, precision, 64)) {
            CudaWorker w = (CudaWorker) e.worker(lanes);
            int elems = n * inner * outer;
            Worker.Buffer data = w.buffer(elems + 3);
            SplittableRandom r = new SplittableRandom(n * 31L + inner);
            double[] x = new double[lanes * elems * 2];
            for (int i = 0; i < x.length; i++) x[i] = r.nextDouble(-1, 1);
            w.write(data, x, elems);
            for (int sign : new int[] {-1, 1}) {
                w.write(data, x, elems);
                int[] dims = {outer, n, inner};
                w.fftGridAxis(data, n, inner, outer, sign);
                double[] got = w.read(data, elems);
                double[] want = dft(x, lanes, elems, n, inner, outer, sign);
                double err = 0, scale = 0;
                for (int i = 0; i < got.length; i++) {
                    err = Math.max(err, Math.abs(got[i] - want[i]));
                    scale = Math.max(scale, Math.abs(want[i]));
                }
                double tol = (precision == Precision.FLOAT ? 3e-6 : 1e-12) * Math.max(1, Math.log(n) / Math.log(2));
                assertTrue(err <= tol * scale, "sign " + sign + " " + CudaFftSchedule.of(n, inner, outer, precision == Precision.FLOAT ? 8 : 16, 48 * 1024)
                        + ": max error " + err + " of " + scale + " (dims " + java.util.Arrays.toString(dims) + ")");
            }
            w.close();
        }
    }
}
