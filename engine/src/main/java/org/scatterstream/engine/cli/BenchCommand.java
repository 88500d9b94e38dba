package org.scatterstream.engine.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.scatterstream.engine.Precision;
import org.scatterstream.engine.ScatteringTransform;

/**
 * {@code scatter bench <kind>}: throughput of repeated batches on random input. Warm-up first
 * (JIT, filter caches, thread pools), then batches until the time is up; progress on stderr, one
 * JSON line with the configuration and the results last on stdout.
 */
final class BenchCommand extends Command {
    static final Option BATCH = Option.value("batch", "N", "signals per batch (default depends on the kind)");
    static final Option SECONDS = Option.value("seconds", "S", "measuring time in seconds, after warm-up (default 10)");
    static final Option WARMUP = Option.value("warmup", "S", "warm-up time in seconds (default min(2, seconds/4))");
    static final Option SEED = Option.value("seed", "N", "seed of the random input (default 1)");
    static final Option QUIET = Option.flag("quiet", "no progress lines on stderr");

    @Override
    String name() {
        return "bench";
    }

    @Override
    String summary() {
        return "measure throughput on random input; prints one JSON line";
    }

    @Override
    String synopsis(KindCli kind) {
        return "[parameters] " + kind.shapeOptions().get(0).synopsis() + " [--batch N] [--seconds S] [options]";
    }

    @Override
    String description(KindCli kind) {
        return "Benchmarks " + kind.summary() + " on batches of Gaussian noise.\n"
                + "Warms up, then runs batches for --seconds (at least one), printing progress to stderr,\n"
                + "and last prints one JSON line to stdout: the configuration, signals_per_s, samples_per_s\n"
                + "(signal values per second), and median/p10/p90/min/mean batch times in ms.";
    }

    @Override
    List<OptionGroup> groups(KindCli kind) {
        return List.of(
                new OptionGroup("transform parameters", kind.parameterOptions()),
                new OptionGroup("shape", kind.shapeOptions()),
                new OptionGroup("benchmark", benchmarkOptions(kind)),
                OptionGroup.of("execution", PRECISION, BACKEND, THREADS));
    }

    private static List<Option> benchmarkOptions(KindCli kind) {
        List<Option> o = new ArrayList<>(List.of(BATCH, SECONDS, WARMUP, SEED, QUIET));
        o.addAll(kind.benchOptions());
        return o;
    }

    @Override
    int run(KindCli kind, ParsedArgs a, Console console) {
        if (kind.incremental(a)) return new ContinuousBench(kind, a, console).run();
        int[] shape = kind.sampleShape(a);
        int batch = a.integerAtLeast("batch", 1, kind.defaultBenchBatch());
        double seconds = a.number("seconds", 10);
        if (seconds <= 0) throw new UsageException("--seconds must be > 0, got " + a.string("seconds"));
        double warmup = a.number("warmup", Math.min(2.0, seconds / 4));
        if (warmup < 0) throw new UsageException("--warmup must be >= 0, got " + a.string("warmup"));
        long seed = a.integer("seed", 1);
        Precision precision = precision(a);
        int threads = threads(a);
        boolean quiet = a.flag("quiet");

        try (ScatteringTransform t = build(kind, a, shape, precision, a.string("backend"), threads)) {
            int inSize = t.inputSize();
            long inTotal = (long) inSize * batch;
            long outTotal = (long) t.outputSize() * batch;
            if (Math.max(inTotal, outTotal) > Integer.MAX_VALUE - 8) {
                throw new UsageException("--batch " + batch + " is too large for one array of input or output; use a smaller batch");
            }
            Runner runner = precision == Precision.FLOAT
                    ? floatRunner(t, batch, randomFloats((int) inTotal, seed), new float[(int) outTotal])
                    : doubleRunner(t, batch, randomDoubles((int) inTotal, seed), new double[(int) outTotal]);
            String what = kind.name() + " " + t.configId() + ", batch " + batch + ", " + precision.name().toLowerCase()
                    + ", " + t.backendName() + ", " + threads + " thread" + (threads == 1 ? "" : "s");
            if (!quiet) console.err().printf("bench: %s; warming up for %.1f s%n", what, warmup);

            long end = System.nanoTime() + (long) (warmup * 1e9);
            int warmBatches = 0;
            do {
                runner.run();
                warmBatches++;
            } while (System.nanoTime() < end);

            List<Double> times = new ArrayList<>();
            Map<String, Double> statsBefore = t.backendStats();     // GPU backends: kernel and transfer totals
            long start = System.nanoTime();
            long stop = start + (long) (seconds * 1e9);
            long nextReport = start + 1_000_000_000L;
            long now;
            do {
                long b0 = System.nanoTime();
                runner.run();
                now = System.nanoTime();
                times.add((now - b0) / 1e6);
                if (!quiet && now >= nextReport) {
                    double[] s = sorted(times);
                    console.err().printf("bench: %d batches in %.1f s, median %.3f ms/batch, %.1f signals/s%n", s.length,
                            (now - start) / 1e9, quantile(s, 0.5), batch * s.length / sum(s) * 1e3);
                    nextReport = now + 1_000_000_000L;
                }
            } while (now < stop);

            double[] s = sorted(times);
            double signalsPerS = batch * (double) s.length / (sum(s) / 1e3);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", kind.name());
            m.putAll(kind.parameters(a, t));
            m.put("config", t.configId());
            m.put("input_shape", t.inputShape());
            m.put("output_shape", t.outputShape());
            m.put("batch", batch);
            m.put("precision", precision.name().toLowerCase());
            m.put("backend", t.backendName());
            m.put("threads", threads);
            m.put("seconds", seconds);
            m.put("warmup_s", warmup);
            m.put("warmup_batches", warmBatches);
            m.put("batches", s.length);
            m.put("signals_per_s", round(signalsPerS, 6));
            m.put("samples_per_s", round(signalsPerS * inSize, 6));
            m.put("median_batch_ms", round(quantile(s, 0.5), 6));
            m.put("p10_batch_ms", round(quantile(s, 0.1), 6));
            m.put("p90_batch_ms", round(quantile(s, 0.9), 6));
            m.put("min_batch_ms", round(s[0], 6));
            m.put("mean_batch_ms", round(sum(s) / s.length, 6));
            if (a.has("hop")) {
                // windowed processing of a stream: one window of N per hop of H samples
                int hop = a.integerAtLeast("hop", 1, 1);
                double rate = a.number("rate", 16000);
                double streamSamplesPerS = signalsPerS * hop;
                m.put("hop", hop);
                m.put("stream_ns_per_sample", round(1e9 / streamSamplesPerS, 6));
                m.put("stream_samples_per_s", round(streamSamplesPerS, 6));
                m.put("rate", rate);
                m.put("realtime_channels_per_thread", round(streamSamplesPerS / rate / threads, 6));
            }
            if (!statsBefore.isEmpty()) {
                // per batch over the measured batches: GPU time of the kernels, of the copies, and the wall time
                // of the whole call (host staging and output writes included)
                Map<String, Double> after = t.backendStats();
                for (Map.Entry<String, Double> e : after.entrySet()) {
                    Double b = statsBefore.get(e.getKey());
                    if (e.getKey().endsWith("_ms") && b != null) {
                        m.put(e.getKey() + "_per_batch", round((e.getValue() - b) / s.length, 6));
                    }
                }
                m.put("end_to_end_ms_per_batch", round(sum(s) / s.length, 6));
                if (!quiet && m.containsKey("gpu_kernel_ms_per_batch")) {
                    console.err().printf("bench: per batch: kernels %.3f ms, transfers %.3f ms, end to end %.3f ms%n",
                            (Double) m.get("gpu_kernel_ms_per_batch"), (Double) m.getOrDefault("gpu_transfer_ms_per_batch", 0.0),
                            sum(s) / s.length);
                }
            }
            m.put("checksum", round(runner.checksum(), 8));
            m.put("java", System.getProperty("java.version"));
            m.put("cpus", Runtime.getRuntime().availableProcessors());
            if (!quiet) {
                console.err().printf("bench: done: %d batches, median %.3f ms/batch, %.1f signals/s, %.4g samples/s%n",
                        s.length, quantile(s, 0.5), signalsPerS, signalsPerS * inSize);
            }
            console.out().println(Json.write(m));
        }
        return 0;
    }

    /** One batch; also keeps a checksum of the output so the work cannot be optimised away. */
    interface Runner {
        void run();

        double checksum();
    }

    private static Runner floatRunner(ScatteringTransform t, int batch, float[] in, float[] out) {
        return new Runner() {
            public void run() {
                t.transform(in, batch, out);
            }

            public double checksum() {
                double c = 0;
                for (float v : out) c += v;
                return c;
            }
        };
    }

    private static Runner doubleRunner(ScatteringTransform t, int batch, double[] in, double[] out) {
        return new Runner() {
            public void run() {
                t.transform(in, batch, out);
            }

            public double checksum() {
                double c = 0;
                for (double v : out) c += v;
                return c;
            }
        };
    }

    static double[] randomDoubles(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = gaussian(r);
        return d;
    }

    static float[] randomFloats(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = (float) gaussian(r);
        return f;
    }

    /** Standard normal by Box-Muller (SplittableRandom has no nextGaussian on Java 17). */
    private static double gaussian(SplittableRandom r) {
        double u = 1.0 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    static double[] sorted(List<Double> times) {
        double[] s = new double[times.size()];
        for (int i = 0; i < s.length; i++) s[i] = times.get(i);
        Arrays.sort(s);
        return s;
    }

    /** Quantile with linear interpolation between order statistics (NumPy's default). */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    static double sum(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s;
    }

    /** {@code v} rounded to {@code significant} digits, so the JSON line does not print noise digits. */
    static double round(double v, int significant) {
        if (v == 0 || !Double.isFinite(v)) return v;
        return new java.math.BigDecimal(v).round(new java.math.MathContext(significant)).doubleValue();
    }
}
