package org.scatterstream.engine.backend;

/** Read access to a batch of input samples (flat arrays of float or double). */
public interface Signals {
    /** Value {@code index} of sample {@code sample}. */
    double get(int sample, int index);

    static Signals of(double[] a, int sampleSize) {
        return (s, i) -> a[s * sampleSize + i];
    }

    static Signals of(float[] a, int sampleSize) {
        return (s, i) -> a[s * sampleSize + i];
    }
}
