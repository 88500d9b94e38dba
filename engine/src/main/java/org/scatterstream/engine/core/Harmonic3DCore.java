package org.scatterstream.engine.core;

import org.scatterstream.engine.backend.Coefficients;
import org.scatterstream.engine.backend.ComputeEngine;
import org.scatterstream.engine.backend.ComputeEngine.HarmonicFilter;
import org.scatterstream.engine.backend.Signals;
import org.scatterstream.engine.backend.Worker;
import org.scatterstream.engine.backend.Worker.Buffer;

/**
 * The 3D harmonic scattering traversal with integral invariants (spec §3.5), written against the
 * backend {@link Worker} operations. For each degree l and scale j1:
 * {@code U1 = sqrt(sum_m |x * psi_{j1,l,m}|^2)}, its integrals, then for j2 > j1
 * {@code U2 = sqrt(sum_m |U1 * psi_{j2,l,m}|^2)} and its integrals. No padding, no subsampling.
 */
public final class Harmonic3DCore implements BatchExecutor.Kernel<Harmonic3DCore.State> {
    /** Voxels a lane group may hold per buffer before lanes stop paying off. */
    private static final int LANE_BUDGET = 1 << 16;

    private final Plan3D plan;
    private final int[][] loadIndex;
    private final int[] dims;
    private final HarmonicFilter psi;
    private final double[] powers;
    /**
     * The parts {l, index of the first-order node}, costliest first (a degree costs about 2l + 1
     * inverse transforms per modulus, a node one modulus per child and its own), so that threads
     * taking parts in turn finish together.
     */
    private final int[][] parts;

    public Harmonic3DCore(Plan3D plan, ComputeEngine engine) {
        this.plan = plan;
        this.dims = new int[] {plan.m(), plan.n(), plan.o()};
        this.loadIndex = new int[3][];
        int stride = 1;
        for (int a = 2; a >= 0; a--) {
            loadIndex[a] = new int[dims[a]];
            for (int i = 0; i < dims[a]; i++) loadIndex[a][i] = i * stride;
            stride *= dims[a];
        }
        // the unscaled inverse FFT's 1/(M N O) travels with the filters
        this.psi = engine.harmonicFilter(plan.bank(), 1.0 / plan.size());
        this.powers = plan.powers();
        java.util.List<int[]> ps = new java.util.ArrayList<>();
        for (int l = 0; l <= plan.L(); l++) {
            for (int i = 0; i < plan.tree().size(); i++) ps.add(new int[] {l, i});
        }
        ps.sort(java.util.Comparator.comparingInt(
                (int[] p) -> -(2 * p[0] + 1) * (1 + plan.tree().get(p[1]).children().size())));
        this.parts = ps.toArray(new int[0][]);
    }

    @Override
    public int maxLanes() {
        return Math.max(1, Integer.highestOneBit(Math.max(1, LANE_BUDGET / plan.size())));
    }

    /** Per-worker buffers: the input spectrum, U1 (then its spectrum) and U2. */
    public static final class State {
        final Worker w;
        final Buffer x0, u1, u2;

        State(Worker w, int size) {
            this.w = w;
            x0 = w.buffer(size);
            u1 = w.buffer(size);
            u2 = w.buffer(size);
        }
    }

    @Override
    public State newState(Worker worker) {
        return new State(worker, plan.size());
    }

    @Override
    public void run(State st, Signals x, int first, int count, Coefficients out) {
        prepare(st, x, first, count, out);
        for (int p = 0; p < parts.length; p++) runPart(st, st, p, x, first, count, out);
    }

    /** One part per degree l and first-order scale j1: U1 and the U2 of its children. */
    @Override
    public int parts() {
        return parts.length;
    }

    /**
     * The state's three grids and the CPU worker's scratch (up to three term grids and a work grid),
     * complex, at 8 bytes per value: an upper bound for either precision.
     */
    @Override
    public long stateBytes(int lanes) {
        return 7L * 2 * 8 * plan.size() * lanes;
    }

    /** The input's spectrum, which every part reads. */
    @Override
    public void prepare(State st, Signals x, int first, int count, Coefficients out) {
        st.w.loadGrid(x, first, count, loadIndex, false, st.x0);
        st.w.realFftGrid(st.x0, dims);
    }

    @Override
    public void runPart(State st, State shared, int part, Signals x, int first, int count, Coefficients out) {
        Worker w = st.w;
        int np = powers.length, l = parts[part][0];
        boolean all = plan.rotationCovariant();
        Plan3D.Node1 a = plan.tree().get(parts[part][1]);
        boolean parent = !a.children().isEmpty();
        w.harmonicModulusIntegrals(shared.x0, psi, a.j1(), l, all, st.u1, parent, powers, out, first, count, a.path(),
                l * np);
        if (!parent) return;
        w.realFftGrid(st.u1, dims);
        for (Plan3D.Node2 b : a.children()) {
            w.harmonicModulusIntegrals(st.u1, psi, b.j2(), l, all, st.u2, false, powers, out, first, count, b.path(),
                    l * np);
        }
    }
}
