package org.scatterstream.job.internal;

import org.apache.avro.Schema;
import org.apache.avro.generic.PrimitivesArrays;

import java.util.List;

/** Conversions between Avro's {@code array<float>} lists and primitive arrays, without boxing when possible. */
public final class Floats {
    private static final Schema FLOAT_ARRAY = Schema.createArray(Schema.create(Schema.Type.FLOAT));

    private Floats() {
    }

    /** Copies {@code list} into {@code dst} at {@code offset}. */
    public static void copy(List<Float> list, float[] dst, int offset) {
        copy(list, 0, dst, offset, list.size());
    }

    /** Copies {@code len} values of {@code list} from {@code from} into {@code dst} at {@code offset}. */
    public static void copy(List<Float> list, int from, float[] dst, int offset, int len) {
        if (list instanceof PrimitivesArrays.FloatArray) {
            PrimitivesArrays.FloatArray a = (PrimitivesArrays.FloatArray) list;
            for (int i = 0; i < len; i++) dst[offset + i] = a.getFloat(from + i);
        } else {
            for (int i = 0; i < len; i++) dst[offset + i] = list.get(from + i);
        }
    }

    /** A new primitive array with the values of {@code list}. */
    public static float[] toArray(List<Float> list) {
        float[] a = new float[list.size()];
        copy(list, a, 0);
        return a;
    }

    /** An Avro list backed by primitives holding {@code values[from, to)}. */
    public static List<Float> toList(float[] values, int from, int to) {
        PrimitivesArrays.FloatArray a = new PrimitivesArrays.FloatArray(to - from, FLOAT_ARRAY);
        for (int i = from; i < to; i++) a.add(a.size(), values[i]);
        return a;
    }

    /** An Avro list backed by primitives holding all of {@code values}. */
    public static List<Float> toList(float[] values) {
        return toList(values, 0, values.length);
    }

    /** Index of the first NaN or infinite value, or -1. */
    public static int firstNonFinite(List<Float> list) {
        int n = list.size();
        if (list instanceof PrimitivesArrays.FloatArray) {
            PrimitivesArrays.FloatArray a = (PrimitivesArrays.FloatArray) list;
            for (int i = 0; i < n; i++) if (!Float.isFinite(a.getFloat(i))) return i;
        } else {
            for (int i = 0; i < n; i++) {
                Float f = list.get(i);
                if (f == null || !Float.isFinite(f)) return i;
            }
        }
        return -1;
    }
}
