package org.scatterstream.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scatterstream.engine.io.ImageReader.ColorMode;

class ImageReaderTest {
    @TempDir
    Path dir;

    Path write(String name, byte[] b) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, b);
        return p;
    }

    Path png(String name, BufferedImage img, String format) throws IOException {
        Path p = dir.resolve(name);
        assertTrue(ImageIO.write(img, format, p.toFile()), "writer for " + format);
        return p;
    }

    String fails(Path p) {
        InputFormatException e = assertThrows(InputFormatException.class, () -> ImageReader.read(p, ColorMode.GRAY));
        assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        return e.getMessage();
    }

    static byte[] concat(String header, byte[] body) {
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        byte[] r = Arrays.copyOf(h, h.length + body.length);
        System.arraycopy(body, 0, r, h.length, body.length);
        return r;
    }

    // ---------------------------------------------------------------- ImageIO formats

    @Test
    void gray8Png() throws Exception {
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        int[] v = {0, 51, 255, 128, 1, 254};
        img.getRaster().setPixels(0, 0, 3, 2, v);
        Path p = png("g.png", img, "png");
        ImagePlanes g = ImageReader.read(p, ColorMode.GRAY);
        assertArrayEquals(new int[] {1, 2, 3}, g.shape());
        for (int i = 0; i < 6; i++) assertEquals(v[i] / 255.0, g.data()[i], 1e-15);
        assertArrayEquals(g.data(), ImageReader.read(p, ColorMode.CHANNELS).data());
    }

    @Test
    void gray16Png() throws Exception {
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_USHORT_GRAY);
        int[] v = {0, 65535, 1000, 40000};
        img.getRaster().setPixels(0, 0, 2, 2, v);
        ImagePlanes g = ImageReader.read(png("g16.png", img, "png"), ColorMode.GRAY);
        for (int i = 0; i < 4; i++) assertEquals(v[i] / 65535.0, g.data()[i], 1e-15);
    }

    @Test
    void rgbPngAsLumaOrChannels() throws Exception {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0xff0000);
        img.setRGB(1, 0, 0x1080f0);
        Path p = png("rgb.png", img, "png");
        ImagePlanes c = ImageReader.read(p, ColorMode.CHANNELS);
        assertArrayEquals(new int[] {3, 1, 2}, c.shape());
        assertArrayEquals(new double[] {1, 0x10 / 255.0, 0, 0x80 / 255.0, 0, 0xf0 / 255.0}, c.data(), 1e-15);
        ImagePlanes g = ImageReader.read(p, ColorMode.GRAY);
        assertArrayEquals(new int[] {1, 1, 2}, g.shape());
        assertEquals(0.299, g.data()[0], 1e-15);
        assertEquals((0.299 * 0x10 + 0.587 * 0x80 + 0.114 * 0xf0) / 255.0, g.data()[1], 1e-15);
    }

    @Test
    void rgbaPngIgnoresAlpha() throws Exception {
        BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, 0x20ff8000);
        ImagePlanes c = ImageReader.read(png("rgba.png", img, "png"), ColorMode.CHANNELS);
        assertArrayEquals(new double[] {1, 0x80 / 255.0, 0}, c.data(), 1e-15);
    }

    @Test
    void palettePng() throws Exception {
        byte[] r = {0, (byte) 255}, g = {0, 0}, b = {0, (byte) 255};
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_BINARY, new IndexColorModel(1, 2, r, g, b));
        img.getRaster().setSample(1, 0, 0, 1);
        ImagePlanes c = ImageReader.read(png("pal.png", img, "png"), ColorMode.CHANNELS);
        assertArrayEquals(new int[] {3, 1, 2}, c.shape());
        assertArrayEquals(new double[] {0, 1, 0, 0, 0, 1}, c.data());
        // a palette of grays gives one channel
        byte[] gray = {0, (byte) 200};
        BufferedImage gi = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_BINARY, new IndexColorModel(1, 2, gray, gray, gray));
        gi.getRaster().setSample(1, 0, 0, 1);
        ImagePlanes gc = ImageReader.read(png("gpal.png", gi, "png"), ColorMode.CHANNELS);
        assertArrayEquals(new int[] {1, 1, 2}, gc.shape());
        assertArrayEquals(new double[] {0, 200 / 255.0}, gc.data());
    }

    @Test
    void jpegDecodesApproximately() throws Exception {
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) for (int x = 0; x < 16; x++) img.setRGB(x, y, 0x808080);
        ImagePlanes g = ImageReader.read(png("x.jpg", img, "jpeg"), ColorMode.GRAY);
        assertArrayEquals(new int[] {1, 16, 16}, g.shape());
        for (double v : g.data()) assertEquals(128 / 255.0, v, 2 / 255.0);
    }

    // ---------------------------------------------------------------- Netpbm

    @Test
    void pgmP5Eight() throws Exception {
        Path p = write("a.pgm", concat("P5\n# a comment\n3 2\n255\n", new byte[] {0, 1, 2, (byte) 253, (byte) 254, (byte) 255}));
        ImagePlanes g = ImageReader.read(p, ColorMode.GRAY);
        assertArrayEquals(new int[] {1, 2, 3}, g.shape());
        assertArrayEquals(new double[] {0, 1 / 255.0, 2 / 255.0, 253 / 255.0, 254 / 255.0, 1}, g.data());
    }

    @Test
    void pgmP5SixteenIsBigEndian() throws Exception {
        Path p = write("b.pgm", concat("P5 2 1 65535\n", new byte[] {(byte) 0x12, (byte) 0x34, (byte) 0xff, (byte) 0xff}));
        assertArrayEquals(new double[] {0x1234 / 65535.0, 1}, ImageReader.read(p, ColorMode.GRAY).data());
        Path q = write("c.pgm", concat("P5 1 1 1000 ", new byte[] {(byte) 0x01, (byte) 0xf4}));
        assertArrayEquals(new double[] {0.5}, ImageReader.read(q, ColorMode.GRAY).data());
    }

    @Test
    void pgmP2Ascii() throws Exception {
        Path p = write("d.pgm", "P2\n# made by hand\n2 2 # width height\n15\n0 15\n# mid\n5 10\n".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(new double[] {0, 1, 5 / 15.0, 10 / 15.0}, ImageReader.read(p, ColorMode.GRAY).data());
        Path q = write("e.pgm", "P2 2 1 65535 65535 0".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(new double[] {1, 0}, ImageReader.read(q, ColorMode.GRAY).data());
    }

    @Test
    void ppmP6AndP3() throws Exception {
        Path p6 = write("a.ppm", concat("P6 2 1 255\n", new byte[] {(byte) 255, 0, 0, 0, (byte) 255, 0}));
        ImagePlanes c = ImageReader.read(p6, ColorMode.CHANNELS);
        assertArrayEquals(new int[] {3, 1, 2}, c.shape());
        assertArrayEquals(new double[] {1, 0, 0, 1, 0, 0}, c.data());
        assertArrayEquals(new double[] {0.299, 0.587}, ImageReader.read(p6, ColorMode.GRAY).data(), 1e-15);
        Path p3 = write("b.ppm", "P3 1 1 255 0 0 255".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(new double[] {0, 0, 1}, ImageReader.read(p3, ColorMode.CHANNELS).data());
    }

    // ---------------------------------------------------------------- errors

    @Test
    void netpbmErrors() throws Exception {
        assertTrue(fails(write("t.pgm", concat("P5 3 2 255\n", new byte[4]))).contains("truncated raster: expected 6 bytes, found 4"));
        assertTrue(fails(write("u.pgm", "P2 2 2 255 1 2 3".getBytes(StandardCharsets.US_ASCII))).contains("truncated: file ends before the sample 3"));
        assertTrue(fails(write("v.pgm", "P2 1 1 0 0".getBytes(StandardCharsets.US_ASCII))).contains("maxval 0 out of range"));
        assertTrue(fails(write("w.pgm", "P2 1 1 70000 0".getBytes(StandardCharsets.US_ASCII))).contains("maxval 70000 out of range"));
        assertTrue(fails(write("x.pgm", "P2 1 1 10 11".getBytes(StandardCharsets.US_ASCII))).contains("sample value 11 exceeds maxval 10"));
        assertTrue(fails(write("y.pgm", "P2 0 1 10".getBytes(StandardCharsets.US_ASCII))).contains("invalid size 0 x 1"));
        assertTrue(fails(write("z.pgm", "P2 a 1 10".getBytes(StandardCharsets.US_ASCII))).contains("expected a number for the width, found 'a'"));
        assertTrue(fails(write("z2.pgm", "P2 4x 1 10".getBytes(StandardCharsets.US_ASCII))).contains("expected whitespace after the width"));
        assertTrue(fails(write("p1.pbm", "P1 1 1 1".getBytes(StandardCharsets.US_ASCII))).contains("Netpbm type P1 not supported"));
        assertTrue(fails(write("p4.pbm", "P4 1 1 ".getBytes(StandardCharsets.US_ASCII))).contains("Netpbm type P4 not supported"));
        assertTrue(fails(write("h.pgm", "P5 2".getBytes(StandardCharsets.US_ASCII))).contains("truncated: file ends before the height"));
    }

    @Test
    void unreadableImages() throws Exception {
        assertTrue(fails(write("n.png", "this is not an image".getBytes(StandardCharsets.US_ASCII)))
                .contains("not a readable image (supported: PNG, JPEG, BMP, GIF, PGM/PPM)"));
        assertTrue(fails(write("empty.png", new byte[0])).contains("not a readable image"));
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ImageIO.write(img, "png", b);
        byte[] cut = Arrays.copyOf(b.toByteArray(), 60);
        String m = fails(write("cut.png", cut));
        assertTrue(m.contains("cannot decode image") || m.contains("not a readable image"), m);
    }

    @Test
    void missingFileIsAnIoException() {
        assertThrows(NoSuchFileException.class, () -> ImageReader.read(dir.resolve("nope.png"), ColorMode.GRAY));
    }
}
