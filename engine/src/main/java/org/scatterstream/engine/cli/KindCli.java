package org.scatterstream.engine.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.scatterstream.engine.Precision;
import org.scatterstream.engine.ScatteringTransform;
import org.scatterstream.engine.io.NpyArray;
import org.scatterstream.engine.io.NpyReader;
import org.scatterstream.engine.io.Shapes;

/**
 * What the {@code transform}, {@code meta} and {@code bench} commands need to know about one
 * transform kind ({@code 1d}, {@code 2d}, {@code 3d}): its parameter options, how to build it, how
 * to read its inputs and how to describe its output channels. The commands themselves are written
 * once, against this class.
 */
abstract class KindCli {

    /** The kind as typed on the command line: {@code 1d}. */
    abstract String name();

    /** One line for the command list, e.g. {@code Scattering1D (Morlet wavelets) of 1-D signals}. */
    abstract String summary();

    /** Number of trailing axes that make up one sample (1, 2 or 3). */
    abstract int sampleRank();

    /** Human-readable sample axes for help text, e.g. {@code N} or {@code H, W}. */
    abstract String sampleAxes();

    /** Options that define the transform (J, Q, ...), shared by all commands. */
    abstract List<Option> parameterOptions();

    /** Options that give the sample shape where there is no input file ({@code meta}, {@code bench}). */
    abstract List<Option> shapeOptions();

    /** The sample shape from {@link #shapeOptions()}. */
    abstract int[] sampleShape(ParsedArgs a);

    /**
     * Builds the transform for samples of {@code sampleShape} (as found in the input). The engine's
     * IllegalArgumentExceptions for invalid parameters are left to the caller, which reports them
     * as usage errors.
     */
    abstract ScatteringTransform build(ParsedArgs a, int[] sampleShape, Precision precision, String backend, int threads);

    /**
     * The shape to build the transform for, given the sample shape found in the input (the same,
     * except where the input is pre-processed, as 2D's {@code --pre-pad}).
     */
    int[] builderShape(int[] inputSampleShape, ParsedArgs a) {
        return inputSampleShape;
    }

    /** The transform parameters for JSON output (meta and bench), in a stable order. */
    abstract Map<String, Object> parameters(ParsedArgs a, ScatteringTransform t);

    /** The output channel table for {@code meta}. */
    abstract ChannelTable channels(ParsedArgs a, ScatteringTransform t);

    /** Example command lines for help text, one per line. */
    abstract List<String> examples();

    /** Input formats for help text, e.g. {@code .npy (..., N) or .wav}. */
    String inputFormats() {
        return ".npy float32/float64 of shape (..., " + sampleAxes() + ")";
    }

    /**
     * Checks the parameter options that can be checked without the sample shape (numbers parse,
     * list lengths), so that command-line mistakes are reported before any file is read.
     */
    abstract void checkParameters(ParsedArgs a);

    /** Extra options of {@code transform} for this kind (e.g. {@code --channels}). */
    List<Option> transformInputOptions() {
        return List.of();
    }

    /** Default {@code --batch} of {@code bench}. */
    abstract int defaultBenchBatch();

    /**
     * Reads the {@code transform} input. The default reads an NPY array whose last
     * {@link #sampleRank()} axes are one sample and whose leading axes (any number) are batch axes,
     * kept in the output.
     */
    InputBatch readInput(Path file, ParsedArgs a, Precision precision) throws IOException {
        return readNpy(file, precision);
    }

    final InputBatch readNpy(Path file, Precision precision) throws IOException {
        NpyArray x = NpyReader.read(file);
        if (x.ndim() < sampleRank()) {
            throw new CliException(file + ": expected an array of shape (..., " + sampleAxes() + "), got shape "
                    + Shapes.toString(x.shape()));
        }
        String what = file + " " + Shapes.toString(x.shape()) + " " + x.dtype().numpyName();
        return x.dtype() == org.scatterstream.engine.io.NpyDtype.FLOAT32
                ? InputBatch.of(x.shape(), sampleRank(), precision, x.floats(), null, what)
                : InputBatch.of(x.shape(), sampleRank(), precision, null, x.doubles(), what);
    }

    /**
     * Whether {@code file} is to be read as NPY: it starts with the NPY magic, or it is named
     * {@code *.npy} (so that a damaged {@code .npy} gets the NPY reader's diagnosis).
     */
    static boolean isNpy(Path file) throws IOException {
        byte[] head;
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            head = in.readNBytes(6);
        }
        boolean magic = head.length == 6 && (head[0] & 0xff) == 0x93 && head[1] == 'N' && head[2] == 'U' && head[3] == 'M'
                && head[4] == 'P' && head[5] == 'Y';
        return magic || extension(file).equals("npy");
    }

    /** Lower-case file extension of {@code file}, without the dot ("" if none). */
    static String extension(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
    }
}
