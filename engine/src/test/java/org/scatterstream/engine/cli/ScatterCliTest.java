package org.scatterstream.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scatterstream.engine.cli.CliRun.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command-line handling: help at every level, and one-line errors with the right exit codes. */
class ScatterCliTest {
    @TempDir
    Path dir;

    final String x = CliRun.reference("1d", "j3_q1_n1000", "x.npy").toString();

    String out() {
        return dir.resolve("Sx.npy").toString();
    }

    // ------------------------------------------------------------------ help

    @Test
    void mainHelp() {
        for (String[] args : new String[][] {{"--help"}, {"-h"}, {"help"}}) {
            CliRun r = run(args).assertOk();
            assertTrue(r.out().startsWith("usage: scatter <command> <kind> [options]"), r.out());
            assertTrue(r.out().contains("transform") && r.out().contains("meta") && r.out().contains("bench"));
            assertTrue(r.out().contains("1d"));
            assertEquals("", r.err());
        }
    }

    @Test
    void commandHelpListsKinds() {
        for (String cmd : new String[] {"transform", "meta", "bench"}) {
            CliRun r = run(cmd, "--help").assertOk();
            assertTrue(r.out().startsWith("usage: scatter " + cmd + " <kind> [options]"), r.out());
            assertTrue(r.out().contains("  1d "), r.out());
        }
    }

    @Test
    void kindHelpListsEveryOption() {
        CliRun t = run("transform", "1d", "--help").assertOk();
        for (String o : new String[] {"--J INT", "--Q Q1[,Q2]", "--T T|global", "--stride S", "--max-order 1|2",
                "--oversampling INT", "--input FILE", "--output FILE", "--precision float|double", "--backend NAME",
                "--threads N", "--debug", "--help", "examples:"}) {
            assertTrue(t.out().contains(o), () -> o + " in\n" + t.out());
        }
        CliRun m = run("meta", "1d", "--help").assertOk();
        assertTrue(m.out().contains("--N INT") && m.out().contains("--json"), m.out());
        CliRun b = run("bench", "1d", "--help").assertOk();
        for (String o : new String[] {"--N INT", "--batch N", "--seconds S", "--warmup S", "--threads N"}) {
            assertTrue(b.out().contains(o), () -> o + " in\n" + b.out());
        }
        // --help wins wherever it is, even after other (possibly wrong) options
        assertEquals(t.out(), run("transform", "1d", "--J", "x", "--help").assertOk().out());
        assertEquals(t.out(), run("help", "transform", "1d").assertOk().out());
    }

    @Test
    void version() {
        CliRun r = run("--version").assertOk();
        assertTrue(r.out().startsWith("scatter "), r.out());
    }

    // ------------------------------------------------------------------ usage errors (exit 2)

    @Test
    void missingOrUnknownCommandAndKind() {
        run().assertError(2, "missing command: one of transform, meta, bench");
        run("frobnicate").assertError(2, "unknown command 'frobnicate'");
        run("transform").assertError(2, "missing kind for 'transform': one of 1d");
        run("transform", "4d").assertError(2, "unknown kind '4d' for 'transform'");
    }

    @Test
    void optionSyntaxErrors() {
        run("transform", "1d", "--input", x, "--output", out()).assertError(2, "missing required option --J for 'transform 1d'");
        run("transform", "1d", "--J").assertError(2, "option --J needs a value (INT)");
        run("transform", "1d", "--J", "--Q", "8").assertError(2, "option --J needs a value");
        run("transform", "1d", "--J=", "3").assertError(2, "option --J needs a value");
        run("transform", "1d", "--J", "3", "--input", x, "--output", out(), "--frobnicate", "2")
                .assertError(2, "unknown option '--frobnicate' for 'transform 1d'");
        run("transform", "1d", "--J", "3", "--max_order", "1").assertError(2, "did you mean --max-order?");
        run("transform", "1d", "--J", "3", "--J", "4").assertError(2, "option --J given more than once");
        run("transform", "1d", "--J", "3", "stray").assertError(2, "unexpected argument 'stray'");
        run("transform", "1d", "--J", "3", "--quiet=yes").assertError(2, "option --quiet takes no value");
    }

    @Test
    void badNumbers() {
        String[] base = {"transform", "1d", "--input", x, "--output", out()};
        run(concat(base, "--J", "eight")).assertError(2, "--J: expected an integer, got 'eight'");
        run(concat(base, "--J", "3.5")).assertError(2, "--J: expected an integer, got '3.5'");
        run(concat(base, "--J", "3", "--Q", "8,x")).assertError(2, "--Q: expected an integer, got 'x'");
        run(concat(base, "--J", "3", "--Q", "8,")).assertError(2, "--Q: empty entry in list '8,'");
        run(concat(base, "--J", "3", "--T", "NaN")).assertError(2, "--T: expected a number, got 'NaN'");
        run(concat(base, "--J", "3", "--T", "1e400")).assertError(2, "--T: expected a number");
        run(concat(base, "--J", "3", "--T", "64d")).assertError(2, "--T: expected a number, got '64d'");
        run(concat(base, "--J", "3", "--threads", "0")).assertError(2, "--threads must be >= 1, got 0");
        run(concat(base, "--J", "3", "--threads", "many")).assertError(2, "--threads: expected an integer");
        run(concat(base, "--J", "3", "--precision", "half")).assertError(2, "--precision must be 'float' or 'double', got 'half'");
        run(concat(base, "--J", "3", "--Q", "1,2,3")).assertError(2, "--Q takes one or two integers");
        // usage errors are found before the input is looked at
        run("transform", "1d", "--J", "x", "--input", "missing.npy", "--output", out()).assertError(2, "--J: expected an integer");
    }

    @Test
    void invalidParameterCombinationsNameTheParameter() {
        String[] base = {"transform", "1d", "--input", x, "--output", out()};
        run(concat(base, "--J", "3", "--Q", "0")).assertError(2, "Q entries must be integers >= 1");
        run(concat(base, "--J", "-1")).assertError(2, "J must be >= 0");
        run(concat(base, "--J", "3", "--T", "0")).assertError(2, "T=0 (no averaging)");
        run(concat(base, "--J", "3", "--T", "0.5")).assertError(2, "T must be >= 1");
        run(concat(base, "--J", "3", "--T", "5000")).assertError(2, "T must be <= N (1000)");
        run(concat(base, "--J", "3", "--stride", "3")).assertError(2, "stride must be a power of two");
        run(concat(base, "--J", "3", "--stride", "16")).assertError(2, "stride must be <= 2^floor(log2 T) = 8");
        run(concat(base, "--J", "3", "--T", "global", "--stride", "2")).assertError(2, "stride is only allowed with local averaging");
        run(concat(base, "--J", "3", "--max-order", "3")).assertError(2, "max_order must be 1 or 2");
        run(concat(base, "--J", "3", "--backend", "quantum")).assertError(2, "--backend: unknown backend 'quantum'; available: cpu");
        assertFalse(Files.exists(dir.resolve("Sx.npy")));
    }

    // ------------------------------------------------------------------ runtime errors (exit 1)

    @Test
    void unreadableInputs() throws IOException {
        run("transform", "1d", "--J", "3", "--input", dir.resolve("nope.npy").toString(), "--output", out())
                .assertError(1, "cannot read " + dir.resolve("nope.npy") + ": no such file");
        Path garbage = dir.resolve("garbage.npy");
        Files.writeString(garbage, "definitely not numpy");
        run("transform", "1d", "--J", "3", "--input", garbage.toString(), "--output", out())
                .assertError(1, garbage + ": not an NPY file (bad magic");
        Path truncated = dir.resolve("t.npy");
        byte[] b = Files.readAllBytes(Path.of(x));
        Files.write(truncated, java.util.Arrays.copyOf(b, b.length - 100));
        run("transform", "1d", "--J", "3", "--input", truncated.toString(), "--output", out())
                .assertError(1, "truncated data: header declares shape (2, 1000) float64 = 16000 bytes, file has 15900");
        Path wav = dir.resolve("a.wav");
        Files.write(wav, "RIFF\0\0\0\0WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        run("transform", "1d", "--J", "3", "--input", wav.toString(), "--output", out()).assertError(1, wav + ": ");
        run("transform", "1d", "--J", "3", "--input", dir.toString(), "--output", out()).assertError(1, "cannot read " + dir + ": it is a directory");
        assertFalse(Files.exists(dir.resolve("Sx.npy")));
    }

    @Test
    void inputShapeProblems() throws IOException {
        Path scalar = dir.resolve("s.npy");
        org.scatterstream.engine.io.NpyWriter.write(scalar, new int[0], new double[] {1});
        run("transform", "1d", "--J", "3", "--input", scalar.toString(), "--output", out())
                .assertError(1, "expected an array of shape (..., N), got shape ()");
        Path tiny = dir.resolve("tiny.npy");
        org.scatterstream.engine.io.NpyWriter.write(tiny, new int[] {2, 32}, new double[64]);
        run("transform", "1d", "--J", "6", "--input", tiny.toString(), "--output", out())
                .assertError(2, "J=6 leaves no output frame for N=32");
    }

    @Test
    void unwritableOutput() {
        run("transform", "1d", "--J", "3", "--input", x, "--output", dir.resolve("no/such/Sx.npy").toString())
                .assertError(1, "cannot write " + dir.resolve("no/such/Sx.npy") + ": directory " + dir.resolve("no/such") + " does not exist");
        run("transform", "1d", "--J", "3", "--input", x, "--output", dir.toString()).assertError(1, "it is a directory");
    }

    // ------------------------------------------------------------------ debug

    @Test
    void debugPrintsTheStackTrace() {
        String[] args = {"transform", "1d", "--J", "3", "--Q", "0", "--input", x, "--output", out()};
        CliRun plain = run(args).assertError(2, "Q entries");
        assertFalse(plain.err().contains("\tat "));
        CliRun debug = run(concat(args, "--debug"));
        assertEquals(2, debug.code());
        assertTrue(debug.err().startsWith("scatter: error: Q entries"), debug.err());
        assertTrue(debug.err().contains("\tat org.scatterstream.engine."), debug.err());
        CliRun env = run(Map.of("SCATTERSTREAM_DEBUG", "1"), args);
        assertTrue(env.err().contains("\tat "), env.err());
        assertFalse(run(Map.of("SCATTERSTREAM_DEBUG", "0"), args).err().contains("\tat "));
    }

    static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
