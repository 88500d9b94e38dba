package org.scatterstream.job.operator;

import org.scatterstream.engine.Precision;
import org.scatterstream.engine.Scattering1D;
import org.scatterstream.engine.Scattering1DMeta;
import org.scatterstream.engine.ScatteringTransform;
import org.scatterstream.job.config.Scattering1DSpec;
import org.scatterstream.schemas.ChannelMeta;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds the engine's {@link Scattering1D} for windows of {@code N} samples. */
public final class Scattering1DFactory implements TransformFactory {
    private static final long serialVersionUID = 1L;

    private final Scattering1DSpec spec;

    public Scattering1DFactory(Scattering1DSpec spec) {
        this.spec = spec;
    }

    @Override
    public String kind() {
        return "scattering1d";
    }

    @Override
    public Map<String, String> params() {
        return spec.params();
    }

    @Override
    public Scattering1D create() {
        Scattering1D.Builder b = Scattering1D.builder()
                .J(spec.J()).shape(spec.n()).Q(spec.q1(), spec.q2()).maxOrder(spec.maxOrder())
                .precision(Precision.parse(spec.precision())).threads(spec.threads());
        if (spec.globalAveraging()) b.globalAveraging();
        else if (spec.T() != null) b.T(spec.T());
        if (spec.backend() != null) b.backend(spec.backend());
        return b.build();
    }

    @Override
    public List<ChannelMeta> channels(ScatteringTransform t) {
        return channels(((Scattering1D) t).meta());
    }

    /** The channel metadata of a 1D transform's meta (windowed and continuous alike). */
    public static List<ChannelMeta> channels(Scattering1DMeta m) {
        List<ChannelMeta> list = new ArrayList<>(m.channels());
        for (int c = 0; c < m.channels(); c++) {
            int order = m.order(c);
            List<Integer> n = new ArrayList<>();
            List<Integer> j = new ArrayList<>();
            List<Double> xi = new ArrayList<>();
            List<Double> sigma = new ArrayList<>();
            for (int k = 1; k <= order; k++) {
                n.add(m.n(c, k));
                j.add(m.j(c, k));
                xi.add(m.xi(c, k));
                sigma.add(m.sigma(c, k));
            }
            list.add(ChannelMeta.newBuilder().setIndex(c).setOrder(order).setN(n).setJ(j).setXi(xi).setSigma(sigma)
                    .setTheta(new ArrayList<>()).build());
        }
        return list;
    }

    @Override
    public List<String> axes() {
        return List.of("channel", "time");
    }

    @Override
    public int[] normalizationParents(ScatteringTransform t) {
        Scattering1DMeta m = ((Scattering1D) t).meta();
        return TransformFactory.firstOrderParents(m.channels(), m::order, c -> m.n(c, 1));
    }
}
