package org.scatterstream.engine.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scatterstream.engine.cli.CliRun.run;
import static org.scatterstream.engine.cli.Transform1DCliTest.relErr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.scatterstream.engine.io.NpyArray;
import org.scatterstream.engine.io.NpyDtype;
import org.scatterstream.engine.io.NpyReader;
import org.scatterstream.engine.io.NpyWriter;

/** {@code scatter transform|meta|bench 2d|3d} end to end against Kymatio's reference outputs. */
class Cli2D3DTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static JsonNode params(String kind, String name) throws IOException {
        return JSON.readTree(CliRun.reference(kind, name, "params.json").toFile());
    }

    static double relErrTo(Path out, String kind, String name) throws IOException {
        NpyArray expected = NpyReader.read(CliRun.reference(kind, name, "Sx.npy"));
        NpyArray actual = NpyReader.read(out);
        assertArrayEquals(expected.shape(), actual.shape(), "shape");
        return relErr(actual.doubles(), expected.doubles());
    }

    // ------------------------------------------------------------------ 2D

    @ParameterizedTest
    @ValueSource(strings = {"j1_l4_32x32", "j2_l4_64x48_order1", "j2_l8_31x37", "j2_l8_32x32", "j2_l8_48x64",
        "j3_l4_32x32", "j3_l8_64x48", "kymatio_testdata_2d", "pattern_j2_l8_32x32"})
    void transform2dMatchesKymatio(String name) throws IOException {
        JsonNode p = params("2d", name);
        Path out = dir.resolve("Sx.npy");
        List<String> a = new ArrayList<>(List.of("transform", "2d", "--J", p.get("J").asText(), "--L", p.get("L").asText(),
                "--max-order", p.get("max_order").asText(), "--input", CliRun.reference("2d", name, "x.npy").toString(),
                "--output", out.toString(), "--precision", "double", "--quiet"));
        if (p.get("pre_pad").asBoolean()) a.add("--pre-pad");
        run(a.toArray(new String[0])).assertOk();
        double err = relErrTo(out, "2d", name);
        assertTrue(err <= 1e-6, name + ": relative error " + err); // Kymatio's 2D filters are float32 (spec §5)
    }

    @Test
    void transform2dFloatAndChannelAxes() throws IOException {
        NpyArray x = NpyReader.read(CliRun.reference("2d", "j2_l8_32x32", "x.npy"));
        NpyArray sx = NpyReader.read(CliRun.reference("2d", "j2_l8_32x32", "Sx.npy"));
        // (B, C, H, W) = (3, 2, 32, 32): every (b, c) sample is one image; output (3, 2, 81, 8, 8)
        double[] xd = new double[3 * x.size()];
        for (int b = 0; b < 3; b++) System.arraycopy(x.doubles(), 0, xd, b * x.size(), x.size());
        Path in = dir.resolve("bchw.npy");
        NpyWriter.write(in, new int[] {3, 2, 32, 32}, xd);
        Path out = dir.resolve("Sx.npy");
        run("transform", "2d", "--J", "2", "--input", in.toString(), "--output", out.toString()).assertOk();
        NpyArray s = NpyReader.read(out);
        assertEquals(NpyDtype.FLOAT32, s.dtype());
        assertArrayEquals(new int[] {3, 2, 81, 8, 8}, s.shape());
        for (int b = 0; b < 3; b++) {
            double err = relErr(Arrays.copyOfRange(s.doubles(), b * sx.size(), (b + 1) * sx.size()), sx.doubles());
            assertTrue(err <= 1e-5, "batch " + b + ": " + err);
        }
    }

    @Test
    void prePaddedInputGivesTheSameAsPadding() throws IOException {
        // Reflect-pad the reference images by 4 on every side (32x32, J=2 -> 40x40, spec §2.3).
        NpyArray x = NpyReader.read(CliRun.reference("2d", "j2_l8_32x32", "x.npy"));
        double[] padded = new double[2 * 40 * 40];
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < 40; i++) {
                for (int j = 0; j < 40; j++) {
                    padded[(b * 40 + i) * 40 + j] = x.doubles()[(b * 32 + reflect(i - 4, 32)) * 32 + reflect(j - 4, 32)];
                }
            }
        }
        Path in = dir.resolve("padded.npy");
        NpyWriter.write(in, new int[] {2, 40, 40}, padded);
        Path out = dir.resolve("Sx.npy");
        run("transform", "2d", "--J", "2", "--pre-pad", "--precision", "double", "--input", in.toString(), "--output",
                out.toString()).assertOk();
        assertTrue(relErrTo(out, "2d", "j2_l8_32x32") <= 1e-6);
        run("transform", "2d", "--J", "2", "--pre-pad", "--input", CliRun.reference("2d", "j2_l8_31x37", "x.npy").toString(),
                "--output", out.toString()).assertError(2, "with --pre-pad the input must be padded to a multiple of 2^J = 4");
    }

    private static int reflect(int t, int n) {
        int p = 2 * (n - 1);
        int m = Math.floorMod(t, p);
        return m < n ? m : p - m;
    }

    @Test
    void imagesAsLumaOrChannels() throws IOException {
        BufferedImage img = new BufferedImage(37, 31, BufferedImage.TYPE_INT_RGB);
        double[] luma = new double[31 * 37];
        double[] planes = new double[3 * 31 * 37];
        for (int y = 0; y < 31; y++) {
            for (int x = 0; x < 37; x++) {
                int r = (x * 7) & 0xff, g = (y * 11 + x) & 0xff, b = (x * y) & 0xff;
                img.setRGB(x, y, r << 16 | g << 8 | b);
                int i = y * 37 + x;
                luma[i] = (0.299 * r + 0.587 * g + 0.114 * b) / 255.0;
                planes[i] = r / 255.0;
                planes[31 * 37 + i] = g / 255.0;
                planes[2 * 31 * 37 + i] = b / 255.0;
            }
        }
        Path png = dir.resolve("img.png");
        ImageIO.write(img, "png", png.toFile());
        Path lumaNpy = dir.resolve("luma.npy");
        NpyWriter.write(lumaNpy, new int[] {31, 37}, luma);
        Path planesNpy = dir.resolve("planes.npy");
        NpyWriter.write(planesNpy, new int[] {3, 31, 37}, planes);

        String[] common = {"transform", "2d", "--J", "2", "--L", "4", "--precision", "double", "--quiet"};
        Path a = dir.resolve("a.npy"), b = dir.resolve("b.npy"), c = dir.resolve("c.npy"), d = dir.resolve("d.npy");
        run(ScatterCliTest.concat(common, "--input", png.toString(), "--output", a.toString())).assertOk();
        run(ScatterCliTest.concat(common, "--input", lumaNpy.toString(), "--output", b.toString())).assertOk();
        run(ScatterCliTest.concat(common, "--input", png.toString(), "--channels", "--output", c.toString())).assertOk();
        run(ScatterCliTest.concat(common, "--input", planesNpy.toString(), "--output", d.toString())).assertOk();
        NpyArray sa = NpyReader.read(a), sc = NpyReader.read(c);
        assertArrayEquals(new int[] {1 + 2 * 4 + 16, 7, 9}, sa.shape());
        assertArrayEquals(new int[] {3, 25, 7, 9}, sc.shape());
        assertTrue(relErr(sa.doubles(), NpyReader.read(b).doubles()) <= 1e-12);
        assertTrue(relErr(sc.doubles(), NpyReader.read(d).doubles()) <= 1e-12);

        Path bad = dir.resolve("bad.png");
        java.nio.file.Files.writeString(bad, "not a png");
        run("transform", "2d", "--J", "2", "--input", bad.toString(), "--output", a.toString())
                .assertError(1, bad + ": not a readable image");
    }

    @Test
    void meta2dMatchesKymatioListOutput() throws IOException {
        JsonNode ref = JSON.readTree(CliRun.reference("2d", "j2_l8_32x32", "meta.json").toFile());
        CliRun r = run("meta", "2d", "--J", "2", "--L", "8", "--shape", "32,32").assertOk();
        String[] lines = r.out().split("\n");
        assertEquals("index,order,n1,n2,j1,j2,theta1,theta2", lines[0]);
        assertEquals(1 + 81, lines.length);
        for (int c = 0; c < 81; c++) {
            String[] cells = lines[1 + c].split(",", -1);
            assertEquals(ref.get("order").get(c).asText(), cells[1]);
            for (int k = 0; k < 2; k++) {
                assertEquals(cell(ref.get("n").get(c).get(k)), cells[2 + k], "n of " + c);
                assertEquals(cell(ref.get("j").get(c).get(k)), cells[4 + k], "j of " + c);
                assertEquals(cell(ref.get("theta").get(c).get(k)), cells[6 + k], "theta of " + c);
            }
        }
        JsonNode m = JSON.readTree(run("meta", "2d", "--J", "3", "--L", "4", "--shape", "64,48", "--json").assertOk().out());
        assertEquals("[61,8,6]", m.get("output_shape").toString());
        assertEquals("[80,64]", m.get("padded_shape").toString());
        assertEquals(61, m.get("channels").size());
    }

    private static String cell(JsonNode v) {
        return v.isNull() ? "" : v.asText();
    }

    @Test
    void errors2d() {
        run("meta", "2d", "--J", "2", "--shape", "32").assertError(2, "--shape takes two integers H,W, got '32'");
        run("meta", "2d", "--J", "6", "--shape", "32,32").assertError(2, "J=6 is too large for shape 32x32");
        run("meta", "2d", "--J", "2", "--L", "0", "--shape", "32,32").assertError(2, "L must be in 1..");
        run("transform", "2d", "--J", "2", "--input", CliRun.reference("1d", "j3_q1_n1000", "x.npy").toString(), "--output", "o.npy")
                .assertError(2, "J=2");
    }

    // ------------------------------------------------------------------ 3D

    @ParameterizedTest
    @ValueSource(strings = {"j1_l2_15x16x17_odd", "j2_l2_16cube_nonrotcov", "j2_l2_32cube", "j2_l2_32x24x16", "j2_l3_16x20x12_order1",
        "kymatio_testdata_3d"})
    void transform3dMatchesKymatio(String name) throws IOException {
        JsonNode p = params("3d", name);
        List<String> powers = new ArrayList<>();
        p.get("integral_powers").forEach(v -> powers.add(v.asText()));
        Path out = dir.resolve("Sx.npy");
        List<String> a = new ArrayList<>(List.of("transform", "3d", "--J", p.get("J").asText(), "--L", p.get("L").asText(),
                "--sigma0", p.get("sigma_0").asText(), "--integral-powers", String.join(",", powers),
                "--max-order", p.get("max_order").asText(), "--input", CliRun.reference("3d", name, "x.npy").toString(),
                "--output", out.toString(), "--precision", "double", "--quiet"));
        if (!p.get("rotation_covariant").asBoolean()) a.add("--no-rotation-covariant");
        run(a.toArray(new String[0])).assertOk();
        double err = relErrTo(out, "3d", name);
        assertTrue(err <= 1e-6, name + ": relative error " + err); // Kymatio's 3D is float32 (spec §5)
    }

    @Test
    void meta3dAndErrors() throws IOException {
        CliRun r = run("meta", "3d", "--J", "2", "--L", "2", "--shape", "32,32,32").assertOk();
        assertEquals("index,order,j1,j2\n0,1,0,\n1,1,1,\n2,1,2,\n3,2,0,1\n4,2,0,2\n5,2,1,2\n",
                r.out().replace(System.lineSeparator(), "\n"));
        JsonNode m = JSON.readTree(run("meta", "3d", "--J", "2", "--L", "2", "--shape", "32,32,32", "--integral-powers",
                "1,2", "--json").assertOk().out());
        assertEquals("[6,3,2]", m.get("output_shape").toString());
        assertEquals("[1,2]", m.get("integral_powers").toString());
        assertEquals(true, m.get("rotation_covariant").asBoolean());
        run("meta", "3d", "--J", "2", "--shape", "32,32").assertError(2, "--shape takes three integers M,N,O");
        run("meta", "3d", "--J", "2", "--shape", "8,8,8", "--sigma0", "0").assertError(2, "sigma_0 must be a finite number > 0");
        run("meta", "3d", "--J", "2", "--shape", "8,8,8", "--integral-powers", "1,x").assertError(2, "--integral-powers: expected a number, got 'x'");
    }

    // ------------------------------------------------------------------ bench

    @Test
    void bench2dAnd3d() throws IOException {
        JsonNode b2 = lastJson(run("bench", "2d", "--J", "2", "--L", "4", "--shape", "32,32", "--batch", "2", "--threads", "1",
                "--seconds", "0.2", "--warmup", "0", "--quiet").assertOk());
        assertEquals("2d", b2.get("kind").asText());
        assertEquals("[25,8,8]", b2.get("output_shape").toString());
        assertEquals(b2.get("signals_per_s").asDouble() * 1024, b2.get("samples_per_s").asDouble(), 1e-3 * b2.get("samples_per_s").asDouble());
        JsonNode b3 = lastJson(run("bench", "3d", "--J", "1", "--L", "1", "--shape", "16,16,16", "--threads", "1",
                "--seconds", "0.2", "--warmup", "0", "--quiet").assertOk());
        assertEquals("3d", b3.get("kind").asText());
        assertEquals(1, b3.get("batch").asInt());
        assertEquals("[3,2,3]", b3.get("output_shape").toString());
        assertTrue(b3.get("batches").asInt() >= 1);
    }

    private static JsonNode lastJson(CliRun r) throws IOException {
        String[] lines = r.out().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }
}
