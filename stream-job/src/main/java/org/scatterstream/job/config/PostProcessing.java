package org.scatterstream.job.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Optional per-window post-processing of the scattering coefficients, all off by default. When several are
 * on they run in this order: {@code normalize} (each second-order channel divided by its first-order
 * parent, the channel with the same first wavelet: {@code S2 / (S1 + eps)}), {@code average} (mean over time for 1D, over space for 2D:
 * one vector per window), {@code log} ({@code log(1 + S / eps)}).
 */
public final class PostProcessing implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Nothing applied: the engine's coefficients unchanged. */
    public static final PostProcessing NONE = new PostProcessing(false, false, false, 1e-6);

    private final boolean normalize;
    private final boolean average;
    private final boolean log;
    private final double eps;

    public PostProcessing(boolean normalize, boolean average, boolean log, double eps) {
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new ConfigException("post.eps must be a positive finite number, got " + eps);
        }
        this.normalize = normalize;
        this.average = average;
        this.log = log;
        this.eps = eps;
    }

    public boolean normalize() { return normalize; }
    public boolean average() { return average; }
    public boolean log() { return log; }
    public double eps() { return eps; }

    /** True when no step is enabled. */
    public boolean isNone() { return !normalize && !average && !log; }

    /** A stable description such as {@code none} or {@code normalize(eps=1.0E-6),average,log1p(eps=1.0E-6)}. */
    public String describe() {
        List<String> steps = new ArrayList<>();
        if (normalize) steps.add("normalize(eps=" + eps + ")");
        if (average) steps.add("average");
        if (log) steps.add("log1p(eps=" + eps + ")");
        return steps.isEmpty() ? "none" : String.join(",", steps);
    }

    @Override
    public String toString() { return describe(); }
}
