package org.scatterstream.engine.backend.cpu;

import org.scatterstream.engine.backend.Worker;

/** Split-complex lane-interleaved storage: element e, lane v at index {@code e * lanes + v}. */
final class CpuBuffer64 implements Worker.Buffer {
    final double[] re;
    final double[] im;
    private final int capacity;

    CpuBuffer64(int capacity, int lanes) {
        this.capacity = capacity;
        this.re = new double[capacity * lanes];
        this.im = new double[capacity * lanes];
    }

    @Override
    public int capacity() {
        return capacity;
    }
}
