package org.scatterstream.engine.backend.cuda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.scatterstream.engine.HarmonicScattering3D;
import org.scatterstream.engine.Precision;
import org.scatterstream.engine.Scattering1D;
import org.scatterstream.engine.Scattering2D;
import org.scatterstream.engine.ScatteringTransform;
import org.scatterstream.engine.io.NpyArray;
import org.scatterstream.engine.io.NpyReader;

/**
 * The Kymatio reference cases of the engine module (engine/src/test/resources/reference: inputs,
 * Kymatio's float64 outputs, parameters), run on a given backend: {@link #check} compares with
 * Kymatio at the engine's own tolerances and, in float, with the CPU backend to 1e-5 (the CUDA
 * backend's acceptance). Shared by the emulated tests, the GPU tests and GpuCheck.
 */
final class KymatioCases {
    private static final ObjectMapper JSON = new ObjectMapper();

    private KymatioCases() {}

    record Case(String kind, String name, Path dir) {
        JsonNode params() {
            try {
                return JSON.readTree(dir.resolve("params.json").toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return kind + "/" + name;
        }
    }

    record Npy(int[] shape, double[] data) {}

    /** The engine module's reference directory, or null when this checkout has none. */
    static Path root() {
        Path p = EmuLibrary.moduleDir().resolve("../engine/src/test/resources/reference").normalize();
        return Files.isDirectory(p) ? p : null;
    }

    static List<Case> all() {
        Path root = root();
        List<Case> out = new ArrayList<>();
        if (root == null) return out;
        for (String kind : List.of("1d", "2d", "3d")) {
            try (Stream<Path> s = Files.list(root.resolve(kind))) {
                s.filter(d -> Files.exists(d.resolve("params.json"))).sorted()
                        .forEach(d -> out.add(new Case(kind, d.getFileName().toString(), d)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** A reference array (the engine's own reader: float64 or float32). */
    static Npy npy(Path file) {
        try {
            NpyArray a = NpyReader.read(file);
            return new Npy(a.shape(), a.doubles());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The case's transform on a backend, in a precision. */
    static ScatteringTransform build(Case c, String backend, Precision precision) {
        JsonNode p = c.params();
        JsonNode sh = p.get("shape");
        switch (c.kind()) {
            case "1d": {
                Scattering1D.Builder b = Scattering1D.builder().J(p.get("J").asInt()).shape(sh.get(0).asInt());
                JsonNode q = p.get("Q");
                if (q.isArray()) b.Q(q.get(0).asInt(), q.size() > 1 ? q.get(1).asInt() : 1);
                else b.Q(q.asInt());
                JsonNode t = p.get("T");
                if (t != null && !t.isNull()) {
                    if (t.isTextual() && t.asText().equals("global")) b.globalAveraging();
                    else b.T(t.asDouble());
                }
                if (p.hasNonNull("stride")) b.stride(p.get("stride").asInt());
                return b.maxOrder(p.get("max_order").asInt()).precision(precision).backend(backend).build();
            }
            case "2d":
                return Scattering2D.builder().J(p.get("J").asInt()).shape(sh.get(0).asInt(), sh.get(1).asInt())
                        .L(p.get("L").asInt()).maxOrder(p.get("max_order").asInt()).prePad(p.get("pre_pad").asBoolean())
                        .precision(precision).backend(backend).build();
            case "3d": {
                double[] powers = new double[p.get("integral_powers").size()];
                for (int i = 0; i < powers.length; i++) powers[i] = p.get("integral_powers").get(i).asDouble();
                return HarmonicScattering3D.builder().J(p.get("J").asInt())
                        .shape(sh.get(0).asInt(), sh.get(1).asInt(), sh.get(2).asInt())
                        .L(p.get("L").asInt()).sigma0(p.get("sigma_0").asDouble()).maxOrder(p.get("max_order").asInt())
                        .rotationCovariant(p.get("rotation_covariant").asBoolean()).method(p.get("method").asText())
                        .integralPowers(powers).precision(precision).backend(backend).build();
            }
            default:
                throw new IllegalArgumentException(c.kind());
        }
    }

    /** max|a - e| / max|e|. */
    static double relErr(double[] actual, double[] expected) {
        double num = 0, den = 0;
        for (int i = 0; i < expected.length; i++) {
            num = Math.max(num, Math.abs(actual[i] - expected[i]));
            den = Math.max(den, Math.abs(expected[i]));
        }
        return num / den;
    }

    /** Errors of one case on a backend: vs Kymatio in double and float, vs the CPU backend in float. */
    record Result(Case c, double doubleVsKymatio, double floatVsKymatio, double floatVsCpu) {
        /** The engine's tolerances vs Kymatio (1D double 1e-10, 2D/3D double 1e-6, float 1e-5); 1e-5 vs CPU. */
        boolean ok() {
            double dt = c.kind().equals("1d") ? 1e-10 : 1e-6;
            return doubleVsKymatio <= dt && floatVsKymatio <= 1e-5 && floatVsCpu <= 1e-5;
        }

        @Override
        public String toString() {
            return String.format("%-28s double vs kymatio %.1e, float vs kymatio %.1e, float vs cpu %.1e %s", c,
                    doubleVsKymatio, floatVsKymatio, floatVsCpu, ok() ? "ok" : "FAIL");
        }
    }

    static Result run(Case c, String backend) {
        Npy x = npy(c.dir().resolve("x.npy")), sx = npy(c.dir().resolve("Sx.npy"));
        int batch = x.shape()[0];
        double dk;
        try (ScatteringTransform t = build(c, backend, Precision.DOUBLE)) {
            dk = relErr(t.transform(x.data(), batch), sx.data());
        }
        float[] xf = new float[x.data().length];
        for (int i = 0; i < xf.length; i++) xf[i] = (float) x.data()[i];
        double[] got, cpu;
        try (ScatteringTransform t = build(c, backend, Precision.FLOAT)) {
            got = toDouble(t.transform(xf, batch));
        }
        try (ScatteringTransform t = build(c, "cpu", Precision.FLOAT)) {
            cpu = toDouble(t.transform(xf, batch));
        }
        return new Result(c, dk, relErr(got, sx.data()), relErr(got, cpu));
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }
}
