package org.scatterstream.engine.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scatterstream.engine.Averaging;
import org.scatterstream.engine.Scattering1DMeta;
import org.scatterstream.engine.filters.ContinuousFilterBank1D;
import org.scatterstream.engine.filters.IntMath;
import org.scatterstream.engine.filters.MorletFilterBank1D;

/**
 * The immutable plan of an incremental 1D scattering transform: the batch transform's scattering
 * tree (same filters, subsampling and channel order as {@link Plan1D}), cut into multi-rate
 * overlap-save stages that advance together by one <em>step</em> of {@code F} output frames
 * ({@code hop = F * 2^s} input samples).
 *
 * <p><b>Time bookkeeping.</b> Sample t of the stream (t = 0 its first sample) is input index t; a
 * signal at resolution r (subsampled by 2^r) has index q at input position {@code q 2^r}; output
 * frame f is at position {@code f 2^s}. A filter of half support L turns an input at rate r into
 * an output whose index q needs input indices {@code [q 2^d - L, q 2^d + L]} (decimation 2^d).
 * Step i produces frames {@code [iF, (i+1)F)}. Working backwards from the frames, every stage
 * produces per step exactly one hop of new outputs ({@code hop / 2^rate} values), starting at a
 * fixed <em>lead</em> ahead of {@code i hop / 2^rate}; its input history holds the window the step
 * reads. The lead of the input is the lookahead: frame k is complete once input up to
 * {@code k 2^s + lookahead} has arrived, and equals
 * {@code max over paths of L_psi1 + 2^k1 L_psi2 + 2^a L_phi} (supports at their own levels).
 *
 * <p><b>Stages.</b> First-order wavelets are grouped by their j (same subsampling k1 = min(j1, s)
 * and the same second-order children); a group's members run as SIMD lanes of the CPU backend.
 * <ol>
 *   <li>stage 1 (per family of consecutive groups sharing one grid of x blocks): FFT of the x
 *       blocks, then per group one product per member wavelet folded by 2^k1, inverse FFT,
 *       modulus: U1 at rate k1;</li>
 *   <li>order 1 (per group): the low-pass of U1 by direct convolution at the output points;</li>
 *   <li>stage 2 (per group with children, rate k1): FFT of blocks of U1, each child wavelet folded
 *       by 2^k2, inverse FFT, modulus: U2 at rate a = k1 + k2;</li>
 *   <li>stage 3 (per path): the low-pass of U2 by direct convolution at the output points
 *       (order-2 frames); order 0 likewise on x.</li>
 * </ol>
 * Averaging directly keeps the stage-2 blocks short: their span is set by the children's supports,
 * not by the (widest) low-pass. An FFT stage covers its hop in {@code nb} sub-blocks of a
 * power-of-two size B; sub-blocks run as extra lanes, and (nb, B) and the families are chosen by a
 * cost model (FFT, products and lane padding).
 *
 * <p><b>Start.</b> The signal is extended before its first sample by reflection (Kymatio's padding
 * mode): processing starts {@link #startStep()} steps before step 0 on the reflected samples, long
 * enough for every history to be filled with exact values before frame 0; the start therefore needs
 * {@link #startupSamples()} samples before the first step can run.
 */
public final class ContinuousPlan1D {

    /** An output of an FFT stage: decimation 2^decim, filter half support, lead; IFFT positions. */
    public record Consumer(int decim, int half, int lead, int m0, int count) {}

    /**
     * A second-order child of a group: wavelet n2 at the group's level k, U2 at rate a = k + k2, one
     * channel per member; its U2 history (length {@code history}) is averaged by the low-pass of half
     * support {@code phiHalf} at level a and decimated by {@code frameDecim = 2^(s-a)}.
     */
    public record Child(int n2, int k2, int a, int[] channels, Consumer consumer, int history, int frameDecim, int phiHalf,
                        boolean far) {}

    /**
     * The far children of a group (the widest second-order wavelets) computed from V, a copy of U1
     * low-passed by {@code band} and decimated by 2^m: V is one more output ({@code v}) of stage 2,
     * kept in a history of {@code vHistory} samples per member, and {@code stage} is an FFT stage
     * over V at level k + m whose outputs are the far children's U2 (their consumers are relative to
     * it, with decimation k2 - m). The band keeps the far wavelets' frequencies and removes what the
     * decimation would alias onto them, so their U2 are the batch transform's to within the band's
     * eps; stage 2's blocks then only span the near children. V's history starts at {@code vOrigin}
     * (relative to the step); with {@code order1} the group's order-1 frames average V, not U1.
     */
    public record Cascade(int m, ContinuousFilterBank1D.Band band, Consumer v, int vHistory, Stage stage, int vOrigin,
                          boolean order1) {}

    /**
     * Order-1 averaging of a group: the low-pass of half support {@code phiHalf} at level k applied
     * directly to U1, frame f reading U1 history entries from {@code offset + f * decim}; with
     * {@code fromV}, at level k + m to the group's cascade copy V instead (the low-pass lies within V's
     * band, and V has 2^m times fewer samples to average).
     */
    public record Order1(int phiHalf, int decim, int offset, boolean fromV) {}

    /**
     * First-order wavelets sharing j1: lanes of the same stages. {@code stage2} is null without
     * second-order children. The U1 history holds {@code u1History} samples per member. Consecutive
     * groups of the same {@code family} share the FFT of the x blocks of stage 1 (same block grid).
     */
    public record Group(int j1, int k, int[] n1, int[] channels, List<Child> children,
                        Stage stage1, Stage stage2, Consumer psi1, Order1 order1, int u1History, int family, Cascade cascade) {
        public int members() {
            return n1.length;
        }

        /** U1 samples per step. */
        public int hopK(int hop) {
            return hop >> k;
        }
    }

    /**
     * Geometry of one FFT stage: {@code subBlocks} blocks of size {@code blockSize} per step, each
     * advancing by {@code subHop} input samples of the stage's rate, starting {@code offset} samples
     * into the stage's input history; lane counts (SIMD padding included) of its FFTs.
     */
    public record Stage(int subBlocks, int blockSize, int subHop, int offset, int inputLanes, int lanes, double cost) {}

    private final int J, q1, q2, s, maxOrder, stepFrames, hop, vectorLanes;
    private final double T, tolerance;
    private final Plan1D tree;
    private final ContinuousFilterBank1D filters;
    private final List<Group> groups;
    private final int phi0Half, xHistory, xOffsetOrder0, lookahead, startStep, startupSamples, xLead, xOrigin;

    /**
     * @param t the averaging scale T (>= 1)
     * @param s log2 of the stride (<= floor(log2 T))
     * @param tolerance relative tail mass of the impulse responses beyond the supports used
     * @param stepFrames frames per processing step (a power of two)
     * @param vectorLanes SIMD width of the backend in lanes (1: no SIMD), for lane padding
     */
    public ContinuousPlan1D(int J, int q1, int q2, double t, int s, int maxOrder, double tolerance, int stepFrames,
                            int vectorLanes) {
        if (stepFrames < 1) throw new IllegalArgumentException("stepFrames must be >= 1, got " + stepFrames);
        this.J = J; this.q1 = q1; this.q2 = q2; this.T = t; this.s = s; this.maxOrder = maxOrder;
        this.tolerance = tolerance; this.stepFrames = stepFrames; this.vectorLanes = Math.max(1, vectorLanes);
        this.hop = stepFrames << s;
        int log2T = IntMath.floorLog2(t);
        int m = Math.max(J, IntMath.ceilLog2((long) Math.ceil(t)));
        // The tree, channel order and meta are the batch transform's; they do not depend on N.
        this.tree = new Plan1D(J, 1 << Math.max(m, 1), q1, q2, t, Averaging.LOCAL, s, maxOrder);

        int lref = 1 << (m + 5);
        Geometry g;
        while (true) {
            ContinuousFilterBank1D f = ContinuousFilterBank1D.of(new ContinuousFilterBank1D.Key(J, q1, q2, t, log2T, lref, tolerance));
            g = new Geometry(f);
            if (g.maxBlockSpan <= lref) break;
            lref = Integer.highestOneBit(g.maxBlockSpan - 1) << 1;
        }
        this.filters = g.filters;
        this.groups = List.copyOf(g.groups);
        this.phi0Half = g.phi0Half;
        this.xHistory = g.xHistory;
        this.xOrigin = g.xOrigin;
        this.xOffsetOrder0 = g.xOffsetOrder0;
        this.xLead = g.xLead;
        this.lookahead = g.xLead - 1 + (1 << s);
        this.startStep = g.startStep;
        this.startupSamples = g.startupSamples;
    }

    /** Builds the stage geometry from the filters' supports. */
    private final class Geometry {
        final ContinuousFilterBank1D filters;
        final List<Group> groups = new ArrayList<>();
        int phi0Half, xHistory, xOrigin, xOffsetOrder0, xLead, startStep, startupSamples, maxBlockSpan;

        Geometry(ContinuousFilterBank1D f) {
            this.filters = f;
            MorletFilterBank1D bank = tree.bank();
            Map<Integer, List<Plan1D.Node1>> byJ = new LinkedHashMap<>();
            for (Plan1D.Node1 node : tree.tree()) byJ.computeIfAbsent(bank.j1(node.n1()), k -> new ArrayList<>()).add(node);

            phi0Half = f.phiHalf(0);
            int x0 = -phi0Half;                              // order 0 reads [i hop - L, (i+1) hop + L - 2^s]
            int xLo = x0, xHi = phi0Half - (1 << s) + 1;     // exclusive lead of x
            int warm = 0;
            List<int[]> stage1Spans = new ArrayList<>();     // per group: lowest and highest x index read, rel. to a step
            List<Double> stage1Fracs = new ArrayList<>();
            List<Integer> warmAfterU1 = new ArrayList<>();
            for (Map.Entry<Integer, List<Plan1D.Node1>> e : byJ.entrySet()) {
                List<Plan1D.Node1> nodes = e.getValue();
                int k = nodes.get(0).k1();
                int members = nodes.size();
                int hopK = hop >> k;
                // order 1: direct low-pass of U1 at the output points, reading [i hopK - L, (i+1) hopK - d1 + L]
                int phiK = f.phiHalf(k);
                int d1 = 1 << (s - k);
                int loU1 = -phiK, leadU1 = phiK - d1 + 1;
                // stage 2 (children only) and stage 3
                List<int[]> kids = new ArrayList<>();       // n2, k2, a, L3, W3, ha, D3, eU2
                int dmax2 = 0, warm3 = 0;
                for (Plan1D.Node2 c : nodes.get(0).children()) {
                    int a = c.a();
                    int l3 = f.phiHalf(a);
                    int d3 = 1 << (s - a);
                    int ha = hop >> a;
                    int eU2 = l3 - d3 + 1;
                    int w3 = ha + eU2 + l3;
                    kids.add(new int[] {c.n2(), c.k2(), a, l3, w3, ha, d3, eU2});
                    dmax2 = Math.max(dmax2, c.k2());
                    warm3 = Math.max(warm3, ceilDiv(w3 - ha, ha));
                }
                Stage2 st2 = null;
                if (!kids.isEmpty()) {
                    // the far children from a decimated copy of U1 where the cost model says so
                    st2 = stage2(k, members, hopK, kids, 0);
                    for (int m = 1; m < dmax2; m++) {
                        Stage2 c = stage2(k, members, hopK, kids, m);
                        if (c != null && c.cost() < st2.cost()) st2 = c;
                    }
                    if (st2.cascade() != null && st2.cascade().order1()) {
                        // order 1 reads V: U1 only needs to cover stage 2
                        loU1 = st2.origin();
                        leadU1 = st2.lead();
                    } else {
                        loU1 = Math.min(loU1, st2.origin());
                        leadU1 = Math.max(leadU1, st2.lead());
                    }
                }
                int eU1 = leadU1;
                int w1 = hopK + eU1 - loU1;
                Stage stage2 = null;
                if (st2 != null) {
                    Stage b = st2.stage();
                    stage2 = new Stage(b.subBlocks(), b.blockSize(), b.subHop(), st2.origin() - loU1, b.inputLanes(), b.lanes(), st2.cost());
                }

                // stage 1
                int l1 = 0;
                double frac1 = 0;
                for (Plan1D.Node1 nd : nodes) {
                    l1 = Math.max(l1, f.psi1Half(nd.n1()));
                    frac1 = Math.max(frac1, fourierFraction(bank.psi1(nd.n1())));
                }
                Consumer c1 = consumer(k, l1, eU1);
                int lo1 = eU1 * (1 << k) - l1;
                int hi1 = (eU1 - 1) * (1 << k) + l1;
                xHi = Math.max(xHi, hi1 + 1);
                stage1Spans.add(new int[] {lo1, hi1});
                stage1Fracs.add(frac1);
                // warm-up: steps until the U1, V and U2 histories hold only values computed from the signal
                Cascade cascade = st2 == null ? null : st2.cascade();
                int warmV = cascade == null ? 0 : ceilDiv(cascade.vHistory() - (hopK >> cascade.m()), hopK >> cascade.m());
                List<Child> children = new ArrayList<>();
                for (int i = 0; i < kids.size(); i++) {
                    int[] kd = kids.get(i);
                    int[] ch = new int[members];
                    for (int mbr = 0; mbr < members; mbr++) ch[mbr] = nodes.get(mbr).children().get(i).channel();
                    Consumer c = st2.consumers().get(i);
                    int w3 = kd[5] + c.lead() + kd[3];        // ha + lead (raised by align) + L3
                    warm3 = Math.max(warm3, ceilDiv(w3 - kd[5], kd[5]));
                    children.add(new Child(kd[0], kd[1], kd[2], ch, c, w3, kd[6], kd[3], st2.far()[i]));
                }
                warmAfterU1.add(warmV + warm3);          // U1's own fill is counted once its history is final
                int[] n1 = new int[members], chans = new int[members];
                for (int mbr = 0; mbr < members; mbr++) {
                    n1[mbr] = nodes.get(mbr).n1();
                    chans[mbr] = nodes.get(mbr).channel();
                }
                groups.add(new Group(e.getKey(), k, n1, chans, List.copyOf(children), null, stage2, c1,
                        order1(k, phiK, d1, loU1, cascade), w1, 0, cascade));
                maxBlockSpan = Math.max(maxBlockSpan, stage2 == null ? 0 : stage2.blockSize() << k);
                if (cascade != null) maxBlockSpan = Math.max(maxBlockSpan, cascade.stage().blockSize() << (k + cascade.m()));
            }
            // stage 1: contiguous groups sharing the x-block FFT, partition by dynamic programming
            int ng = groups.size();
            Family[][] fam = new Family[ng][ng];
            for (int i = 0; i < ng; i++) for (int j = i; j < ng; j++) fam[i][j] = family(i, j, stage1Spans, stage1Fracs);
            double[] best = new double[ng + 1];
            int[] cut = new int[ng + 1];
            for (int j = 1; j <= ng; j++) {
                best[j] = Double.MAX_VALUE;
                for (int i = 1; i <= j; i++) {
                    double c = best[i - 1] + fam[i - 1][j - 1].cost;
                    if (c < best[j]) { best[j] = c; cut[j] = i - 1; }
                }
            }
            List<int[]> ranges = new ArrayList<>();
            for (int j = ng; j > 0; j = cut[j]) ranges.add(0, new int[] {cut[j], j - 1});
            for (int fi = 0; fi < ranges.size(); fi++) {
                int[] r = ranges.get(fi);
                Family fm = fam[r[0]][r[1]];
                xLo = Math.min(xLo, fm.origin);
                maxBlockSpan = Math.max(maxBlockSpan, fm.blockSize);
                for (int gi = r[0]; gi <= r[1]; gi++) {
                    Group gr = groups.get(gi);
                    Stage st1 = new Stage(fm.subBlocks, fm.blockSize, fm.subHop, fm.origin, lanes(fm.subBlocks),
                            lanes(gr.members() * fm.subBlocks), gi == r[0] ? fm.cost : 0);
                    // U1 computed ahead by the family's alignment: a longer history, same start
                    int raise = fm.raise[gi - r[0]];
                    Consumer c = gr.psi1();
                    Consumer raised = consumer(c.decim(), c.half(), c.lead() + raise);
                    int w1 = gr.u1History() + raise;
                    groups.set(gi, new Group(gr.j1(), gr.k(), gr.n1(), gr.channels(), gr.children(), st1, gr.stage2(),
                            place(raised, fm.origin, fm.subHop), gr.order1(), w1, fi, gr.cascade()));
                    int hopK = hop >> gr.k();
                    warm = Math.max(warm, ceilDiv(w1 - hopK, hopK) + warmAfterU1.get(gi));
                }
            }
            xOrigin = xLo;
            xLead = xHi;
            xHistory = hop + xHi - xLo;
            xOffsetOrder0 = x0 - xLo;
            // stage-1 block origins become offsets into the x history
            for (int gi = 0; gi < groups.size(); gi++) {
                Group gr = groups.get(gi);
                Stage s1 = gr.stage1();
                groups.set(gi, new Group(gr.j1(), gr.k(), gr.n1(), gr.channels(), gr.children(),
                        new Stage(s1.subBlocks(), s1.blockSize(), s1.subHop(), s1.offset() - xLo, s1.inputLanes(), s1.lanes(), s1.cost()),
                        gr.stage2(), gr.psi1(), gr.order1(), gr.u1History(), gr.family(), gr.cascade()));
            }
            startStep = -warm;
            startupSamples = (int) Math.max(1, -((long) startStep * hop + xLo) + 1);
        }

        /**
         * Stage 2 of a group at level k with the children of k2 > m (none for m = 0) computed from V,
         * U1 decimated by 2^m (see {@link Cascade}); null where the children's bands leave no room for
         * the decimation's low-pass or the bank lacks their level k + m. {@code kids}: per child n2,
         * k2, a, L3, W3, ha, D3, eU2.
         */
        Stage2 stage2(int k, int members, int hopK, List<int[]> kids, int m) {
            MorletFilterBank1D bank = tree.bank();
            int n = kids.size();
            boolean[] far = new boolean[n];
            Consumer[] consumers = new Consumer[n];
            List<Consumer> near = new ArrayList<>();
            List<Double> nearFracs = new ArrayList<>();
            List<Integer> nearIndex = new ArrayList<>();
            List<Consumer> farList = new ArrayList<>();
            List<Integer> farIndex = new ArrayList<>();
            double eps = tolerance * 1e-2, pass = 0;
            for (int i = 0; i < n; i++) {
                int[] kd = kids.get(i);
                far[i] = m > 0 && kd[1] > m;
                if (far[i]) {
                    if (bank.psi2Levels(kd[0]) <= k + m) return null;
                    farList.add(consumer(kd[1] - m, filters.psi2Half(kd[0], k + m), kd[7]));
                    farIndex.add(i);
                    pass = Math.max(pass, filters.psi2Reach(kd[0], k, eps));
                } else {
                    near.add(consumer(kd[1], filters.psi2Half(kd[0], k), kd[7]));
                    nearFracs.add(fourierFraction(bank.psi2(kd[0], k)));
                    nearIndex.add(i);
                }
            }
            Cascade cascade = null;
            double costB = 0;
            if (!farList.isEmpty()) {
                double stop = Math.scalb(1.0, -m) - pass;
                if (!(stop > pass * 1.25 && stop < 0.5)) return null;
                ContinuousFilterBank1D.Band band = new ContinuousFilterBank1D.Band(pass, stop, eps);
                farList = align(farList);
                int[] range = range(farList);
                int dmax = maxDecim(farList);
                int origin = Math.floorDiv(range[0], 1 << dmax) * (1 << dmax);
                int hopV = hopK >> m;
                double[] fracs = new double[farList.size()];
                for (int i = 0; i < fracs.length; i++) fracs[i] = fourierFraction(bank.psi2(kids.get(farIndex.get(i))[0], k + m));
                Stage sb = chooseStage(members, hopV, 1 << dmax, range[1] - origin + 1, 0, farList, fracs, k + m);
                for (int i = 0; i < farList.size(); i++) consumers[farIndex.get(i)] = place(farList.get(i), origin, sb.subHop());
                int vLead = range[1] + 1, vLo = origin;
                // order 1 from V where the low-pass lies in V's band: reads [-L, L - d] around the step's frames
                boolean order1 = s >= k + m && filters.phiReach(k, eps) <= pass;
                if (order1) {
                    int lv = filters.phiHalf(k + m), dv = 1 << (s - k - m);
                    vLo = Math.min(vLo, -lv);
                    vLead = Math.max(vLead, lv - dv + 1);
                }
                sb = new Stage(sb.subBlocks(), sb.blockSize(), sb.subHop(), origin - vLo, sb.inputLanes(), sb.lanes(), sb.cost());
                cascade = new Cascade(m, band, consumer(m, filters.bandHalf(band), vLead), hopV + vLead - vLo, sb, vLo, order1);
                near.add(cascade.v());
                nearFracs.add(fourierFraction(ContinuousFilterBank1D.bandFourier(band, tree.bank().nPad() >> k)));
                costB = sb.cost();
            }
            near = align(near);
            if (cascade != null) {
                // the aligned lead of V lengthens its history
                Consumer v = near.get(near.size() - 1);
                cascade = new Cascade(m, cascade.band(), v, cascade.vHistory() + v.lead() - cascade.v().lead(), cascade.stage(),
                        cascade.vOrigin(), cascade.order1());
            }
            int[] range = range(near);
            int dmax = maxDecim(near);
            int origin = Math.floorDiv(range[0], 1 << dmax) * (1 << dmax);
            double[] fracs = new double[near.size()];
            for (int i = 0; i < fracs.length; i++) fracs[i] = nearFracs.get(i);
            Stage st = chooseStage(members, hopK, 1 << dmax, range[1] - origin + 1, 0, near, fracs, k);
            for (int i = 0; i < nearIndex.size(); i++) consumers[nearIndex.get(i)] = place(near.get(i), origin, st.subHop());
            if (cascade != null) {
                cascade = new Cascade(m, cascade.band(), place(cascade.v(), origin, st.subHop()), cascade.vHistory(), cascade.stage(),
                        cascade.vOrigin(), cascade.order1());
            }
            return new Stage2(st, origin, range[1] + 1, List.of(consumers), far, cascade, st.cost() + costB);
        }

        /**
         * The consumers with their leads raised as far as the one reading furthest ahead allows: each
         * then reads a window ending where the stage's input ends, so that the stage's blocks span the
         * widest single filter rather than the union of staggered windows (a cascade's V is read far
         * ahead of the near children). An output computed ahead of need only lengthens its history.
         */
        List<Consumer> align(List<Consumer> consumers) {
            int hi = range(consumers)[1];
            List<Consumer> out = new ArrayList<>();
            for (Consumer c : consumers) {
                int own = (c.lead() - 1) * (1 << c.decim()) + c.half();
                out.add(consumer(c.decim(), c.half(), c.lead() + (hi - own) / (1 << c.decim())));
            }
            return out;
        }

        /** Order-1 averaging of a group at level k: of U1 (window from loU1), or of the cascade's V. */
        Order1 order1(int k, int phiK, int d1, int loU1, Cascade cascade) {
            if (cascade == null || !cascade.order1()) return new Order1(phiK, d1, -loU1 - phiK, false);
            int lv = filters.phiHalf(k + cascade.m());
            return new Order1(lv, 1 << (s - k - cascade.m()), -cascade.vOrigin() - lv, true);
        }

        /** {lowest input index, highest input index relative to the step's end} that consumers read. */
        int[] range(List<Consumer> consumers) {
            int lo = Integer.MAX_VALUE, hi = Integer.MIN_VALUE;
            for (Consumer c : consumers) {
                lo = Math.min(lo, c.lead() * (1 << c.decim()) - c.half());
                hi = Math.max(hi, (c.lead() - 1) * (1 << c.decim()) + c.half());
            }
            return new int[] {lo, hi};
        }

        int maxDecim(List<Consumer> consumers) {
            int d = 0;
            for (Consumer c : consumers) d = Math.max(d, c.decim());
            return d;
        }

        /**
         * Stage 1 of groups i..j on one grid of x blocks: one FFT of the x blocks, then per group
         * its folded products and inverse FFTs. Chooses the sub-blocks per step by the cost model.
         */
        Family family(int i, int j, List<int[]> spans, List<Double> fracs) {
            int kmax = 0, lo = Integer.MAX_VALUE, hi = Integer.MIN_VALUE;
            for (int g = i; g <= j; g++) {
                kmax = Math.max(kmax, groups.get(g).k());
                lo = Math.min(lo, spans.get(g)[0]);
                hi = Math.max(hi, spans.get(g)[1]);
            }
            // leads aligned: each group's U1 is computed as far ahead as the family's furthest reader allows
            int[] raise = new int[j - i + 1];
            lo = Integer.MAX_VALUE;
            for (int g = i; g <= j; g++) {
                int k = groups.get(g).k();
                raise[g - i] = (hi - spans.get(g)[1]) >> k;
                lo = Math.min(lo, spans.get(g)[0] + (raise[g - i] << k));
            }
            int align = 1 << kmax;
            int origin = Math.floorDiv(lo, align) * align;
            Family best = null;
            for (int nb = 1; hop / nb >= align; nb++) {
                if (hop % nb != 0 || (hop / nb) % align != 0) continue;
                int u = hop / nb;
                for (int b : blockSizes(u + hi - origin + 1, align)) {
                    double cost = fftCost(nb, b, 0.5) + nb * b;
                    for (int g = i; g <= j; g++) {
                        int members = groups.get(g).members(), m = b >> groups.get(g).k();
                        cost += fftCost(members * nb, m, 1) + members * nb * (2.0 * fracs.get(g) * b + m);
                    }
                    cost /= hop;
                    if (best == null || cost < best.cost) best = new Family(nb, b, u, origin, cost, raise);
                }
            }
            return best;
        }

        /** A consumer with decimation 2^d, half support L and lead e (positions placed later). */
        Consumer consumer(int d, int half, int lead) {
            return new Consumer(d, half, lead, 0, 0);
        }

        /** IFFT positions of a consumer in a block starting at the stage offset o. */
        Consumer place(Consumer c, int o, int subHop) {
            int m0 = c.lead() - (o >> c.decim());
            return new Consumer(c.decim(), c.half(), c.lead(), m0, subHop >> c.decim());
        }

        /**
         * Stage 2 of a group: chooses the number of sub-blocks per step minimising the estimated
         * cost; {@code span} is the input a block needs beyond its sub-hop.
         */
        Stage chooseStage(int members, int stageHop, int align, int span, int offset, List<Consumer> consumers,
                          double[] fracs, int rate) {
            Stage best = null;
            for (int nb = 1; stageHop / nb >= align; nb++) {
                if (stageHop % nb != 0 || (stageHop / nb) % align != 0) continue;
                int u = stageHop / nb;
                int lanes = lanes(members * nb);
                for (int b : blockSizes(u + span, align)) {
                    double cost = fftCost(members * nb, b, 0.5) + members * nb * b;
                    for (int i = 0; i < consumers.size(); i++) {
                        int mOut = b >> consumers.get(i).decim();
                        cost += fftCost(members * nb, mOut, 1) + members * nb * (2.0 * fracs[i] * b + mOut);
                    }
                    cost /= (double) stageHop * (1 << rate);       // per input sample of the stream
                    if (best == null || cost < best.cost()) best = new Stage(nb, b, u, offset, lanes, lanes, cost);
                }
            }
            return best;
        }
    }

    /** Stage-1 block grid of a family of groups. */
    private record Family(int subBlocks, int blockSize, int subHop, int origin, double cost, int[] raise) {}

    /**
     * A choice of stage 2 for a group: its stage (offset still relative to the step), the U1 it
     * reads (from {@code origin}; lead), per child its placed consumer and whether it is far, the
     * cascade (or null) and the cost of both stages.
     */
    private record Stage2(Stage stage, int origin, int lead, List<Consumer> consumers, boolean[] far, Cascade cascade,
                          double cost) {}

    /** Relative cost of an FFT of length n over {@code logical} lanes ({@code scale} 0.5 for a real FFT). */
    private double fftCost(int logical, int n, double scale) {
        int used = lanes(logical), complex = scale < 1 ? n / 2 : n;
        boolean fourStep = used % vectorLanes != 0 && used <= 2 && complex >= 1024 && Integer.bitCount(complex) == 1
                && complex % ((long) vectorLanes * vectorLanes) == 0;
        double c = (fourStep ? FOUR_STEP_PENALTY * used : laneCost(logical)) * scale * n * log2(n);
        return (long) lanes(logical) * n > CACHE_ELEMENTS ? c * CACHE_PENALTY : c;
    }

    /** Lane count actually used for {@code n} logical lanes: padded to SIMD width when that is cheaper. */
    int lanes(int n) {
        if (vectorLanes <= 1 || n % vectorLanes == 0) return n;
        int padded = ceilDiv(n, vectorLanes) * vectorLanes;
        return padded <= SCALAR_PENALTY * n ? padded : n;
    }

    /** Relative cost of n logical lanes (scalar lanes cost {@link #SCALAR_PENALTY} SIMD lanes). */
    double laneCost(int n) {
        int used = lanes(n);
        return used % vectorLanes == 0 ? used : SCALAR_PENALTY * used;
    }

    /** Measured: lane FFTs over more than this many elements (lanes x length) run up to ~2x slower per element (noisy; a mild preference). */
    private static final long CACHE_ELEMENTS = 1L << 17;
    private static final double CACHE_PENALTY = 1.5;

    /** Measured: the scalar lane kernels are about this much slower per lane than the SIMD ones. */
    private static final int SCALAR_PENALTY = 5;

    /**
     * Measured: power-of-two FFTs of 1 or 2 lanes of 1024 complex points or more run as four-step
     * SIMD transforms (CPU backend) at about this many SIMD lanes per lane.
     */
    private static final double FOUR_STEP_PENALTY = 2;

    private static double log2(int n) {
        return n <= 2 ? 1 : Math.log(n) / Math.log(2);
    }

    /**
     * Candidate FFT lengths of a block holding {@code n} samples, multiples of {@code align} (a power
     * of two; at least 2: real FFTs of even length): the smallest power of two, and the smallest
     * {@code 2^a 3^b 5^c}. Lengths with factors 3 and 5 run about as fast per element and level as
     * powers of two in SIMD lanes and fit a block to its hop plus span far more tightly (a power of
     * two wastes up to half of it); powers of two alone have the four-step path for 1 or 2 lanes.
     */
    static int[] blockSizes(int n, int align) {
        int a = Math.max(align, 2);
        long pow2 = a;
        while (pow2 < n) pow2 <<= 1;
        long smooth = pow2;
        for (long p3 = 1; p3 < pow2; p3 *= 3) {
            for (long p35 = p3; p35 < pow2; p35 *= 5) {
                long m = p35 * a;
                while (m < n) m <<= 1;
                smooth = Math.min(smooth, m);
            }
        }
        return smooth == pow2 ? new int[] {(int) pow2} : new int[] {(int) smooth, (int) pow2};
    }

    private static int ceilDiv(int a, int b) {
        return Math.floorDiv(a + b - 1, b);
    }

    /** Fraction of a Fourier filter's bins above 1e-10 of its peak (cost of a product). */
    private static double fourierFraction(double[] h) {
        double peak = 0;
        for (double v : h) peak = Math.max(peak, Math.abs(v));
        int count = 0;
        for (double v : h) if (Math.abs(v) > 1e-10 * peak) count++;
        return (double) count / h.length;
    }

    // ---------------------------------------------------------------- accessors

    public int J() { return J; }
    public int q1() { return q1; }
    public int q2() { return q2; }
    public double T() { return T; }
    /** log2 of the stride between frames. */
    public int s() { return s; }
    public int maxOrder() { return maxOrder; }
    public double tolerance() { return tolerance; }
    /** Frames per processing step. */
    public int stepFrames() { return stepFrames; }
    /** Input samples per processing step ({@code stepFrames * 2^s}). */
    public int hop() { return hop; }
    public int channels() { return tree.channels(); }
    public Scattering1DMeta meta() { return tree.meta(); }
    public ContinuousFilterBank1D filters() { return filters; }
    public List<Group> groups() { return groups; }
    /** Half support of the order-0 low-pass (level 0). */
    public int phi0Half() { return phi0Half; }
    /** Length of the x history: the window {@code [i hop + xOrigin, (i+1) hop + xLead)} step i reads. */
    public int xHistory() { return xHistory; }
    /** Position of the x history's first sample relative to {@code i * hop}. */
    public int xOrigin() { return xOrigin; }
    /** Exclusive end of the x history relative to {@code (i+1) * hop}. */
    public int xLead() { return xLead; }
    /** Offset of the order-0 low-pass window in the x history. */
    public int xOffsetOrder0() { return xOffsetOrder0; }
    /** Samples after frame k's position {@code k 2^s} that frame k depends on. */
    public int lookahead() { return lookahead; }
    /** The first step run (negative: warm-up on the reflected start). */
    public int startStep() { return startStep; }
    /** Samples needed before the first step can run (reflection of the start). */
    public int startupSamples() { return startupSamples; }
    /** Estimated relative cost per input sample (for choosing stepFrames). */
    public double estimatedCost() {
        double c = 0;
        for (Group g : groups) c += g.stage1().cost() + (g.stage2() == null ? 0 : g.stage2().cost());
        return c;
    }
}
