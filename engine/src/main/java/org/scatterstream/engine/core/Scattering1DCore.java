package org.scatterstream.engine.core;

import org.scatterstream.engine.Averaging;
import org.scatterstream.engine.backend.Coefficients;
import org.scatterstream.engine.backend.ComputeEngine;
import org.scatterstream.engine.backend.ComputeEngine.Filter;
import org.scatterstream.engine.backend.Signals;
import org.scatterstream.engine.backend.Worker;
import org.scatterstream.engine.backend.Worker.Buffer;
import org.scatterstream.engine.filters.MorletFilterBank1D;

/**
 * The 1D scattering traversal (spec §1.6-1.7), written once against the backend {@link Worker}
 * operations: depth first, so only one first-order and one second-order signal are alive at a time.
 */
public final class Scattering1DCore implements BatchExecutor.Kernel<Scattering1DCore.State> {
    private final Plan1D plan;
    private final int[] padIndex;
    private final Filter[] psi1;
    private final Filter[][] psi2;     // [n2][level]
    private final Filter[] phi;        // [level]

    /** Uploads the filters the traversal uses to {@code engine}. */
    public Scattering1DCore(Plan1D plan, ComputeEngine engine) {
        this.plan = plan;
        Padding1D pad = plan.padding();
        this.padIndex = new int[pad.nPad()];
        for (int i = 0; i < padIndex.length; i++) padIndex[i] = pad.reflect(i);
        MorletFilterBank1D bank = plan.bank();
        psi1 = new Filter[bank.count1()];
        psi2 = new Filter[bank.count2()][];
        for (int n2 = 0; n2 < bank.count2(); n2++) psi2[n2] = new Filter[bank.psi2Levels(n2)];
        phi = new Filter[bank.phiLevels()];
        boolean local = plan.averaging() == Averaging.LOCAL;
        if (local) phi[0] = upload(engine, bank.phi(0));
        for (Plan1D.Node1 a : plan.tree()) {
            psi1[a.n1()] = upload(engine, bank.psi1(a.n1()));
            if (local) phi[a.k1()] = upload(engine, bank.phi(a.k1()));
            for (Plan1D.Node2 b : a.children()) {
                if (psi2[b.n2()][a.k1()] == null) psi2[b.n2()][a.k1()] = upload(engine, bank.psi2(b.n2(), a.k1()));
                if (local) phi[b.a()] = upload(engine, bank.phi(b.a()));
            }
        }
    }

    /** Filters carry the 1/n of the inverse DFT and Fourier subsampling that follow them. */
    private static Filter upload(ComputeEngine engine, double[] h) {
        return engine.filter(h, 1.0 / h.length);
    }

    /** Per-worker buffers. */
    public static final class State {
        final Worker w;
        final Buffer packed, x0, x1, x2, y, scratch;

        State(Worker w, int nPad) {
            this.w = w;
            packed = w.buffer(Math.max(1, nPad / 2));
            x0 = w.buffer(nPad / 2 + 1);
            x1 = w.buffer(nPad / 2 + 1);
            x2 = w.buffer(nPad / 2 + 1);
            y = w.buffer(nPad);
            scratch = w.buffer(nPad);
        }
    }

    @Override
    public State newState(Worker worker) {
        return new State(worker, plan.padding().nPad());
    }

    @Override
    public void run(State st, Signals x, int first, int count, Coefficients out) {
        Worker w = st.w;
        int nPad = plan.padding().nPad();
        boolean global = plan.averaging() == Averaging.GLOBAL;
        int s = plan.s();
        w.loadPacked(x, first, count, padIndex, st.packed);
        w.rfft(st.packed, nPad, st.x0, st.scratch);
        emit(st, st.x0, nPad, 0, global, s, out, first, count, 0);
        for (Plan1D.Node1 a : plan.tree()) {
            int m1 = nPad >> a.k1();
            w.multiplyFold(st.x0, nPad, psi1[a.n1()], 1 << a.k1(), st.y);
            w.modulusSpectrum(st.y, m1, st.scratch, st.x1);
            emit(st, st.x1, m1, a.k1(), global, s, out, first, count, a.channel());
            for (Plan1D.Node2 b : a.children()) {
                int m2 = m1 >> b.k2();
                w.multiplyFold(st.x1, m1, psi2[b.n2()][a.k1()], 1 << b.k2(), st.y);
                w.modulusSpectrum(st.y, m2, st.scratch, st.x2);
                emit(st, st.x2, m2, b.a(), global, s, out, first, count, b.channel());
            }
        }
    }

    /** Output of one path whose spectrum (length n, resolution r) is in {@code spec}. */
    private void emit(State st, Buffer spec, int n, int r, boolean global, int s, Coefficients out,
                      int first, int count, int channel) {
        if (global) {
            st.w.storeDc(spec, out, first, count, channel);
        } else {
            st.w.lowPass(spec, n, phi[r], 1 << (s - r), st.y, st.scratch, plan.outStart(), plan.nOut(),
                    out, first, count, channel);
        }
    }
}
