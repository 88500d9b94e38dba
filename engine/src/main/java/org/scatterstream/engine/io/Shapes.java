package org.scatterstream.engine.io;

/** Small helpers for array shapes (products with overflow checks, NumPy-style printing). */
public final class Shapes {
    private Shapes() {
    }

    /** Product of the extents; throws IllegalArgumentException on a negative extent. */
    public static long size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative extent in shape " + toString(shape));
            n = Math.multiplyExact(n, (long) d);
        }
        return n;
    }

    /** Prints like NumPy: {@code ()}, {@code (5,)}, {@code (2, 4096)}. */
    public static String toString(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(shape[i]);
        }
        if (shape.length == 1) sb.append(',');
        return sb.append(')').toString();
    }

    /** Concatenates two shapes. */
    public static int[] concat(int[] a, int[] b) {
        int[] r = new int[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
