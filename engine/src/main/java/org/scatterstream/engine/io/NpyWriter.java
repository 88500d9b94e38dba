package org.scatterstream.engine.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes NumPy {@code .npy} files: format 1.0 (2.0 only if a header would not fit in 64 KiB),
 * little-endian {@code <f4} or {@code <f8}, C order, any shape including zero-length axes and 0-d.
 *
 * <p>The file is written to a temporary sibling and moved into place, so a failed or interrupted
 * write never leaves a truncated file under the target name.
 */
public final class NpyWriter {
    private static final int CHUNK = 1 << 20;

    private NpyWriter() {
    }

    /** Writes {@code array} in its own element type. */
    public static void write(Path file, NpyArray array) throws IOException {
        if (array.dtype() == NpyDtype.FLOAT32) write(file, array.shape(), array.floats());
        else write(file, array.shape(), array.doubles());
    }

    /** Writes {@code data} (C order, {@code data.length} = product of {@code shape}) as float32. */
    public static void write(Path file, int[] shape, float[] data) throws IOException {
        checkLength(shape, data.length);
        writeAtomically(file, NpyDtype.FLOAT32, shape, (ch, buf) -> {
            int per = buf.capacity() / 4;
            for (int done = 0; done < data.length; ) {
                int k = Math.min(per, data.length - done);
                buf.clear();
                buf.asFloatBuffer().put(data, done, k);
                buf.limit(k * 4);
                writeFully(ch, buf);
                done += k;
            }
        });
    }

    /** Writes {@code data} (C order, {@code data.length} = product of {@code shape}) as float64. */
    public static void write(Path file, int[] shape, double[] data) throws IOException {
        checkLength(shape, data.length);
        writeAtomically(file, NpyDtype.FLOAT64, shape, (ch, buf) -> {
            int per = buf.capacity() / 8;
            for (int done = 0; done < data.length; ) {
                int k = Math.min(per, data.length - done);
                buf.clear();
                buf.asDoubleBuffer().put(data, done, k);
                buf.limit(k * 8);
                writeFully(ch, buf);
                done += k;
            }
        });
    }

    /**
     * The complete preamble + header for an array: magic, version, header length, the dict and
     * space padding so that the data starts on a 64-byte boundary, as NumPy writes it.
     */
    static byte[] header(NpyDtype dtype, int[] shape) {
        String dict = "{'descr': '" + dtype.littleEndianDescr() + "', 'fortran_order': False, 'shape': "
                + Shapes.toString(shape) + ", }";
        int major = 1;
        int pre = 10;
        int total = padTo64(pre + dict.length() + 1);
        if (total - pre > 0xffff) {
            major = 2;
            pre = 12;
            total = padTo64(pre + dict.length() + 1);
        }
        int hlen = total - pre;
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(NpyReader.MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) b.putShort((short) hlen);
        else b.putInt(hlen);
        b.put(dict.getBytes(StandardCharsets.ISO_8859_1));
        while (b.position() < total - 1) b.put((byte) ' ');
        b.put((byte) '\n');
        return b.array();
    }

    private static int padTo64(int n) {
        return (n + 63) / 64 * 64;
    }

    private static void checkLength(int[] shape, int length) {
        long n = Shapes.size(shape);
        if (n != length) {
            throw new IllegalArgumentException("shape " + Shapes.toString(shape) + " holds " + n
                    + " values, the data has " + length);
        }
    }

    private interface Body {
        void write(FileChannel ch, ByteBuffer buf) throws IOException;
    }

    private static void writeAtomically(Path file, NpyDtype dtype, int[] shape, Body body) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(file.toString(), null, "directory " + dir + " does not exist");
        }
        if (Files.isDirectory(abs)) {
            throw new FileSystemException(file.toString(), null, "is a directory");
        }
        // Not Files.createTempFile: that makes the file owner-only (0600), and the result should get
        // the same permissions as any other file the user creates.
        Path tmp = dir.resolve("." + abs.getFileName() + "." + Long.toHexString(System.nanoTime())
                + Integer.toHexString(ThreadLocalRandom.current().nextInt()) + ".tmp");
        boolean ok = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
                writeFully(ch, ByteBuffer.wrap(header(dtype, shape)));
                body.write(ch, ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN));
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            ok = true;
        } finally {
            if (!ok) Files.deleteIfExists(tmp);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) ch.write(b);
    }
}
