package org.scatterstream.engine;

/**
 * A configured scattering transform: an immutable plan (filters built once and cached per
 * configuration) plus the backend resources it runs on.
 *
 * <p>Inputs and outputs are flat row-major arrays holding {@code batch} samples one after another:
 * {@code in.length >= batch * inputSize()} and {@code out.length >= batch * outputSize()}. The
 * per-sample shapes are {@link #inputShape()} and {@link #outputShape()} (Kymatio's shapes without
 * the batch axes). Either array type may be used with either {@link #precision()}: the precision
 * decides how the transform computes, the array type only how values are passed.
 *
 * <p>Instances are safe to use from several threads; each call uses its own work buffers, taken
 * from a pool so that the hot path does not allocate.
 */
public interface ScatteringTransform extends AutoCloseable {

    /** Shape of one input sample, e.g. {@code {N}}, {@code {H, W}} or {@code {M, N, O}}. */
    int[] inputShape();

    /** Shape of one output sample, e.g. {@code {C, N_out}}, {@code {P, h, w}}, {@code {paths, L+1, powers}}. */
    int[] outputShape();

    /** Number of values of one input sample (product of {@link #inputShape()}). */
    default int inputSize() {
        int n = 1;
        for (int d : inputShape()) n *= d;
        return n;
    }

    /** Number of values of one output sample (product of {@link #outputShape()}). */
    default int outputSize() {
        int n = 1;
        for (int d : outputShape()) n *= d;
        return n;
    }

    /** Precision the transform computes in. */
    Precision precision();

    /** Name of the backend the transform runs on ({@code cpu}, {@code cuda}). */
    String backendName();

    /**
     * A stable identifier of the configuration (transform kind and every parameter that changes the
     * numbers), e.g. {@code scattering1d:J=8,Q=8x1,N=4096,T=256,stride=256,order=2}. Equal ids mean
     * equal outputs for equal inputs.
     */
    String configId();

    /** Transforms {@code batch} samples of {@code in} into {@code out}. */
    void transform(float[] in, int batch, float[] out);

    /** Transforms {@code batch} samples of {@code in} into {@code out}. */
    void transform(double[] in, int batch, double[] out);

    /** Convenience: allocates the output array for {@code batch} samples. */
    default float[] transform(float[] in, int batch) {
        if (batch < 0) throw new IllegalArgumentException("batch must be >= 0, got " + batch);
        float[] out = new float[Math.multiplyExact(batch, outputSize())];
        transform(in, batch, out);
        return out;
    }

    /** Convenience: allocates the output array for {@code batch} samples. */
    default double[] transform(double[] in, int batch) {
        if (batch < 0) throw new IllegalArgumentException("batch must be >= 0, got " + batch);
        double[] out = new double[Math.multiplyExact(batch, outputSize())];
        transform(in, batch, out);
        return out;
    }

    /**
     * The backend's running totals for benchmarks (see {@code ComputeEngine.stats()}), e.g. a GPU's
     * {@code gpu_kernel_ms}; empty when it keeps none.
     */
    default java.util.Map<String, Double> backendStats() {
        return java.util.Map.of();
    }

    /** Releases backend resources (work buffers, device memory). Idempotent. */
    @Override
    void close();
}
