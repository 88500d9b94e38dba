package org.scatterstream.engine;

import java.util.Arrays;

/**
 * Per-channel description of a {@link Scattering2D} output, in output channel order (what
 * Kymatio's {@code out_type='list'} output carries: {@code j}, {@code n}, {@code theta} per channel;
 * Kymatio has no {@code meta()} for 2D). For each order k = 1..maxOrder a channel has the wavelet
 * index {@code n = j*L + theta}, its scale {@code j} and its angle index {@code theta}; entries
 * beyond a channel's order are -1. Immutable.
 */
public final class Scattering2DMeta {
    private final int L;
    private final int[] order;
    private final int[][] n;

    /**
     * @param order order (0, 1, 2) of each channel
     * @param n     wavelet indices [channel][order - 1], -1 beyond the channel's order
     * @param L     number of angles (n = j * L + theta)
     */
    public Scattering2DMeta(int[] order, int[][] n, int L) {
        if (L < 1) throw new IllegalArgumentException("L must be >= 1, got " + L);
        if (order.length != n.length) throw new IllegalArgumentException("order and n differ in length");
        this.L = L;
        this.order = order.clone();
        this.n = new int[n.length][];
        for (int c = 0; c < n.length; c++) this.n[c] = n[c].clone();
    }

    /** Number of channels. */
    public int channels() { return order.length; }
    /** Number of angles L. */
    public int L() { return L; }
    /** Maximum order described (columns of the per-order tables). */
    public int maxOrder() { return n.length == 0 ? 0 : n[0].length; }
    /** Scattering order (0, 1 or 2) of channel c. */
    public int order(int c) { return order[c]; }
    /** Wavelet index {@code j*L + theta} of channel c at order k (1-based), or -1. */
    public int n(int c, int k) { return n[c][k - 1]; }
    /** Scale j of channel c at order k, or -1. */
    public int j(int c, int k) { int v = n[c][k - 1]; return v < 0 ? -1 : v / L; }
    /** Angle index theta (0..L-1) of channel c at order k, or -1. */
    public int theta(int c, int k) { int v = n[c][k - 1]; return v < 0 ? -1 : v % L; }
    /** The wavelet-index tuple of channel c (empty for order 0). */
    public int[] key(int c) { return Arrays.copyOf(n[c], order[c]); }
}
