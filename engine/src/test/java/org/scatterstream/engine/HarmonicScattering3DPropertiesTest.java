package org.scatterstream.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.scatterstream.engine.testutil.ReferenceCase;

/** Properties of HarmonicScattering3D that follow from the theory (double precision). */
class HarmonicScattering3DPropertiesTest {
    private static final int N = 16;

    /**
     * A smooth periodic volume: Gaussian blobs of width 2.5 voxels (periodic distances) on a positive
     * background. Band-limited, so nothing sits on the Nyquist planes, where a 90-degree rotation of
     * the grid maps the frequency -pi to +pi (the grid has no +pi bin).
     */
    static double[] smoothVolume(long seed) {
        Random rnd = new Random(seed);
        double[] x = new double[N * N * N];
        java.util.Arrays.fill(x, 0.3);
        for (int b = 0; b < 5; b++) {
            double cz = 4 + 8 * rnd.nextDouble(), cy = 4 + 8 * rnd.nextDouble(), cx = 4 + 8 * rnd.nextDouble();
            double w = 0.5 + rnd.nextDouble();
            for (int z = 0; z < N; z++) {
                for (int y = 0; y < N; y++) {
                    for (int xx = 0; xx < N; xx++) {
                        x[(z * N + y) * N + xx] += w * per(z - cz) * per(y - cy) * per(xx - cx);
                    }
                }
            }
        }
        return x;
    }

    /** A Gaussian of width 2.5 periodized over the axis (smooth across the periodic boundary). */
    private static double per(double d) {
        double g = 0;
        for (int k = -3; k <= 3; k++) g += Math.exp(-(d + k * N) * (d + k * N) / (2 * 2.5 * 2.5));
        return g;
    }

    /** x'[a][b][c] = x[a][c][-b]: a 90-degree rotation about axis 0 (the harmonics' polar axis). */
    static double[] rotateAboutAxis0(double[] x) {
        double[] r = new double[x.length];
        for (int a = 0; a < N; a++) {
            for (int b = 0; b < N; b++) {
                for (int c = 0; c < N; c++) r[(a * N + b) * N + c] = x[(a * N + c) * N + (N - b) % N];
            }
        }
        return r;
    }

    /** x'[a][b][c] = x[c][b][-a]: a 90-degree rotation about axis 1 (moves the polar axis). */
    static double[] rotateAboutAxis1(double[] x) {
        double[] r = new double[x.length];
        for (int a = 0; a < N; a++) {
            for (int b = 0; b < N; b++) {
                for (int c = 0; c < N; c++) r[(a * N + b) * N + c] = x[(c * N + b) * N + (N - a) % N];
            }
        }
        return r;
    }

    private static HarmonicScattering3D build(boolean covariant) {
        return HarmonicScattering3D.builder().J(2).L(2).shape(N, N, N).rotationCovariant(covariant)
                .precision(Precision.DOUBLE).threads(1).build();
    }

    private static double relDiff(double[] a, double[] b) {
        double num = 0, den = 0;
        for (int i = 0; i < a.length; i++) {
            num = Math.max(num, Math.abs(a[i] - b[i]) / Math.abs(a[i]));
        }
        return num;
    }

    /**
     * A batch smaller than the thread count runs each volume's parts (degree, first-order scale) on
     * several threads: the same numbers as one thread, in both precisions (to the last bits, which
     * the Vector API may round differently before and after compilation), for one volume and for a
     * lane group of two.
     */
    @Test
    void partsOnSeveralThreadsGiveTheSameNumbersAsOneThread() {
        double[] one = smoothVolume(3), two = new double[2 * one.length];
        System.arraycopy(one, 0, two, 0, one.length);
        System.arraycopy(smoothVolume(4), 0, two, one.length, one.length);
        for (Precision precision : Precision.values()) {
            for (double[] x : new double[][] {one, two}) {
                int batch = x.length / one.length;
                double[] ref, par;
                try (HarmonicScattering3D s = HarmonicScattering3D.builder().J(2).L(2).shape(N, N, N)
                        .precision(precision).threads(1).build()) {
                    ref = s.transform(x, batch);
                }
                try (HarmonicScattering3D s = HarmonicScattering3D.builder().J(2).L(2).shape(N, N, N)
                        .precision(precision).threads(3).build()) {
                    par = s.transform(x, batch);
                    assertTrue(ReferenceCase.closeToLastBits(ref, s.transform(x, batch), precision), "pooled workers reused");
                }
                assertTrue(ReferenceCase.closeToLastBits(ref, par, precision), precision + " batch " + batch);
            }
        }
    }

    /** rotation_covariant: the sum over m of |x * psi_{j,l,m}|^2 is invariant under rotations. */
    @Test
    void invariantToNinetyDegreeRotations() {
        double[] x = smoothVolume(1);
        try (HarmonicScattering3D s = build(true)) {
            double[] base = s.transform(x, 1);
            double e0 = relDiff(base, s.transform(rotateAboutAxis0(x), 1));
            double e1 = relDiff(base, s.transform(rotateAboutAxis1(x), 1));
            assertTrue(e0 < 1e-9, "rotation about axis 0, worst entry: " + e0);
            assertTrue(e1 < 1e-9, "rotation about axis 1, worst entry: " + e1);
        }
    }

    /**
     * Without rotation covariance only m = -l is used, whose harmonic is proportional to
     * ((wx - i wy)/r)^l: invariant under rotations about the polar axis (axis 0), not about others.
     * First order exactly; second order to ~1e-6, because |x * psi| is not band-limited (the modulus
     * of a complex field has kinks at its zeros) and so reaches the Nyquist planes. Powers 1 and 2
     * only: U has exact zeros here, where q = 1/2 amplifies round-off (spec trap 27).
     */
    @Test
    void nonCovariantIsInvariantOnlyAboutThePolarAxis() {
        double[] x = smoothVolume(2);
        try (HarmonicScattering3D s = HarmonicScattering3D.builder().J(2).L(2).shape(N, N, N).rotationCovariant(false)
                .integralPowers(1, 2).precision(Precision.DOUBLE).threads(1).build()) {
            double[] base = s.transform(x, 1), rotated = s.transform(rotateAboutAxis0(x), 1);
            int firstOrder = (s.J() + 1) * (s.L() + 1) * s.integralPowers().length;
            double order1 = relDiff(java.util.Arrays.copyOf(base, firstOrder), java.util.Arrays.copyOf(rotated, firstOrder));
            double e0 = relDiff(base, rotated);
            double e1 = relDiff(base, s.transform(rotateAboutAxis1(x), 1));
            assertTrue(order1 < 1e-9, "rotation about the polar axis, first order, worst entry: " + order1);
            assertTrue(e0 < 1e-5, "rotation about the polar axis, worst entry: " + e0);
            assertTrue(e1 > 1e-3, "rotation moving the polar axis should change l >= 1 outputs: " + e1);
        }
    }

    /** U(a x) = |a| U(x), so each integral power q scales by |a|^q. */
    @Test
    void scalingLawPerIntegralPower() {
        double[] x = smoothVolume(3);
        try (HarmonicScattering3D s = build(true)) {
            double[] base = s.transform(x, 1);
            double[] powers = s.integralPowers();
            for (double factor : new double[] {3.0, -0.5}) {
                double[] xs = x.clone();
                for (int i = 0; i < xs.length; i++) xs[i] *= factor;
                double[] got = s.transform(xs, 1);
                double worst = 0;
                for (int i = 0; i < got.length; i++) {
                    double expected = Math.pow(Math.abs(factor), powers[i % powers.length]) * base[i];
                    worst = Math.max(worst, Math.abs(got[i] - expected) / Math.abs(expected));
                }
                assertTrue(worst < 1e-10, "a=" + factor + ": worst entry " + worst);
            }
        }
    }
}
