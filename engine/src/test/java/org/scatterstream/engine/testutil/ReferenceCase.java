package org.scatterstream.engine.testutil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.scatterstream.engine.io.NpyArray;
import org.scatterstream.engine.io.NpyReader;

/** A Kymatio reference case copied into test resources ({@code /reference/<kind>/<name>/}). */
public final class ReferenceCase {
    private static final ObjectMapper JSON = new ObjectMapper();

    public final String kind;
    public final String name;

    private ReferenceCase(String kind, String name) {
        this.kind = kind;
        this.name = name;
    }

    public static ReferenceCase of(String kind, String name) {
        return new ReferenceCase(kind, name);
    }

    /** Names of all cases of a kind ({@code 1d}, {@code 2d}, {@code 3d}). */
    public static List<String> names(String kind) {
        URL u = ReferenceCase.class.getResource("/reference/" + kind);
        if (u == null) throw new IllegalStateException("no reference/" + kind + " in test resources");
        try (Stream<Path> s = Files.list(Path.of(u.toURI()))) {
            List<String> r = new ArrayList<>();
            s.filter(Files::isDirectory).forEach(p -> r.add(p.getFileName().toString()));
            r.sort(null);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public JsonNode json(String file) {
        try (InputStream in = open(file)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode params() { return json("params.json"); }
    public JsonNode meta() { return json("meta.json"); }
    public JsonNode info() { return json("info.json"); }

    public Npy npy(String file) {
        try {
            NpyArray a = NpyReader.read(Path.of(resource(file).toURI()));
            return new Npy(a.shape(), a.doubles());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private InputStream open(String file) throws IOException {
        return resource(file).openStream();
    }

    private URL resource(String file) {
        String path = "/reference/" + kind + "/" + name + "/" + file;
        URL u = ReferenceCase.class.getResource(path);
        if (u == null) throw new IllegalStateException("missing test resource " + path);
        return u;
    }

    /** A reference array: shape and values (read by the engine's {@link NpyReader}). */
    public record Npy(int[] shape, double[] data) {}

    /** The transform of a batch in precision p (float inputs rounded from x), as doubles. */
    public static double[] transform(org.scatterstream.engine.ScatteringTransform s, double[] x, int batch,
                                     org.scatterstream.engine.Precision p) {
        if (p == org.scatterstream.engine.Precision.DOUBLE) return s.transform(x, batch);
        float[] xf = new float[x.length];
        for (int i = 0; i < xf.length; i++) xf[i] = (float) x[i];
        float[] o = s.transform(xf, batch);
        double[] got = new double[o.length];
        for (int i = 0; i < o.length; i++) got[i] = o[i];
        return got;
    }

    /**
     * Equal to within a few units of the precision's last place relative to the largest value: two
     * runs of the same arithmetic, which the Vector API may round differently in the last bits
     * before and after compilation (a lane reduction's order).
     */
    public static boolean closeToLastBits(double[] a, double[] b, org.scatterstream.engine.Precision p) {
        double peak = 0, diff = 0;
        for (int i = 0; i < a.length; i++) {
            peak = Math.max(peak, Math.abs(a[i]));
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
        }
        return a.length == b.length && diff <= (p == org.scatterstream.engine.Precision.DOUBLE ? 1e-14 : 1e-6) * peak;
    }

    /** Inputs and expected outputs of a case, tiled (cyclically) to {@code batch} samples. */
    public record Tiled(int batch, double[] x, double[] expected) {}

    /** {@code x.npy} and {@code Sx.npy} tiled to {@code batch} samples (e.g. to fill SIMD lane groups). */
    public Tiled tiled(int batch) {
        Npy x = npy("x.npy"), sx = npy("Sx.npy");
        int b0 = x.shape()[0], in = x.data().length / b0, out = sx.data().length / b0;
        double[] xs = new double[batch * in], expected = new double[batch * out];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(x.data(), (b % b0) * in, xs, b * in, in);
            System.arraycopy(sx.data(), (b % b0) * out, expected, b * out, out);
        }
        return new Tiled(batch, xs, expected);
    }

    /** max|a - e| / max|e| over the arrays. */
    public static double relErr(double[] actual, double[] expected) {
        double num = 0, den = 0;
        for (int i = 0; i < expected.length; i++) {
            num = Math.max(num, Math.abs(actual[i] - expected[i]));
            den = Math.max(den, Math.abs(expected[i]));
        }
        return num / den;
    }

    @Override
    public String toString() {
        return kind + "/" + name;
    }
}
