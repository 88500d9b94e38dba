package org.scatterstream.engine.core;

import org.scatterstream.engine.filters.IntMath;
import org.scatterstream.engine.filters.MorletFilterBank1D;
import org.scatterstream.engine.filters.ReferenceFft;

/** Padded length and pads of a 1D transform (spec §1.5). */
public record Padding1D(int n, int nPad, int padLeft, int padRight) {

    /** Computes the padding for input length {@code n} and averaging scale {@code t}. */
    public static Padding1D of(int n, double t) {
        int support = lowPassSupport(n, t);
        long minToPad = 3L * support;
        int jPad = Math.min(IntMath.ceilLog2(n + 2 * minToPad), IntMath.floorLog2(3L * n - 2));
        int nPad = 1 << jPad;
        int left = (nPad - n) / 2;
        return new Padding1D(n, nPad, left, nPad - n - left);
    }

    /** Half support of Gauss(n, 0.1/t) in time: the tail criterion of spec §1.5 step 2. */
    static int lowPassSupport(int n, double t) {
        double[] re = MorletFilterBank1D.gauss(n, MorletFilterBank1D.SIGMA0 / t);
        double[] im = new double[n];
        ReferenceFft.transform(re, im, true);
        int h = n / 2;
        double[] tail = new double[h];
        double acc = 0;
        for (int i = h - 1; i >= 0; i--) {
            acc += Math.hypot(re[i], im[i]);
            tail[i] = acc;
        }
        for (int i = 0; i < h; i++) {
            if (tail[i] <= 1e-3) return i + 1;
        }
        return h;
    }

    /** First unpadded index at resolution r: ceil(padLeft / 2^r). */
    public int start(int r) {
        return IntMath.ceilShift(padLeft, r);
    }

    /** End (exclusive) of the unpadded range at resolution r: ceil((padLeft + n) / 2^r). */
    public int end(int r) {
        return IntMath.ceilShift(padLeft + n, r);
    }

    /**
     * Source index in [0, n) of padded position {@code i} (numpy 'reflect': edge not repeated, repeated
     * reflection for pads longer than n - 1).
     */
    public int reflect(int i) {
        if (n == 1) return 0;
        int period = 2 * (n - 1);
        int t = Math.floorMod(i - padLeft, period);
        return t < n ? t : period - t;
    }
}
