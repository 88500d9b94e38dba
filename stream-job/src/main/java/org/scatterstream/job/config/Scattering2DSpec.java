package org.scatterstream.job.config;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/** Parameters of the 2D scattering transform the job applies to each frame channel (engine's {@code Scattering2D}). */
public final class Scattering2DSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int J;
    private final int L;
    private final int height;
    private final int width;
    private final int maxOrder;
    private final String precision;
    private final String backend;
    private final int threads;

    public Scattering2DSpec(int J, int L, int height, int width, int maxOrder, String precision, String backend,
                            int threads) {
        this.J = J;
        this.L = L;
        this.height = height;
        this.width = width;
        this.maxOrder = maxOrder;
        this.precision = precision;
        this.backend = backend;
        this.threads = threads;
    }

    public int J() { return J; }
    public int L() { return L; }
    public int height() { return height; }
    public int width() { return width; }
    public int maxOrder() { return maxOrder; }
    public String precision() { return precision; }
    /** Backend name, or null for the engine's configured default. */
    public String backend() { return backend; }
    public int threads() { return threads; }

    /** The parameters as strings, for feature records and the metadata topic. */
    public Map<String, String> params() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("J", Integer.toString(J));
        m.put("L", Integer.toString(L));
        m.put("shape", height + "x" + width);
        m.put("max_order", Integer.toString(maxOrder));
        m.put("precision", precision);
        return m;
    }
}
