package org.scatterstream.engine.filters;

/** Exact integer logarithms (bit lengths), never {@code log(n)/log(2)} (spec trap 2). */
public final class IntMath {
    private IntMath() {}

    /** floor(log2 n) for n >= 1. */
    public static int floorLog2(long n) {
        if (n < 1) throw new IllegalArgumentException("floorLog2 of " + n);
        return 63 - Long.numberOfLeadingZeros(n);
    }

    /** ceil(log2 n) for n >= 1. */
    public static int ceilLog2(long n) {
        if (n < 1) throw new IllegalArgumentException("ceilLog2 of " + n);
        return n == 1 ? 0 : 64 - Long.numberOfLeadingZeros(n - 1);
    }

    /** floor(log2 t) for a real t >= 1, exact: the largest k with 2^k <= t. */
    public static int floorLog2(double t) {
        if (!(t >= 1)) throw new IllegalArgumentException("floorLog2 of " + t);
        int k = Math.getExponent(t);          // exact for normal doubles: 2^k <= t < 2^(k+1)
        return k;
    }

    /** True when n is a positive power of two. */
    public static boolean isPowerOfTwo(long n) {
        return n > 0 && (n & (n - 1)) == 0;
    }

    /** ceil(a / 2^r) for a >= 0. */
    public static int ceilShift(int a, int r) {
        return (int) ((a + (1L << r) - 1) >> r);
    }
}
