package org.scatterstream.job.operator;

import org.scatterstream.engine.ContinuousScattering1D;
import org.scatterstream.engine.Precision;
import org.scatterstream.job.config.PostProcessing;
import org.scatterstream.job.config.Scattering1DSpec;
import org.scatterstream.schemas.FeatureMeta;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the engine's {@link ContinuousScattering1D} for continuous-mode streams (same J, Q, T, max order
 * and precision as the windowed transform; no window length) and describes its feature records. Shipped
 * with the job graph; {@link #create()} runs once per task.
 */
public final class ContinuousFactory implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Scattering1DSpec spec;
    private final int hop;
    private final PostProcessing post;
    private final long idleTimeoutMillis;

    /**
     * @param hop samples per block: each block yields one record with the frames it completes
     * @param idleTimeoutMillis event time after a stream's last sample at which it is ended and its state
     *                          dropped (0: never)
     */
    public ContinuousFactory(Scattering1DSpec spec, int hop, PostProcessing post, long idleTimeoutMillis) {
        if (idleTimeoutMillis < 0) throw new IllegalArgumentException("idle timeout must be >= 0, got " + idleTimeoutMillis);
        this.spec = spec;
        this.hop = hop;
        this.post = post;
        this.idleTimeoutMillis = idleTimeoutMillis;
    }

    /** Builds the transform; IllegalArgumentException with the engine's message for invalid parameters. */
    public ContinuousScattering1D create() {
        if (spec.globalAveraging()) throw new IllegalArgumentException("global averaging has no meaning for a continuous stream");
        ContinuousScattering1D.Builder b = ContinuousScattering1D.builder()
                .J(spec.J()).Q(spec.q1(), spec.q2()).maxOrder(spec.maxOrder()).precision(Precision.parse(spec.precision()));
        if (spec.T() != null) b.T(spec.T());
        return b.build();
    }

    public int hop() { return hop; }
    public PostProcessing post() { return post; }
    /** Event time (ms) after a stream's last sample at which it is ended; 0: never. */
    public long idleTimeoutMillis() { return idleTimeoutMillis; }

    /** The feature records' config id: the transform's, plus the post-processing. */
    public String configId(ContinuousScattering1D t) {
        return post.isNone() ? t.configId() : t.configId() + ";post=" + post.describe();
    }

    /** Parameters for records and metadata: the windowed ones without N, plus the continuous figures. */
    public Map<String, String> params(ContinuousScattering1D t) {
        Map<String, String> p = new LinkedHashMap<>(spec.params());
        p.remove("N");
        p.put("mode", "continuous");
        p.put("H", Integer.toString(hop));
        p.put("stride", Integer.toString(t.stride()));
        p.put("lookahead", Integer.toString(t.lookahead()));
        p.put("post", post.describe());
        return p;
    }

    /** For each channel, its first-order parent for normalisation (-1 for orders 0 and 1). */
    public int[] normalizationParents(ContinuousScattering1D t) {
        org.scatterstream.engine.Scattering1DMeta m = t.meta();
        return TransformFactory.firstOrderParents(m.channels(), m::order, c -> m.n(c, 1));
    }

    /** The metadata record: shape {@code [channels, -1]} (each record holds the frames it completes). */
    public FeatureMeta meta(ContinuousScattering1D t) {
        int c = t.channels();
        return FeatureMeta.newBuilder()
                .setConfigId(configId(t))
                .setKind("scattering1d")
                .setParams(new LinkedHashMap<>(params(t)))
                .setShape(post.average() ? List.of(c) : List.of(c, -1))
                .setAxes(post.average() ? List.of("channel") : List.of("channel", "time"))
                .setChannels(Scattering1DFactory.channels(t.meta()))
                .setPostProcessing(post.describe())
                .build();
    }
}
