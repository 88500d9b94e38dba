package org.scatterstream.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.scatterstream.engine.testutil.ReferenceCase;

/** Every public 2D Kymatio case: values (double 1e-6, float 1e-5), shape, padding and channel table. */
class Scattering2DReferenceTest {

    static Stream<String> cases() {
        return ReferenceCase.names("2d").stream();
    }

    static Scattering2D.Builder builderFor(JsonNode p) {
        return Scattering2D.builder().J(p.get("J").asInt())
                .shape(p.get("shape").get(0).asInt(), p.get("shape").get(1).asInt())
                .L(p.get("L").asInt()).maxOrder(p.get("max_order").asInt())
                .prePad(p.get("pre_pad").asBoolean()).threads(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesKymatioInDoubleAndFloat(String name) {
        ReferenceCase rc = ReferenceCase.of("2d", name);
        ReferenceCase.Npy x = rc.npy("x.npy"), sx = rc.npy("Sx.npy");
        int batch = x.shape()[0];
        int[] shape = {sx.shape()[1], sx.shape()[2], sx.shape()[3]};
        try (Scattering2D s = builderFor(rc.params()).precision(Precision.DOUBLE).build()) {
            assertArrayEquals(shape, s.outputShape(), "output shape");
            JsonNode info = rc.info();
            assertArrayEquals(new int[] {info.get("M_padded").asInt(), info.get("N_padded").asInt()}, s.paddedShape());
            double[] out = s.transform(x.data(), batch);
            double err = ReferenceCase.relErr(out, sx.data());
            double worstChannel = worstChannel(out, sx.data(), batch, shape);
            System.out.printf("2d %s double %.2e (worst channel %.2e)%n", name, err, worstChannel);
            assertTrue(err <= 1e-6, name + " double rel err " + err);
            assertTrue(worstChannel <= 1e-5, name + " double worst channel rel err " + worstChannel);
        }
        try (Scattering2D s = builderFor(rc.params()).precision(Precision.FLOAT).build()) {
            double[] od = ReferenceCase.transform(s, x.data(), batch, Precision.FLOAT);
            double err = ReferenceCase.relErr(od, sx.data());
            System.out.printf("2d %s float %.2e%n", name, err);
            assertTrue(err <= 1e-5, name + " float rel err " + err);
        }
    }

    /**
     * Single images (one-lane workers: the SIMD row kernels) and the inputs tiled to 19 images (a
     * full SIMD lane group of 16 floats / 8 doubles plus a partial one), on two threads.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesKymatioAsSingleImagesAndInLaneGroups(String name) {
        ReferenceCase rc = ReferenceCase.of("2d", name);
        for (int batch : new int[] {1, 19}) {
            ReferenceCase.Tiled t = rc.tiled(batch);
            for (Precision p : Precision.values()) {
                try (Scattering2D s = builderFor(rc.params()).precision(p).build()) {
                    double err = ReferenceCase.relErr(ReferenceCase.transform(s, t.x(), batch, p), t.expected());
                    assertTrue(err <= (p == Precision.DOUBLE ? 1e-6 : 1e-5), name + " batch " + batch + " " + p + " rel err " + err);
                }
            }
        }
    }

    /** Largest per-channel relative error (second-order channels are 10-1000x smaller than order 0). */
    static double worstChannel(double[] out, double[] ref, int batch, int[] shape) {
        int c = shape[0], size = shape[1] * shape[2];
        double worst = 0;
        for (int ch = 0; ch < c; ch++) {
            double num = 0, den = 0;
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < size; i++) {
                    int k = (b * c + ch) * size + i;
                    num = Math.max(num, Math.abs(out[k] - ref[k]));
                    den = Math.max(den, Math.abs(ref[k]));
                }
            }
            if (den > 0) worst = Math.max(worst, num / den);
        }
        return worst;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void channelTableMatchesKymatio(String name) {
        ReferenceCase rc = ReferenceCase.of("2d", name);
        JsonNode m = rc.meta();
        Scattering2DMeta meta = Scattering2D.metaOf(builderFor(rc.params()));
        assertEquals(m.get("order").size(), meta.channels(), "channels");
        for (int c = 0; c < meta.channels(); c++) {
            assertEquals(m.get("order").get(c).asInt(), meta.order(c), "order of channel " + c);
            for (int k = 1; k <= meta.maxOrder(); k++) {
                JsonNode n = m.get("n").get(c).get(k - 1);
                if (n.isNull()) {
                    assertEquals(-1, meta.n(c, k));
                    assertEquals(-1, meta.j(c, k));
                    assertEquals(-1, meta.theta(c, k));
                } else {
                    assertEquals(n.asInt(), meta.n(c, k), "n of channel " + c);
                    assertEquals(m.get("j").get(c).get(k - 1).asInt(), meta.j(c, k), "j of channel " + c);
                    assertEquals(m.get("theta").get(c).get(k - 1).asInt(), meta.theta(c, k), "theta of channel " + c);
                }
            }
        }
    }
}
