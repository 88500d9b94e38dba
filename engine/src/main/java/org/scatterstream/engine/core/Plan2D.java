package org.scatterstream.engine.core;

import java.util.ArrayList;
import java.util.List;
import org.scatterstream.engine.Scattering2DMeta;
import org.scatterstream.engine.filters.MorletFilterBank2D;

/**
 * The immutable plan of a 2D scattering transform (spec §2.3-2.5): padded grid and reflect maps,
 * filter bank, the scattering tree and the output channel of every path. Built from validated
 * parameters; shared by all backends.
 */
public final class Plan2D {

    /** A second-order node: wavelet n2 (scale j2 > j1) applied at level j1 of its parent. */
    public record Node2(int n2, int j2, int channel) {}

    /** A first-order node: wavelet n1 of scale j1, with its second-order children in output order. */
    public record Node1(int n1, int j1, int channel, List<Node2> children) {}

    private final int J, L, maxOrder, m, n;
    private final boolean prePad;
    private final int mPad, nPad, padTop, padLeft;
    private final int[] rowSource, colSource;
    private final MorletFilterBank2D bank;
    private final List<Node1> tree;
    private final int channels, outH, outW;

    /**
     * @param m rows of the (unpadded) image
     * @param n columns of the (unpadded) image
     * @param prePad the input is already padded to the padded size
     */
    public Plan2D(int J, int L, int m, int n, int maxOrder, boolean prePad) {
        this.J = J;
        this.L = L;
        this.m = m;
        this.n = n;
        this.maxOrder = maxOrder;
        this.prePad = prePad;
        this.mPad = paddedSize(m, J);
        this.nPad = paddedSize(n, J);
        this.padTop = (mPad - m) / 2;
        this.padLeft = (nPad - n) / 2;
        this.rowSource = prePad ? identity(mPad) : reflectMap(m, padTop, mPad);
        this.colSource = prePad ? identity(nPad) : reflectMap(n, padLeft, nPad);
        this.bank = MorletFilterBank2D.of(new MorletFilterBank2D.Key(J, L, mPad, nPad));
        List<Node1> nodes = new ArrayList<>();
        int ch2 = 1 + J * L;
        for (int n1 = 0; n1 < J * L; n1++) {
            int j1 = n1 / L;
            List<Node2> kids = new ArrayList<>();
            if (maxOrder == 2) {
                for (int n2 = (j1 + 1) * L; n2 < J * L; n2++) kids.add(new Node2(n2, n2 / L, ch2++));
            }
            nodes.add(new Node1(n1, j1, 1 + n1, List.copyOf(kids)));
        }
        this.tree = List.copyOf(nodes);
        this.channels = channelCount(J, L, maxOrder);
        this.outH = (mPad >> J) - 2;
        this.outW = (nPad >> J) - 2;
    }

    /** Kymatio's padded size: {@code (floor(s / 2^J) + 2) * 2^J}, a multiple of 2^J with one spare block. */
    public static int paddedSize(int s, int J) {
        return ((s >> J) + 2) << J;
    }

    /** Number of channels: {@code 1 + J L + L^2 J (J-1) / 2} (order 2) or {@code 1 + J L}. */
    public static int channelCount(int J, int L, int maxOrder) {
        long c = 1 + (long) J * L;
        if (maxOrder == 2) c += (long) L * L * J * (J - 1) / 2;
        if (c > Integer.MAX_VALUE) throw new IllegalArgumentException("too many channels: " + c);
        return (int) c;
    }

    /** NumPy's reflect padding of a length-n axis by {@code before} on the left, to {@code total} (spec §0). */
    static int[] reflectMap(int n, int before, int total) {
        int[] map = new int[total];
        long period = 2L * (n - 1);
        for (int i = 0; i < total; i++) {
            if (period == 0) { map[i] = 0; continue; }
            long t = Math.floorMod((long) i - before, period);
            map[i] = (int) (t < n ? t : period - t);
        }
        return map;
    }

    private static int[] identity(int n) {
        int[] map = new int[n];
        for (int i = 0; i < n; i++) map[i] = i;
        return map;
    }

    public int J() { return J; }
    public int L() { return L; }
    public int maxOrder() { return maxOrder; }
    /** Rows of the unpadded image. */
    public int m() { return m; }
    /** Columns of the unpadded image. */
    public int n() { return n; }
    public boolean prePad() { return prePad; }
    public int mPad() { return mPad; }
    public int nPad() { return nPad; }
    public int padTop() { return padTop; }
    public int padLeft() { return padLeft; }
    /** Input rows: m, or mPad when the input comes padded. */
    public int inputRows() { return prePad ? mPad : m; }
    /** Input columns: n, or nPad when the input comes padded. */
    public int inputCols() { return prePad ? nPad : n; }
    /** Source row of each padded row (reflect padding, or identity with pre-padded input). */
    public int[] rowSource() { return rowSource.clone(); }
    /** Source column of each padded column. */
    public int[] colSource() { return colSource.clone(); }
    public MorletFilterBank2D bank() { return bank; }
    /** First-order nodes in wavelet order (the depth-first traversal order). */
    public List<Node1> tree() { return tree; }
    public int channels() { return channels; }
    /** Output rows: {@code mPad / 2^J - 2} (= floor(m / 2^J)). */
    public int outH() { return outH; }
    /** Output columns: {@code nPad / 2^J - 2}. */
    public int outW() { return outW; }

    /** The channel table, in output order. */
    public Scattering2DMeta meta() {
        int[] order = new int[channels];
        int[][] nn = new int[channels][maxOrder];
        for (int[] row : nn) java.util.Arrays.fill(row, -1);
        for (Node1 a : tree) {
            order[a.channel()] = 1;
            nn[a.channel()][0] = a.n1();
            for (Node2 b : a.children()) {
                order[b.channel()] = 2;
                nn[b.channel()][0] = a.n1();
                nn[b.channel()][1] = b.n2();
            }
        }
        return new Scattering2DMeta(order, nn, L);
    }
}
