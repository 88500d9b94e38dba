package org.scatterstream.engine.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scatterstream.engine.Averaging;
import org.scatterstream.engine.ContinuousScattering1D;
import org.scatterstream.engine.Precision;
import org.scatterstream.engine.Scattering1D;
import org.scatterstream.engine.Scattering1DMeta;
import org.scatterstream.engine.ScatteringTransform;
import org.scatterstream.engine.io.WavAudio;
import org.scatterstream.engine.io.WavReader;

/** {@code 1d}: {@link Scattering1D} of signals from {@code .npy} arrays (..., N) or {@code .wav} files. */
final class Kind1D extends KindCli {
    static final Option J = Option.required("J", "INT", "maximum log-scale; averaging scale T = 2^J by default");
    static final Option Q = Option.value("Q", "Q1[,Q2]", "wavelets per octave, first[,second] order (default 1; Q1 alone means Q1,1)");
    static final Option T = Option.value("T", "T|global", "averaging scale, a number >= 1 and <= N (default 2^J), or 'global'");
    static final Option STRIDE = Option.value("stride", "S", "output frame step, a power of two <= 2^floor(log2 T) (default that bound)");
    static final Option MAX_ORDER = Option.value("max-order", "1|2", "maximum scattering order (default 2)");
    static final Option OVERSAMPLING = Option.value("oversampling", "INT", "deprecated in Kymatio: stride 2^(floor(log2 T) - INT) (default 0)");
    static final Option N = Option.required("N", "INT", "signal length");
    static final Option CONTINUOUS = Option.flag("continuous", "feed each signal as a stream through ContinuousScattering1D (cpu): frames at k*stride, ends reflected, output (..., C, ceil(N/stride))");
    static final Option STEP_FRAMES = Option.value("step-frames", "F", "with --continuous: frames per processing step (default: the cheapest step not longer than the lookahead)");
    static final Option TOLERANCE = Option.value("tolerance", "TOL", "with --continuous: tail mass of the impulse responses left out (default 1e-7 float, 1e-13 double)");
    static final Option CHUNK = Option.value("chunk", "N", "with --continuous: samples fed per push (default 4096); the output does not depend on it");

    @Override
    String name() {
        return "1d";
    }

    @Override
    String summary() {
        return "Scattering1D: Morlet wavelet scattering of 1-D signals (parameters J, Q, T)";
    }

    @Override
    int sampleRank() {
        return 1;
    }

    @Override
    String sampleAxes() {
        return "N";
    }

    @Override
    String inputFormats() {
        return ".npy float32/float64 of shape (N) or (..., N); or .wav (PCM 8/16/24/32-bit scaled\n"
                + "        to [-1, 1), or IEEE float), each channel one batch row: output (channels, C, N_out)";
    }

    @Override
    List<Option> parameterOptions() {
        return List.of(J, Q, T, STRIDE, MAX_ORDER, OVERSAMPLING);
    }

    @Override
    List<Option> shapeOptions() {
        return List.of(N);
    }

    @Override
    int[] sampleShape(ParsedArgs a) {
        return new int[] {a.integer("N")};
    }

    @Override
    List<Option> transformInputOptions() {
        return List.of(CONTINUOUS, CHUNK, STEP_FRAMES, TOLERANCE);
    }

    static final Option HOP = Option.value("hop", "H", "window hop: adds figures per stream sample (windows of N every H samples); with --continuous also the chunk size");
    static final Option RATE = Option.value("rate", "HZ", "sample rate for real-time channels per thread and latencies in ms (default 16000)");

    @Override
    List<Option> benchOptions() {
        return List.of(CONTINUOUS, HOP, RATE, STEP_FRAMES, TOLERANCE);
    }

    @Override
    IncrementalBench incrementalBench(ParsedArgs a, Precision precision, long seed) {
        ContinuousScattering1D cs = continuousParameters(a).precision(precision).build();
        int period = 1 << 20;
        float[] xf = precision == Precision.FLOAT ? BenchCommand.randomFloats(period, seed) : null;
        double[] xd = xf == null ? BenchCommand.randomDoubles(period, seed) : null;
        ContinuousScattering1D.Stream st = cs.open();
        return new IncrementalBench() {
            int pos;
            double sum;

            @Override
            public void push(int samples) {
                while (samples > 0) {
                    int n = Math.min(samples, period - pos);
                    ContinuousScattering1D.Frames f = xf != null ? st.push(xf, pos, n) : st.push(xd, pos, n);
                    if (f.count() > 0) sum += f.get(f.count() - 1, f.channels() - 1);
                    pos = (pos + n) % period;
                    samples -= n;
                }
            }

            @Override
            public Map<String, Object> describe(double rate) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("config", cs.configId());
                m.put("lookahead_samples", cs.lookahead());
                m.put("lookahead_ms", BenchCommand.round(1e3 * cs.lookahead() / rate, 4));
                m.put("step_samples", cs.hop());
                m.put("max_latency_ms", BenchCommand.round(1e3 * cs.maxLatency() / rate, 4));
                m.put("startup_ms", BenchCommand.round(1e3 * cs.startupSamples() / rate, 4));
                return m;
            }

            @Override
            public int stepSamples() {
                return cs.hop();
            }

            @Override
            public double checksum() {
                return sum;
            }

            @Override
            public void close() {
                cs.close();
            }
        };
    }

    @Override
    boolean incremental(ParsedArgs a) {
        return a.flag("continuous");
    }

    /** The continuous builder for the parameters on the command line (no shape: streams have none). */
    static ContinuousScattering1D.Builder continuousParameters(ParsedArgs a) {
        ContinuousScattering1D.Builder b = ContinuousScattering1D.builder().J(a.integer("J"));
        int[] q = a.integers("Q");
        if (q != null) {
            if (q.length == 1) b.Q(q[0]);
            else if (q.length == 2) b.Q(q[0], q[1]);
            else throw new UsageException("--Q takes one or two integers (Q1 or Q1,Q2), got '" + a.string("Q") + "'");
        }
        String t = a.string("T");
        if (t != null) {
            if (t.strip().equalsIgnoreCase("global")) throw new UsageException("--T global has no meaning with --continuous (a stream has no end to sum up to)");
            b.T(ParsedArgs.parseDouble("T", t));
        }
        if (a.has("stride")) b.stride(a.integer("stride"));
        if (a.has("max-order")) b.maxOrder(a.integer("max-order"));
        if (a.has("oversampling")) throw new UsageException("--oversampling is not supported with --continuous; give --stride");
        if (a.has("step-frames")) b.stepFrames(a.integer("step-frames"));
        if (a.has("tolerance")) b.tolerance(a.number("tolerance", 0));
        return b;
    }

    @Override
    IncrementalOutput transformIncrementally(ParsedArgs a, InputBatch in, Precision precision) {
        int chunk = a.integerAtLeast("chunk", 1, 4096);
        int n = in.sampleShape[0], batch = in.batch();
        try (ContinuousScattering1D cs = continuousParameters(a).precision(precision).build()) {
            int c = cs.channels(), frames = n == 0 ? 0 : (n - 1) / cs.stride() + 1;
            long total = (long) batch * c * frames;
            if (total > Integer.MAX_VALUE - 8) throw new CliException("output of " + total + " values does not fit one array; split the input");
            float[] fo = precision == Precision.FLOAT ? new float[(int) total] : null;
            double[] dout = fo == null ? new double[(int) total] : null;
            for (int b = 0; b < batch; b++) {
                ContinuousScattering1D.Stream st = cs.open();
                int base = b * c * frames;
                for (int i = 0; i < n; i += chunk) {
                    int len = Math.min(chunk, n - i);
                    store(fo != null ? st.push(in.floats, b * n + i, len) : st.push(in.doubles, b * n + i, len), fo, dout, base, c, frames);
                }
                store(st.finish(), fo, dout, base, c, frames);
            }
            String summary = String.format(java.util.Locale.ROOT, "%s, chunks of %d, lookahead %d samples, step %d samples, cpu backend",
                    cs.configId(), chunk, cs.lookahead(), cs.hop());
            return new IncrementalOutput(new int[] {c, frames}, fo, dout, summary);
        }
    }

    /** Frames (frame-major) into the channel-major output of one signal. */
    private static void store(ContinuousScattering1D.Frames f, float[] fo, double[] dout, int base, int channels, int frames) {
        for (int i = 0; i < f.count(); i++) {
            long t = f.first() + i;
            for (int ch = 0; ch < channels; ch++) {
                int o = base + ch * frames + (int) t;
                if (fo != null) fo[o] = (float) f.get(i, ch);
                else dout[o] = f.get(i, ch);
            }
        }
    }

    @Override
    int defaultBenchBatch() {
        return 64;
    }

    @Override
    List<String> examples() {
        return List.of(
                "scatter transform 1d --J 8 --Q 8 --input x.npy --output Sx.npy",
                "scatter transform 1d --J 6 --Q 8,2 --T 100 --precision double --input speech.wav --output Sx.npy",
                "scatter transform 1d --J 8 --Q 8 --T global --input x.npy --output Sx.npy --threads 2",
                "scatter transform 1d --J 8 --Q 8 --continuous --chunk 1000 --input long.wav --output Sx.npy",
                "scatter meta 1d --J 8 --Q 8 --N 4096",
                "scatter meta 1d --J 6 --Q 8 --N 4096 --max-order 1 --json",
                "scatter bench 1d --J 8 --Q 8 --N 4096 --batch 64 --threads 1 --seconds 10");
    }

    /** The builder for the parameters on the command line (shape, precision and execution aside). */
    static Scattering1D.Builder parameters(ParsedArgs a) {
        Scattering1D.Builder b = Scattering1D.builder().J(a.integer("J"));
        int[] q = a.integers("Q");
        if (q != null) {
            if (q.length == 1) b.Q(q[0]);
            else if (q.length == 2) b.Q(q[0], q[1]);
            else throw new UsageException("--Q takes one or two integers (Q1 or Q1,Q2), got '" + a.string("Q") + "'");
        }
        String t = a.string("T");
        if (t != null) {
            if (t.strip().equalsIgnoreCase("global")) b.globalAveraging();
            else b.T(ParsedArgs.parseDouble("T", t));
        }
        if (a.has("stride")) b.stride(a.integer("stride"));
        if (a.has("max-order")) b.maxOrder(a.integer("max-order"));
        if (a.has("oversampling")) b.oversampling(a.integer("oversampling"));
        return b;
    }

    @Override
    void checkParameters(ParsedArgs a) {
        for (String o : new String[] {"chunk", "step-frames", "tolerance"}) {
            if (a.has(o) && !a.flag("continuous")) throw new UsageException("--" + o + " applies only with --continuous");
        }
        if (a.flag("continuous")) {
            continuousParameters(a);
            a.integerAtLeast("chunk", 1, 4096);
        } else {
            parameters(a);
        }
    }

    @Override
    ScatteringTransform build(ParsedArgs a, int[] sampleShape, Precision precision, String backend, int threads) {
        return parameters(a).shape(sampleShape[0]).precision(precision).backend(backend).threads(threads).build();
    }

    @Override
    InputBatch readInput(Path file, ParsedArgs a, Precision precision) throws IOException {
        if (!isWav(file)) return readNpy(file, precision);
        WavAudio w = WavReader.read(file);
        String what = file + " (" + w.channels() + " ch x " + w.frames() + " frames, " + w.sampleRate() + " Hz, "
                + w.encoding() + ")";
        return InputBatch.of(w.shape(), 1, precision, null, w.data(), what);
    }

    /** WAV by content (RIFF/RF64/BW64 magic), whatever the file is called. */
    static boolean isWav(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(4);
        }
        String m = new String(head, java.nio.charset.StandardCharsets.ISO_8859_1);
        return m.equals("RIFF") || m.equals("RF64") || m.equals("BW64") || m.equals("RIFX");
    }

    @Override
    Map<String, Object> parameters(ParsedArgs a, ScatteringTransform t) {
        Scattering1D s = (Scattering1D) t;
        int[] q = a.integers("Q");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("J", a.integer("J"));
        m.put("Q", q == null ? new int[] {1, 1} : q.length == 1 ? new int[] {q[0], 1} : q);
        String tv = a.string("T");
        if (s.averaging() == Averaging.GLOBAL) {
            m.put("T", "global");
            m.put("stride", null);
        } else {
            m.put("T", tv == null ? Math.scalb(1.0, a.integer("J")) : ParsedArgs.parseDouble("T", tv));
            m.put("stride", 1 << s.log2Stride());
        }
        m.put("max_order", a.integer("max-order", 2));
        m.put("N", s.inputShape()[0]);
        m.put("N_padded", s.paddedLength());
        return m;
    }

    @Override
    ChannelTable channels(ParsedArgs a, ScatteringTransform t) {
        Scattering1DMeta meta = ((Scattering1D) t).meta();
        return ChannelTable.ofPaths(meta.channels(), meta.maxOrder(), meta::order, List.of("n", "j", "xi", "sigma"),
                List.of(meta::n, meta::j, meta::xi, meta::sigma));
    }
}
