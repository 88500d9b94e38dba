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
        Worker w = st.w;
        int np = powers.length;
        boolean all = plan.rotationCovariant();
        w.loadGrid(x, first, count, loadIndex, false, st.x0);
        w.realFftGrid(st.x0, dims);
        for (int l = 0; l <= plan.L(); l++) {
            for (Plan3D.Node1 a : plan.tree()) {
                boolean parent = !a.children().isEmpty();
                w.harmonicModulusIntegrals(st.x0, psi, a.j1(), l, all, st.u1, parent, powers, out, first, count,
                        a.path(), l * np);
                if (!parent) continue;
                w.realFftGrid(st.u1, dims);
                for (Plan3D.Node2 b : a.children()) {
                    w.harmonicModulusIntegrals(st.u1, psi, b.j2(), l, all, st.u2, false, powers, out, first, count,
                            b.path(), l * np);
                }
            }
        }
    }
}
