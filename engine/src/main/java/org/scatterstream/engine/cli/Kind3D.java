package org.scatterstream.engine.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scatterstream.engine.HarmonicScattering3D;
import org.scatterstream.engine.HarmonicScattering3DMeta;
import org.scatterstream.engine.Precision;
import org.scatterstream.engine.ScatteringTransform;

/** {@code 3d}: {@link HarmonicScattering3D} (solid harmonic integral invariants) of volumes from {@code .npy} (..., M, N, O). */
final class Kind3D extends KindCli {
    static final Option J = Option.required("J", "INT", "largest scale; scales j = 0..J");
    static final Option L = Option.value("L", "INT", "largest degree; degrees l = 0..L (default 3)");
    static final Option SIGMA0 = Option.value("sigma0", "S", "width of the finest wavelet, in voxels (default 1)");
    static final Option POWERS = Option.value("integral-powers", "Q,...", "exponents q of the integrals sum U^q (default 0.5,1,2)");
    static final Option MAX_ORDER = Option.value("max-order", "1|2", "maximum scattering order (default 2)");
    static final Option NO_ROT = Option.flag("no-rotation-covariant", "use only the m = -l filter instead of the modulus over all m");
    static final Option SHAPE = Option.required("shape", "M,N,O", "volume size");

    @Override
    String name() {
        return "3d";
    }

    @Override
    String summary() {
        return "HarmonicScattering3D: solid harmonic scattering integrals of volumes (J, L, sigma0, powers)";
    }

    @Override
    int sampleRank() {
        return 3;
    }

    @Override
    String sampleAxes() {
        return "M, N, O";
    }

    @Override
    List<Option> parameterOptions() {
        return List.of(J, L, SIGMA0, POWERS, MAX_ORDER, NO_ROT);
    }

    @Override
    List<Option> shapeOptions() {
        return List.of(SHAPE);
    }

    @Override
    int[] sampleShape(ParsedArgs a) {
        int[] s = a.integers("shape");
        if (s.length != 3) throw new UsageException("--shape takes three integers M,N,O, got '" + a.string("shape") + "'");
        return s;
    }

    @Override
    int defaultBenchBatch() {
        return 1;
    }

    @Override
    List<String> examples() {
        return List.of(
                "scatter transform 3d --J 2 --L 2 --sigma0 1 --integral-powers 0.5,1,2 --input vol.npy --output Sx.npy",
                "scatter meta 3d --J 2 --L 2 --shape 32,32,32 --json",
                "scatter bench 3d --J 2 --L 2 --shape 128,128,128 --batch 1");
    }

    @Override
    void checkParameters(ParsedArgs a) {
        parameters(a);
    }

    static HarmonicScattering3D.Builder parameters(ParsedArgs a) {
        HarmonicScattering3D.Builder b = HarmonicScattering3D.builder().J(a.integer("J"));
        if (a.has("L")) b.L(a.integer("L"));
        if (a.has("sigma0")) b.sigma0(a.number("sigma0", 1));
        if (a.has("integral-powers")) b.integralPowers(a.numbers("integral-powers"));
        if (a.has("max-order")) b.maxOrder(a.integer("max-order"));
        b.rotationCovariant(!a.flag("no-rotation-covariant"));
        return b;
    }

    @Override
    ScatteringTransform build(ParsedArgs a, int[] s, Precision precision, String backend, int threads) {
        return parameters(a).shape(s[0], s[1], s[2]).precision(precision).backend(backend).threads(threads).build();
    }

    @Override
    Map<String, Object> parameters(ParsedArgs a, ScatteringTransform t) {
        HarmonicScattering3D s = (HarmonicScattering3D) t;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("J", s.J());
        m.put("L", s.L());
        m.put("sigma0", s.sigma0());
        m.put("integral_powers", s.integralPowers());
        m.put("max_order", s.maxOrder());
        m.put("rotation_covariant", s.rotationCovariant());
        return m;
    }

    /** One row per path (output axis -3); each path has L+1 degrees (axis -2) x powers (axis -1). */
    @Override
    ChannelTable channels(ParsedArgs a, ScatteringTransform t) {
        HarmonicScattering3DMeta meta = ((HarmonicScattering3D) t).meta();
        ChannelTable table = new ChannelTable(List.of("index", "order", "j1", "j2"));
        for (int p = 0; p < meta.paths(); p++) {
            table.add(p, meta.order(p), meta.j(p, 1), meta.order(p) >= 2 ? meta.j(p, 2) : null);
        }
        return table;
    }
}
