package org.scatterstream.engine.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scatterstream.engine.Precision;
import org.scatterstream.engine.ScatteringTransform;

/**
 * {@code scatter bench 1d --continuous}: the cost per input sample of a stream processed
 * incrementally (chunks of H samples) against the same stream processed in windows of N samples
 * advancing by H (batches of {@code --batch} windows), on one thread each. The two run in
 * alternating calls covering the same stream samples, so that load changes on the machine hit both
 * alike; each mode's figure is its mean over all calls, and the speedup their ratio. Both modes run on
 * the calling thread, so where the JVM measures thread CPU time their CPU time per sample is reported
 * too: unlike wall time it does not count the time other processes take the core away.
 */
final class ContinuousBench {
    private final KindCli kind;
    private final ParsedArgs a;
    private final Command.Console console;

    ContinuousBench(KindCli kind, ParsedArgs a, Command.Console console) {
        this.kind = kind;
        this.a = a;
        this.console = console;
    }

    int run() {
        int[] shape = kind.sampleShape(a);
        int n = shape[0];
        int hop = a.integerAtLeast("hop", 1, Math.max(1, n / 4));
        int batch = a.integerAtLeast("batch", 1, 16);
        double seconds = a.number("seconds", 10);
        if (seconds <= 0) throw new UsageException("--seconds must be > 0, got " + a.string("seconds"));
        double warmup = a.number("warmup", Math.min(2.0, seconds / 4));
        if (warmup < 0) throw new UsageException("--warmup must be >= 0, got " + a.string("warmup"));
        double rate = a.number("rate", 16000);
        if (rate <= 0) throw new UsageException("--rate must be > 0, got " + a.string("rate"));
        if (a.has("threads") && a.integer("threads") != 1) throw new UsageException("--continuous compares single-thread costs; leave out --threads");
        long seed = a.integer("seed", 1);
        Precision precision = Command.precision(a);
        boolean quiet = a.flag("quiet");

        try (ScatteringTransform windowed = Command.build(kind, a, shape, precision, "cpu", 1);
             KindCli.IncrementalBench continuous = build(precision, seed)) {
            float[] xf = precision == Precision.FLOAT ? BenchCommand.randomFloats(batch * n, seed) : null;
            double[] xd = xf == null ? BenchCommand.randomDoubles(batch * n, seed) : null;
            float[] of = xf != null ? new float[batch * windowed.outputSize()] : null;
            double[] od = xf == null ? new double[batch * windowed.outputSize()] : null;
            Runnable win = () -> {
                if (xf != null) windowed.transform(xf, batch, of);
                else windowed.transform(xd, batch, od);
            };
            // one windowed call covers batch * hop stream samples; the continuous side is fed as many
            int perCall = batch * hop;
            Runnable cont = () -> {
                for (int i = 0; i < batch; i++) continuous.push(hop);
            };
            if (!quiet) {
                console.err().printf("bench: 1d continuous vs windowed (N=%d, hop %d, %d windows per call), %s, 1 thread; warming up for %.1f s%n",
                        n, hop, batch, precision.name().toLowerCase(), warmup);
            }
            long end = System.nanoTime() + (long) (warmup * 1e9);
            do {
                win.run();
                cont.run();
            } while (System.nanoTime() < end);

            // rounds of one call of each mode, covering the same stream samples
            List<Double> wRounds = new ArrayList<>(), cRounds = new ArrayList<>(), ratios = new ArrayList<>();
            long stop = System.nanoTime() + (long) (seconds * 1e9);
            long nextReport = System.nanoTime() + 1_000_000_000L;
            double wTotal = 0, cTotal = 0, wCpu = 0, cCpu = 0;
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            boolean cpuTime = threads.isCurrentThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled();
            while (System.nanoTime() < stop) {
                long u0 = cpuTime ? threads.getCurrentThreadCpuTime() : 0;
                long t0 = System.nanoTime();
                win.run();
                long t1 = System.nanoTime();
                long u1 = cpuTime ? threads.getCurrentThreadCpuTime() : 0;
                cont.run();
                long t2 = System.nanoTime();
                long u2 = cpuTime ? threads.getCurrentThreadCpuTime() : 0;
                wTotal += t1 - t0;
                cTotal += t2 - t1;
                wCpu += u1 - u0;
                cCpu += u2 - u1;
                wRounds.add((t1 - t0) / (double) perCall);
                cRounds.add((t2 - t1) / (double) perCall);
                if (!quiet && t2 >= nextReport) {
                    console.err().printf("bench: %d rounds: windowed %.1f ns/sample, continuous %.1f ns/sample (means)%n", wRounds.size(),
                            wTotal / (wRounds.size() * (double) perCall), cTotal / (cRounds.size() * (double) perCall));
                    nextReport += 1_000_000_000L;
                }
            }
            // the continuous side does its work in steps: average its calls over windows of rounds
            int window = Math.max(1, (int) Math.ceil(continuous.stepSamples() / (double) perCall));
            for (int i = 0; i + window <= wRounds.size(); i += window) {
                double w = 0, c = 0;
                for (int j = i; j < i + window; j++) { w += wRounds.get(j); c += cRounds.get(j); }
                ratios.add(w / c);
            }
            if (ratios.isEmpty()) ratios.add(wTotal / cTotal);
            double w = wTotal / (wRounds.size() * (double) perCall);
            double c = cTotal / (cRounds.size() * (double) perCall);
            double wBest = BenchCommand.quantile(BenchCommand.sorted(wRounds), 0.1);
            double cBest = windowMedian(cRounds, window, 0.1);

            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", kind.name());
            m.put("mode", "continuous-vs-windowed");
            Map<String, Object> params = kind.parameters(a, windowed);
            params.remove("N");
            params.remove("N_padded");
            m.putAll(params);
            m.put("precision", precision.name().toLowerCase());
            m.put("threads", 1);
            m.put("rate", rate);
            m.put("rounds", wRounds.size());
            Map<String, Object> wm = new LinkedHashMap<>();
            wm.put("config", windowed.configId());
            wm.put("N", n);
            wm.put("hop", hop);
            wm.put("batch", batch);
            wm.put("ns_per_sample", BenchCommand.round(w, 6));
            wm.put("p10_ns_per_sample", BenchCommand.round(wBest, 6));
            wm.put("samples_per_s", BenchCommand.round(1e9 / w, 6));
            wm.put("realtime_channels_per_thread", BenchCommand.round(1e9 / w / rate, 6));
            wm.put("latency_ms", BenchCommand.round(1e3 * n / rate, 4));
            double samples = wRounds.size() * (double) perCall;
            if (cpuTime) cpuFigures(wm, wCpu / samples, rate);
            Map<String, Object> cm = new LinkedHashMap<>(continuous.describe(rate));
            cm.put("chunk", hop);
            cm.put("ns_per_sample", BenchCommand.round(c, 6));
            cm.put("p10_ns_per_sample", BenchCommand.round(cBest, 6));
            cm.put("samples_per_s", BenchCommand.round(1e9 / c, 6));
            cm.put("realtime_channels_per_thread", BenchCommand.round(1e9 / c / rate, 6));
            if (cpuTime) cpuFigures(cm, cCpu / samples, rate);
            m.put("windowed", wm);
            m.put("continuous", cm);
            // mean cost over all rounds; the ratio distribution over windows of rounds (same machine load)
            m.put("speedup", BenchCommand.round(w / c, 4));
            m.put("speedup_median_p10_p90", new double[] {BenchCommand.round(BenchCommand.quantile(BenchCommand.sorted(ratios), 0.5), 4),BenchCommand.round(BenchCommand.quantile(BenchCommand.sorted(ratios), 0.1), 4),
                BenchCommand.round(BenchCommand.quantile(BenchCommand.sorted(ratios), 0.9), 4)});
            if (cpuTime) m.put("speedup_cpu", BenchCommand.round(wCpu / cCpu, 4));
            m.put("checksum", BenchCommand.round(continuous.checksum(), 8));
            m.put("java", System.getProperty("java.version"));
            m.put("cpus", Runtime.getRuntime().availableProcessors());
            if (!quiet) {
                console.err().printf("bench: done: windowed %.1f ns/sample, continuous %.1f ns/sample, speedup %.2fx%s%n", w, c, w / c,
                        cpuTime ? String.format(" (CPU time: %.1f / %.1f ns/sample, %.2fx)", wCpu / samples, cCpu / samples, wCpu / cCpu) : "");
            }
            console.out().println(Json.write(m));
        }
        return 0;
    }

    private KindCli.IncrementalBench build(Precision precision, long seed) {
        try {
            return kind.incrementalBench(a, precision, seed);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /** CPU time per stream sample and the real-time channels one core sustains at that cost. */
    private static void cpuFigures(Map<String, Object> m, double nsPerSample, double rate) {
        m.put("cpu_ns_per_sample", BenchCommand.round(nsPerSample, 6));
        m.put("realtime_channels_per_core_cpu", BenchCommand.round(1e9 / nsPerSample / rate, 6));
    }

    /** Quantile q of the means of consecutive windows of {@code window} values. */
    private static double windowMedian(List<Double> v, int window, double q) {
        List<Double> means = new ArrayList<>();
        for (int i = 0; i + window <= v.size(); i += window) {
            double s = 0;
            for (int j = i; j < i + window; j++) s += v.get(j);
            means.add(s / window);
        }
        if (means.isEmpty()) return v.isEmpty() ? Double.NaN : v.get(0);
        return BenchCommand.quantile(BenchCommand.sorted(means), q);
    }

}
