package org.scatterstream.engine.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.scatterstream.engine.Precision;
import org.scatterstream.engine.ScatteringTransform;
import org.scatterstream.engine.io.NpyWriter;
import org.scatterstream.engine.io.Shapes;

/** {@code scatter transform <kind>}: input file in, Kymatio-shaped {@code .npy} out. */
final class TransformCommand extends Command {
    static final Option INPUT = Option.required("input", "FILE", "input file");
    static final Option OUTPUT = Option.required("output", "FILE", "output .npy file (replaced if it exists)");
    static final Option QUIET = Option.flag("quiet", "do not print the summary line to stderr");

    @Override
    String name() {
        return "transform";
    }

    @Override
    String summary() {
        return "compute the scattering transform of an input file, write a .npy array";
    }

    @Override
    String synopsis(KindCli kind) {
        return "[parameters] --input FILE --output FILE.npy [options]";
    }

    @Override
    String description(KindCli kind) {
        return kind.summary() + ".\n\n"
                + "Input:  " + kind.inputFormats() + ";\n"
                + "        leading axes are batch axes, kept in the output.\n"
                + "Output: Kymatio's array (batch axes..., " + String.join(", ", outputAxes(kind)) + ") as .npy,\n"
                + "        float32 with --precision float (default), float64 with --precision double.";
    }

    static List<String> outputAxes(KindCli kind) {
        switch (kind.sampleRank()) {
            case 1: return List.of("C", "N_out");
            case 2: return List.of("P", "h", "w");
            default: return List.of("paths", "L+1", "powers");
        }
    }

    @Override
    List<OptionGroup> groups(KindCli kind) {
        List<Option> io = new ArrayList<>(List.of(INPUT, OUTPUT));
        io.addAll(kind.transformInputOptions());
        return List.of(
                new OptionGroup("transform parameters", kind.parameterOptions()),
                new OptionGroup("input/output", io),
                OptionGroup.of("execution", PRECISION, BACKEND, THREADS, QUIET));
    }

    @Override
    int run(KindCli kind, ParsedArgs a, Console console) throws IOException {
        Path input = Path.of(a.string("input"));
        Path output = Path.of(a.string("output"));
        Precision precision = precision(a);
        int threads = threads(a);
        String backend = a.string("backend");
        kind.checkParameters(a);
        checkWritable(output);
        if (!Files.exists(input)) throw new CliException("cannot read " + input + ": no such file");
        if (Files.isDirectory(input)) throw new CliException("cannot read " + input + ": it is a directory");
        if (!Files.isReadable(input)) throw new CliException("cannot read " + input + ": permission denied");

        long t0 = System.nanoTime();
        InputBatch in = kind.readInput(input, a, precision);
        try (ScatteringTransform t = build(kind, a, kind.builderShape(in.sampleShape, a), precision, backend, threads)) {
            if (!Arrays.equals(t.inputShape(), in.sampleShape)) {
                throw new CliException(in.description + ": samples of shape " + Shapes.toString(in.sampleShape)
                        + " do not match the transform's input shape " + Shapes.toString(t.inputShape()));
            }
            int n = in.batch();
            int[] outShape = Shapes.concat(in.batchShape, t.outputShape());
            long total = Shapes.size(outShape);
            if (total > Integer.MAX_VALUE - 8) {
                throw new CliException("output of shape " + Shapes.toString(outShape) + " (" + total
                        + " values) does not fit one array; split the input into smaller batches");
            }
            if (precision == Precision.FLOAT) {
                float[] out = new float[(int) total];
                if (n > 0 && total > 0) t.transform(in.floats, n, out);
                NpyWriter.write(output, outShape, out);
            } else {
                double[] out = new double[(int) total];
                if (n > 0 && total > 0) t.transform(in.doubles, n, out);
                NpyWriter.write(output, outShape, out);
            }
            if (!a.flag("quiet")) {
                console.err().printf("scatter: %s -> %s %s %s [%s, %s backend, %d thread%s, %.2f s]%n", in.description, output,
                        Shapes.toString(outShape), precision == Precision.FLOAT ? "float32" : "float64", t.configId(),
                        t.backendName(), threads, threads == 1 ? "" : "s", (System.nanoTime() - t0) / 1e9);
            }
        }
        return 0;
    }

    /** Fails early (before any computing) if the output cannot be written. */
    static void checkWritable(Path output) {
        Path abs = output.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new CliException("cannot write " + output + ": directory " + dir + " does not exist");
        }
        if (Files.isDirectory(abs)) throw new CliException("cannot write " + output + ": it is a directory");
        if (!Files.isWritable(dir)) throw new CliException("cannot write " + output + ": directory " + dir + " is not writable");
    }
}
