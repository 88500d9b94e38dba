package org.scatterstream.engine.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scatterstream.engine.cli.CliRun.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scatterstream.engine.io.NpyArray;
import org.scatterstream.engine.io.NpyDtype;
import org.scatterstream.engine.io.NpyReader;
import org.scatterstream.engine.io.NpyWriter;

/** {@code scatter transform 1d --continuous --chunk N}: the incremental path over a file. */
class TransformContinuousCliTest {
    @TempDir
    Path dir;

    private Path signals(int batch, int n) throws IOException {
        Random r = new Random(4);
        double[] x = new double[batch * n];
        for (int i = 0; i < x.length; i++) x[i] = r.nextGaussian() + Math.sin(0.01 * i);
        Path p = dir.resolve("x.npy");
        NpyWriter.write(p, new int[] {batch, n}, x);
        return p;
    }

    /** N = 4096 (padLeft 2048, a multiple of the stride): the continuous output is the batch output. */
    @Test
    void continuousOutputEqualsBatchOutput() throws IOException {
        Path x = signals(2, 4096);
        Path batch = dir.resolve("b.npy"), cont = dir.resolve("c.npy");
        run("transform", "1d", "--J", "6", "--Q", "8", "--input", x.toString(), "--output", batch.toString(), "--precision", "double").assertOk();
        CliRun r = run("transform", "1d", "--J", "6", "--Q", "8", "--continuous", "--chunk", "1000", "--input", x.toString(),
                "--output", cont.toString()).assertOk();
        assertTrue(r.err().contains("continuous1d:J=6") && r.err().contains("lookahead"), r.err());
        NpyArray b = NpyReader.read(batch), c = NpyReader.read(cont);
        assertEquals(NpyDtype.FLOAT32, c.dtype());
        assertArrayEquals(b.shape(), c.shape());
        assertTrue(Transform1DCliTest.relErr(c.doubles(), b.doubles()) <= 1e-5);
    }

    @Test
    void outputDoesNotDependOnTheChunk() throws IOException {
        Path x = signals(1, 10_000);
        Path a = dir.resolve("a.npy"), b = dir.resolve("b.npy");
        run("transform", "1d", "--J", "5", "--Q", "4", "--continuous", "--chunk", "1", "--input", x.toString(), "--output", a.toString(), "--quiet").assertOk();
        run("transform", "1d", "--J", "5", "--Q", "4", "--continuous", "--input", x.toString(), "--output", b.toString(), "--quiet").assertOk();
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertArrayEquals(new int[] {1, NpyReader.read(a).shape()[1], (10_000 - 1) / 32 + 1}, NpyReader.read(a).shape());
    }

    /** {@code bench 1d --continuous}: both modes measured, one JSON line with the figures the issue asks for. */
    @Test
    void benchComparesContinuousWithWindowed() throws IOException {
        CliRun r = run("bench", "1d", "--J", "4", "--Q", "2", "--N", "512", "--hop", "128", "--continuous", "--batch", "2",
                "--seconds", "0.3", "--warmup", "0.1", "--quiet").assertOk();
        com.fasterxml.jackson.databind.JsonNode j = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertEquals("continuous-vs-windowed", j.get("mode").asText());
        for (String mode : new String[] {"windowed", "continuous"}) {
            assertTrue(j.get(mode).get("ns_per_sample").asDouble() > 0, mode);
            assertTrue(j.get(mode).get("realtime_channels_per_thread").asDouble() > 0, mode);
        }
        assertEquals(128, j.get("windowed").get("hop").asInt());
        assertTrue(j.get("continuous").get("lookahead_ms").asDouble() > 0);
        assertTrue(j.get("speedup").asDouble() > 0);
        run("bench", "1d", "--J", "4", "--N", "512", "--continuous", "--threads", "2", "--seconds", "0.1").assertError(2, "--threads");
        // windowed figures per stream sample without --continuous
        CliRun w = run("bench", "1d", "--J", "4", "--N", "512", "--hop", "128", "--batch", "2", "--seconds", "0.2", "--warmup", "0", "--quiet").assertOk();
        assertTrue(new com.fasterxml.jackson.databind.ObjectMapper().readTree(w.out()).get("stream_ns_per_sample").asDouble() > 0);
    }

    @Test
    void usageErrors() throws IOException {
        Path x = signals(1, 1000);
        String out = dir.resolve("o.npy").toString();
        run("transform", "1d", "--J", "4", "--chunk", "10", "--input", x.toString(), "--output", out).assertError(2, "--chunk applies only with --continuous");
        run("transform", "1d", "--J", "4", "--T", "global", "--continuous", "--input", x.toString(), "--output", out).assertError(2, "--T global");
        run("transform", "1d", "--J", "4", "--oversampling", "1", "--continuous", "--input", x.toString(), "--output", out).assertError(2, "--oversampling");
        run("transform", "1d", "--J", "4", "--continuous", "--chunk", "0", "--input", x.toString(), "--output", out).assertError(2, "--chunk");
        run("transform", "1d", "--J", "20", "--continuous", "--input", x.toString(), "--output", out).assertError(2, "J must be <= 16");
    }
}
