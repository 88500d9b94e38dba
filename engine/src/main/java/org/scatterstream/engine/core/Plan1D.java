package org.scatterstream.engine.core;

import java.util.ArrayList;
import java.util.List;
import org.scatterstream.engine.Averaging;
import org.scatterstream.engine.Scattering1DMeta;
import org.scatterstream.engine.filters.FilterCache;
import org.scatterstream.engine.filters.MorletFilterBank1D;

/**
 * The immutable plan of a 1D scattering transform: padding, filter bank, the scattering tree with
 * each node's subsampling, and the output channel of every path (spec §1.5-1.7). Built from
 * validated parameters; shared by all backends.
 */
public final class Plan1D {

    /** A second-order node: wavelet n2 applied at level k1 of its parent, subsampled by 2^k2. */
    public record Node2(int n2, int k2, int a, int channel) {}

    /** A first-order node: wavelet n1 subsampled by 2^k1, with its second-order children. */
    public record Node1(int n1, int k1, int channel, List<Node2> children) {}

    private final int J, n, q1, q2, maxOrder, log2T, s;
    private final double T;
    private final Averaging averaging;
    private final Padding1D padding;
    private final MorletFilterBank1D bank;
    private final List<Node1> tree;
    private final int channels, nOut;

    /**
     * @param t the averaging scale (2^J for the default and for global averaging)
     * @param s log2 of the stride (ignored for global averaging)
     */
    public Plan1D(int J, int n, int q1, int q2, double t, Averaging averaging, int s, int maxOrder) {
        this.J = J; this.n = n; this.q1 = q1; this.q2 = q2; this.T = t;
        this.averaging = averaging; this.maxOrder = maxOrder;
        this.log2T = org.scatterstream.engine.filters.IntMath.floorLog2(t);
        this.s = s;
        this.padding = Padding1D.of(n, t);
        int levels = MorletFilterBank1D.requiredPhiLevels(J, q1, q2, log2T);
        if (levels - 1 > Integer.numberOfTrailingZeros(padding.nPad())) {
            throw new IllegalArgumentException("J=" + J + " is too large for N=" + n + ": the padded length "
                    + padding.nPad() + " must be divisible by 2^" + (levels - 1) + " (need 2^J <= " + padding.nPad() + ")");
        }
        this.bank = FilterCache.morlet1D(new MorletFilterBank1D.Key(J, q1, q2, t, padding.nPad(), log2T));
        boolean global = averaging == Averaging.GLOBAL;
        List<Node1> nodes = new ArrayList<>();
        int ch2 = 1 + bank.count1();
        for (int n1 = 0; n1 < bank.count1(); n1++) {
            int j1 = bank.j1(n1);
            int k1 = global ? j1 : Math.min(j1, s);
            List<Node2> kids = new ArrayList<>();
            if (maxOrder == 2) {
                for (int n2 = 0; n2 < bank.count2(); n2++) {
                    int j2 = bank.j2(n2);
                    if (j2 <= j1) continue;
                    int a = global ? j2 : Math.min(j2, s);
                    kids.add(new Node2(n2, a - k1, a, ch2++));
                }
            }
            nodes.add(new Node1(n1, k1, 1 + n1, List.copyOf(kids)));
        }
        this.tree = List.copyOf(nodes);
        this.channels = maxOrder == 2 ? ch2 : 1 + bank.count1();
        this.nOut = global ? 1 : padding.end(s) - padding.start(s);
    }

    public int J() { return J; }
    public int n() { return n; }
    public int q1() { return q1; }
    public int q2() { return q2; }
    public double T() { return T; }
    public int log2T() { return log2T; }
    /** log2 of the stride. */
    public int s() { return s; }
    public int maxOrder() { return maxOrder; }
    public Averaging averaging() { return averaging; }
    public Padding1D padding() { return padding; }
    public MorletFilterBank1D bank() { return bank; }
    /** First-order nodes in filter order (the depth-first traversal order). */
    public List<Node1> tree() { return tree; }
    public int channels() { return channels; }
    public int nOut() { return nOut; }
    /** First output index at the output resolution (local averaging). */
    public int outStart() { return padding.start(s); }

    /** Kymatio's meta(), in output channel order. */
    public Scattering1DMeta meta() {
        int[] order = new int[channels];
        int[][] nn = new int[channels][maxOrder], jj = new int[channels][maxOrder];
        double[][] xi = new double[channels][maxOrder], sg = new double[channels][maxOrder];
        for (int c = 0; c < channels; c++) {
            java.util.Arrays.fill(nn[c], -1);
            java.util.Arrays.fill(jj[c], -1);
            java.util.Arrays.fill(xi[c], Double.NaN);
            java.util.Arrays.fill(sg[c], Double.NaN);
        }
        for (Node1 a : tree) {
            fill(a.channel(), 1, a.n1(), nn, jj, xi, sg, order, true);
            for (Node2 b : a.children()) {
                fill(b.channel(), 1, a.n1(), nn, jj, xi, sg, order, true);
                fill(b.channel(), 2, b.n2(), nn, jj, xi, sg, order, false);
            }
        }
        return new Scattering1DMeta(order, nn, jj, xi, sg);
    }

    private void fill(int c, int k, int idx, int[][] nn, int[][] jj, double[][] xi, double[][] sg,
                      int[] order, boolean first) {
        order[c] = Math.max(order[c], k);
        nn[c][k - 1] = idx;
        jj[c][k - 1] = first ? bank.j1(idx) : bank.j2(idx);
        xi[c][k - 1] = first ? bank.xi1(idx) : bank.xi2(idx);
        sg[c][k - 1] = first ? bank.sigma1(idx) : bank.sigma2(idx);
    }
}
