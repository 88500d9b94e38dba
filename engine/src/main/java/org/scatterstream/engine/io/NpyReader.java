package org.scatterstream.engine.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads NumPy {@code .npy} files: format versions 1.0, 2.0 and 3.0, element types float32 and
 * float64 in either byte order, C order (and Fortran order where it is the same thing: at most one
 * axis longer than 1).
 *
 * <p>Everything else — other dtypes, Fortran-order matrices, truncated files, a bad magic string, a
 * malformed header, a data size that does not match the shape — is an {@link InputFormatException}
 * whose one-line message names the file and the problem. I/O failures (missing file, permissions)
 * are plain {@link IOException}s.
 */
public final class NpyReader {
    /** The 6-byte magic string every NPY file starts with. */
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");
    /** Largest Java array we allocate (some VMs reserve a few header words). */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final int CHUNK = 1 << 20;

    private NpyReader() {
    }

    /** Reads a whole {@code .npy} file. */
    public static NpyArray read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = ch.size();
            if (fileSize < 10) {
                if (fileSize < MAGIC.length || !startsWithMagic(readAt(ch, 0, (int) fileSize))) {
                    throw new InputFormatException(file, "not an NPY file (" + fileSize + " bytes, no \\x93NUMPY magic)");
                }
                throw new InputFormatException(file, "truncated NPY preamble (" + fileSize + " bytes)");
            }
            ByteBuffer pre = readAt(ch, 0, (int) Math.min(fileSize, 12)).order(ByteOrder.LITTLE_ENDIAN);
            byte[] first = new byte[MAGIC.length];
            pre.get(0, first);
            if (!startsWithMagic(pre)) {
                throw new InputFormatException(file, "not an NPY file (bad magic " + hex(first) + ", expected \\x93NUMPY)");
            }
            int major = pre.get(6) & 0xff;
            int minor = pre.get(7) & 0xff;
            if (major < 1 || major > 3 || minor != 0) {
                throw new InputFormatException(file, "unsupported NPY format version " + major + "." + minor
                        + " (supported: 1.0, 2.0, 3.0)");
            }
            long headerLen;
            int headerStart;
            if (major == 1) {
                headerLen = pre.getShort(8) & 0xffff;
                headerStart = 10;
            } else {
                if (fileSize < 12) throw new InputFormatException(file, "truncated NPY preamble (" + fileSize + " bytes)");
                headerLen = pre.getInt(8) & 0xffffffffL;
                headerStart = 12;
            }
            if (headerStart + headerLen > fileSize) {
                throw new InputFormatException(file, "truncated header: declares " + headerLen + " header bytes, file has "
                        + (fileSize - headerStart) + " after the preamble");
            }
            if (headerLen > (1 << 24)) {
                throw new InputFormatException(file, "implausible header length " + headerLen);
            }
            ByteBuffer hb = readAt(ch, headerStart, (int) headerLen);
            // Version 3.0 only differs from 2.0 in allowing UTF-8 in the header (structured field names).
            String header = new String(hb.array(), 0, (int) headerLen,
                    major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);

            Parsed p = interpret(file, header);
            long dataStart = headerStart + headerLen;
            long expected = p.count * p.dtype.itemSize();
            long actual = fileSize - dataStart;
            if (actual < expected) {
                throw new InputFormatException(file, "truncated data: header declares shape " + Shapes.toString(p.shape)
                        + " " + p.dtype.numpyName() + " = " + expected + " bytes, file has " + actual);
            }
            if (actual > expected) {
                throw new InputFormatException(file, "size mismatch: header declares shape " + Shapes.toString(p.shape)
                        + " " + p.dtype.numpyName() + " = " + expected + " bytes, file has " + actual
                        + " (" + (actual - expected) + " extra)");
            }
            return readData(ch, dataStart, p);
        }
    }

    private static final class Parsed {
        int[] shape;
        long count;
        NpyDtype dtype;
        ByteOrder order;
    }

    private static Parsed interpret(Path file, String header) {
        Map<String, Object> dict;
        try {
            dict = NpyHeader.parse(header);
        } catch (IllegalArgumentException e) {
            throw new InputFormatException(file, e.getMessage());
        }
        if (!dict.keySet().equals(KEYS)) {
            throw new InputFormatException(file, "header keys " + dict.keySet()
                    + " are not exactly [descr, fortran_order, shape]: " + NpyHeader.quote(header));
        }
        Parsed p = new Parsed();

        Object descr = dict.get("descr");
        if (!(descr instanceof String)) {
            throw new InputFormatException(file, "structured dtype " + NpyHeader.quote(String.valueOf(descr))
                    + " not supported (only float32 and float64)");
        }
        parseDescr(file, (String) descr, p);

        Object shape = dict.get("shape");
        if (!(shape instanceof List)) {
            throw new InputFormatException(file, "header 'shape' is not a tuple: " + NpyHeader.quote(header));
        }
        List<?> dims = (List<?>) shape;
        p.shape = new int[dims.size()];
        long count = 1;
        for (int i = 0; i < dims.size(); i++) {
            Object d = dims.get(i);
            if (!(d instanceof Long) || (Long) d < 0) {
                throw new InputFormatException(file, "header 'shape' has an invalid extent " + d + ": " + NpyHeader.quote(header));
            }
            long v = (Long) d;
            if (v > MAX_ARRAY) {
                throw new InputFormatException(file, "array too large: shape " + dims + " exceeds " + MAX_ARRAY + " values");
            }
            p.shape[i] = (int) v;
            count = count == 0 || v == 0 ? 0 : count * v;
            if (count > MAX_ARRAY) {
                throw new InputFormatException(file, "array too large: shape " + Shapes.toString(p.shape)
                        + " exceeds " + MAX_ARRAY + " values");
            }
        }
        p.count = count;

        Object fortran = dict.get("fortran_order");
        if (!(fortran instanceof Boolean)) {
            throw new InputFormatException(file, "header 'fortran_order' is not True/False: " + NpyHeader.quote(header));
        }
        if ((Boolean) fortran) {
            int longAxes = 0;
            for (int d : p.shape) if (d > 1) longAxes++;
            // With at most one axis longer than 1 the two memory orders coincide.
            if (longAxes > 1 && count > 0) {
                throw new InputFormatException(file, "Fortran-order array of shape " + Shapes.toString(p.shape)
                        + " not supported; save a C-order copy (numpy.ascontiguousarray)");
            }
        }
        return p;
    }

    private static void parseDescr(Path file, String descr, Parsed p) {
        String code = descr;
        ByteOrder order = ByteOrder.nativeOrder();
        if (!code.isEmpty()) {
            char c = code.charAt(0);
            if (c == '<' || c == '>' || c == '|' || c == '=') {
                code = code.substring(1);
                // '|' (not applicable) and '=' (native) mean the writer's native order; NumPy reads
                // them as this machine's order, and so do we.
                if (c == '<') order = ByteOrder.LITTLE_ENDIAN;
                else if (c == '>') order = ByteOrder.BIG_ENDIAN;
            }
        }
        switch (code) {
            case "f4": case "float32": p.dtype = NpyDtype.FLOAT32; break;
            case "f8": case "float64": p.dtype = NpyDtype.FLOAT64; break;
            default:
                throw new InputFormatException(file, "dtype '" + descr + "' (" + describe(code)
                        + ") not supported (only float32 '<f4'/'>f4' and float64 '<f8'/'>f8')");
        }
        p.order = order;
    }

    private static String describe(String code) {
        if (code.isEmpty()) return "empty";
        switch (code.charAt(0)) {
            case 'c': return "complex";
            case 'f': return "float of " + code.substring(1) + " bytes";
            case 'i': return "signed integer";
            case 'u': return "unsigned integer";
            case 'b': case '?': return "boolean";
            case 'O': return "Python objects";
            case 'U': case 'S': case 'a': return "string";
            case 'M': case 'm': return "date/time";
            case 'V': return "void/structured";
            default: return "unknown";
        }
    }

    private static NpyArray readData(FileChannel ch, long start, Parsed p) throws IOException {
        int n = (int) p.count;
        int item = p.dtype.itemSize();
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(item, (long) n * item))).order(p.order);
        long pos = start;
        if (p.dtype == NpyDtype.FLOAT32) {
            float[] data = new float[n];
            int done = 0;
            while (done < n) {
                int k = Math.min(n - done, buf.capacity() / item);
                readFully(ch, pos, buf, k * item);
                buf.asFloatBuffer().get(data, done, k);
                done += k;
                pos += (long) k * item;
            }
            return NpyArray.ofFloats(p.shape, data);
        }
        double[] data = new double[n];
        int done = 0;
        while (done < n) {
            int k = Math.min(n - done, buf.capacity() / item);
            readFully(ch, pos, buf, k * item);
            buf.asDoubleBuffer().get(data, done, k);
            done += k;
            pos += (long) k * item;
        }
        return NpyArray.ofDoubles(p.shape, data);
    }

    private static void readFully(FileChannel ch, long pos, ByteBuffer buf, int len) throws IOException {
        buf.clear().limit(len);
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos + buf.position());
            if (r < 0) throw new EOFException("file shrank while reading");
        }
        buf.flip();
    }

    private static ByteBuffer readAt(FileChannel ch, long pos, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len);
        readFully(ch, pos, b, len);
        return b;
    }

    private static boolean startsWithMagic(ByteBuffer b) {
        if (b.limit() < MAGIC.length) return false;
        for (int i = 0; i < MAGIC.length; i++) if (b.get(i) != MAGIC[i]) return false;
        return true;
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            if (x >= 0x20 && x < 0x7f && x != '\\') sb.append((char) x);
            else sb.append(String.format("\\x%02x", x & 0xff));
        }
        return sb.toString();
    }
}
