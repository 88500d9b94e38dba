package org.scatterstream.engine.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parser for the header of an NPY file: a Python dict literal such as
 * {@code {'descr': '<f8', 'fortran_order': False, 'shape': (2, 4096), }}. Only the literal forms
 * NumPy writes are accepted (strings, True/False/None, integers, tuples and lists); anything else
 * is reported with the offending position, as NumPy's own {@code safe_eval} would reject it.
 */
final class NpyHeader {
    /** Marks a parsed Python tuple (as opposed to a list). */
    static final class Tuple extends ArrayList<Object> {
        private static final long serialVersionUID = 1L;
    }

    private final String text;
    private int pos;

    private NpyHeader(String text) {
        this.text = text;
    }

    /**
     * Parses the header dict. Throws IllegalArgumentException with a short description of what is
     * wrong; the caller adds the file name.
     */
    static Map<String, Object> parse(String text) {
        NpyHeader p = new NpyHeader(text);
        p.skipSpace();
        Object v = p.value();
        p.skipSpace();
        if (p.pos != text.length()) throw p.error("unexpected text after the header dict");
        if (!(v instanceof Map)) throw new IllegalArgumentException("header is not a dict literal");
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) v;
        return m;
    }

    private Object value() {
        if (pos >= text.length()) throw error("unexpected end of header");
        char c = text.charAt(pos);
        switch (c) {
            case '{': return dict();
            case '(': return sequence(')', new Tuple());
            case '[': return sequence(']', new ArrayList<>());
            case '\'': case '"': return string();
            default:
                if (c == '-' || c == '+' || Character.isDigit(c)) return integer();
                if (Character.isLetter(c)) return name();
                throw error("unexpected character '" + c + "'");
        }
    }

    private Map<String, Object> dict() {
        Map<String, Object> m = new LinkedHashMap<>();
        pos++; // '{'
        while (true) {
            skipSpace();
            if (peek() == '}') {
                pos++;
                return m;
            }
            int keyPos = pos;
            Object key = value();
            if (!(key instanceof String)) {
                pos = keyPos;
                throw error("dict key is not a string");
            }
            skipSpace();
            expect(':');
            skipSpace();
            Object v = value();
            if (m.put((String) key, v) != null) {
                pos = keyPos;
                throw error("duplicate key '" + key + "'");
            }
            skipSpace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c != '}') {
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> sequence(char close, List<Object> into) {
        pos++;
        while (true) {
            skipSpace();
            if (peek() == close) {
                pos++;
                return into;
            }
            into.add(value());
            skipSpace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c != close) {
                throw error("expected ',' or '" + close + "'");
            }
        }
    }

    private String string() {
        char quote = text.charAt(pos++);
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) throw error("unterminated string");
            char c = text.charAt(pos++);
            if (c == quote) return sb.toString();
            if (c == '\\') {
                if (pos >= text.length()) throw error("unterminated string");
                sb.append(text.charAt(pos++));
            } else {
                sb.append(c);
            }
        }
    }

    private Long integer() {
        int start = pos;
        if (text.charAt(pos) == '-' || text.charAt(pos) == '+') pos++;
        int digits = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) pos++;
        if (pos == digits) throw error("malformed number");
        String s = text.substring(start, pos);
        // Python 2 era NumPy wrote long integers with an L suffix: (3L, 4L).
        if (pos < text.length() && (text.charAt(pos) == 'L' || text.charAt(pos) == 'l')) pos++;
        if (pos < text.length() && (text.charAt(pos) == '.' || Character.isLetter(text.charAt(pos)))) {
            pos = start;
            throw error("malformed integer");
        }
        try {
            return Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
        } catch (NumberFormatException e) {
            pos = start;
            throw error("integer out of range");
        }
    }

    private Object name() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) pos++;
        String n = text.substring(start, pos);
        switch (n) {
            case "True": return Boolean.TRUE;
            case "False": return Boolean.FALSE;
            case "None": return NONE;
            default:
                pos = start;
                throw error("unexpected name '" + n + "'");
        }
    }

    /** Python's None (a null would be ambiguous with a missing key). */
    static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    private void expect(char c) {
        if (peek() != c) throw error("expected '" + c + "'");
        pos++;
    }

    private char peek() {
        if (pos >= text.length()) throw error("unexpected end of header");
        return text.charAt(pos);
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("malformed header: " + what + " at offset " + pos + " of "
                + quote(text));
    }

    /** The header text as a short printable one-line snippet. */
    static String quote(String s) {
        String t = s.strip();
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < t.length() && i < 120; i++) {
            char c = t.charAt(i);
            if (c >= 0x20 && c < 0x7f) sb.append(c);
            else sb.append(String.format("\\x%02x", (int) c & 0xff));
        }
        if (t.length() > 120) sb.append("...");
        return sb.append('"').toString();
    }
}
