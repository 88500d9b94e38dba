package org.scatterstream.engine.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The option parser, JSON writer and CSV table in isolation. */
class ParsingTest {
    static final List<Option> OPTS = List.of(
            Option.required("J", "INT", "j"),
            Option.value("Q", "Q1[,Q2]", "q"),
            Option.value("T", "T", "t"),
            Option.value("powers", "LIST", "p"),
            Option.flag("json", "json"));

    static ParsedArgs parse(String... args) {
        return ParsedArgs.parse(List.of(args), OPTS, "test 1d");
    }

    @Test
    void valuesSwitchesAndLists() {
        ParsedArgs a = parse("--J", "8", "--Q=8,2", "--json", "--T", "-3", "--powers", "0.5, 1,2");
        assertEquals(8, a.integer("J"));
        assertArrayEquals(new int[] {8, 2}, a.integers("Q"));
        assertTrue(a.flag("json"));
        assertEquals(-3, a.number("T", 0));
        assertArrayEquals(new double[] {0.5, 1, 2}, a.numbers("powers"));
        ParsedArgs b = parse("--J", "1");
        assertFalse(b.flag("json"));
        assertNull(b.integers("Q"));
        assertEquals(7, b.integer("Q", 7));
        assertEquals("x", b.string("T", "x"));
    }

    @Test
    void errors() {
        assertEquals("missing required option --J for 'test 1d' (see 'scatter test 1d --help')",
                assertThrows(UsageException.class, () -> parse("--json")).getMessage());
        assertEquals("option --Q needs a value (Q1[,Q2])",
                assertThrows(UsageException.class, () -> parse("--J", "1", "--Q")).getMessage());
        assertTrue(assertThrows(UsageException.class, () -> parse("--J", "1", "-Q", "2")).getMessage()
                .startsWith("unexpected argument '-Q'"));
        assertTrue(assertThrows(UsageException.class, () -> parse("--J", "1", "--", "x")).getMessage()
                .startsWith("unexpected argument '--'"));
        assertTrue(assertThrows(UsageException.class, () -> parse("--J", "1", "--q", "2")).getMessage()
                .contains("did you mean --Q?"));
        assertEquals("--J: expected an integer, got '99999999999'",
                assertThrows(UsageException.class, () -> parse("--J", "99999999999").integer("J")).getMessage());
        assertEquals("--T: expected a number, got 'Infinity'",
                assertThrows(UsageException.class, () -> parse("--J", "1", "--T", "Infinity").number("T", 0)).getMessage());
    }

    @Test
    void jsonEscapingAndNumbers() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a\"b\\c\nd\u0001\u2028é");
        m.put("i", 3);
        m.put("d", 0.1);
        m.put("whole", 256.0);
        m.put("small", 1.5e-7);
        m.put("nan", Double.NaN);
        m.put("inf", Double.NEGATIVE_INFINITY);
        m.put("null", null);
        m.put("b", true);
        m.put("ints", new int[] {1, 2});
        m.put("doubles", new double[] {0.5, Double.NaN});
        m.put("list", List.of("x", 1));
        assertEquals("{\"s\":\"a\\\"b\\\\c\\nd\\u0001\\u2028é\",\"i\":3,\"d\":0.1,\"whole\":256,\"small\":1.5e-7,"
                + "\"nan\":null,\"inf\":null,\"null\":null,\"b\":true,\"ints\":[1,2],\"doubles\":[0.5,null],"
                + "\"list\":[\"x\",1]}", Json.write(m));
        assertEquals("-0.25", Json.number(-0.25));
        assertEquals("0", Json.number(-0.0));
        assertEquals("1.0e20", Json.number(1e20));
    }

    @Test
    void csvTable() {
        ChannelTable t = new ChannelTable(List.of("index", "name", "x"));
        t.add(0, "plain", 0.5);
        t.add(1, "with,comma \"q\"", Double.NaN);
        t.add(2, null, 3.0);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        t.writeCsv(new PrintStream(b, true, StandardCharsets.UTF_8));
        assertEquals("index,name,x\n0,plain,0.5\n1,\"with,comma \"\"q\"\"\",\n2,,3\n",
                b.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
        assertThrows(IllegalArgumentException.class, () -> t.add(1, 2));
    }
}
