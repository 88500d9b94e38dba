package org.scatterstream.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.scatterstream.engine.filters.FilterCache;
import org.scatterstream.engine.testutil.ReferenceCase;

/** Properties beyond the reference cases. */
class Scattering1DPropertiesTest {

    private static double[] randn(int n, long seed) {
        Random r = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = r.nextGaussian();
        return x;
    }

    /** Scattering is homogeneous: S(a x) = |a| S(x) for every coefficient (modulus and linear filters). */
    @ParameterizedTest
    @CsvSource({"6, 8, 1000, 3.5", "4, 2, 777, -0.25", "8, 1, 4096, -7"})
    void homogeneousOfDegreeOne(int J, int Q, int N, double a) {
        try (Scattering1D s = Scattering1D.builder().J(J).Q(Q).shape(N).precision(Precision.DOUBLE).threads(1).build()) {
            double[] x = randn(N, 7), ax = x.clone();
            for (int i = 0; i < N; i++) ax[i] *= a;
            double[] sx = s.transform(x, 1), sax = s.transform(ax, 1);
            // order 0 is linear (sign kept); orders 1-2 are scaled by |a|
            for (int t = 0; t < s.outputLength(); t++) assertEquals(a * sx[t], sax[t], 1e-10 * Math.abs(a) * Math.abs(sx[t]) + 1e-12);
            for (int i = s.outputLength(); i < sx.length; i++) {
                assertEquals(Math.abs(a) * sx[i], sax[i], 1e-9 * Math.abs(a) * Math.abs(sx[i]) + 1e-14);
            }
        }
    }

    /** Shapes and meta agree with each other over a sweep; C depends only on J, Q and max order. */
    @Test
    void shapeAndMetaConsistentOverSweep() {
        int[] Js = {0, 1, 3, 5, 7};
        int[] Qs = {1, 2, 8, 12};
        int[] Ns = {64, 100, 777, 1024, 3001};
        for (int J : Js) for (int Q : Qs) {
            Integer channels = null;
            for (int N : Ns) {
                for (Double T : new Double[] {null, 1.0, 3.0, 100.0}) {
                    Scattering1D.Builder b = Scattering1D.builder().J(J).Q(Q).shape(N);
                    if (T != null) {
                        if (T > N) continue;
                        b.T(T);
                    }
                    Scattering1DMeta meta;
                    int nOut;
                    try (Scattering1D s = b.threads(1).build()) {
                        meta = s.meta();
                        nOut = s.outputLength();
                        assertArrayEquals(new int[] {meta.channels(), nOut}, s.outputShape());
                    } catch (IllegalArgumentException e) {
                        // only "too large J" / "no output frame" may be rejected
                        assertTrue(e.getMessage().contains("J="), e.getMessage());
                        continue;
                    }
                    if (channels == null) channels = meta.channels();
                    assertEquals(channels.intValue(), meta.channels(), "C depends on J and Q only");
                    int c1 = 0, c2 = 0;
                    for (int c = 0; c < meta.channels(); c++) {
                        if (meta.order(c) == 1) c1++;
                        if (meta.order(c) == 2) {
                            c2++;
                            assertTrue(meta.j(c, 2) > meta.j(c, 1), "j2 > j1 on every second-order path");
                        }
                    }
                    assertEquals(0, meta.order(0));
                    assertEquals(meta.channels(), 1 + c1 + c2);
                    assertTrue(nOut >= 1);
                }
            }
        }
    }

    /** Float and double paths agree to float precision (SIMD lane groups included). */
    @ParameterizedTest
    @CsvSource({"8, 8, 4096, 20", "6, 2, 1500, 3", "10, 4, 16000, 17"})
    void floatMatchesDouble(int J, int Q, int N, int batch) {
        double[] x = randn(batch * N, 11);
        float[] xf = new float[x.length];
        for (int i = 0; i < x.length; i++) xf[i] = (float) x[i];
        double[] d;
        float[] f;
        try (Scattering1D s = Scattering1D.builder().J(J).Q(Q).shape(N).precision(Precision.DOUBLE).threads(2).build()) {
            d = s.transform(x, batch);
        }
        try (Scattering1D s = Scattering1D.builder().J(J).Q(Q).shape(N).precision(Precision.FLOAT).threads(2).build()) {
            f = s.transform(xf, batch);
        }
        double[] fd = new double[f.length];
        for (int i = 0; i < f.length; i++) fd[i] = f[i];
        double err = ReferenceCase.relErr(fd, d);
        assertTrue(err < 1e-5, "float vs double " + err);
    }

    /** Each sample of a batch is transformed independently of the others and of the batch size. */
    @Test
    void batchRowsAreIndependent() {
        int N = 2000, batch = 21;
        double[] x = randn(batch * N, 3);
        try (Scattering1D s = Scattering1D.builder().J(6).Q(8).shape(N).precision(Precision.DOUBLE).threads(2).build()) {
            double[] all = s.transform(x, batch);
            int out = s.outputSize();
            for (int b : new int[] {0, 7, 16, 20}) {
                double[] one = s.transform(java.util.Arrays.copyOfRange(x, b * N, (b + 1) * N), 1);
                assertArrayEquals(java.util.Arrays.copyOfRange(all, b * out, (b + 1) * out), one, 1e-12 * max(one));
            }
        }
    }

    private static double max(double[] a) {
        double m = 0;
        for (double v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    @Test
    void secondInstanceReusesFilters() {
        try (Scattering1D a = Scattering1D.builder().J(7).Q(5).shape(3333).threads(1).build()) {
            long builds = FilterCache.builds();
            try (Scattering1D b = Scattering1D.builder().J(7).Q(5).shape(3333).precision(Precision.DOUBLE).threads(1).build()) {
                assertEquals(builds, FilterCache.builds(), "no filter rebuilt");
                assertEquals(a.configId(), b.configId());
            }
        }
    }

    private static void rejects(Consumer<Scattering1D.Builder> config, String messagePart) {
        Scattering1D.Builder b = Scattering1D.builder().J(6).Q(8).shape(1024);
        config.accept(b);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(e.getMessage().contains(messagePart), "message '" + e.getMessage() + "' should mention " + messagePart);
    }

    @Test
    void invalidParametersAreRejectedWithTheParameterNamed() {
        rejects(b -> b.J(-1), "J must be >= 0");
        rejects(b -> b.Q(0), "Q entries must be integers >= 1");
        rejects(b -> b.Q(8, 0), "Q entries");
        rejects(b -> b.T(0.5), "T must be >= 1");
        rejects(b -> b.T(0), "T=0");
        rejects(b -> b.T(5000), "T must be <= N");
        rejects(b -> b.T(Double.NaN), "T must be a finite number");
        rejects(b -> b.stride(3), "stride must be a power of two");
        rejects(b -> b.stride(128), "stride must be <= 2^floor(log2 T)");
        rejects(b -> b.globalAveraging().stride(4), "stride is only allowed with local averaging");
        rejects(b -> b.maxOrder(3), "max_order must be 1 or 2");
        rejects(b -> b.maxOrder(0), "max_order must be 1 or 2");
        rejects(b -> b.oversampling(-1), "oversampling must be a non-negative integer");
        rejects(b -> b.shape(1), "shape N must be >= 2");
        rejects(b -> b.J(12), "J=12 is too large for N=1024");
        rejects(b -> b.J(11), "leaves no output frame");
        rejects(b -> b.threads(0), "threads must be >= 1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scattering1D.builder().shape(10).build());
        assertTrue(e.getMessage().startsWith("J is required"));
    }

    @Test
    void wrongArrayLengthsAreRejected() {
        try (Scattering1D s = Scattering1D.builder().J(3).Q(1).shape(100).threads(1).build()) {
            assertThrows(IllegalArgumentException.class, () -> s.transform(new double[150], 2, new double[2 * s.outputSize()]));
            assertThrows(IllegalArgumentException.class, () -> s.transform(new float[200], 2, new float[s.outputSize()]));
        }
    }

    @Test
    void strideAndOversamplingChangeOnlyTheFrameRate() {
        try (Scattering1D a = Scattering1D.builder().J(6).Q(8).shape(4096).stride(16).threads(1).build();
             Scattering1D b = Scattering1D.builder().J(6).Q(8).shape(4096).oversampling(2).threads(1).build()) {
            assertEquals(4, a.log2Stride());
            assertEquals(4, b.log2Stride());
            assertEquals(256, a.outputLength());
            assertEquals(a.configId(), b.configId());
        }
    }
}
