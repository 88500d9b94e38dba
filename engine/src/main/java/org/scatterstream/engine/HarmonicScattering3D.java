package org.scatterstream.engine;

import java.util.Arrays;
import java.util.Locale;
import org.scatterstream.engine.backend.Backend;
import org.scatterstream.engine.backend.Backends;
import org.scatterstream.engine.backend.ComputeEngine;
import org.scatterstream.engine.core.Harmonic3DCore;
import org.scatterstream.engine.core.Plan3D;

/**
 * Kymatio's {@code HarmonicScattering3D} with the integral method: solid harmonic wavelet
 * scattering of real volumes, giving {@code sum over voxels of U^q} for each path, degree l and
 * integral power q. Output shape per volume: {@code (paths, L+1, powers)} with the paths
 * {@code (0), ..., (J)} then {@code (j1, j2)}, j1 < j2, in lexicographic order (spec §3.5;
 * {@link #meta()}). Order 0 is not part of the output, as in Kymatio.
 *
 * <pre>{@code
 * try (HarmonicScattering3D s = HarmonicScattering3D.builder().J(2).shape(32, 32, 32).L(2).build()) {
 *     double[] sx = s.transform(volumes, batch);    // batch * 6 * 3 * 3 values
 * }
 * }</pre>
 *
 * <p>Input volumes are row-major M x N x O arrays (axis 0 slowest; axis 0 is the polar axis of the
 * harmonics, which matters only with {@code rotationCovariant(false)}).
 *
 * <p>Output precision: Kymatio computes these filters in complex64 and returns the integrals as
 * <b>float32</b> whatever the input precision; this port returns them in the transform's
 * {@link Precision} (sums are accumulated in double in both precisions), so double results agree
 * with Kymatio's to ~1e-7 relative (spec §5). Integral powers below 1 on inputs with large
 * near-zero regions are ill-conditioned (spec §5, trap 27).
 */
public final class HarmonicScattering3D extends EngineTransform<Harmonic3DCore.State> {
    /** The only method of this transform. */
    public static final String METHOD_INTEGRAL = "integral";

    private final Plan3D plan;

    private HarmonicScattering3D(Plan3D plan, ComputeEngine engine, int threads) {
        super(engine, new Harmonic3DCore(plan, engine), threads, configIdOf(plan));
        this.plan = plan;
    }

    private static String configIdOf(Plan3D plan) {
        StringBuilder p = new StringBuilder();
        for (double q : plan.powers()) p.append(p.length() == 0 ? "" : "/").append(fmt(q));
        return String.format(Locale.ROOT,
                "harmonic3d:J=%d,L=%d,sigma0=%s,shape=%dx%dx%d,order=%d,rotcov=%b,method=integral,powers=%s",
                plan.J(), plan.L(), fmt(plan.sigma0()), plan.m(), plan.n(), plan.o(), plan.maxOrder(),
                plan.rotationCovariant(), p);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public int[] inputShape() {
        return new int[] {plan.m(), plan.n(), plan.o()};
    }

    /** {@code {paths, L+1, powers}}. */
    @Override
    public int[] outputShape() {
        return new int[] {plan.paths(), plan.L() + 1, plan.powerCount()};
    }

    public int J() { return plan.J(); }
    public int L() { return plan.L(); }
    public double sigma0() { return plan.sigma0(); }
    public int maxOrder() { return plan.maxOrder(); }
    public boolean rotationCovariant() { return plan.rotationCovariant(); }
    /** The integral powers q, in output order. */
    public double[] integralPowers() { return plan.powers(); }

    /** Paths, degrees and powers of the output axes. */
    public HarmonicScattering3DMeta meta() {
        return plan.meta();
    }

    /** The output description of a configuration, without allocating a backend (for the CLI's meta). */
    public static HarmonicScattering3DMeta metaOf(Builder b) {
        return b.plan().meta();
    }

    @Override
    String samplesDescription() {
        return "volumes of " + plan.m() + "x" + plan.n() + "x" + plan.o();
    }

    /** Validating builder; {@link #build()} checks every parameter. */
    public static final class Builder {
        /** Largest accepted degree L. */
        public static final int MAX_L = 32;
        /** Largest accepted volume, in voxels. */
        public static final long MAX_VOXELS = 1L << 27;

        private Integer J;
        private int[] shape;
        private int L = 3;
        private double sigma0 = 1;
        private int maxOrder = 2;
        private boolean rotationCovariant = true;
        private double[] powers = {0.5, 1, 2};
        private String method = METHOD_INTEGRAL;
        private Precision precision = Precision.FLOAT;
        private String backend;
        private int threads = Runtime.getRuntime().availableProcessors();

        private Builder() {}

        /** Largest scale J >= 0 (required): scales j = 0..J, sigma_j = sigma0 * 2^j. */
        public Builder J(int J) { this.J = J; return this; }
        /** Volume shape (M, N, O), axis 0 slowest (required). */
        public Builder shape(int m, int n, int o) { this.shape = new int[] {m, n, o}; return this; }
        /** Largest degree L >= 0 of the harmonics (default 3). */
        public Builder L(int L) { this.L = L; return this; }
        /** Width of the finest wavelet in voxels, > 0 (default 1). */
        public Builder sigma0(double sigma0) { this.sigma0 = sigma0; return this; }
        /** 1 or 2 (default 2). */
        public Builder maxOrder(int maxOrder) { this.maxOrder = maxOrder; return this; }
        /** True (default): modulus over all m = -l..l; false: only the m = -l wavelet. */
        public Builder rotationCovariant(boolean rotationCovariant) { this.rotationCovariant = rotationCovariant; return this; }
        /** The exponents q of the integrals {@code sum U^q}: finite and > 0 (default 0.5, 1, 2). */
        public Builder integralPowers(double... powers) { this.powers = powers == null ? null : powers.clone(); return this; }
        /**
         * Only {@code "integral"} (the default) exists. Kymatio's torch frontend rejects other values,
         * while its NumPy frontend silently ignores the argument; this port rejects them.
         */
        public Builder method(String method) { this.method = method; return this; }
        public Builder precision(Precision precision) { this.precision = precision; return this; }
        /** Backend name ({@code cpu}, {@code cuda}, {@code auto}); null: from environment/config. */
        public Builder backend(String backend) { this.backend = backend; return this; }
        /** Worker threads for batches (>= 1); default: available processors. */
        public Builder threads(int threads) { this.threads = threads; return this; }

        /** Validates and builds (filter banks come from the process-wide cache). */
        public HarmonicScattering3D build() {
            if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            if (precision == null) throw new IllegalArgumentException("precision must not be null (FLOAT or DOUBLE)");
            Plan3D plan = plan();
            Backend b = Backends.select(backend, "3d");
            return new HarmonicScattering3D(plan, b.open(precision), threads);
        }

        /** Validates the parameters and returns the plan (no backend). */
        Plan3D plan() {
            if (J == null) throw new IllegalArgumentException("J is required (an integer >= 0)");
            if (shape == null) throw new IllegalArgumentException("shape (M, N, O) is required");
            if (J < 0 || J > 30) throw new IllegalArgumentException("J must be in 0..30, got " + J);
            if (shape[0] < 1 || shape[1] < 1 || shape[2] < 1) {
                throw new IllegalArgumentException("shape must be positive, got " + shape[0] + "x" + shape[1] + "x" + shape[2]);
            }
            long voxels = (long) shape[0] * shape[1] * shape[2];
            if (voxels > MAX_VOXELS) {
                throw new IllegalArgumentException("shape " + shape[0] + "x" + shape[1] + "x" + shape[2] + " has "
                        + voxels + " voxels, at most " + MAX_VOXELS + " are supported");
            }
            if (L < 0 || L > MAX_L) throw new IllegalArgumentException("L must be in 0.." + MAX_L + ", got " + L);
            if (!(sigma0 > 0) || Double.isInfinite(sigma0)) {
                throw new IllegalArgumentException("sigma_0 must be a finite number > 0, got " + sigma0);
            }
            if (maxOrder != 1 && maxOrder != 2) {
                throw new IllegalArgumentException("max_order must be 1 or 2, got " + maxOrder);
            }
            if (powers == null || powers.length == 0) {
                throw new IllegalArgumentException("integral_powers must hold at least one exponent");
            }
            for (double q : powers) {
                if (!(q > 0) || Double.isInfinite(q)) {
                    throw new IllegalArgumentException("integral_powers must be finite and > 0, got " + Arrays.toString(powers));
                }
            }
            if (method == null || !method.equals(METHOD_INTEGRAL)) {
                throw new IllegalArgumentException("method must be 'integral' (the only method of HarmonicScattering3D; "
                        + "'standard' and 'local' were removed from Kymatio, whose NumPy frontend ignores this "
                        + "argument), got " + (method == null ? "null" : "'" + method + "'"));
            }
            return new Plan3D(J, L, sigma0, shape[0], shape[1], shape[2], maxOrder, rotationCovariant, powers);
        }
    }
}
