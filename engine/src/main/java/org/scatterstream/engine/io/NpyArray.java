package org.scatterstream.engine.io;

import java.util.Arrays;

/**
 * An n-dimensional array read from (or to be written to) an NPY file: a C-order shape and the
 * values, kept in the element type of the file ({@code float[]} for float32, {@code double[]} for
 * float64) so that reading never widens or narrows behind the caller's back.
 */
public final class NpyArray {
    private final int[] shape;
    private final NpyDtype dtype;
    private final float[] floats;
    private final double[] doubles;

    private NpyArray(int[] shape, NpyDtype dtype, float[] floats, double[] doubles) {
        this.shape = shape.clone();
        this.dtype = dtype;
        this.floats = floats;
        this.doubles = doubles;
        long n = Shapes.size(this.shape);
        int length = floats != null ? floats.length : doubles.length;
        if (n != length) {
            throw new IllegalArgumentException("shape " + Shapes.toString(this.shape) + " holds " + n
                    + " values, the data has " + length);
        }
    }

    /** A float32 array (the data is not copied). */
    public static NpyArray ofFloats(int[] shape, float[] data) {
        return new NpyArray(shape, NpyDtype.FLOAT32, data, null);
    }

    /** A float64 array (the data is not copied). */
    public static NpyArray ofDoubles(int[] shape, double[] data) {
        return new NpyArray(shape, NpyDtype.FLOAT64, null, data);
    }

    /** The shape, C order (last axis fastest); empty for a 0-d array. */
    public int[] shape() {
        return shape.clone();
    }

    /** Number of axes. */
    public int ndim() {
        return shape.length;
    }

    /** Extent of axis {@code axis}; negative values count from the end as in NumPy. */
    public int dim(int axis) {
        return shape[axis < 0 ? shape.length + axis : axis];
    }

    /** Number of values. */
    public int size() {
        return floats != null ? floats.length : doubles.length;
    }

    /** The element type the values are held in. */
    public NpyDtype dtype() {
        return dtype;
    }

    /** The values as doubles: the backing array for float64, a widened copy for float32. */
    public double[] doubles() {
        if (doubles != null) return doubles;
        double[] r = new double[floats.length];
        for (int i = 0; i < r.length; i++) r[i] = floats[i];
        return r;
    }

    /** The values as floats: the backing array for float32, a rounded copy for float64. */
    public float[] floats() {
        if (floats != null) return floats;
        float[] r = new float[doubles.length];
        for (int i = 0; i < r.length; i++) r[i] = (float) doubles[i];
        return r;
    }

    @Override
    public String toString() {
        return "NpyArray" + Shapes.toString(shape) + " " + dtype.numpyName();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NpyArray)) return false;
        NpyArray a = (NpyArray) o;
        return dtype == a.dtype && Arrays.equals(shape, a.shape)
                && Arrays.equals(floats, a.floats) && Arrays.equals(doubles, a.doubles);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + (floats != null ? Arrays.hashCode(floats) : Arrays.hashCode(doubles));
    }
}
