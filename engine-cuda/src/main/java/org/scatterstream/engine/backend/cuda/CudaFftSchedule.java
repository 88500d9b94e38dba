package org.scatterstream.engine.backend.cuda;

import java.util.ArrayList;
import java.util.List;

/**
 * The plan of one batched FFT along an axis (length n, {@code inner} elements between consecutive
 * points of a line, {@code outer} line blocks per lane) on the GPU: the mixed-radix Stockham stages
 * (radices 4, then 2, then odd primes: {@link #radices}) grouped into <em>passes</em>, each one kernel
 * launch that reads and writes global memory once and runs its stages in shared memory (see
 * {@code fft_pass} in scatter.cu for the indexing).
 *
 * <p>Grouping: a pass of total radix P holds Q groups of P elements per block, twice (ping-pong),
 * within the shared-memory budget; Q is kept at least {@code 32 / elementBytes} (one 32-byte memory
 * sector of consecutive groups) for coalesced loads, which bounds P. The fewest passes that fit are
 * used, with balanced radix products. A prime factor too large for shared memory becomes a
 * {@linkplain Pass#global() global} pass (one thread per output, O(p) each).
 *
 * <p>Buffers: passes alternate between the data and a scratch buffer, and the last pass writes the
 * data buffer (in place when it starts there, which is safe only for the last pass).
 */
final class CudaFftSchedule {

    /**
     * One launch: stride before it {@code s0}, total radix {@code P}, {@code Q} groups per block,
     * {@code global} for a single large radix run without shared memory.
     */
    record Pass(int s0, int P, int Q, boolean global, int threads, int sharedBytes) {}

    final int n;
    final int inner;
    final long outer;
    final List<Pass> passes;

    private CudaFftSchedule(int n, int inner, long outer, List<Pass> passes) {
        this.n = n;
        this.inner = inner;
        this.outer = outer;
        this.passes = List.copyOf(passes);
    }

    /** The canonical radix sequence (scatter.cu's next_radix applied until 1). */
    static int[] radices(int n) {
        if (n < 1) throw new IllegalArgumentException("FFT length must be >= 1, got " + n);
        List<Integer> f = new ArrayList<>();
        int r = n;
        while (r % 4 == 0) { f.add(4); r /= 4; }
        while (r % 2 == 0) { f.add(2); r /= 2; }
        while (r > 1) {
            int p = r;
            for (int d = 3; (long) d * d <= r; d += 2) {
                if (r % d == 0) { p = d; break; }
            }
            f.add(p);
            r /= p;
        }
        return f.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Plans an FFT of length n along an axis.
     *
     * @param elementBytes bytes of one complex element (8 float, 16 double)
     * @param sharedBytes dynamic shared memory one block may use
     */
    static CudaFftSchedule of(int n, int inner, long outer, int elementBytes, int sharedBytes) {
        if (inner < 1 || outer < 1) throw new IllegalArgumentException("inner and outer must be >= 1");
        int[] r = radices(n);
        int maxElems = sharedBytes / (2 * elementBytes);
        if (maxElems < 4) throw new IllegalArgumentException("shared memory budget too small: " + sharedBytes);
        int qMin = Math.max(1, 32 / elementBytes);
        int maxP = Math.max(4, maxElems / qMin);
        List<int[]> chunks = null;
        for (int k = 1; chunks == null; k++) chunks = partition(r, k, maxP);
        List<Pass> passes = new ArrayList<>();
        long s0 = 1;
        for (int[] c : chunks) {
            int P = 1;
            for (int p : c) P *= p;
            long groups = outer * ((long) n * inner / P);
            if (P > maxElems) {
                passes.add(new Pass((int) s0, P, 1, true, CudaLaunch.BLOCK, 0));
            } else {
                int q = Integer.highestOneBit(maxElems / P);
                q = (int) Math.min(q, Long.highestOneBit(groups));
                q = Math.max(1, q);
                // a radix-4 stage has P Q / 4 butterflies: about one per thread, whole warps
                int quarter = Math.max(1, P * q / 4);
                int threads = Math.min(CudaLaunch.BLOCK, Math.max(32, Integer.highestOneBit(quarter - 1) << 1));
                passes.add(new Pass((int) s0, P, q, false, threads, 2 * P * q * elementBytes));
            }
            s0 *= P;
        }
        return new CudaFftSchedule(n, inner, outer, passes);
    }

    /**
     * Splits the radices, in order, into at most k chunks of product <= maxP (a single radix above
     * maxP is a chunk of its own), each chunk near the k-th root of what remains; null if k chunks
     * do not suffice.
     */
    private static List<int[]> partition(int[] r, int k, int maxP) {
        List<int[]> out = new ArrayList<>();
        int i = 0;
        for (int pass = 0; pass < k && i < r.length; pass++) {
            double rest = 1;
            for (int t = i; t < r.length; t++) rest *= r[t];
            double target = Math.pow(rest, 1.0 / (k - pass));
            int start = i;
            long prod = r[i++];
            if (prod <= maxP) {
                while (i < r.length && prod * r[i] <= maxP && prod < target * (1 - 1e-9)) prod *= r[i++];
            }
            int[] c = new int[i - start];
            System.arraycopy(r, start, c, 0, c.length);
            out.add(c);
        }
        return i == r.length ? out : null;
    }

    /** Groups of a pass per lane: {@code outer * n * inner / P}. */
    long groups(Pass p) {
        return outer * ((long) n * inner / p.P());
    }

    /** Elements per lane the axis spans (what the scratch buffer must hold). */
    long elements() {
        return outer * n * (long) inner;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("fft n=").append(n).append(" inner=").append(inner).append(" outer=").append(outer);
        for (Pass p : passes) {
            sb.append(p.global() ? " [global p=" : " [P=").append(p.P());
            if (!p.global()) sb.append(" Q=").append(p.Q());
            sb.append(" s0=").append(p.s0()).append(']');
        }
        return sb.toString();
    }
}
