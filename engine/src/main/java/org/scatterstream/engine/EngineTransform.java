package org.scatterstream.engine;

import java.util.Map;
import org.scatterstream.engine.backend.Coefficients;
import org.scatterstream.engine.backend.ComputeEngine;
import org.scatterstream.engine.backend.Signals;
import org.scatterstream.engine.core.BatchExecutor;

/**
 * What the three transforms share: a backend engine, the batch executor running a core on it, the
 * argument checks and the lifecycle. Subclasses supply the plan-specific shapes and descriptions.
 */
abstract class EngineTransform<S> implements ScatteringTransform {
    private final ComputeEngine engine;
    private final BatchExecutor<S> executor;
    private final String configId;

    EngineTransform(ComputeEngine engine, BatchExecutor.Kernel<S> core, int threads, String configId) {
        this.engine = engine;
        this.executor = new BatchExecutor<>(engine, core, threads);
        this.configId = configId;
    }

    /** One input sample in words for error messages, e.g. "signals of length N=4096". */
    abstract String samplesDescription();

    @Override
    public final Precision precision() {
        return engine.precision();
    }

    @Override
    public final String backendName() {
        return engine.backendName();
    }

    @Override
    public final Map<String, Double> backendStats() {
        return engine.stats();
    }

    @Override
    public final String configId() {
        return configId;
    }

    @Override
    public final void transform(float[] in, int batch, float[] out) {
        int[] shape = check(in.length, out.length, batch);
        executor.run(batch, Signals.of(in, inputSize()), Coefficients.of(out, shape[0], outputSize() / shape[0]));
    }

    @Override
    public final void transform(double[] in, int batch, double[] out) {
        int[] shape = check(in.length, out.length, batch);
        executor.run(batch, Signals.of(in, inputSize()), Coefficients.of(out, shape[0], outputSize() / shape[0]));
    }

    /** Validates the array lengths for {@code batch} samples; returns the output shape. */
    private int[] check(int inLength, int outLength, int batch) {
        if (batch < 0) throw new IllegalArgumentException("batch must be >= 0, got " + batch);
        int[] shape = outputShape();
        long needIn = (long) batch * inputSize();
        long needOut = (long) batch * outputSize();
        if (inLength < needIn) {
            throw new IllegalArgumentException("input holds " + inLength + " values, but " + batch + " "
                    + samplesDescription() + " need " + needIn);
        }
        if (outLength < needOut) {
            StringBuilder s = new StringBuilder("(");
            for (int i = 0; i < shape.length; i++) s.append(i > 0 ? ", " : "").append(shape[i]);
            throw new IllegalArgumentException("output holds " + outLength + " values, but " + batch
                    + " outputs of shape " + s.append(')') + " need " + needOut);
        }
        return shape;
    }

    @Override
    public final void close() {
        executor.close();
        engine.close();
    }
}
