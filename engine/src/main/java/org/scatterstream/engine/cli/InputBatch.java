package org.scatterstream.engine.cli;

import org.scatterstream.engine.Precision;
import org.scatterstream.engine.io.Shapes;

/**
 * Input samples ready for a transform: {@code batchShape} leading axes (possibly none) of samples
 * of {@code sampleShape}, flat in C order, in the array type of the compute precision.
 */
final class InputBatch {
    final int[] batchShape;
    final int[] sampleShape;
    final float[] floats;
    final double[] doubles;
    /** What was read, for messages: {@code x.npy (2, 4096) float64}. */
    final String description;

    private InputBatch(int[] batchShape, int[] sampleShape, float[] floats, double[] doubles, String description) {
        this.batchShape = batchShape.clone();
        this.sampleShape = sampleShape.clone();
        this.floats = floats;
        this.doubles = doubles;
        this.description = description;
    }

    /**
     * Splits {@code shape} into batch axes and the last {@code sampleRank} axes, and keeps the
     * values in the array type of {@code precision} (converting at most once).
     */
    static InputBatch of(int[] shape, int sampleRank, Precision precision, float[] floats, double[] doubles,
                         String description) {
        int lead = shape.length - sampleRank;
        int[] batch = java.util.Arrays.copyOfRange(shape, 0, lead);
        int[] sample = java.util.Arrays.copyOfRange(shape, lead, shape.length);
        if (precision == Precision.FLOAT) {
            if (floats == null) floats = toFloats(doubles);
            return new InputBatch(batch, sample, floats, null, description);
        }
        if (doubles == null) doubles = toDoubles(floats);
        return new InputBatch(batch, sample, null, doubles, description);
    }

    /** Number of samples (product of the batch axes; 1 without batch axes). */
    int batch() {
        return (int) Shapes.size(batchShape);
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }
}
