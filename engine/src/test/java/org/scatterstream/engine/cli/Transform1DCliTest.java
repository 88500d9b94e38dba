package org.scatterstream.engine.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scatterstream.engine.cli.CliRun.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.scatterstream.engine.io.NpyArray;
import org.scatterstream.engine.io.NpyDtype;
import org.scatterstream.engine.io.NpyReader;
import org.scatterstream.engine.io.NpyWriter;

/** {@code scatter transform 1d} end to end against Kymatio's reference outputs. */
class Transform1DCliTest {
    @TempDir
    Path dir;

    static double relErr(double[] actual, double[] expected) {
        assertEquals(expected.length, actual.length);
        double num = 0, den = 0;
        for (int i = 0; i < expected.length; i++) {
            num = Math.max(num, Math.abs(actual[i] - expected[i]));
            den = Math.max(den, Math.abs(expected[i]));
        }
        return num / den;
    }

    /** The command line for a reference case's params.json (every parameter form goes through the parser). */
    static List<String> argsFor(String name) throws IOException {
        JsonNode p = new ObjectMapper().readTree(CliRun.reference("1d", name, "params.json").toFile());
        List<String> a = new ArrayList<>(List.of("transform", "1d", "--J", p.get("J").asText()));
        JsonNode q = p.get("Q");
        a.add("--Q");
        if (q.isArray()) {
            List<String> parts = new ArrayList<>();
            q.forEach(v -> parts.add(v.asText()));
            a.add(String.join(",", parts));
        } else {
            a.add(q.asText());
        }
        if (p.hasNonNull("T")) a.addAll(List.of("--T", p.get("T").asText()));
        if (p.hasNonNull("stride")) a.addAll(List.of("--stride", p.get("stride").asText()));
        a.addAll(List.of("--max-order", p.get("max_order").asText()));
        return a;
    }

    @ParameterizedTest
    @ValueSource(strings = {"chirp_j6_q8_n2048", "eeg_j8_q1_n1024", "j3_q1_n1000", "j6_q8_n1000_global",
        "j6_q8_n1000_order1", "j6_q8_n4096", "j6_q8_n4096_t16", "j6_q8x2_n4096", "j7_q4_n3000_t100",
        "j8_q12x1_n8192", "kymatio_testdata_1d", "speech_j8_q8_n4096"})
    void doublePrecisionMatchesKymatio(String name) throws IOException {
        Path out = dir.resolve("Sx.npy");
        List<String> a = argsFor(name);
        a.addAll(List.of("--input", CliRun.reference("1d", name, "x.npy").toString(), "--output", out.toString(),
                "--precision", "double", "--threads", "2"));
        CliRun r = run(a.toArray(new String[0])).assertOk();
        assertTrue(r.err().startsWith("scatter: "), r.err());
        NpyArray expected = NpyReader.read(CliRun.reference("1d", name, "Sx.npy"));
        NpyArray actual = NpyReader.read(out);
        assertEquals(NpyDtype.FLOAT64, actual.dtype());
        assertArrayEquals(expected.shape(), actual.shape());
        double err = relErr(actual.doubles(), expected.doubles());
        assertTrue(err <= 1e-10, name + ": relative error " + err);
    }

    @Test
    void floatPrecisionIsTheDefaultAndWritesFloat32() throws IOException {
        Path out = dir.resolve("Sx.npy");
        run("transform", "1d", "--J", "6", "--Q", "8", "--input", CliRun.reference("1d", "j6_q8_n4096", "x.npy").toString(),
                "--output", out.toString(), "--quiet").assertOk();
        NpyArray actual = NpyReader.read(out);
        assertEquals(NpyDtype.FLOAT32, actual.dtype());
        assertArrayEquals(new int[] {2, 126, 64}, actual.shape());
        double err = relErr(actual.doubles(), NpyReader.read(CliRun.reference("1d", "j6_q8_n4096", "Sx.npy")).doubles());
        assertTrue(err <= 1e-5, "relative error " + err);
    }

    @Test
    void qAloneMeansQ1AndOneAndEqualsSyntaxWorks() throws IOException {
        Path a = dir.resolve("a.npy");
        Path b = dir.resolve("b.npy");
        String x = CliRun.reference("1d", "j3_q1_n1000", "x.npy").toString();
        run("transform", "1d", "--J", "4", "--Q", "4", "--input", x, "--output", a.toString(), "--quiet").assertOk();
        run("transform", "1d", "--J=4", "--Q=4,1", "--input=" + x, "--output=" + b, "--quiet").assertOk();
        assertEquals(NpyReader.read(a), NpyReader.read(b));
    }

    @Test
    void batchAxesAreKeptAndOneDimensionalInputHasNone() throws IOException {
        NpyArray x = NpyReader.read(CliRun.reference("1d", "j6_q8_n4096", "x.npy"));
        NpyArray sx = NpyReader.read(CliRun.reference("1d", "j6_q8_n4096", "Sx.npy"));
        double[] xd = x.doubles();
        int n = 4096;
        int per = 126 * 64;

        // (N,): output (C, N_out) equal to the reference's second signal
        Path one = dir.resolve("one.npy");
        NpyWriter.write(one, new int[] {n}, Arrays.copyOfRange(xd, n, 2 * n));
        Path out1 = dir.resolve("S1.npy");
        run("transform", "1d", "--J", "6", "--Q", "8", "--precision", "double", "--input", one.toString(), "--output",
                out1.toString()).assertOk();
        NpyArray s1 = NpyReader.read(out1);
        assertArrayEquals(new int[] {126, 64}, s1.shape());
        assertTrue(relErr(s1.doubles(), Arrays.copyOfRange(sx.doubles(), per, 2 * per)) <= 1e-10);

        // (3, 2, N) big-endian float32: output (3, 2, C, N_out), each block the reference for that row
        float[] xf = new float[3 * 2 * n];
        for (int k = 0; k < 3; k++) for (int i = 0; i < 2 * n; i++) xf[k * 2 * n + i] = (float) xd[i];
        Path three = dir.resolve("three.npy");
        writeBigEndianFloat32(three, new int[] {3, 2, n}, xf);
        Path out3 = dir.resolve("S3.npy");
        run("transform", "1d", "--J", "6", "--Q", "8", "--precision", "double", "--input", three.toString(), "--output",
                out3.toString()).assertOk();
        NpyArray s3 = NpyReader.read(out3);
        assertArrayEquals(new int[] {3, 2, 126, 64}, s3.shape());
        for (int k = 0; k < 3; k++) {
            double err = relErr(Arrays.copyOfRange(s3.doubles(), k * 2 * per, (k + 1) * 2 * per), sx.doubles());
            assertTrue(err <= 1e-6, "block " + k + ": " + err); // the input was rounded to float32
        }
    }

    @Test
    void emptyBatchGivesEmptyOutput() throws IOException {
        Path x = dir.resolve("empty.npy");
        NpyWriter.write(x, new int[] {0, 1000}, new float[0]);
        Path out = dir.resolve("S.npy");
        run("transform", "1d", "--J", "3", "--input", x.toString(), "--output", out.toString()).assertOk();
        NpyArray s = NpyReader.read(out);
        assertArrayEquals(new int[] {0, 8, 125}, s.shape());
    }

    @Test
    void globalAveragingKeepsOneFrame() throws IOException {
        Path out = dir.resolve("S.npy");
        run("transform", "1d", "--J", "6", "--Q", "8", "--T", "global", "--input",
                CliRun.reference("1d", "j6_q8_n1000_global", "x.npy").toString(), "--output", out.toString()).assertOk();
        assertArrayEquals(new int[] {2, 126, 1}, NpyReader.read(out).shape());
    }

    @Test
    void wavChannelsAreBatchRows() throws IOException {
        // A stereo 16-bit WAV whose channels are two signals; compare with the same samples via .npy.
        int n = 2048;
        short[][] pcm = new short[2][n];
        double[] asDoubles = new double[2 * n];
        for (int i = 0; i < n; i++) {
            pcm[0][i] = (short) Math.round(12000 * Math.sin(2 * Math.PI * 440 * i / 16000.0));
            pcm[1][i] = (short) Math.round(8000 * Math.sin(2 * Math.PI * (50 + i * 0.2) * i / 16000.0));
            asDoubles[i] = pcm[0][i] / 32768.0;
            asDoubles[n + i] = pcm[1][i] / 32768.0;
        }
        ByteBuffer data = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) data.putShort(pcm[0][i]).putShort(pcm[1][i]);
        ByteBuffer wav = ByteBuffer.allocate(44 + 4 * n).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 4 * n).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        wav.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 2)
                .putInt(16000).putInt(16000 * 4).putShort((short) 4).putShort((short) 16);
        wav.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(4 * n).put(data.array());
        // named .bin: the format is recognised by content
        Path w = dir.resolve("stereo.bin");
        Files.write(w, wav.array());
        Path npy = dir.resolve("stereo.npy");
        NpyWriter.write(npy, new int[] {2, n}, asDoubles);

        Path sw = dir.resolve("Sw.npy");
        Path sn = dir.resolve("Sn.npy");
        CliRun r = run("transform", "1d", "--J", "6", "--Q", "8", "--precision", "double", "--input", w.toString(),
                "--output", sw.toString()).assertOk();
        assertTrue(r.err().contains("2 ch x 2048 frames, 16000 Hz, PCM 16-bit"), r.err());
        run("transform", "1d", "--J", "6", "--Q", "8", "--precision", "double", "--input", npy.toString(), "--output",
                sn.toString(), "--quiet").assertOk();
        NpyArray a = NpyReader.read(sw);
        assertArrayEquals(new int[] {2, 126, 32}, a.shape());
        assertArrayEquals(NpyReader.read(sn).doubles(), a.doubles());
    }

    static void writeBigEndianFloat32(Path file, int[] shape, float[] data) throws IOException {
        StringBuilder s = new StringBuilder("(");
        for (int d : shape) s.append(d).append(", ");
        String dict = "{'descr': '>f4', 'fortran_order': False, 'shape': " + s.substring(0, s.length() - 2) + "), }";
        int total = (10 + dict.length() + 1 + 63) / 64 * 64;
        ByteBuffer b = ByteBuffer.allocate(total + 4 * data.length);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.order(ByteOrder.LITTLE_ENDIAN).putShort((short) (total - 10)).order(ByteOrder.BIG_ENDIAN);
        b.put(dict.getBytes(StandardCharsets.US_ASCII));
        while (b.position() < total - 1) b.put((byte) ' ');
        b.put((byte) '\n');
        for (float f : data) b.putFloat(f);
        Files.write(file, b.array());
    }
}
