package org.scatterstream.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** Runs the CLI in-process and captures its exit code, stdout and stderr. */
record CliRun(int code, String out, String err) {

    static CliRun run(String... args) {
        return run(Map.of(), args);
    }

    static CliRun run(Map<String, String> env, String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code;
        try (PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8);
             PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8)) {
            code = ScatterCli.run(args, po, pe, env);
        }
        return new CliRun(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    /** Asserts a user error: exit code, exactly one stderr line "scatter: error: ...", nothing on stdout. */
    CliRun assertError(int expectedCode, String messagePart) {
        assertEquals(expectedCode, code, () -> "exit code; stderr: " + err);
        assertEquals("", out, "stdout");
        String[] lines = err.split("\n", -1);
        assertEquals(2, lines.length, () -> "one stderr line (plus final newline): " + err);
        assertTrue(lines[0].startsWith("scatter: error: "), err);
        assertTrue(lines[0].contains(messagePart), () -> "expected '" + messagePart + "' in: " + err);
        return this;
    }

    CliRun assertOk() {
        assertEquals(0, code, () -> "exit code; stderr: " + err);
        return this;
    }

    static Path reference(String kind, String name, String file) {
        try {
            return Path.of(CliRun.class.getResource("/reference/" + kind + "/" + name + "/" + file).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource reference/" + kind + "/" + name + "/" + file, e);
        }
    }
}
