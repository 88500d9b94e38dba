package org.scatterstream.engine.backend.cuda;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.scatterstream.engine.Precision;
import org.scatterstream.engine.ScatteringTransform;
import org.scatterstream.engine.backend.BackendException;

/**
 * A transform that runs on an accelerator and redoes a batch on the CPU when the accelerator fails
 * (a {@link BackendException}: CUDA error, device lost, out of memory): no batch, so no window, is
 * lost, and {@link #fallbacks()} counts the batches redone. After {@value #MAX_CONSECUTIVE_FAILURES}
 * failures in a row the accelerator is given up and every later batch runs on the CPU
 * ({@link #acceleratorDisabled()}). Argument errors ({@link IllegalArgumentException}) are the
 * caller's and propagate.
 *
 * <p>For the stream job's operator:
 *
 * <pre>{@code
 * FallbackTransform t = FallbackTransform.of(backend -> Scattering1D.builder()
 *         .J(8).Q(8).shape(4096).backend(backend).build());
 * t.transform(windows, batch, features);        // cuda when usable, cpu otherwise or on failure
 * metrics.gauge("gpu_fallbacks", t::fallbacks);
 * }</pre>
 *
 * Thread-safe when both transforms are (the engine's are).
 */
public final class FallbackTransform implements ScatteringTransform {
    /** Failures in a row after which the accelerator is given up. */
    public static final int MAX_CONSECUTIVE_FAILURES = 3;

    private static final System.Logger LOG = System.getLogger(FallbackTransform.class.getName());

    private final ScatteringTransform primary;
    private final Supplier<ScatteringTransform> cpuFactory;
    private final Object cpuLock = new Object();
    private volatile ScatteringTransform cpu;
    private final AtomicLong fallbacks = new AtomicLong();
    private final AtomicInteger consecutive = new AtomicInteger();
    private volatile String disabledReason;
    private volatile String lastFailure;
    private volatile boolean closed;

    private FallbackTransform(ScatteringTransform primary, String disabledReason, Supplier<ScatteringTransform> cpuFactory) {
        this.primary = primary;
        this.disabledReason = disabledReason;
        this.cpuFactory = cpuFactory;
    }

    /**
     * Builds the transform with {@code build.apply("cuda")}, and its CPU twin with {@code
     * build.apply("cpu")} when first needed. When cuda is not usable here the CPU transform serves
     * every batch from the start (not counted as fallbacks); {@link #acceleratorDisabled()} tells why.
     */
    public static FallbackTransform of(Function<String, ScatteringTransform> build) {
        Objects.requireNonNull(build, "build");
        Supplier<ScatteringTransform> cpu = () -> build.apply("cpu");
        try {
            return new FallbackTransform(build.apply(CudaBackend.NAME), null, cpu);
        } catch (BackendException e) {
            FallbackTransform t = new FallbackTransform(null, e.getMessage(), cpu);
            t.cpu();
            return t;
        }
    }

    /**
     * Wraps an accelerated transform; {@code cpu} builds the same configuration on the cpu backend
     * (called once, when first needed; its {@link #configId()} must match).
     */
    public static FallbackTransform wrap(ScatteringTransform primary, Supplier<ScatteringTransform> cpu) {
        return new FallbackTransform(Objects.requireNonNull(primary, "primary"), null, Objects.requireNonNull(cpu, "cpu"));
    }

    /** Batches redone on the CPU after an accelerator failure. */
    public long fallbacks() {
        return fallbacks.get();
    }

    /** Why the accelerator is not used any more (or was never usable), or null while it is. */
    public String acceleratorDisabled() {
        return disabledReason;
    }

    /** The message of the last accelerator failure, or null. */
    public String lastFailure() {
        return lastFailure;
    }

    private ScatteringTransform cpu() {
        ScatteringTransform c = cpu;
        if (c == null) {
            synchronized (cpuLock) {
                if (cpu == null) {
                    if (closed) throw new IllegalStateException("transform is closed");
                    ScatteringTransform t = cpuFactory.get();
                    if (primary != null && !t.configId().equals(primary.configId())) {
                        t.close();
                        throw new IllegalStateException("the CPU fallback computes " + t.configId() + ", not "
                                + primary.configId());
                    }
                    cpu = t;
                }
                c = cpu;
            }
        }
        return c;
    }

    /** The transform that serves the next batch first. */
    private ScatteringTransform active() {
        return primary != null && disabledReason == null ? primary : cpu();
    }

    private void failed(BackendException e, int batch) {
        long n = fallbacks.incrementAndGet();
        lastFailure = e.getMessage();
        int inRow = consecutive.incrementAndGet();
        LOG.log(System.Logger.Level.WARNING, "{0} failed: {1}; batch of {2} redone on cpu (fallback {3})",
                primary.backendName(), e.getMessage(), batch, n);
        if (inRow >= MAX_CONSECUTIVE_FAILURES && disabledReason == null) {
            disabledReason = inRow + " failures in a row, the last: " + e.getMessage();
            LOG.log(System.Logger.Level.WARNING, "giving up on {0} after {1} failures in a row; cpu from now on",
                    primary.backendName(), inRow);
        }
    }

    @Override
    public void transform(float[] in, int batch, float[] out) {
        run(t -> t.transform(in, batch, out), batch);
    }

    @Override
    public void transform(double[] in, int batch, double[] out) {
        run(t -> t.transform(in, batch, out), batch);
    }

    /** A batch on the accelerator while it is enabled, else (or after its failure) on the CPU. */
    private void run(java.util.function.Consumer<ScatteringTransform> batchOn, int batch) {
        if (primary != null && disabledReason == null) {
            try {
                batchOn.accept(primary);
                consecutive.set(0);
                return;
            } catch (BackendException e) {
                failed(e, batch);
            }
        }
        batchOn.accept(cpu());
    }

    @Override
    public int[] inputShape() {
        return (primary != null ? primary : cpu()).inputShape();
    }

    @Override
    public int[] outputShape() {
        return (primary != null ? primary : cpu()).outputShape();
    }

    @Override
    public Precision precision() {
        return (primary != null ? primary : cpu()).precision();
    }

    /** The backend serving batches now. */
    @Override
    public String backendName() {
        return active().backendName();
    }

    @Override
    public String configId() {
        return (primary != null ? primary : cpu()).configId();
    }

    @Override
    public Map<String, Double> backendStats() {
        return primary != null ? primary.backendStats() : Map.of();
    }

    /**
     * Closes both transforms. A device error while releasing the accelerator's memory (after a failure
     * the context may be unusable) is logged, not thrown: the driver frees it with the context.
     */
    @Override
    public void close() {
        closed = true;
        try {
            if (primary != null) primary.close();
        } catch (BackendException e) {
            LOG.log(System.Logger.Level.WARNING, "closing {0}: {1}", primary.backendName(), e.getMessage());
        } finally {
            synchronized (cpuLock) {
                if (cpu != null) cpu.close();
            }
        }
    }
}
