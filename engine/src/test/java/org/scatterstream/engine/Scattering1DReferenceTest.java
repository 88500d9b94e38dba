package org.scatterstream.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.scatterstream.engine.testutil.ReferenceCase;

/** Every public 1D Kymatio case: values (double 1e-10, float 1e-5), shape and meta. */
class Scattering1DReferenceTest {

    static Stream<String> cases() {
        return ReferenceCase.names("1d").stream();
    }

    static Scattering1D.Builder builderFor(JsonNode p) {
        Scattering1D.Builder b = Scattering1D.builder().J(p.get("J").asInt()).shape(p.get("shape").get(0).asInt());
        JsonNode q = p.get("Q");
        if (q.isArray()) b.Q(q.get(0).asInt(), q.size() > 1 ? q.get(1).asInt() : 1);
        else b.Q(q.asInt());
        JsonNode t = p.get("T");
        if (t != null && !t.isNull()) {
            if (t.isTextual() && t.asText().equals("global")) b.globalAveraging();
            else b.T(t.asDouble());
        }
        if (p.hasNonNull("stride")) b.stride(p.get("stride").asInt());
        b.maxOrder(p.get("max_order").asInt());
        return b.threads(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesKymatioInDoubleAndFloat(String name) {
        ReferenceCase rc = ReferenceCase.of("1d", name);
        ReferenceCase.Npy x = rc.npy("x.npy"), sx = rc.npy("Sx.npy");
        int batch = x.shape()[0];
        try (Scattering1D s = builderFor(rc.params()).precision(Precision.DOUBLE).build()) {
            assertArrayEquals(new int[] {sx.shape()[1], sx.shape()[2]}, s.outputShape(), "output shape");
            double[] out = s.transform(x.data(), batch);
            double err = ReferenceCase.relErr(out, sx.data());
            System.out.printf("%s double %.2e%n", name, err);
            assertTrue(err <= 1e-10, name + " double rel err " + err);
        }
        try (Scattering1D s = builderFor(rc.params()).precision(Precision.FLOAT).build()) {
            double[] od = ReferenceCase.transform(s, x.data(), batch, Precision.FLOAT);
            double err = ReferenceCase.relErr(od, sx.data());
            System.out.printf("%s float %.2e%n", name, err);
            assertTrue(err <= 1e-5, name + " float rel err " + err);
        }
    }

    /**
     * The reference inputs tiled to 19 signals, so a full SIMD lane group (16 floats / 8 doubles)
     * and a partial one both run, on two threads.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesKymatioInFullLaneGroups(String name) {
        ReferenceCase rc = ReferenceCase.of("1d", name);
        ReferenceCase.Tiled t = rc.tiled(19);
        for (Precision p : Precision.values()) {
            try (Scattering1D s = builderFor(rc.params()).precision(p).threads(2).build()) {
                double err = ReferenceCase.relErr(ReferenceCase.transform(s, t.x(), t.batch(), p), t.expected());
                assertTrue(err <= (p == Precision.DOUBLE ? 1e-10 : 1e-5), name + " " + p + " rel err " + err);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void metaMatchesKymatio(String name) {
        ReferenceCase rc = ReferenceCase.of("1d", name);
        JsonNode m = rc.meta();
        Scattering1DMeta meta = Scattering1D.metaOf(builderFor(rc.params()));
        JsonNode order = m.get("order");
        assertEquals(order.size(), meta.channels(), "channels");
        for (int c = 0; c < meta.channels(); c++) {
            assertEquals(order.get(c).asInt(), meta.order(c), "order of channel " + c);
            for (int k = 1; k <= meta.maxOrder(); k++) {
                JsonNode n = m.get("n").get(c).get(k - 1), j = m.get("j").get(c).get(k - 1);
                JsonNode xi = m.get("xi").get(c).get(k - 1), sg = m.get("sigma").get(c).get(k - 1);
                if (n.isNull()) {
                    assertEquals(-1, meta.n(c, k));
                    assertTrue(Double.isNaN(meta.xi(c, k)));
                } else {
                    assertEquals(n.asInt(), meta.n(c, k), "n of channel " + c);
                    assertEquals(j.asInt(), meta.j(c, k), "j of channel " + c);
                    assertEquals(xi.asDouble(), meta.xi(c, k), 1e-15, "xi of channel " + c);
                    assertEquals(sg.asDouble(), meta.sigma(c, k), 1e-15, "sigma of channel " + c);
                }
            }
        }
    }
}
