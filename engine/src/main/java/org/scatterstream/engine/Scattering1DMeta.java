package org.scatterstream.engine;

import java.util.Arrays;

/**
 * Per-channel description of a {@link Scattering1D} output, in output channel order (Kymatio's
 * {@code meta()}). Arrays indexed {@code [channel][order-1]} hold, for each order up to
 * {@code maxOrder}, the filter index {@code n}, its maximal subsampling {@code j}, centre frequency
 * {@code xi} and bandwidth {@code sigma} (cycles per sample); entries beyond a channel's order are
 * {@code -1} (ints) or {@code NaN} (doubles), as Kymatio pads with NaN.
 */
public final class Scattering1DMeta {
    private final int[] order;
    private final int[][] n;
    private final int[][] j;
    private final double[][] xi;
    private final double[][] sigma;

    public Scattering1DMeta(int[] order, int[][] n, int[][] j, double[][] xi, double[][] sigma) {
        this.order = order.clone();
        this.n = deep(n);
        this.j = deep(j);
        this.xi = deep(xi);
        this.sigma = deep(sigma);
    }

    /** Number of channels. */
    public int channels() { return order.length; }
    /** Scattering order (0, 1 or 2) of channel {@code c}. */
    public int order(int c) { return order[c]; }
    /** Filter index of channel {@code c} at order {@code k} (1-based), or -1. */
    public int n(int c, int k) { return n[c][k - 1]; }
    /** Maximal subsampling j of the filter of channel {@code c} at order {@code k}, or -1. */
    public int j(int c, int k) { return j[c][k - 1]; }
    /** Centre frequency of the filter of channel {@code c} at order {@code k}, or NaN. */
    public double xi(int c, int k) { return xi[c][k - 1]; }
    /** Bandwidth of the filter of channel {@code c} at order {@code k}, or NaN. */
    public double sigma(int c, int k) { return sigma[c][k - 1]; }
    /** Maximum order described (columns of the per-order tables). */
    public int maxOrder() { return n.length == 0 ? 0 : n[0].length; }

    /** The filter-index tuple of channel {@code c} (empty for order 0), as Kymatio's {@code key}. */
    public int[] key(int c) { return Arrays.copyOf(n[c], order[c]); }

    private static int[][] deep(int[][] a) {
        int[][] r = new int[a.length][];
        for (int i = 0; i < a.length; i++) r[i] = a[i].clone();
        return r;
    }

    private static double[][] deep(double[][] a) {
        double[][] r = new double[a.length][];
        for (int i = 0; i < a.length; i++) r[i] = a[i].clone();
        return r;
    }
}
