package org.scatterstream.engine.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scatterstream.engine.Precision;
import org.scatterstream.engine.Scattering2D;
import org.scatterstream.engine.Scattering2DMeta;
import org.scatterstream.engine.ScatteringTransform;
import org.scatterstream.engine.io.ImagePlanes;
import org.scatterstream.engine.io.ImageReader;

/**
 * {@code 2d}: {@link Scattering2D} of images from {@code .npy} arrays (..., H, W) or image files
 * (PNG, JPEG, BMP, GIF, PGM/PPM; luma, or one batch row per colour channel with --channels).
 */
final class Kind2D extends KindCli {
    static final Option J = Option.required("J", "INT", "number of scales; output sampled every 2^J pixels");
    static final Option L = Option.value("L", "INT", "number of angles (default 8)");
    static final Option MAX_ORDER = Option.value("max-order", "1|2", "maximum scattering order (default 2)");
    static final Option PRE_PAD = Option.flag("pre-pad", "the input is already padded (Kymatio's pre_pad=True)");
    static final Option SHAPE = Option.required("shape", "H,W", "image height and width (with --pre-pad: before padding)");
    static final Option CHANNELS = Option.flag("channels", "images: one batch row per colour channel (default: luma 0.299R+0.587G+0.114B)");

    @Override
    String name() {
        return "2d";
    }

    @Override
    String summary() {
        return "Scattering2D: Morlet wavelet scattering of images (parameters J, L)";
    }

    @Override
    int sampleRank() {
        return 2;
    }

    @Override
    String sampleAxes() {
        return "H, W";
    }

    @Override
    String inputFormats() {
        return ".npy float32/float64 of shape (H, W), (B, H, W), (B, C, H, W), ...; or an image\n"
                + "        (PNG, JPEG, BMP, GIF, PGM/PPM; values in [0, 1]): luma (H, W), or with --channels\n"
                + "        one row per colour channel (C, H, W)";
    }

    @Override
    List<Option> parameterOptions() {
        return List.of(J, L, MAX_ORDER, PRE_PAD);
    }

    @Override
    List<Option> shapeOptions() {
        return List.of(SHAPE);
    }

    @Override
    List<Option> transformInputOptions() {
        return List.of(CHANNELS);
    }

    @Override
    int[] sampleShape(ParsedArgs a) {
        int[] s = a.integers("shape");
        if (s.length != 2) throw new UsageException("--shape takes two integers H,W, got '" + a.string("shape") + "'");
        return s;
    }

    @Override
    int defaultBenchBatch() {
        return 24;
    }

    @Override
    List<String> examples() {
        return List.of(
                "scatter transform 2d --J 2 --L 8 --input images.npy --output Sx.npy",
                "scatter transform 2d --J 3 --input photo.png --channels --output Sx.npy",
                "scatter meta 2d --J 2 --L 8 --shape 32,32",
                "scatter bench 2d --J 3 --L 8 --shape 256,256 --batch 24 --threads 1");
    }

    @Override
    void checkParameters(ParsedArgs a) {
        parameters(a);
    }

    static Scattering2D.Builder parameters(ParsedArgs a) {
        Scattering2D.Builder b = Scattering2D.builder().J(a.integer("J"));
        if (a.has("L")) b.L(a.integer("L"));
        if (a.has("max-order")) b.maxOrder(a.integer("max-order"));
        b.prePad(a.flag("pre-pad"));
        return b;
    }

    @Override
    ScatteringTransform build(ParsedArgs a, int[] s, Precision precision, String backend, int threads) {
        return parameters(a).shape(s[0], s[1]).precision(precision).backend(backend).threads(threads).build();
    }

    @Override
    InputBatch readInput(Path file, ParsedArgs a, Precision precision) throws IOException {
        if (isNpy(file)) return readNpy(file, precision);
        boolean channels = a.flag("channels");
        ImagePlanes img = ImageReader.read(file, channels ? ImageReader.ColorMode.CHANNELS : ImageReader.ColorMode.GRAY);
        int[] shape = channels ? img.shape() : new int[] {img.height(), img.width()};
        String what = file + " (" + img.width() + "x" + img.height() + " image, " + img.channels() + " channel"
                + (img.channels() == 1 ? "" : "s") + ")";
        return InputBatch.of(shape, 2, precision, null, img.data(), what);
    }

    @Override
    Map<String, Object> parameters(ParsedArgs a, ScatteringTransform t) {
        Scattering2D s = (Scattering2D) t;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("J", s.J());
        m.put("L", s.L());
        m.put("max_order", s.maxOrder());
        m.put("pre_pad", s.prePad());
        m.put("padded_shape", s.paddedShape());
        return m;
    }

    @Override
    int[] builderShape(int[] inputSampleShape, ParsedArgs a) {
        if (!a.flag("pre-pad")) return inputSampleShape;
        // With --pre-pad the input is already padded to ((H div 2^J) + 2) * 2^J rows (likewise columns).
        // The result does not depend on which H gave that padded size: take the smallest.
        int step = 1 << Math.min(a.integer("J"), 30);
        int[] s = new int[2];
        for (int i = 0; i < 2; i++) {
            int p = inputSampleShape[i];
            if (p % step != 0 || p / step < 3) {
                throw new UsageException("with --pre-pad the input must be padded to a multiple of 2^J = " + step
                        + " of at least 3 * 2^J = " + 3L * step + " pixels per side, got " + inputSampleShape[0] + "x"
                        + inputSampleShape[1]);
            }
            s[i] = p - 2 * step;
        }
        return s;
    }

    @Override
    ChannelTable channels(ParsedArgs a, ScatteringTransform t) {
        Scattering2DMeta meta = ((Scattering2D) t).meta();
        return ChannelTable.ofPaths(meta.channels(), meta.maxOrder(), meta::order, List.of("n", "j", "theta"),
                List.of(meta::n, meta::j, meta::theta));
    }
}
