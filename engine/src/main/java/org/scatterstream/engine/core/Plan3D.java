package org.scatterstream.engine.core;

import java.util.ArrayList;
import java.util.List;
import org.scatterstream.engine.HarmonicScattering3DMeta;
import org.scatterstream.engine.filters.SolidHarmonicBank3D;

/**
 * The immutable plan of a 3D harmonic scattering transform with the integral method (spec
 * §3.5): filter bank, path order and output layout {@code (paths, L+1, powers)}.
 */
public final class Plan3D {

    /** A second-order path (j1, j2), j2 > j1, and its index on the output's path axis. */
    public record Node2(int j2, int path) {}

    /** A first-order path (j1) with its second-order children. */
    public record Node1(int j1, int path, List<Node2> children) {}

    private final int J, L, maxOrder, m, n, o;
    private final double sigma0;
    private final boolean rotationCovariant;
    private final double[] powers;
    private final SolidHarmonicBank3D bank;
    private final List<Node1> tree;
    private final int paths;

    public Plan3D(int J, int L, double sigma0, int m, int n, int o, int maxOrder, boolean rotationCovariant,
                  double[] powers) {
        this.J = J;
        this.L = L;
        this.sigma0 = sigma0;
        this.m = m;
        this.n = n;
        this.o = o;
        this.maxOrder = maxOrder;
        this.rotationCovariant = rotationCovariant;
        this.powers = powers.clone();
        this.bank = SolidHarmonicBank3D.of(new SolidHarmonicBank3D.Key(J, L, sigma0, m, n, o));
        List<Node1> nodes = new ArrayList<>();
        int p2 = J + 1;
        for (int j1 = 0; j1 <= J; j1++) {
            List<Node2> kids = new ArrayList<>();
            if (maxOrder == 2) for (int j2 = j1 + 1; j2 <= J; j2++) kids.add(new Node2(j2, p2++));
            nodes.add(new Node1(j1, j1, List.copyOf(kids)));
        }
        this.tree = List.copyOf(nodes);
        this.paths = pathCount(J, maxOrder);
    }

    /** {@code (J+1) + J(J+1)/2} paths for max order 2, {@code J+1} for order 1. */
    public static int pathCount(int J, int maxOrder) {
        return maxOrder == 2 ? (J + 1) + J * (J + 1) / 2 : J + 1;
    }

    public int J() { return J; }
    public int L() { return L; }
    public double sigma0() { return sigma0; }
    public int maxOrder() { return maxOrder; }
    public boolean rotationCovariant() { return rotationCovariant; }
    public int m() { return m; }
    public int n() { return n; }
    public int o() { return o; }
    /** Voxels per volume. */
    public int size() { return m * n * o; }
    public double[] powers() { return powers.clone(); }
    public int powerCount() { return powers.length; }
    public SolidHarmonicBank3D bank() { return bank; }
    /** First-order paths in scale order (the traversal order). */
    public List<Node1> tree() { return tree; }
    public int paths() { return paths; }

    /** The output description. */
    public HarmonicScattering3DMeta meta() {
        int[] order = new int[paths], j1 = new int[paths], j2 = new int[paths];
        for (Node1 a : tree) {
            order[a.path()] = 1;
            j1[a.path()] = a.j1();
            j2[a.path()] = -1;
            for (Node2 b : a.children()) {
                order[b.path()] = 2;
                j1[b.path()] = a.j1();
                j2[b.path()] = b.j2();
            }
        }
        return new HarmonicScattering3DMeta(order, j1, j2, L, powers);
    }
}
