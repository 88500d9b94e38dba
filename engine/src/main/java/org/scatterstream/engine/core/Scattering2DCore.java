package org.scatterstream.engine.core;

import org.scatterstream.engine.backend.Coefficients;
import org.scatterstream.engine.backend.ComputeEngine;
import org.scatterstream.engine.backend.ComputeEngine.GridFilter;
import org.scatterstream.engine.backend.Signals;
import org.scatterstream.engine.backend.Worker;
import org.scatterstream.engine.backend.Worker.Buffer;
import org.scatterstream.engine.filters.MorletFilterBank2D;

/**
 * The 2D scattering traversal (spec §2.5), written once against the backend {@link Worker}
 * operations: depth first, so only one first-order and one second-order spectrum are alive at a
 * time. Each wavelet-modulus step (filter, subsample in Fourier, inverse FFT, modulus, real FFT) is
 * one backend call.
 */
public final class Scattering2DCore implements BatchExecutor.Kernel<Scattering2DCore.State> {
    /** Grid elements a lane group may hold per buffer before lanes stop paying off (cache size). */
    private static final int LANE_BUDGET = 1 << 16;

    private final Plan2D plan;
    private final int[][] loadIndex;
    private final GridFilter[][] psi;    // [n][level]
    private final GridFilter[] phi;      // [level]

    /** Uploads the filters the traversal uses to {@code engine}. */
    public Scattering2DCore(Plan2D plan, ComputeEngine engine) {
        this.plan = plan;
        int[] rows = plan.rowSource(), cols = plan.colSource();
        for (int i = 0; i < rows.length; i++) rows[i] *= plan.inputCols();
        this.loadIndex = new int[][] {rows, cols};
        MorletFilterBank2D bank = plan.bank();
        int J = plan.J();
        phi = new GridFilter[J];
        for (int r = 0; r < J; r++) phi[r] = upload(engine, bank.phi(r), r);
        psi = new GridFilter[bank.count()][];
        for (Plan2D.Node1 a : plan.tree()) {
            psi[a.n1()] = new GridFilter[bank.psiLevelCount(a.n1())];
            psi[a.n1()][0] = upload(engine, bank.psi(a.n1(), 0), 0);
        }
        for (Plan2D.Node1 a : plan.tree()) {
            for (Plan2D.Node2 b : a.children()) {
                if (psi[b.n2()][a.j1()] == null) psi[b.n2()][a.j1()] = upload(engine, bank.psi(b.n2(), a.j1()), a.j1());
            }
        }
    }

    /** Filters carry the 1/(m n) of the inverse DFT and Fourier subsampling that follow them. */
    private GridFilter upload(ComputeEngine engine, double[] h, int level) {
        int m = plan.mPad() >> level, n = plan.nPad() >> level;
        return engine.gridFilter(h, new int[] {m, n}, 1.0 / ((double) m * n));
    }

    @Override
    public int maxLanes() {
        return Math.max(1, Integer.highestOneBit(Math.max(1, LANE_BUDGET / (plan.mPad() * plan.nPad()))));
    }

    /** Per-worker buffers: the input (packed) and the spectra of the three orders. */
    public static final class State {
        final Worker w;
        final Buffer packed, x0, x1, x2;

        State(Worker w, int mPad, int nPad) {
            this.w = w;
            packed = w.buffer(mPad * nPad / 2);
            x0 = w.buffer(mPad * nPad);
            x1 = w.buffer(mPad * nPad);
            x2 = w.buffer(mPad * nPad / 4);
        }
    }

    @Override
    public State newState(Worker worker) {
        return new State(worker, plan.mPad(), plan.nPad());
    }

    @Override
    public void run(State st, Signals x, int first, int count, Coefficients out) {
        prepare(st, x, first, count, out);
        for (int p = 0; p < parts(); p++) runPart(st, st, p, x, first, count, out);
    }

    /** One part per first-order node: U1, its low-pass and its children (first the costliest). */
    @Override
    public int parts() {
        return plan.tree().size();
    }

    /**
     * The state's four grids (2.75 padded grids) and the CPU worker's scratch (two more), complex,
     * at 8 bytes per value: an upper bound for either precision.
     */
    @Override
    public long stateBytes(int lanes) {
        return 5L * 2 * 8 * plan.mPad() * plan.nPad() * lanes;
    }

    /** The input's spectrum, which every part reads, and the zeroth order. */
    @Override
    public void prepare(State st, Signals x, int first, int count, Coefficients out) {
        int mPad = plan.mPad(), nPad = plan.nPad();
        st.w.loadGrid(x, first, count, loadIndex, true, st.packed);
        st.w.rfftGrid(st.packed, new int[] {mPad, nPad}, st.x0);
        st.w.lowPass2(st.x0, mPad, nPad, phi[0], 1 << plan.J(), 1, out, first, count, 0);
    }

    @Override
    public void runPart(State st, State shared, int part, Signals x, int first, int count, Coefficients out) {
        Worker w = st.w;
        int J = plan.J(), mPad = plan.mPad(), nPad = plan.nPad();
        Plan2D.Node1 a = plan.tree().get(part);
        int j1 = a.j1(), m1 = mPad >> j1, n1 = nPad >> j1;
        if (a.children().isEmpty()) {
            // the modulus is only low-passed: its full spectrum is not needed
            w.waveletModulusLowPass2(shared.x0, mPad, nPad, psi[a.n1()][0], 1 << j1, phi[j1], 1 << (J - j1), 1,
                    st.x1, out, first, count, a.channel());
            return;
        }
        w.waveletModulus2(shared.x0, mPad, nPad, psi[a.n1()][0], 1 << j1, st.x1);
        w.lowPass2(st.x1, m1, n1, phi[j1], 1 << (J - j1), 1, out, first, count, a.channel());
        for (Plan2D.Node2 b : a.children()) {
            int j2 = b.j2();
            w.waveletModulusLowPass2(st.x1, m1, n1, psi[b.n2()][j1], 1 << (j2 - j1), phi[j2], 1 << (J - j2), 1,
                    st.x2, out, first, count, b.channel());
        }
    }
}
