package org.scatterstream.engine.backend.cpu;

/**
 * The significant circular support of a Fourier-domain filter: the shortest arc
 * {@code [start, start+length)} (indices mod n) outside of which every entry is below
 * {@code relativeThreshold} times the peak magnitude. Public for the other backends, which store
 * filters over the same support.
 */
public record Support(int n, int start, int length) {

    public static Support of(double[] h, double relativeThreshold) {
        int n = h.length;
        double peak = 0;
        for (double v : h) peak = Math.max(peak, Math.abs(v));
        if (peak == 0) return new Support(n, 0, 0);
        double thr = peak * relativeThreshold;
        // The support is the complement of the longest circular run of negligible entries.
        int bestLen = 0, bestEnd = -1, run = 0;
        for (int i = 0; i < 2 * n; i++) {
            if (Math.abs(h[i % n]) <= thr) {
                run++;
                if (run > bestLen && run <= n) { bestLen = run; bestEnd = i; }
            } else {
                run = 0;
            }
        }
        if (bestLen == 0) return new Support(n, 0, n);
        int start = (bestEnd + 1) % n;
        return new Support(n, start, n - bestLen);
    }
}
