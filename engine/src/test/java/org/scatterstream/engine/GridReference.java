package org.scatterstream.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test access to the Kymatio reference cases copied under {@code src/test/resources/reference}:
 * NPY arrays (little-endian float64, C order) and the small JSON files.
 */
public final class GridReference {
    private GridReference() {}

    /** A float64 array with its shape. */
    public record Array(int[] shape, double[] data) {
        public int size() { return data.length; }
    }

    public static Array npy(String path) {
        byte[] b = bytes(path);
        if (b[0] != (byte) 0x93 || b[1] != 'N') throw new IllegalStateException(path + ": not NPY");
        int major = b[6];
        int headerLen, off;
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) { headerLen = bb.getShort(8) & 0xffff; off = 10; }
        else { headerLen = bb.getInt(8); off = 12; }
        String header = new String(b, off, headerLen, StandardCharsets.ISO_8859_1);
        if (!header.contains("'<f8'")) throw new IllegalStateException(path + ": not <f8: " + header);
        if (header.contains("'fortran_order': True")) throw new IllegalStateException(path + ": fortran order");
        String sh = header.substring(header.indexOf("'shape':"));
        sh = sh.substring(sh.indexOf('(') + 1, sh.indexOf(')'));
        List<Integer> dims = new ArrayList<>();
        for (String p : sh.split(",")) if (!p.isBlank()) dims.add(Integer.parseInt(p.trim()));
        int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
        int n = 1;
        for (int d : shape) n *= d;
        double[] data = new double[n];
        int start = off + headerLen;
        for (int i = 0; i < n; i++) data[i] = bb.getDouble(start + 8 * i);
        return new Array(shape, data);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> json(String path) {
        String s = new String(bytes(path), StandardCharsets.UTF_8);
        return (Map<String, Object>) new Json(s).value();
    }

    static byte[] bytes(String path) {
        String p = path.startsWith("/") ? path : "/reference/" + path;
        try (InputStream in = GridReference.class.getResourceAsStream(p)) {
            if (in == null) throw new IllegalStateException("missing test resource " + p);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Relative error {@code max|a - e| / max|e|} (spec §0). */
    public static double relErr(double[] actual, double[] expected) {
        double num = 0, den = 0;
        for (int i = 0; i < expected.length; i++) {
            num = Math.max(num, Math.abs(actual[i] - expected[i]));
            den = Math.max(den, Math.abs(expected[i]));
        }
        return num / den;
    }

    public static double relErr(float[] actual, double[] expected) {
        double[] a = new double[actual.length];
        for (int i = 0; i < a.length; i++) a[i] = actual[i];
        return relErr(a, expected);
    }

    public static int intOf(Object o) {
        return ((Number) o).intValue();
    }

    public static int[] ints(Object o) {
        List<?> l = (List<?>) o;
        int[] r = new int[l.size()];
        for (int i = 0; i < r.length; i++) r[i] = ((Number) l.get(i)).intValue();
        return r;
    }

    public static double[] doubles(Object o) {
        List<?> l = (List<?>) o;
        double[] r = new double[l.size()];
        for (int i = 0; i < r.length; i++) r[i] = ((Number) l.get(i)).doubleValue();
        return r;
    }

    /** Minimal JSON parser (objects, arrays, numbers, strings, true/false/null, NaN). */
    private static final class Json {
        private final String s;
        private int i;

        Json(String s) { this.s = s; }

        Object value() {
            ws();
            char c = s.charAt(i);
            switch (c) {
                case '{': return object();
                case '[': return array();
                case '"': return string();
                case 't': i += 4; return Boolean.TRUE;
                case 'f': i += 5; return Boolean.FALSE;
                case 'n': i += 4; return null;
                case 'N': i += 3; return Double.NaN;
                default: return number();
            }
        }

        private Map<String, Object> object() {
            Map<String, Object> m = new LinkedHashMap<>();
            i++;
            ws();
            if (s.charAt(i) == '}') { i++; return m; }
            while (true) {
                ws();
                String k = string();
                ws();
                i++; // ':'
                m.put(k, value());
                ws();
                if (s.charAt(i++) == '}') return m;
            }
        }

        private List<Object> array() {
            List<Object> l = new ArrayList<>();
            i++;
            ws();
            if (s.charAt(i) == ']') { i++; return l; }
            while (true) {
                l.add(value());
                ws();
                if (s.charAt(i++) == ']') return l;
            }
        }

        private String string() {
            StringBuilder b = new StringBuilder();
            i++;
            while (s.charAt(i) != '"') {
                char c = s.charAt(i++);
                if (c == '\\') {
                    char e = s.charAt(i++);
                    if (e == 'u') { b.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; }
                    else b.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
                } else {
                    b.append(c);
                }
            }
            i++;
            return b.toString();
        }

        private Double number() {
            int st = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
            return Double.parseDouble(s.substring(st, i));
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }
    }
}
