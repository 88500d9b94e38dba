package org.scatterstream.engine;

/**
 * Description of a {@link HarmonicScattering3D} output {@code (paths, L+1, powers)}: the scattering
 * path of each index of axis 0 (order 1: {@code (j1)}, order 2: {@code (j1, j2)}), the degree l of
 * each index of axis 1 (0..L) and the integral power of each index of axis 2. Kymatio has no
 * {@code meta()} for 3D; this follows its output order (spec §3.5). Immutable.
 */
public final class HarmonicScattering3DMeta {
    private final int[] order, j1, j2;
    private final int L;
    private final double[] powers;

    public HarmonicScattering3DMeta(int[] order, int[] j1, int[] j2, int L, double[] powers) {
        if (order.length != j1.length || order.length != j2.length) {
            throw new IllegalArgumentException("order, j1 and j2 differ in length");
        }
        this.order = order.clone();
        this.j1 = j1.clone();
        this.j2 = j2.clone();
        this.L = L;
        this.powers = powers.clone();
    }

    /** Number of paths (axis 0). */
    public int paths() { return order.length; }
    /** Order (1 or 2) of path p. */
    public int order(int p) { return order[p]; }
    /** Scale of path p at order k (1-based), or -1 beyond its order. */
    public int j(int p, int k) {
        if (k == 1) return j1[p];
        if (k == 2) return j2[p];
        throw new IllegalArgumentException("order k must be 1 or 2, got " + k);
    }
    /** The scale tuple of path p: {@code (j1)} or {@code (j1, j2)}. */
    public int[] key(int p) { return order[p] == 1 ? new int[] {j1[p]} : new int[] {j1[p], j2[p]}; }
    /** Largest degree L; axis 1 holds l = 0..L. */
    public int L() { return L; }
    /** The integral powers of axis 2, in order. */
    public double[] powers() { return powers.clone(); }
}
