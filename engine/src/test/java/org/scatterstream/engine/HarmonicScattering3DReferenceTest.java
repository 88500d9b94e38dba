package org.scatterstream.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.scatterstream.engine.testutil.ReferenceCase;

/** Every public 3D Kymatio case: values (double 1e-6 global / 1e-5 per entry, float 1e-5), shape, paths. */
class HarmonicScattering3DReferenceTest {

    static Stream<String> cases() {
        return ReferenceCase.names("3d").stream();
    }

    static HarmonicScattering3D.Builder builderFor(JsonNode p) {
        JsonNode sh = p.get("shape");
        double[] powers = new double[p.get("integral_powers").size()];
        for (int i = 0; i < powers.length; i++) powers[i] = p.get("integral_powers").get(i).asDouble();
        return HarmonicScattering3D.builder().J(p.get("J").asInt())
                .shape(sh.get(0).asInt(), sh.get(1).asInt(), sh.get(2).asInt())
                .L(p.get("L").asInt()).sigma0(p.get("sigma_0").asDouble())
                .maxOrder(p.get("max_order").asInt())
                .rotationCovariant(p.get("rotation_covariant").asBoolean())
                .method(p.get("method").asText())
                .integralPowers(powers).threads(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesKymatioInDoubleAndFloat(String name) {
        ReferenceCase rc = ReferenceCase.of("3d", name);
        ReferenceCase.Npy x = rc.npy("x.npy"), sx = rc.npy("Sx.npy");
        int batch = x.shape()[0];
        try (HarmonicScattering3D s = builderFor(rc.params()).precision(Precision.DOUBLE).build()) {
            assertArrayEquals(new int[] {sx.shape()[1], sx.shape()[2], sx.shape()[3]}, s.outputShape(), "output shape");
            double[] out = s.transform(x.data(), batch);
            double err = ReferenceCase.relErr(out, sx.data());
            double entry = 0;
            for (int i = 0; i < out.length; i++) {
                entry = Math.max(entry, Math.abs(out[i] - sx.data()[i]) / Math.abs(sx.data()[i]));
            }
            System.out.printf("3d %s double %.2e (worst entry %.2e)%n", name, err, entry);
            assertTrue(err <= 1e-6, name + " double rel err " + err);
            assertTrue(entry <= 1e-5, name + " double worst entry rel err " + entry);
        }
        try (HarmonicScattering3D s = builderFor(rc.params()).precision(Precision.FLOAT).build()) {
            double[] od = ReferenceCase.transform(s, x.data(), batch, Precision.FLOAT);
            double err = ReferenceCase.relErr(od, sx.data());
            System.out.printf("3d %s float %.2e%n", name, err);
            assertTrue(err <= 1e-5, name + " float rel err " + err);
        }
    }

    /** Single volumes and the inputs tiled to 19 volumes (full SIMD lane groups on small grids). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesKymatioAsSingleVolumesAndInLaneGroups(String name) {
        ReferenceCase rc = ReferenceCase.of("3d", name);
        for (int batch : new int[] {1, 19}) {
            ReferenceCase.Tiled t = rc.tiled(batch);
            for (Precision p : Precision.values()) {
                try (HarmonicScattering3D s = builderFor(rc.params()).precision(p).build()) {
                    double err = ReferenceCase.relErr(ReferenceCase.transform(s, t.x(), batch, p), t.expected());
                    assertTrue(err <= (p == Precision.DOUBLE ? 1e-6 : 1e-5), name + " batch " + batch + " " + p + " rel err " + err);
                }
            }
        }
    }


    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void pathsMatchKymatio(String name) {
        ReferenceCase rc = ReferenceCase.of("3d", name);
        JsonNode m = rc.meta();
        HarmonicScattering3DMeta meta = HarmonicScattering3D.metaOf(builderFor(rc.params()));
        JsonNode paths = m.get("axis1_paths");
        assertEquals(paths.get("order").size(), meta.paths());
        for (int p = 0; p < meta.paths(); p++) {
            assertEquals(paths.get("order").get(p).asInt(), meta.order(p));
            JsonNode j = paths.get("j").get(p);
            int[] key = new int[j.size()];
            for (int k = 0; k < key.length; k++) key[k] = j.get(k).asInt();
            assertArrayEquals(key, meta.key(p), "path " + p);
        }
        assertEquals(m.get("axis2_l").size(), meta.L() + 1);
        double[] powers = meta.powers();
        for (int q = 0; q < powers.length; q++) assertEquals(m.get("axis3_integral_powers").get(q).asDouble(), powers[q]);
    }
}
