package org.scatterstream.engine.backend;

/** Write access to a batch of outputs laid out as (sample, channel, position). */
public interface Coefficients {
    void put(int sample, int channel, int position, double value);

    static Coefficients of(double[] a, int channels, int positions) {
        int size = channels * positions;
        return (s, c, t, v) -> a[s * size + c * positions + t] = v;
    }

    static Coefficients of(float[] a, int channels, int positions) {
        int size = channels * positions;
        return (s, c, t, v) -> a[s * size + c * positions + t] = (float) v;
    }
}
