package org.scatterstream.engine.io;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Reads images as planes of doubles in [0, 1]: PNG, JPEG, BMP, GIF (through {@code javax.imageio})
 * and Netpbm PGM/PPM (P2, P5, P3, P6; 8 and 16 bit) by hand.
 *
 * <p>Values are the stored sample values divided by their maximum (255, 65535 or the Netpbm
 * maxval); no colour management or gamma conversion is applied, so {@link ColorMode#GRAY} of an
 * RGB image is the ITU-R 601 luma {@code 0.299 R + 0.587 G + 0.114 B} of the stored values (what
 * PIL's {@code convert('L')} computes, without its rounding to 8 bits). Alpha is ignored.
 */
public final class ImageReader {

    /** How colour is turned into planes. */
    public enum ColorMode {
        /** One plane: grayscale as is, colour as luma {@code 0.299 R + 0.587 G + 0.114 B}. */
        GRAY,
        /** One plane per colour channel: 1 for grayscale images, 3 (R, G, B) for colour. */
        CHANNELS
    }

    private ImageReader() {
    }

    /** Reads {@code file} with the given colour handling. */
    public static ImagePlanes read(Path file, ColorMode mode) throws IOException {
        ImagePlanes planes;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            in.mark(2);
            int a = in.read();
            int b = in.read();
            in.reset();
            if (a == 'P' && b >= '1' && b <= '7') {
                planes = Netpbm.read(file, in);
            } else {
                planes = readImageIO(file, in);
            }
        }
        return mode == ColorMode.GRAY ? luma(planes) : planes;
    }

    /** Collapses RGB planes to luma; single-plane images are returned unchanged. */
    public static ImagePlanes luma(ImagePlanes p) {
        if (p.channels() == 1) return p;
        int n = p.height() * p.width();
        double[] d = p.data();
        double[] y = new double[n];
        for (int i = 0; i < n; i++) y[i] = 0.299 * d[i] + 0.587 * d[n + i] + 0.114 * d[2 * n + i];
        return new ImagePlanes(1, p.height(), p.width(), y);
    }

    private static ImagePlanes readImageIO(Path file, InputStream in) throws IOException {
        BufferedImage img;
        try {
            img = ImageIO.read(in);
        } catch (IOException | RuntimeException e) {
            // ImageIO reports corrupt data as IIOException (or, for some decoders, runtime exceptions).
            throw new InputFormatException(file, "cannot decode image: " + oneLine(e), e);
        }
        if (img == null) {
            throw new InputFormatException(file, "not a readable image (supported: PNG, JPEG, BMP, GIF, PGM/PPM)");
        }
        int w = img.getWidth();
        int h = img.getHeight();
        ColorModel cm = img.getColorModel();
        Raster r = img.getRaster();
        int type = cm.getColorSpace().getType();
        boolean direct = !(cm instanceof IndexColorModel)
                && (type == ColorSpace.TYPE_GRAY || type == ColorSpace.TYPE_RGB)
                && cm.getNumColorComponents() == (type == ColorSpace.TYPE_GRAY ? 1 : 3);
        if (direct) {
            int nc = cm.getNumColorComponents();
            double[] out = new double[nc * h * w];
            boolean floating = r.getTransferType() == DataBuffer.TYPE_FLOAT || r.getTransferType() == DataBuffer.TYPE_DOUBLE;
            double[] row = new double[w];
            for (int c = 0; c < nc; c++) {
                double scale = floating ? 1.0 : 1.0 / ((1L << cm.getComponentSize(c)) - 1);
                for (int y = 0; y < h; y++) {
                    r.getSamples(0, y, w, 1, c, row);
                    int base = (c * h + y) * w;
                    for (int x = 0; x < w; x++) out[base + x] = row[x] * scale;
                }
            }
            return new ImagePlanes(nc, h, w, out);
        }
        // Palette images and other colour spaces: let Java convert to 8-bit sRGB.
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        boolean gray = true;
        for (int v : argb) {
            int rr = v >> 16 & 0xff, gg = v >> 8 & 0xff, bb = v & 0xff;
            if (rr != gg || gg != bb) {
                gray = false;
                break;
            }
        }
        int n = h * w;
        double[] out = new double[(gray ? 1 : 3) * n];
        for (int i = 0; i < n; i++) {
            int v = argb[i];
            if (gray) {
                out[i] = (v & 0xff) / 255.0;
            } else {
                out[i] = (v >> 16 & 0xff) / 255.0;
                out[n + i] = (v >> 8 & 0xff) / 255.0;
                out[2 * n + i] = (v & 0xff) / 255.0;
            }
        }
        return new ImagePlanes(gray ? 1 : 3, h, w, out);
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) m = e.getClass().getSimpleName();
        return m.replaceAll("\\s+", " ").strip();
    }

    /** Netpbm graymaps and pixmaps: P2/P5 (gray) and P3/P6 (RGB), maxval 1..65535. */
    static final class Netpbm {
        private final Path file;
        private final InputStream in;

        private Netpbm(Path file, InputStream in) {
            this.file = file;
            this.in = in;
        }

        static ImagePlanes read(Path file, InputStream in) throws IOException {
            return new Netpbm(file, in).read();
        }

        private ImagePlanes read() throws IOException {
            in.read();
            int kind = in.read();
            boolean ascii;
            int nc;
            switch (kind) {
                case '2': ascii = true; nc = 1; break;
                case '5': ascii = false; nc = 1; break;
                case '3': ascii = true; nc = 3; break;
                case '6': ascii = false; nc = 3; break;
                default:
                    throw fail("Netpbm type P" + (char) kind + " not supported (supported: P2, P5 graymaps, P3, P6 pixmaps)");
            }
            long w = headerNumber("width");
            long h = headerNumber("height");
            long maxval = headerNumber("maxval");
            if (w < 1 || h < 1) throw fail("invalid size " + w + " x " + h);
            if (maxval < 1 || maxval > 65535) throw fail("maxval " + maxval + " out of range 1..65535");
            if (w * h * nc > NpyReader.MAX_ARRAY) throw fail("image too large: " + w + " x " + h);
            int width = (int) w, height = (int) h, n = width * height;
            double[] out = new double[nc * n];
            double scale = 1.0 / maxval;
            int wide = maxval > 255 ? 2 : 1;
            if (!ascii) {
                // Exactly one whitespace byte separates maxval from the raster; headerNumber consumed it.
                byte[] raster = in.readNBytes(n * nc * wide);
                if (raster.length < n * nc * wide) {
                    throw fail("truncated raster: expected " + (n * nc * wide) + " bytes, found " + raster.length);
                }
                for (int i = 0, p = 0; i < n; i++) {
                    for (int c = 0; c < nc; c++, p += wide) {
                        int v = wide == 1 ? raster[p] & 0xff : (raster[p] & 0xff) << 8 | (raster[p + 1] & 0xff);
                        out[c * n + i] = check(v, maxval) * scale;
                    }
                }
            } else {
                for (int i = 0; i < n; i++) {
                    for (int c = 0; c < nc; c++) {
                        long v = number("sample " + (i * nc + c));
                        out[c * n + i] = check(v, maxval) * scale;
                    }
                }
            }
            return new ImagePlanes(nc, height, width, out);
        }

        private long check(long v, long maxval) {
            if (v > maxval) throw fail("sample value " + v + " exceeds maxval " + maxval);
            return v;
        }

        private long headerNumber(String what) throws IOException {
            return number(what);
        }

        /** Skips whitespace and comments, reads digits, consumes the one whitespace delimiter after them. */
        private long number(String what) throws IOException {
            int c = in.read();
            while (true) {
                if (c == '#') {
                    while (c != '\n' && c != '\r' && c != -1) c = in.read();
                } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b) {
                    c = in.read();
                } else {
                    break;
                }
            }
            if (c == -1) throw fail("truncated: file ends before the " + what);
            if (c < '0' || c > '9') throw fail("expected a number for the " + what + ", found '" + printable(c) + "'");
            long v = 0;
            while (c >= '0' && c <= '9') {
                v = v * 10 + (c - '0');
                if (v > Integer.MAX_VALUE) throw fail("number too large for the " + what);
                c = in.read();
            }
            // c is the single delimiter after the number (whitespace) or -1 at the end of the file.
            if (c != -1 && !(c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b)) {
                throw fail("expected whitespace after the " + what + ", found '" + printable(c) + "'");
            }
            return v;
        }

        private static String printable(int c) {
            return c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c);
        }

        private InputFormatException fail(String problem) {
            return new InputFormatException(file, problem);
        }
    }
}
