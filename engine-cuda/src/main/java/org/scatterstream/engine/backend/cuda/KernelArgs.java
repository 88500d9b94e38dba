package org.scatterstream.engine.backend.cuda;

import java.util.Arrays;

/**
 * The argument list of one kernel launch, in declaration order; reused (cleared) between launches
 * so that the hot path allocates nothing here. Each argument is a device pointer (possibly null), a
 * 32-bit int, a 64-bit long or a double, matching the kernel's C parameter types.
 */
final class KernelArgs {
    enum Kind { POINTER, INT, LONG, DOUBLE }

    private Kind[] kinds = new Kind[16];
    private long[] values = new long[16];
    private Gpu.Memory[] pointers = new Gpu.Memory[16];
    private int size;

    KernelArgs clear() {
        Arrays.fill(pointers, 0, size, null);
        size = 0;
        return this;
    }

    /** A device pointer; null passes a null pointer. */
    KernelArgs ptr(Gpu.Memory m) {
        grow();
        kinds[size] = Kind.POINTER;
        pointers[size] = m;
        values[size++] = 0;
        return this;
    }

    KernelArgs i32(int v) {
        grow();
        kinds[size] = Kind.INT;
        values[size++] = v;
        return this;
    }

    KernelArgs i64(long v) {
        grow();
        kinds[size] = Kind.LONG;
        values[size++] = v;
        return this;
    }

    KernelArgs f64(double v) {
        grow();
        kinds[size] = Kind.DOUBLE;
        values[size++] = Double.doubleToRawLongBits(v);
        return this;
    }

    int size() {
        return size;
    }

    Kind kind(int i) {
        return kinds[i];
    }

    Gpu.Memory pointer(int i) {
        return pointers[i];
    }

    /** The raw 64-bit slot: an int's value, a long, or a double's bits. */
    long raw(int i) {
        return values[i];
    }

    private void grow() {
        if (size == kinds.length) {
            kinds = Arrays.copyOf(kinds, size * 2);
            values = Arrays.copyOf(values, size * 2);
            pointers = Arrays.copyOf(pointers, size * 2);
        }
    }
}
