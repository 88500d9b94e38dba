package org.scatterstream.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NpyTest {
    @TempDir
    Path dir;

    // ---------------------------------------------------------------- helpers

    /** An NPY file with the given version, header text (as is, no padding added) and data bytes. */
    static byte[] npy(int major, String header, byte[] data) {
        byte[] h = header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int pre = major == 1 ? 10 : 12;
        ByteBuffer b = ByteBuffer.allocate(pre + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(NpyReader.MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) b.putShort((short) h.length);
        else b.putInt(h.length);
        b.put(h).put(data);
        return b.array();
    }

    static String dict(String descr, String fortran, String shape) {
        return "{'descr': '" + descr + "', 'fortran_order': " + fortran + ", 'shape': " + shape + ", }\n";
    }

    static byte[] doubles(ByteOrder order, double... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(order);
        for (double x : v) b.putDouble(x);
        return b.array();
    }

    static byte[] floats(ByteOrder order, float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(order);
        for (float x : v) b.putFloat(x);
        return b.array();
    }

    Path file(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    InputFormatException fails(byte[] bytes) throws IOException {
        Path p = file("bad.npy", bytes);
        InputFormatException e = assertThrows(InputFormatException.class, () -> NpyReader.read(p));
        assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertEquals(p, e.file());
        return e;
    }

    static Path resource(String path) throws URISyntaxException {
        return Paths.get(NpyTest.class.getResource("/" + path).toURI());
    }

    // ---------------------------------------------------------------- reading

    @Test
    void readsKymatioReferenceInput() throws Exception {
        NpyArray a = NpyReader.read(resource("reference/1d/j6_q8_n4096/x.npy"));
        assertArrayEquals(new int[] {2, 4096}, a.shape());
        assertEquals(NpyDtype.FLOAT64, a.dtype());
        assertEquals(2 * 4096, a.size());
        // first value, from the file's bytes b5 00 98 97 15 62 f1 bf (little-endian)
        assertEquals(Double.longBitsToDouble(0xbff1621597980_0b5L), a.doubles()[0]);
    }

    @Test
    void readsBigEndianFloat64() throws Exception {
        NpyArray a = NpyReader.read(file("be.npy", npy(1, dict(">f8", "False", "(2, 3)"),
                doubles(ByteOrder.BIG_ENDIAN, 1, -2, 3.5, 4e-300, Double.MAX_VALUE, -0.0))));
        assertArrayEquals(new int[] {2, 3}, a.shape());
        assertArrayEquals(new double[] {1, -2, 3.5, 4e-300, Double.MAX_VALUE, -0.0}, a.doubles());
    }

    @Test
    void readsBigAndLittleEndianFloat32() throws Exception {
        float[] v = {1.5f, -2.25f, Float.MIN_VALUE, 3e38f};
        NpyArray be = NpyReader.read(file("be.npy", npy(1, dict(">f4", "False", "(4,)"), floats(ByteOrder.BIG_ENDIAN, v))));
        NpyArray le = NpyReader.read(file("le.npy", npy(1, dict("<f4", "False", "(4,)"), floats(ByteOrder.LITTLE_ENDIAN, v))));
        assertEquals(NpyDtype.FLOAT32, be.dtype());
        assertArrayEquals(v, be.floats());
        assertArrayEquals(v, le.floats());
        assertArrayEquals(new double[] {1.5, -2.25, Float.MIN_VALUE, 3e38f}, le.doubles());
    }

    @Test
    void nativeAndNotApplicableByteOrderMeanThisMachine() throws Exception {
        ByteOrder nat = ByteOrder.nativeOrder();
        for (String d : new String[] {"|f8", "=f8", "f8", "float64"}) {
            NpyArray a = NpyReader.read(file("n.npy", npy(1, dict(d, "False", "(2,)"), doubles(nat, 7, 8))));
            assertArrayEquals(new double[] {7, 8}, a.doubles(), d);
        }
    }

    @Test
    void readsVersion2And3Headers() throws Exception {
        byte[] data = doubles(ByteOrder.LITTLE_ENDIAN, 1, 2, 3, 4, 5, 6);
        NpyArray v2 = NpyReader.read(file("v2.npy", npy(2, dict("<f8", "False", "(3, 2)"), data)));
        NpyArray v3 = NpyReader.read(file("v3.npy", npy(3, dict("<f8", "False", "(3, 2)"), data)));
        assertArrayEquals(new int[] {3, 2}, v2.shape());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, v2.doubles());
        assertEquals(v2, v3);
    }

    @Test
    void acceptsHeaderVariantsNumpyWrote() throws Exception {
        byte[] data = doubles(ByteOrder.LITTLE_ENDIAN, 1, 2, 3, 4, 5, 6);
        // Python 2 era long integers, double quotes, other key order, no trailing comma
        String h = "{\"shape\": (2L, 3L), \"fortran_order\": False, \"descr\": \"<f8\"}   \n";
        assertArrayEquals(new int[] {2, 3}, NpyReader.read(file("p2.npy", npy(1, h, data))).shape());
    }

    @Test
    void readsScalarsAndEmptyArrays() throws Exception {
        NpyArray scalar = NpyReader.read(file("s.npy", npy(1, dict("<f8", "False", "()"), doubles(ByteOrder.LITTLE_ENDIAN, 42))));
        assertArrayEquals(new int[0], scalar.shape());
        assertArrayEquals(new double[] {42}, scalar.doubles());
        NpyArray empty = NpyReader.read(file("e.npy", npy(1, dict("<f4", "False", "(3, 0, 2)"), new byte[0])));
        assertArrayEquals(new int[] {3, 0, 2}, empty.shape());
        assertEquals(0, empty.size());
    }

    @Test
    void fortranOrderIsFineWhenOnlyOneAxisIsLong() throws Exception {
        NpyArray a = NpyReader.read(file("f.npy", npy(1, dict("<f8", "True", "(1, 3, 1)"),
                doubles(ByteOrder.LITTLE_ENDIAN, 1, 2, 3))));
        assertArrayEquals(new double[] {1, 2, 3}, a.doubles());
    }

    // ---------------------------------------------------------------- errors

    @Test
    void rejectsFortranOrderMatrix() throws Exception {
        InputFormatException e = fails(npy(1, dict("<f8", "True", "(2, 3)"), new byte[48]));
        assertTrue(e.getMessage().contains("Fortran-order array of shape (2, 3) not supported"), e.getMessage());
    }

    @Test
    void rejectsComplexAndOtherDtypes() throws Exception {
        assertTrue(fails(npy(1, dict("<c16", "False", "(2,)"), new byte[32])).getMessage()
                .contains("dtype '<c16' (complex) not supported"));
        assertTrue(fails(npy(1, dict("<i4", "False", "(2,)"), new byte[8])).getMessage()
                .contains("dtype '<i4' (signed integer) not supported"));
        assertTrue(fails(npy(1, dict("<f2", "False", "(2,)"), new byte[4])).getMessage()
                .contains("(float of 2 bytes) not supported"));
        assertTrue(fails(npy(1, "{'descr': [('a', '<f8'), ('b', '<i4')], 'fortran_order': False, 'shape': (2,), }\n",
                new byte[24])).getMessage().contains("structured dtype"));
    }

    @Test
    void rejectsBadMagic() throws Exception {
        byte[] b = npy(1, dict("<f8", "False", "(1,)"), new byte[8]);
        b[1] = 'X';
        assertTrue(fails(b).getMessage().contains("not an NPY file (bad magic \\x93XUMPY"), "bad magic");
        assertTrue(fails("hello, world\n".getBytes(StandardCharsets.US_ASCII)).getMessage().contains("not an NPY file"));
        assertTrue(fails(new byte[0]).getMessage().contains("not an NPY file (0 bytes"));
    }

    @Test
    void rejectsTruncatedPreambleAndHeader() throws Exception {
        byte[] full = npy(1, dict("<f8", "False", "(1,)"), new byte[8]);
        assertTrue(fails(Arrays.copyOf(full, 8)).getMessage().contains("truncated NPY preamble"));
        assertTrue(fails(Arrays.copyOf(full, 30)).getMessage().contains("truncated header"));
        byte[] v2 = npy(2, dict("<f8", "False", "(1,)"), new byte[8]);
        assertTrue(fails(Arrays.copyOf(v2, 11)).getMessage().contains("truncated NPY preamble"));
    }

    @Test
    void rejectsUnknownVersion() throws Exception {
        byte[] b = npy(1, dict("<f8", "False", "(1,)"), new byte[8]);
        b[6] = 4;
        assertTrue(fails(b).getMessage().contains("unsupported NPY format version 4.0"));
        b[6] = 1;
        b[7] = 1;
        assertTrue(fails(b).getMessage().contains("unsupported NPY format version 1.1"));
    }

    @Test
    void rejectsTruncatedData() throws Exception {
        InputFormatException e = fails(npy(1, dict("<f8", "False", "(2, 4096)"), new byte[1000]));
        assertEquals("truncated data: header declares shape (2, 4096) float64 = 65536 bytes, file has 1000",
                e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
    }

    @Test
    void rejectsExtraData() throws Exception {
        assertTrue(fails(npy(1, dict("<f4", "False", "(2,)"), new byte[12])).getMessage()
                .contains("size mismatch: header declares shape (2,) float32 = 8 bytes, file has 12 (4 extra)"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "garbage",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), } trailing",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (2,)",
        "{'descr': '<f8' 'fortran_order': False, 'shape': (2,)}",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (2.5,)}",
        "{'descr': '<f8', 'fortran_order': Nope, 'shape': (2,)}",
        "{'descr': '<f8, 'fortran_order': False, 'shape': (2,)}",
        "{1: '<f8', 'fortran_order': False, 'shape': (2,)}",
        "{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (2,)}",
        "",
        "\u0000\u0001\u0002",
    })
    void rejectsMalformedHeaders(String header) throws Exception {
        assertTrue(fails(npy(1, header, new byte[16])).getMessage().contains("malformed header"));
    }

    @Test
    void rejectsWrongKeysAndValues() throws Exception {
        assertTrue(fails(npy(1, "{'descr': '<f8', 'shape': (2,), }", new byte[16])).getMessage()
                .contains("are not exactly [descr, fortran_order, shape]"));
        assertTrue(fails(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'x': 1}", new byte[16]))
                .getMessage().contains("are not exactly"));
        assertTrue(fails(npy(1, dict("<f8", "False", "5"), new byte[40])).getMessage().contains("'shape' is not a tuple"));
        assertTrue(fails(npy(1, dict("<f8", "False", "(-2,)"), new byte[16])).getMessage().contains("invalid extent -2"));
        assertTrue(fails(npy(1, dict("<f8", "0", "(2,)"), new byte[16])).getMessage().contains("'fortran_order' is not True/False"));
        assertTrue(fails(npy(1, dict("<f8", "False", "(100000, 100000)"), new byte[16])).getMessage().contains("array too large"));
    }

    @Test
    void missingFileIsAnIoException() {
        assertThrows(NoSuchFileException.class, () -> NpyReader.read(dir.resolve("nope.npy")));
    }

    // ---------------------------------------------------------------- writing

    @Test
    void writesExactlyNumpysHeader() throws Exception {
        Path ref = resource("reference/1d/j6_q8_n4096/x.npy");
        byte[] expected = Arrays.copyOf(Files.readAllBytes(ref), 128);
        assertArrayEquals(expected, NpyWriter.header(NpyDtype.FLOAT64, new int[] {2, 4096}));
        // and the whole file round-trips byte for byte
        NpyArray a = NpyReader.read(ref);
        Path out = dir.resolve("copy.npy");
        NpyWriter.write(out, a);
        assertArrayEquals(Files.readAllBytes(ref), Files.readAllBytes(out));
    }

    @Test
    void headersAreAlignedAndNewlineTerminated() {
        for (int[] shape : new int[][] {{}, {0}, {5}, {2, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}}) {
            byte[] h = NpyWriter.header(NpyDtype.FLOAT32, shape);
            assertEquals(0, h.length % 64);
            assertEquals('\n', h[h.length - 1]);
            assertEquals(1, h[6]);
        }
    }

    @Test
    void roundTripsFloat32AndFloat64InAnyShape() throws Exception {
        int[][] shapes = {{}, {0}, {7}, {3, 0, 2}, {2, 3}, {2, 1, 3, 2}};
        for (int[] shape : shapes) {
            int n = (int) Shapes.size(shape);
            double[] d = new double[n];
            float[] f = new float[n];
            for (int i = 0; i < n; i++) {
                d[i] = Math.sin(i) * 1e3 + i;
                f[i] = (float) d[i];
            }
            Path pd = dir.resolve("d.npy");
            Path pf = dir.resolve("f.npy");
            NpyWriter.write(pd, shape, d);
            NpyWriter.write(pf, shape, f);
            NpyArray rd = NpyReader.read(pd);
            NpyArray rf = NpyReader.read(pf);
            assertArrayEquals(shape, rd.shape());
            assertArrayEquals(shape, rf.shape());
            assertEquals(NpyDtype.FLOAT64, rd.dtype());
            assertEquals(NpyDtype.FLOAT32, rf.dtype());
            assertArrayEquals(d, rd.doubles());
            assertArrayEquals(f, rf.floats());
        }
    }

    @Test
    void roundTripsMoreThanOneWriteChunk() throws Exception {
        double[] d = new double[(1 << 20) / 8 * 3 + 5];
        for (int i = 0; i < d.length; i++) d[i] = i * 0.5;
        Path p = dir.resolve("big.npy");
        NpyWriter.write(p, new int[] {d.length}, d);
        assertArrayEquals(d, NpyReader.read(p).doubles());
    }

    @Test
    void writerRejectsShapeDataMismatch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NpyWriter.write(dir.resolve("x.npy"), new int[] {2, 3}, new double[5]));
        assertEquals("shape (2, 3) holds 6 values, the data has 5", e.getMessage());
        assertFalse(Files.exists(dir.resolve("x.npy")));
    }

    @Test
    void writerReplacesAtomicallyAndLeavesNoTemporaries() throws Exception {
        Path p = dir.resolve("out.npy");
        Files.writeString(p, "old");
        NpyWriter.write(p, new int[] {1}, new float[] {1});
        assertArrayEquals(new float[] {1}, NpyReader.read(p).floats());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void writerReportsMissingDirectory() {
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> NpyWriter.write(dir.resolve("no/such/dir/x.npy"), new int[] {1}, new float[] {1}));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }
}
