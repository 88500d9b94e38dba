package org.scatterstream.job.config;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parameters of the 1D scattering transform the job applies to each window of {@code N} samples (the
 * engine's {@code Scattering1D}). Validated by the engine's builder when the job starts.
 */
public final class Scattering1DSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int J;
    private final int q1;
    private final int q2;
    private final Double T;
    private final boolean globalAveraging;
    private final int maxOrder;
    private final int n;
    private final String precision;
    private final String backend;
    private final int threads;

    /**
     * @param T averaging scale in samples, or null for the engine's default ({@code 2^J})
     * @param globalAveraging Kymatio's {@code T='global'} (one output frame per window); T must be null
     * @param backend engine backend name, or null for the configured default
     */
    public Scattering1DSpec(int J, int q1, int q2, Double T, boolean globalAveraging, int maxOrder, int n,
                            String precision, String backend, int threads) {
        this.J = J;
        this.q1 = q1;
        this.q2 = q2;
        this.T = T;
        this.globalAveraging = globalAveraging;
        this.maxOrder = maxOrder;
        this.n = n;
        this.precision = precision;
        this.backend = backend;
        this.threads = threads;
    }

    public int J() { return J; }
    public int q1() { return q1; }
    public int q2() { return q2; }
    /** Averaging scale, or null for the engine default (or global averaging). */
    public Double T() { return T; }
    /** Kymatio's {@code T='global'}. */
    public boolean globalAveraging() { return globalAveraging; }
    public int maxOrder() { return maxOrder; }
    /** Window length in samples: the transform's input length. */
    public int n() { return n; }
    public String precision() { return precision; }
    /** Backend name, or null for the engine's configured default. */
    public String backend() { return backend; }
    public int threads() { return threads; }

    /** The parameters as strings, for feature records and the metadata topic. */
    public Map<String, String> params() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("J", Integer.toString(J));
        m.put("Q", q1 + "," + q2);
        if (globalAveraging) m.put("T", "global");
        else if (T != null) m.put("T", T == Math.rint(T) ? Long.toString(T.longValue()) : T.toString());
        m.put("max_order", Integer.toString(maxOrder));
        m.put("N", Integer.toString(n));
        m.put("precision", precision);
        return m;
    }
}
