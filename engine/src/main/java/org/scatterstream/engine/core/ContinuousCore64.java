package org.scatterstream.engine.core;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.scatterstream.engine.backend.ComputeEngine;
import org.scatterstream.engine.backend.Worker;
import org.scatterstream.engine.backend.cpu.CpuArrays64;
import org.scatterstream.engine.filters.ContinuousFilterBank1D;

/**
 * The incremental 1D scattering kernel in double precision, on the CPU backend (see
 * {@link ContinuousPlan1D} for the stages and their time bookkeeping). The float twin
 * {@code ContinuousCore32} is generated from this file at build time: keep literals and types in
 * the "double" spelling that the generator rewrites.
 *
 * <p>Per step: order 0 and the order-2 averages are direct convolutions at the output points; each
 * group of first-order wavelets runs stage 1 (FFT of x blocks, one folded product per wavelet,
 * inverse FFT, modulus) and stage 2 (FFT of U1 blocks, the low-pass and the child wavelets folded,
 * inverse FFTs, modulus) with (wavelet, sub-block) pairs as lanes of the backend's workers.
 */
public final class ContinuousCore64 implements ContinuousCore {
    private final ContinuousPlan1D plan;
    private final ComputeEngine engine;
    private final int channels, frames, hop, s, xHistory, xLength, ringSize;
    private final double[] phi0;                    // reversed taps of the order-0 low-pass
    private final GroupKernel[] groups;
    private final Map<Integer, Lanes> lanes = new HashMap<>();
    private final double/*keep*/[] frameValues;     // one step of frames, frame-major

    /** A worker and its work buffers for one lane count (shared by all stages with that count). */
    private static final class Lanes {
        final Worker w;
        final int count;
        int packedCap, specCap, scratchCap, workCap;
        Worker.Buffer packed, spec, scratch, work;

        Lanes(ComputeEngine engine, int count) {
            this.w = engine.worker(count);
            this.count = count;
        }

        void need(int packedN, int specN, int scratchN, int workN) {
            packedCap = Math.max(packedCap, packedN);
            specCap = Math.max(specCap, specN);
            scratchCap = Math.max(scratchCap, scratchN);
            workCap = Math.max(workCap, workN);
        }

        void allocate() {
            packed = w.buffer(packedCap);
            spec = w.buffer(specCap);
            scratch = w.buffer(scratchCap);
            work = w.buffer(workCap);
        }
    }

    /** Filters and lanes of one group of first-order wavelets. */
    private final class GroupKernel {
        final ContinuousPlan1D.Group g;
        final int members, k, hopK;
        /** Member stride of the U1 history: its length, or more where the last block reads beyond it (zeros). */
        final int u1Stride;
        final Lanes x1, z1, l2;
        final double[][] psi1;                       // Fourier values over the support, scale 1/B included
        final int[] psi1Start;
        final double[] phi1;                         // reversed taps of the order-1 low-pass (level k)
        final ComputeEngine.Filter[] child;          // near children at the stage-2 block, far ones at the V block
        final double[][] phiChild;                   // reversed taps of each child's low-pass
        /** The cascade's lanes, low-pass filter and V member stride (null / 0 without cascade). */
        final Lanes lv;
        final ComputeEngine.Filter band;
        final int vStride, hopV;

        GroupKernel(ContinuousPlan1D.Group g) {
            this.g = g;
            this.members = g.members();
            this.k = g.k();
            this.hopK = hop >> k;
            ContinuousFilterBank1D f = plan.filters();
            ContinuousPlan1D.Stage st1 = g.stage1(), st2 = g.stage2();
            int b1 = st1.blockSize();
            u1Stride = st2 == null ? g.u1History()
                    : Math.max(g.u1History(), st2.offset() + (st2.subBlocks() - 1) * st2.subHop() + st2.blockSize());
            x1 = lanes(st1.inputLanes());
            x1.need(b1 / 2, b1 / 2 + 1, b1, 1);
            z1 = lanes(st1.lanes());
            z1.need(1, 1, b1 >> k, b1 >> k);
            if (st2 != null) {
                int b2 = st2.blockSize();
                l2 = lanes(st2.lanes());
                l2.need(b2 / 2, b2 / 2 + 1, b2, b2);
            } else {
                l2 = null;
            }
            psi1 = new double[members][];
            psi1Start = new int[members];
            for (int m = 0; m < members; m++) {
                double/*keep*/[] h = f.psi1Fourier(g.n1()[m], b1);
                int[] support = support(h);
                psi1Start[m] = support[0];
                psi1[m] = new double[support[1]];
                for (int i = 0; i < support[1]; i++) psi1[m][i] = (double) (h[(support[0] + i) % b1] / b1);
            }
            phi1 = reversedTaps(f.phiTaps(g.order1().fromV() ? k + g.cascade().m() : k));
            ContinuousPlan1D.Cascade cc = g.cascade();
            child = new ComputeEngine.Filter[g.children().size()];
            phiChild = new double[child.length][];
            for (int c = 0; c < child.length; c++) {
                ContinuousPlan1D.Child ch = g.children().get(c);
                int b = ch.far() ? cc.stage().blockSize() : st2.blockSize();
                child[c] = engine.filter(f.psi2Fourier(ch.n2(), ch.far() ? k + cc.m() : k, b), 1.0 / b);
                phiChild[c] = reversedTaps(f.phiTaps(ch.a()));
            }
            if (cc != null) {
                int b2 = st2.blockSize(), bv = cc.stage().blockSize();
                band = engine.filter(ContinuousFilterBank1D.bandFourier(cc.band(), b2), 1.0 / b2);
                lv = lanes(cc.stage().lanes());
                lv.need(bv / 2, bv / 2 + 1, bv, bv);
                hopV = hopK >> cc.m();
                ContinuousPlan1D.Stage sv = cc.stage();
                vStride = Math.max(cc.vHistory(), sv.offset() + (sv.subBlocks() - 1) * sv.subHop() + sv.blockSize());
            } else {
                band = null;
                lv = null;
                hopV = 0;
                vStride = 0;
            }
        }
    }

    public ContinuousCore64(ContinuousPlan1D plan, ComputeEngine engine) {
        this.plan = plan;
        this.engine = engine;
        this.channels = plan.channels();
        this.frames = plan.stepFrames();
        this.hop = plan.hop();
        this.s = plan.s();
        this.xHistory = plan.xHistory();
        this.ringSize = Math.max(plan.startupSamples(), hop + plan.xLead() + 1);
        int xl = xHistory;
        for (ContinuousPlan1D.Group g : plan.groups()) {
            ContinuousPlan1D.Stage st1 = g.stage1();
            xl = Math.max(xl, st1.offset() + (st1.subBlocks() - 1) * st1.subHop() + st1.blockSize());
        }
        // a block may extend past the history's lead (power-of-two sizes): those samples read as zeros and only
        // touch outputs through the filters' tails beyond their supports
        this.xLength = xl;
        this.phi0 = reversedTaps(plan.filters().phiTaps(0));
        this.frameValues = new double/*keep*/[frames * channels];
        List<GroupKernel> gk = new ArrayList<>();
        for (ContinuousPlan1D.Group g : plan.groups()) gk.add(new GroupKernel(g));
        this.groups = gk.toArray(new GroupKernel[0]);
        for (Lanes l : lanes.values()) l.allocate();
    }

    private Lanes lanes(int count) {
        return lanes.computeIfAbsent(count, c -> new Lanes(engine, c));
    }

    /**
     * Reversed taps, zero-padded to a multiple of {@link #TAP_BLOCK} so dot products run on whole
     * vectors (the histories carry {@link #TAP_BLOCK} samples of slack for the padded reads).
     */
    private static double[] reversedTaps(double/*keep*/[] taps) {
        double[] r = new double[(taps.length + TAP_BLOCK - 1) / TAP_BLOCK * TAP_BLOCK];
        for (int i = 0; i < taps.length; i++) r[i] = (double) taps[taps.length - 1 - i];
        return r;
    }

    /** Dot-product block: two vectors of the widest SIMD species (16 floats / 8 doubles). */
    private static final int TAP_BLOCK = 32;

    /** {start, length} of the circular range outside of which |h| <= 1e-17 max|h| (the exact product support). */
    private static int[] support(double/*keep*/[] h) {
        int n = h.length;
        double/*keep*/ peak = 0;
        for (double/*keep*/ v : h) peak = Math.max(peak, Math.abs(v));
        double/*keep*/ thr = peak * 1e-17;
        int bestLen = 0, bestEnd = -1, run = 0;
        for (int i = 0; i < 2 * n; i++) {
            if (Math.abs(h[i % n]) <= thr) {
                run++;
                if (run > bestLen && run <= n) { bestLen = run; bestEnd = i; }
            } else {
                run = 0;
            }
        }
        if (bestLen == n) return new int[] {0, 0};
        return new int[] {(bestEnd + 1) % n, n - bestLen};
    }

    // ---------------------------------------------------------------- state

    /** Everything one stream needs to continue. */
    static final class State64 implements ContinuousCore.State {
        long step;                 // the next step to run
        long received;             // samples received
        boolean started, finished;
        final double[] ring;       // the last ringSize samples received: sample t at t mod ringSize
        final double[] x;          // virtual input [step*hop + xOrigin, ... + xFill)
        int xFill;
        final double[][] u1;       // per group: members x u1History (member-major)
        final double[][][] u2;     // per group, per child: members x history
        final double[][] v;        // per group with a cascade: members x V history (else null)

        State64(ContinuousCore64 core) {
            ring = new double[core.ringSize];
            x = new double[core.xLength + TAP_BLOCK];
            u1 = new double[core.groups.length][];
            u2 = new double[core.groups.length][][];
            v = new double[core.groups.length][];
            for (int gi = 0; gi < core.groups.length; gi++) {
                ContinuousPlan1D.Group g = core.groups[gi].g;
                u1[gi] = new double[g.members() * core.groups[gi].u1Stride + TAP_BLOCK];
                if (g.cascade() != null) v[gi] = new double[g.members() * core.groups[gi].vStride + TAP_BLOCK];
                u2[gi] = new double[g.children().size()][];
                for (int c = 0; c < u2[gi].length; c++) u2[gi][c] = new double[g.members() * g.children().get(c).history() + TAP_BLOCK];
            }
        }
    }

    @Override
    public State newState() {
        return new State64(this);
    }

    private static State64 st(State s) {
        return (State64) s;
    }

    @Override
    public long received(State st) {
        return st(st).received;
    }

    @Override
    public boolean finished(State st) {
        return st(st).finished;
    }

    // ---------------------------------------------------------------- feeding

    @Override
    public void push(State state, float[] in, int offset, int length, FrameCollector out) {
        State64 st = begin(state, offset, length, in.length);
        int i = 0;
        while (i < length) {
            int n = chunk(st, length - i);
            for (int j = 0; j < n; j++) receive(st, (double) in[offset + i + j]);
            if (st.started) for (int j = 0; j < n; j++) append(st, (double) in[offset + i + j], out, Long.MAX_VALUE);
            i += n;
            startIfReady(st, out);
        }
    }

    @Override
    public void push(State state, double/*keep*/[] in, int offset, int length, FrameCollector out) {
        State64 st = begin(state, offset, length, in.length);
        int i = 0;
        while (i < length) {
            int n = chunk(st, length - i);
            for (int j = 0; j < n; j++) receive(st, (double) in[offset + i + j]);
            if (st.started) for (int j = 0; j < n; j++) append(st, (double) in[offset + i + j], out, Long.MAX_VALUE);
            i += n;
            startIfReady(st, out);
        }
    }

    private State64 begin(State state, int offset, int length, int arrayLength) {
        State64 st = st(state);
        if (st.finished) throw new IllegalStateException("stream is finished");
        if (offset < 0 || length < 0 || offset > arrayLength - length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + " for an array of " + arrayLength);
        }
        return st;
    }

    /** How many samples to take next: up to the start, then anything. */
    private int chunk(State64 st, int remaining) {
        if (st.started) return remaining;
        return (int) Math.min(remaining, plan.startupSamples() - st.received);
    }

    private void receive(State64 st, double v) {
        st.ring[(int) (st.received % ringSize)] = v;
        st.received++;
    }

    private void startIfReady(State64 st, FrameCollector out) {
        if (!st.started && st.received >= plan.startupSamples()) start(st, out, Long.MAX_VALUE);
    }

    /**
     * Starts the virtual stream {@code startStep} steps early on the reflected start, then replays
     * the samples received so far.
     */
    private void start(State64 st, FrameCollector out, long frameLimit) {
        st.started = true;
        st.step = plan.startStep();
        st.xFill = 0;
        long t0 = st.step * (long) hop + plan.xOrigin();
        for (long t = t0; t < st.received; t++) append(st, source(st, t), out, frameLimit);
    }

    /** Sample t of the virtual stream: the signal, reflected before 0 (and after the end once finished). */
    private double source(State64 st, long t) {
        long n = st.received;
        long idx;
        if (st.finished) {
            idx = reflect(t, n);
        } else {
            idx = t < 0 ? -t : t;
        }
        if (idx >= n || idx < n - ringSize) throw new IllegalStateException("sample " + idx + " is no longer held");
        return st.ring[(int) (idx % ringSize)];
    }

    /** NumPy 'reflect' of index t into [0, n) (edge sample not repeated; repeated for short n). */
    static long reflect(long t, long n) {
        if (n == 1) return 0;
        long period = 2 * (n - 1);
        long r = Math.floorMod(t, period);
        return r < n ? r : period - r;
    }

    /** Appends one virtual sample to the x history; runs a step when it is full. */
    private void append(State64 st, double v, FrameCollector out, long frameLimit) {
        st.x[st.xFill++] = v;
        if (st.xFill == xHistory) {
            step(st, out, frameLimit);
            System.arraycopy(st.x, hop, st.x, 0, xHistory - hop);
            st.xFill -= hop;
            st.step++;
        }
    }

    @Override
    public void finish(State state, FrameCollector out) {
        State64 st = st(state);
        if (st.finished) return;
        st.finished = true;
        long n = st.received;
        if (n == 0) return;
        long lastFrame = (n - 1) >> s;                 // frames at positions k 2^s <= n - 1
        if (!st.started) start(st, out, lastFrame + 1);
        long lastStep = Math.floorDiv(lastFrame, frames);
        long t = st.step * (long) hop + plan.xOrigin() + st.xFill;
        while (st.step <= lastStep) {
            append(st, source(st, t), out, lastFrame + 1);
            t++;
        }
    }

    // ---------------------------------------------------------------- one step

    private void step(State64 st, FrameCollector out, long frameLimit) {
        long firstFrame = st.step * frames;
        boolean emit = firstFrame + frames > 0 && firstFrame < frameLimit;
        // order 0: direct low-pass of x at the output points
        if (emit) {
            int d0 = 1 << s;
            CpuArrays64.dots(phi0, st.x, plan.xOffsetOrder0(), d0, frames, frameValues, 0, channels);
        }
        for (int gi = 0; gi < groups.length; gi++) {
            if (gi == 0 || groups[gi].g.family() != groups[gi - 1].g.family()) blocksOfX(groups[gi], st.x);
            stage1(groups[gi], st.u1[gi]);
        }
        for (int gi = 0; gi < groups.length; gi++) {
            GroupKernel gk = groups[gi];
            if (gk.l2 != null) stage2(gk, st.u1[gi], st.u2[gi], st.v[gi]);
            if (emit) order1(gk, gk.g.order1().fromV() ? st.v[gi] : st.u1[gi]);   // after stage 2: this step's V
            if (emit) stage3(gk, st.u2[gi]);
            shift(st.u1[gi], gk.members, gk.u1Stride, gk.g.u1History(), gk.hopK);
            if (st.v[gi] != null) shift(st.v[gi], gk.members, gk.vStride, gk.g.cascade().vHistory(), gk.hopV);
            for (int c = 0; c < st.u2[gi].length; c++) {
                ContinuousPlan1D.Child ch = gk.g.children().get(c);
                shift(st.u2[gi][c], gk.members, ch.history(), ch.history(), hop >> ch.a());
            }
        }
        if (emit) {
            for (int f = 0; f < frames; f++) {
                long idx = firstFrame + f;
                if (idx >= 0 && idx < frameLimit) out.add(idx, frameValues, f * channels);
            }
        }
    }

    private static void shift(double[] h, int members, int stride, int length, int by) {
        for (int m = 0; m < members; m++) System.arraycopy(h, m * stride + by, h, m * stride, length - by);
    }

    /** The FFT of the x blocks of a family of groups (sub-blocks as lanes) into its x lanes' spectrum. */
    private void blocksOfX(GroupKernel gk, double[] x) {
        ContinuousPlan1D.Stage st = gk.g.stage1();
        int nb = st.subBlocks(), b = st.blockSize(), u = st.subHop(), off = st.offset();
        int lx = gk.x1.count, half = b / 2;
        double[] pre = CpuArrays64.re(gk.x1.packed), pim = CpuArrays64.im(gk.x1.packed);
        for (int t = 0; t < half; t++) {
            int row = t * lx, src = off + 2 * t;
            for (int blk = 0; blk < nb; blk++) {
                pre[row + blk] = x[src + blk * u];
                pim[row + blk] = x[src + blk * u + 1];
            }
        }
        gk.x1.w.rfft(gk.x1.packed, b, gk.x1.spec, gk.x1.scratch);
    }

    /** Per-wavelet folded products of the family's x spectrum -> inverse FFT -> |.| into the U1 tails. */
    private void stage1(GroupKernel gk, double[] u1) {
        ContinuousPlan1D.Stage st = gk.g.stage1();
        int nb = st.subBlocks(), b = st.blockSize();
        int lx = gk.x1.count, lz = gk.z1.count, half = b / 2;
        double[] sre = CpuArrays64.re(gk.x1.spec), sim = CpuArrays64.im(gk.x1.spec);
        int m = b >> gk.k;
        double[] zre = CpuArrays64.re(gk.z1.work), zim = CpuArrays64.im(gk.z1.work);
        java.util.Arrays.fill(zre, 0, m * lz, 0);
        java.util.Arrays.fill(zim, 0, m * lz, 0);
        for (int mem = 0; mem < gk.members; mem++) {
            double[] h = gk.psi1[mem];
            int start = gk.psi1Start[mem], lane0 = mem * nb;
            // bin kk of the block spectrum folds onto bin kk mod m (block lengths need not be powers of two)
            for (int i = 0, kk = start, dk = start % m; i < h.length; i++, kk = kk + 1 == b ? 0 : kk + 1, dk = dk + 1 == m ? 0 : dk + 1) {
                double w = h[i];
                int d = dk * lz + lane0;
                if (kk <= half) {
                    int so = kk * lx;
                    for (int blk = 0; blk < nb; blk++) {
                        zre[d + blk] += sre[so + blk] * w;
                        zim[d + blk] += sim[so + blk] * w;
                    }
                } else {
                    int so = (b - kk) * lx;
                    for (int blk = 0; blk < nb; blk++) {
                        zre[d + blk] += sre[so + blk] * w;
                        zim[d + blk] -= sim[so + blk] * w;
                    }
                }
            }
        }
        gk.z1.w.ifft(gk.z1.work, m, gk.z1.scratch);
        ContinuousPlan1D.Consumer c = gk.g.psi1();
        int count = c.count(), tail = gk.g.u1History() - gk.hopK;
        scatter(zre, zim, lz, c.m0(), count, gk.members, nb, u1, gk.u1Stride, tail, true);
    }

    /**
     * |y| (or Re y) of IFFT positions {@code m0 .. m0+count-1} of lanes (member, sub-block) into the
     * members' histories at {@code tail + block * count + t}: per tile of rows, the moduli of whole
     * rows (SIMD) into an L1-sized buffer, then transposed so that each lane's output is written
     * contiguously.
     */
    private void scatter(double[] yre, double[] yim, int lanes, int m0, int count, int members, int nb,
                         double[] dst, int stride, int tail, boolean modulus) {
        // whole rows, padding lanes included: they keep the rows a multiple of the vector length
        double[] tile = tileBuffer(TILE * lanes);
        for (int t0 = 0; t0 < count; t0 += TILE) {
            int t1 = Math.min(count, t0 + TILE);
            if (modulus) CpuArrays64.modulus(yre, yim, (m0 + t0) * lanes, tile, 0, (t1 - t0) * lanes);
            else System.arraycopy(yre, (m0 + t0) * lanes, tile, 0, (t1 - t0) * lanes);
            for (int mem = 0, v = 0; mem < members; mem++) {
                for (int blk = 0; blk < nb; blk++, v++) {
                    int o = mem * stride + tail + blk * count;
                    for (int t = t0, e = v; t < t1; t++, e += lanes) dst[o + t] = tile[e];
                }
            }
        }
    }

    private double[] tile = new double[0];

    private double[] tileBuffer(int n) {
        if (tile.length < n) tile = new double[n];
        return tile;
    }

    /** Rows per tile of the lane transposes. */
    private static final int TILE = 32;

    /** Order-1 frames: direct low-pass of each U1 (or its cascade copy V) at the output points. */
    private void order1(GroupKernel gk, double[] u) {
        ContinuousPlan1D.Order1 o = gk.g.order1();
        int stride = o.fromV() ? gk.vStride : gk.u1Stride;
        for (int mem = 0; mem < gk.members; mem++) {
            int chan = gk.g.channels()[mem], base = mem * stride + o.offset();
            CpuArrays64.dots(gk.phi1, u, base, o.decim(), frames, frameValues, chan, channels);
        }
    }

    /**
     * U1 blocks -> FFT -> per near child, folded product -> inverse FFT -> |.| into the U2 tails; with
     * a cascade, also the band-limited V into its tail, then V blocks -> FFT -> the far children.
     */
    private void stage2(GroupKernel gk, double[] u1, double[][] u2, double[] v) {
        ContinuousPlan1D.Stage st = gk.g.stage2();
        Lanes l = gk.l2;
        blocksOf(l, st, u1, gk.u1Stride, gk.members);
        children(gk, l, st, false, u2);
        ContinuousPlan1D.Cascade cc = gk.g.cascade();
        if (cc == null) return;
        ContinuousPlan1D.Consumer c = cc.v();
        int b = st.blockSize();
        l.w.multiplyFold(l.spec, b, gk.band, 1 << c.decim(), l.work);
        l.w.ifft(l.work, b >> c.decim(), l.scratch);
        // U1 real and the band real and even: V is the real part
        scatter(CpuArrays64.re(l.work), CpuArrays64.im(l.work), l.count, c.m0(), c.count(), gk.members, st.subBlocks(),
                v, gk.vStride, cc.vHistory() - gk.hopV, false);
        blocksOf(gk.lv, cc.stage(), v, gk.vStride, gk.members);
        children(gk, gk.lv, cc.stage(), true, u2);
    }

    /** The real FFT of a stage's blocks of a members' history (lanes: member, sub-block) into the lanes' spectrum. */
    private void blocksOf(Lanes l, ContinuousPlan1D.Stage st, double[] in, int stride, int members) {
        int nb = st.subBlocks(), b = st.blockSize(), u = st.subHop();
        int lanes = l.count, half = b / 2;
        double[] pre = CpuArrays64.re(l.packed), pim = CpuArrays64.im(l.packed);
        for (int t0 = 0; t0 < half; t0 += TILE) {
            int t1 = Math.min(half, t0 + TILE);
            for (int mem = 0, lane = 0; mem < members; mem++) {
                for (int blk = 0; blk < nb; blk++, lane++) {
                    int src = mem * stride + st.offset() + blk * u;
                    for (int t = t0, e = t0 * lanes + lane; t < t1; t++, e += lanes) {
                        pre[e] = in[src + 2 * t];
                        pim[e] = in[src + 2 * t + 1];
                    }
                }
            }
        }
        l.w.rfft(l.packed, b, l.spec, l.scratch);
    }

    /** The near ({@code far} false) or far children of a stage's spectrum: folded product, inverse FFT, |.| into the U2 tails. */
    private void children(GroupKernel gk, Lanes l, ContinuousPlan1D.Stage st, boolean far, double[][] u2) {
        int b = st.blockSize();
        double[] yre = CpuArrays64.re(l.work), yim = CpuArrays64.im(l.work);
        for (int ci = 0; ci < gk.child.length; ci++) {
            ContinuousPlan1D.Child ch = gk.g.children().get(ci);
            if (ch.far() != far) continue;
            ContinuousPlan1D.Consumer c = ch.consumer();
            l.w.multiplyFold(l.spec, b, gk.child[ci], 1 << c.decim(), l.work);
            l.w.ifft(l.work, b >> c.decim(), l.scratch);
            int w3 = ch.history();
            scatter(yre, yim, l.count, c.m0(), c.count(), gk.members, st.subBlocks(), u2[ci], w3, w3 - (hop >> ch.a()), true);
        }
    }

    /** Order-2 frames: direct low-pass of each U2 at the output points. */
    private void stage3(GroupKernel gk, double[][] u2) {
        for (int ci = 0; ci < gk.child.length; ci++) {
            ContinuousPlan1D.Child ch = gk.g.children().get(ci);
            double[] taps = gk.phiChild[ci];
            int d = ch.frameDecim(), w3 = ch.history();
            for (int mem = 0; mem < gk.members; mem++) {
                int chan = ch.channels()[mem], base = mem * w3;
                CpuArrays64.dots(taps, u2[ci], base, d, frames, frameValues, chan, channels);
            }
        }
    }

    // ---------------------------------------------------------------- snapshots

    @Override
    public void write(State state, DataOutputStream out) throws IOException {
        State64 st = st(state);
        out.writeLong(st.step);
        out.writeLong(st.received);
        out.writeBoolean(st.started);
        out.writeBoolean(st.finished);
        out.writeInt(st.xFill);
        // only what is still needed: the ring's valid part and the filled histories
        int ringValid = (int) Math.min(st.received, ringSize);
        double[] ring = new double[ringValid];
        for (int i = 0; i < ringValid; i++) ring[i] = st.ring[(int) ((st.received - ringValid + i) % ringSize)];
        ArrayIO.write(out, ring);
        if (!st.started) return;
        ArrayIO.write(out, java.util.Arrays.copyOf(st.x, st.xFill));
        for (int gi = 0; gi < groups.length; gi++) {
            GroupKernel gk = groups[gi];
            double[] part = new double[gk.g.u1History()];
            for (int m = 0; m < gk.members; m++) {
                System.arraycopy(st.u1[gi], m * gk.u1Stride, part, 0, part.length);
                ArrayIO.write(out, part);
            }
            for (double[] h : st.u2[gi]) ArrayIO.write(out, h);
            if (st.v[gi] != null) {
                double[] vPart = new double[gk.g.cascade().vHistory()];
                for (int m = 0; m < gk.members; m++) {
                    System.arraycopy(st.v[gi], m * gk.vStride, vPart, 0, vPart.length);
                    ArrayIO.write(out, vPart);
                }
            }
        }
    }

    @Override
    public State read(DataInputStream in) throws IOException {
        State64 st = new State64(this);
        st.step = in.readLong();
        st.received = in.readLong();
        st.started = in.readBoolean();
        st.finished = in.readBoolean();
        st.xFill = in.readInt();
        if (st.received < 0 || st.xFill < 0 || st.xFill >= xHistory) throw new IOException("corrupt continuous-scattering state");
        int ringValid = (int) Math.min(st.received, ringSize);
        double[] ring = new double[ringValid];
        ArrayIO.read(in, ring);
        for (int i = 0; i < ringValid; i++) st.ring[(int) ((st.received - ringValid + i) % ringSize)] = ring[i];
        if (!st.started) return st;
        double[] x = new double[st.xFill];
        ArrayIO.read(in, x);
        System.arraycopy(x, 0, st.x, 0, x.length);
        for (int gi = 0; gi < groups.length; gi++) {
            GroupKernel gk = groups[gi];
            double[] part = new double[gk.g.u1History()];
            for (int m = 0; m < gk.members; m++) {
                ArrayIO.read(in, part);
                System.arraycopy(part, 0, st.u1[gi], m * gk.u1Stride, part.length);
            }
            for (double[] h : st.u2[gi]) ArrayIO.read(in, h);
            if (st.v[gi] != null) {
                double[] vPart = new double[gk.g.cascade().vHistory()];
                for (int m = 0; m < gk.members; m++) {
                    ArrayIO.read(in, vPart);
                    System.arraycopy(vPart, 0, st.v[gi], m * gk.vStride, vPart.length);
                }
            }
        }
        return st;
    }

    @Override
    public void close() {
        for (Lanes l : lanes.values()) l.w.close();
        lanes.clear();
    }
}
