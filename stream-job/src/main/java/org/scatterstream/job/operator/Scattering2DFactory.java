package org.scatterstream.job.operator;

import org.scatterstream.engine.Precision;
import org.scatterstream.engine.Scattering2D;
import org.scatterstream.engine.Scattering2DMeta;
import org.scatterstream.engine.ScatteringTransform;
import org.scatterstream.job.config.Scattering2DSpec;
import org.scatterstream.schemas.ChannelMeta;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds the engine's {@link Scattering2D} for frames of the configured size (one frame channel per input). */
public final class Scattering2DFactory implements TransformFactory {
    private static final long serialVersionUID = 1L;

    private final Scattering2DSpec spec;

    public Scattering2DFactory(Scattering2DSpec spec) {
        this.spec = spec;
    }

    @Override
    public String kind() {
        return "scattering2d";
    }

    @Override
    public Map<String, String> params() {
        return spec.params();
    }

    @Override
    public Scattering2D create() {
        Scattering2D.Builder b = Scattering2D.builder()
                .J(spec.J()).shape(spec.height(), spec.width()).L(spec.L()).maxOrder(spec.maxOrder())
                .precision(Precision.parse(spec.precision())).threads(spec.threads());
        if (spec.backend() != null) b.backend(spec.backend());
        return b.build();
    }

    @Override
    public List<ChannelMeta> channels(ScatteringTransform t) {
        Scattering2DMeta m = ((Scattering2D) t).meta();
        List<ChannelMeta> list = new ArrayList<>(m.channels());
        for (int c = 0; c < m.channels(); c++) {
            List<Integer> j = new ArrayList<>();
            List<Integer> theta = new ArrayList<>();
            for (int k = 1; k <= m.order(c); k++) {
                j.add(m.j(c, k));
                theta.add(m.theta(c, k));
            }
            list.add(ChannelMeta.newBuilder().setIndex(c).setOrder(m.order(c)).setN(new ArrayList<>()).setJ(j)
                    .setXi(new ArrayList<>()).setSigma(new ArrayList<>()).setTheta(theta).build());
        }
        return list;
    }

    @Override
    public List<String> axes() {
        return List.of("path", "y", "x");
    }

    @Override
    public int[] normalizationParents(ScatteringTransform t) {
        Scattering2DMeta m = ((Scattering2D) t).meta();
        return TransformFactory.firstOrderParents(m.channels(), m::order, c -> m.n(c, 1));
    }
}
