package org.scatterstream.engine.backend.cpu;

import org.scatterstream.engine.backend.ComputeEngine;

/** A filter stored over its significant support: {@code values[i] = scale * h[(start + i) mod n]}. */
final class CpuFilter64 implements ComputeEngine.Filter {
    final int n;
    final int start;
    final double[] values;

    CpuFilter64(double/*keep*/[] h, double/*keep*/ scale, double/*keep*/ threshold) {
        Support s = Support.of(h, threshold);
        this.n = h.length;
        this.start = s.start();
        this.values = new double[s.length()];
        for (int i = 0; i < values.length; i++) values[i] = (double) (scale * h[(start + i) % n]);
    }

    @Override
    public int length() {
        return n;
    }
}
