package org.scatterstream.engine;

import java.util.Locale;
import org.scatterstream.engine.backend.Backend;
import org.scatterstream.engine.backend.Backends;
import org.scatterstream.engine.backend.ComputeEngine;
import org.scatterstream.engine.core.Plan2D;
import org.scatterstream.engine.core.Scattering2DCore;

/**
 * Kymatio's {@code Scattering2D}: Morlet-wavelet scattering of real images with L orientations up
 * to order 2, with Kymatio's (ScatNet-exact) numbers, channel order and output shape
 * {@code (C, floor(H/2^J), floor(W/2^J))} per image.
 *
 * <pre>{@code
 * try (Scattering2D s = Scattering2D.builder().J(2).shape(32, 32).L(8).build()) {
 *     float[] sx = s.transform(images, batch);      // batch * 81 * 8 * 8 values
 *     Scattering2DMeta meta = s.meta();             // order, n, j, theta per channel
 * }
 * }</pre>
 *
 * <p>Input samples are row-major H x W images ({@code shape(H, W)}: rows, columns), or, with
 * {@link Builder#prePad(boolean) prePad(true)}, images already padded to {@link #paddedShape()}.
 * Channels: order 0, then all order-1 paths {@code n1 = j1*L + t1}, then the order-2 paths
 * {@code (n1, n2)} with {@code j2 > j1}, sorted by n1 then n2 (spec §2.5; {@link #meta()}).
 *
 * <p>Kymatio builds its 2D filters in float32, so double-precision results agree with Kymatio's
 * float64 output to ~1.5e-7 relative (spec §5), float results to a few 1e-7.
 */
public final class Scattering2D extends EngineTransform<Scattering2DCore.State> {
    private final Plan2D plan;

    private Scattering2D(Plan2D plan, ComputeEngine engine, int threads) {
        super(engine, new Scattering2DCore(plan, engine), threads, configIdOf(plan));
        this.plan = plan;
    }

    private static String configIdOf(Plan2D plan) {
        return String.format(Locale.ROOT, "scattering2d:J=%d,L=%d,shape=%dx%d,order=%d,prepad=%b",
                plan.J(), plan.L(), plan.m(), plan.n(), plan.maxOrder(), plan.prePad());
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public int[] inputShape() {
        return new int[] {plan.inputRows(), plan.inputCols()};
    }

    /** {@code {C, floor(H/2^J), floor(W/2^J)}}. */
    @Override
    public int[] outputShape() {
        return new int[] {plan.channels(), plan.outH(), plan.outW()};
    }

    /** Number of output channels C = 1 + J L + L^2 J (J-1) / 2 (or 1 + J L for max order 1). */
    public int channels() {
        return plan.channels();
    }

    /** The padded grid {@code {M_pad, N_pad}} the filters live on. */
    public int[] paddedShape() {
        return new int[] {plan.mPad(), plan.nPad()};
    }

    public int J() { return plan.J(); }
    public int L() { return plan.L(); }
    public int maxOrder() { return plan.maxOrder(); }
    public boolean prePad() { return plan.prePad(); }

    /** Per-channel description: order, wavelet index n, scale j and angle index theta. */
    public Scattering2DMeta meta() {
        return plan.meta();
    }

    /** The channel table of a configuration, without allocating a backend (for the CLI's meta). */
    public static Scattering2DMeta metaOf(Builder b) {
        return b.plan().meta();
    }

    @Override
    String samplesDescription() {
        return "images of " + plan.inputRows() + "x" + plan.inputCols() + (plan.prePad() ? " (pre-padded)" : "");
    }

    /** Validating builder; {@link #build()} checks every parameter and combination. */
    public static final class Builder {
        /** Largest accepted number of angles (the filters are designed for L = 8). */
        public static final int MAX_L = 256;
        /** Largest accepted padded grid, in pixels. */
        public static final long MAX_PADDED_PIXELS = 1L << 26;

        private Integer J;
        private Integer h, w;
        private int L = 8;
        private int maxOrder = 2;
        private boolean prePad;
        private Precision precision = Precision.FLOAT;
        private String backend;
        private int threads = Runtime.getRuntime().availableProcessors();

        private Builder() {}

        /** Number of scales J >= 1 (required); outputs are subsampled by 2^J. */
        public Builder J(int J) { this.J = J; return this; }
        /** Image shape: rows (height) and columns (width), both >= 2^J (required). */
        public Builder shape(int rows, int cols) { this.h = rows; this.w = cols; return this; }
        /** Number of angles, 1 .. 256 (default 8). */
        public Builder L(int L) { this.L = L; return this; }
        /** 1 or 2 (default 2). */
        public Builder maxOrder(int maxOrder) { this.maxOrder = maxOrder; return this; }
        /** True when input images come already padded to {@link Scattering2D#paddedShape()} (default false). */
        public Builder prePad(boolean prePad) { this.prePad = prePad; return this; }
        public Builder precision(Precision precision) { this.precision = precision; return this; }
        /** Backend name ({@code cpu}, {@code cuda}, {@code auto}); null: from environment/config. */
        public Builder backend(String backend) { this.backend = backend; return this; }
        /** Worker threads for batches (>= 1); default: available processors. */
        public Builder threads(int threads) { this.threads = threads; return this; }

        /** Validates and builds (filters come from the process-wide cache). */
        public Scattering2D build() {
            if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            if (precision == null) throw new IllegalArgumentException("precision must not be null (FLOAT or DOUBLE)");
            Plan2D plan = plan();
            Backend b = Backends.select(backend, "2d");
            return new Scattering2D(plan, b.open(precision), threads);
        }

        /** Validates the parameters and returns the plan (no backend). */
        Plan2D plan() {
            if (J == null) throw new IllegalArgumentException("J is required (an integer >= 1)");
            if (h == null || w == null) throw new IllegalArgumentException("shape (rows, cols) is required");
            if (J < 1) throw new IllegalArgumentException("J must be >= 1 (J=0 has no wavelets), got " + J);
            if (J > 30) throw new IllegalArgumentException("J must be <= 30, got " + J);
            if (h < 1 || w < 1) {
                throw new IllegalArgumentException("shape must be positive, got " + h + "x" + w);
            }
            int min = Math.min(h, w);
            if ((1L << J) > min) {
                throw new IllegalArgumentException("J=" + J + " is too large for shape " + h + "x" + w
                        + ": 2^J = " + (1L << J) + " must be <= min(rows, cols) = " + min);
            }
            if (L < 1 || L > MAX_L) throw new IllegalArgumentException("L must be in 1.." + MAX_L + ", got " + L);
            if (maxOrder != 1 && maxOrder != 2) {
                throw new IllegalArgumentException("max_order must be 1 or 2, got " + maxOrder);
            }
            long pixels = (((long) (h >> J) + 2) << J) * (((long) (w >> J) + 2) << J);
            if (pixels > MAX_PADDED_PIXELS) {
                throw new IllegalArgumentException("shape " + h + "x" + w + " is too large: the padded grid has "
                        + pixels + " pixels, at most " + MAX_PADDED_PIXELS + " are supported");
            }
            return new Plan2D(J, L, h, w, maxOrder, prePad);
        }
    }
}
