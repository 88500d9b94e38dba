package org.scatterstream.engine;

import java.util.Locale;
import org.scatterstream.engine.backend.Backend;
import org.scatterstream.engine.backend.Backends;
import org.scatterstream.engine.backend.ComputeEngine;
import org.scatterstream.engine.core.Plan1D;
import org.scatterstream.engine.core.Scattering1DCore;
import org.scatterstream.engine.filters.IntMath;
import org.scatterstream.engine.filters.MorletFilterBank1D;

/**
 * Kymatio's {@code Scattering1D}: Morlet-wavelet scattering of real 1D signals up to order 2, with
 * Kymatio's numbers, channel order and output shape {@code (C, N_out)} per signal.
 *
 * <pre>{@code
 * try (Scattering1D s = Scattering1D.builder().J(8).shape(4096).Q(8).build()) {
 *     float[] sx = s.transform(x, batch);          // batch * C * N_out values
 *     Scattering1DMeta meta = s.meta();
 * }
 * }</pre>
 *
 * Parameters follow Kymatio (spec §1.2): {@code J}, {@code shape} N, {@code Q} = (Q1, Q2),
 * {@code T} (a number >= 1, default 2^J, or {@link Builder#globalAveraging()}), {@code stride},
 * {@code maxOrder} (1 or 2) and the deprecated {@code oversampling}. Invalid combinations are
 * rejected by {@link Builder#build()} with an {@link IllegalArgumentException} naming the parameter.
 */
public final class Scattering1D extends EngineTransform<Scattering1DCore.State> {
    private final Plan1D plan;

    private Scattering1D(Plan1D plan, ComputeEngine engine, int threads) {
        super(engine, new Scattering1DCore(plan, engine), threads, configIdOf(plan));
        this.plan = plan;
    }

    private static String configIdOf(Plan1D plan) {
        return String.format(Locale.ROOT, "scattering1d:J=%d,Q=%dx%d,N=%d,T=%s,stride=%s,order=%d",
                plan.J(), plan.q1(), plan.q2(), plan.n(),
                plan.averaging() == Averaging.GLOBAL ? "global" : fmt(plan.T()),
                plan.averaging() == Averaging.GLOBAL ? "none" : Integer.toString(1 << plan.s()),
                plan.maxOrder());
    }

    private static String fmt(double t) {
        return t == Math.rint(t) ? Long.toString((long) t) : Double.toString(t);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public int[] inputShape() {
        return new int[] {plan.n()};
    }

    @Override
    public int[] outputShape() {
        return new int[] {plan.channels(), plan.nOut()};
    }

    /** Number of output channels C (depends only on J, Q and max order). */
    public int channels() {
        return plan.channels();
    }

    /** Number of output frames N_out. */
    public int outputLength() {
        return plan.nOut();
    }

    /** Padded length N_pad used internally. */
    public int paddedLength() {
        return plan.padding().nPad();
    }

    /** Per-channel description (Kymatio's {@code meta()}). */
    public Scattering1DMeta meta() {
        return plan.meta();
    }

    /** Averaging mode. */
    public Averaging averaging() {
        return plan.averaging();
    }

    /** log2 of the stride between output frames (local averaging). */
    public int log2Stride() {
        return plan.s();
    }

    @Override
    String samplesDescription() {
        return "signals of length N=" + plan.n();
    }

    /** Validating builder; {@link #build()} checks every parameter and combination. */
    public static final class Builder {
        private Integer J;
        private Integer n;
        private int q1 = 1, q2 = 1;
        private Double T;
        private boolean global;
        private Integer stride;
        private int maxOrder = 2;
        private int oversampling = 0;
        private Precision precision = Precision.FLOAT;
        private String backend;
        private int threads = Runtime.getRuntime().availableProcessors();

        private Builder() {}

        /** Maximum log-scale J >= 0 (required). */
        public Builder J(int J) { this.J = J; return this; }
        /** Signal length N (required). */
        public Builder shape(int n) { this.n = n; return this; }
        /** Q = (q1, 1). */
        public Builder Q(int q1) { return Q(q1, 1); }
        /** Wavelets per octave at first and second order, both >= 1. */
        public Builder Q(int q1, int q2) { this.q1 = q1; this.q2 = q2; return this; }
        /** Averaging scale T (a number >= 1, at most N); replaces global averaging. */
        public Builder T(double t) { this.T = t; this.global = false; return this; }
        /** Kymatio's {@code T='global'}: sum over all samples, one output frame. */
        public Builder globalAveraging() { this.global = true; this.T = null; return this; }
        /** Stride between output frames: a power of two, at most 2^floor(log2 T). */
        public Builder stride(int stride) { this.stride = stride; return this; }
        /** 1 or 2. */
        public Builder maxOrder(int maxOrder) { this.maxOrder = maxOrder; return this; }
        /** Deprecated in Kymatio: stride becomes 2^(floor(log2 T) - oversampling). */
        public Builder oversampling(int oversampling) { this.oversampling = oversampling; return this; }
        public Builder precision(Precision precision) { this.precision = precision; return this; }
        /** Backend name ({@code cpu}, {@code cuda}, {@code auto}); null: from environment/config. */
        public Builder backend(String backend) { this.backend = backend; return this; }
        /** Worker threads for batches (>= 1); default: available processors. */
        public Builder threads(int threads) { this.threads = threads; return this; }

        /** Validates and builds (filters come from the process-wide cache). */
        public Scattering1D build() {
            Plan1D plan = plan();
            if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            if (precision == null) throw new IllegalArgumentException("precision must not be null");
            Backend b = Backends.select(backend, "1d");
            return new Scattering1D(plan, b.open(precision), threads);
        }

        /** Validates the parameters and returns the plan (no backend). */
        Plan1D plan() {
            if (J == null) throw new IllegalArgumentException("J is required (an integer >= 0)");
            if (n == null) throw new IllegalArgumentException("shape (signal length N) is required");
            if (J < 0) throw new IllegalArgumentException("J must be >= 0, got " + J);
            if (J > 30) throw new IllegalArgumentException("J must be <= 30, got " + J);
            if (n < 2) throw new IllegalArgumentException("shape N must be >= 2, got " + n);
            if (n > (1 << 28)) throw new IllegalArgumentException("shape N must be <= 2^28, got " + n);
            if (q1 < 1 || q2 < 1) {
                throw new IllegalArgumentException("Q entries must be integers >= 1, got Q=(" + q1 + ", " + q2 + ")");
            }
            if (q1 > 64 || q2 > 64) {
                throw new IllegalArgumentException("Q entries must be <= 64, got Q=(" + q1 + ", " + q2 + ")");
            }
            if (maxOrder != 1 && maxOrder != 2) {
                throw new IllegalArgumentException("max_order must be 1 or 2, got " + maxOrder);
            }
            if (oversampling < 0) {
                throw new IllegalArgumentException("oversampling must be a non-negative integer, got " + oversampling);
            }
            double t;
            if (global) {
                t = Math.scalb(1.0, J);
            } else if (T == null) {
                t = Math.scalb(1.0, J);
            } else {
                t = T;
                if (Double.isNaN(t) || Double.isInfinite(t)) throw new IllegalArgumentException("T must be a finite number, got " + t);
                if (t == 0) {
                    throw new IllegalArgumentException("T=0 (no averaging) gives paths of different lengths and has no "
                            + "array output; use T >= 1 or global averaging");
                }
                if (t < 1) throw new IllegalArgumentException("T must be >= 1 (or 'global'), got " + fmt(t));
                if (t > n) {
                    throw new IllegalArgumentException("T must be <= N (" + n + "), got " + fmt(t));
                }
            }
            int log2T = IntMath.floorLog2(t);
            int s = log2T;
            if (stride != null) {
                if (global) throw new IllegalArgumentException("stride is only allowed with local averaging (not T='global')");
                if (!IntMath.isPowerOfTwo(stride)) {
                    throw new IllegalArgumentException("stride must be a power of two, got " + stride);
                }
                s = IntMath.floorLog2(stride);
                if (s > log2T) {
                    throw new IllegalArgumentException("stride must be <= 2^floor(log2 T) = " + (1 << log2T)
                            + ", got " + stride);
                }
                if (oversampling > 0) {
                    throw new IllegalArgumentException("give either stride or oversampling, not both");
                }
            } else if (oversampling > 0) {
                if (global) throw new IllegalArgumentException("oversampling is only allowed with local averaging");
                s = Math.max(log2T - oversampling, 0);
            }
            Plan1D plan = new Plan1D(J, n, q1, q2, t, global ? Averaging.GLOBAL : Averaging.LOCAL, s, maxOrder);
            if (plan.nOut() == 0) {
                throw new IllegalArgumentException("J=" + J + (T != null ? ", T=" + fmt(t) : "") + " leaves no output frame for N="
                        + n + " (stride 2^" + s + "); use a smaller J, T or stride");
            }
            return plan;
        }
    }

    /** Exposed for the CLI's meta command: the channel table without allocating a backend. */
    public static Scattering1DMeta metaOf(Builder b) {
        return b.plan().meta();
    }

    /** Centre frequency and bandwidth ladders are part of {@link MorletFilterBank1D}. */
    static MorletFilterBank1D bankOf(Scattering1D s) {
        return s.plan.bank();
    }
}
