package org.scatterstream.engine.core;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Arrays to and from state snapshots (big-endian, no length prefix: the plan fixes the lengths). */
final class ArrayIO {
    private ArrayIO() {}

    static void write(DataOutput out, double[] a) throws IOException {
        for (double v : a) out.writeDouble(v);
    }

    static void write(DataOutput out, float[] a) throws IOException {
        for (float v : a) out.writeFloat(v);
    }

    static void read(DataInput in, double[] a) throws IOException {
        for (int i = 0; i < a.length; i++) a[i] = in.readDouble();
    }

    static void read(DataInput in, float[] a) throws IOException {
        for (int i = 0; i < a.length; i++) a[i] = in.readFloat();
    }
}
