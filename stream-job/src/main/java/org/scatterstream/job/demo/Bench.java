package org.scatterstream.job.demo;

import org.scatterstream.engine.Precision;
import org.scatterstream.engine.Scattering1D;
import org.scatterstream.job.config.JobConfig;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code scatter-stream bench}: how many real-time 16 kHz channels the embedded setup sustains for
 * J=8, Q=8, N=4096, H=1024 (at-least-once, so transaction commits do not hide latency), compared with
 * the engine alone; then the end-to-end latency at half that load.
 *
 * <ol>
 *   <li>Engine baseline: the batched transform alone, one instance per task slot (as the job runs it),
 *       in windows per second, and the 16 kHz channels that makes.</li>
 *   <li>Ramp: channels are added in steps; at each level, after a settling time, the windows out per
 *       second and the latency are measured. A level is sustained when the output keeps up with the input
 *       (at least 95%), p99 latency stays under 2 s and the producer keeps real time.</li>
 *   <li>Half load: the channels are cut to half the highest sustained level; once the backlog is gone,
 *       p50/p99 latency (event time of a window's last sample to a consumer receiving it).</li>
 * </ol>
 * The JSON also gives {@code max_windows_out_per_s}, the highest output rate of any level (the
 * pipeline's saturation throughput), and the load average before and after: other processes on the
 * machine take CPU from both the engine baseline and the pipeline.
 * Progress on stderr, one JSON line on stdout.
 */
final class Bench {
    private static final double RATE = 16_000;
    private static final int CHUNK = 1024;
    private static final long SETTLE_MS = 5_000;
    /** Before the ramp: the JIT compiles the broker, Flink and the engine (a quarter of 2 cores for a minute). */
    private static final long WARMUP_MS = 45_000;

    private Bench() {
    }

    static int run(String[] args) throws Exception {
        Options o = new Options(args, Set.of("step-seconds", "start", "step", "max", "half-seconds", "engine-seconds"));
        int stepSeconds = Math.max(8, o.positiveInt("step-seconds", 20));
        int start = o.positiveInt("start", 16);
        int step = o.positiveInt("step", 16);
        int max = o.positiveInt("max", 256);
        int halfSeconds = o.positiveInt("half-seconds", 20);
        int engineSeconds = o.positiveInt("engine-seconds", 8);

        long id = System.currentTimeMillis();
        Map<String, String> defaults = Harness.defaults("bench", "." + id, id);
        defaults.put("batch.size", "32");
        defaults.put("batch.max-wait", "100ms");
        defaults.put("job.delivery", "at-least-once");
        defaults.put("job.checkpoint-interval", "10s");
        Map<String, String> flags = o.job();
        Map<String, String> merged = new LinkedHashMap<>(defaults);
        merged.putAll(flags);
        merged.putIfAbsent("kafka.bootstrap-servers", "unused:0");
        JobConfig preview = JobConfig.fromMap(merged);
        int slots = preview.parallelism() > 0 ? preview.parallelism() : 2;
        double windowsPerChannel = RATE / preview.windowHop();

        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        double engineWps = engineBaseline(preview, slots, engineSeconds);
        double engineChannels = engineWps / windowsPerChannel;
        Progress.say(String.format(Locale.ROOT, "engine alone: %.0f windows/s with %d instances = %.1f real-time channels",
                engineWps, slots, engineChannels));

        List<String> levels = new ArrayList<>();
        try (Harness h = new Harness(defaults, flags, RATE, CHUNK, 0)) {
            h.producer.start();
            grow(h, start);
            Progress.say("warming up for " + WARMUP_MS / 1000 + " s at " + start + " channels...");
            Thread.sleep(WARMUP_MS);
            int best = 0;
            double bestWps = 0;
            int channels = start;
            int failedAt = -1;
            while (channels <= max) {
                Level l = measure(h, channels, stepSeconds * 1000L - SETTLE_MS, windowsPerChannel);
                levels.add(l.json());
                Progress.say(l.toString());
                if (!l.sustained) {
                    failedAt = channels;
                    break;
                }
                best = channels;
                bestWps = l.windowsPerSecond;
                channels += step;
            }
            if (failedAt > 0 && step >= 4 && best > 0) {
                // one refinement between the last sustained and the first failing level, once the
                // overload's backlog is gone (drained at half load, where there is spare capacity)
                shrink(h, Math.max(1, best / 2));
                if (drain(h)) {
                    int mid = best + step / 2;
                    Level l = measure(h, mid, stepSeconds * 1000L - SETTLE_MS, windowsPerChannel);
                    levels.add(l.json());
                    Progress.say(l.toString());
                    if (l.sustained) {
                        best = mid;
                        bestWps = l.windowsPerSecond;
                    }
                }
            }
            double maxOut = 0;
            for (String l : levels) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"windows_out_per_s\":([0-9.]+)").matcher(l);
                if (m.find()) maxOut = Math.max(maxOut, Double.parseDouble(m.group(1)));
            }

            int half = Math.max(1, best / 2);
            shrink(h, half);
            Progress.say("half load: " + half + " channels; waiting for the backlog to clear...");
            drain(h);
            Thread.sleep(SETTLE_MS);
            h.monitor.takeLatencies();
            long w0 = h.monitor.windows();
            long t0 = System.nanoTime();
            Thread.sleep(halfSeconds * 1000L);
            long[] lat = h.monitor.takeLatencies();
            double halfWps = (h.monitor.windows() - w0) / ((System.nanoTime() - t0) / 1e9);
            Arrays.sort(lat);
            long p50 = FeatureMonitor.quantile(lat, 0.5);
            long p99 = FeatureMonitor.quantile(lat, 0.99);
            Progress.say(String.format(Locale.ROOT, "half load %d channels: %.0f windows/s, latency p50 %d ms, p99 %d ms",
                    half, halfWps, p50, p99));

            String json = String.format(Locale.ROOT,
                    "{\"config\":\"%s\",\"hop\":%d,\"sample_rate_hz\":%.0f,\"delivery\":\"%s\",\"parallelism\":%d,"
                            + "\"batch_size\":%d,\"cpus\":%d,\"engine_windows_per_s\":%.1f,\"engine_channels\":%.1f,"
                            + "\"sustained_channels\":%d,\"sustained_windows_per_s\":%.1f,\"pipeline_vs_engine\":%.3f,"
                            + "\"max_windows_out_per_s\":%.1f,"
                            + "\"half_load_channels\":%d,\"half_load_windows_per_s\":%.1f,\"latency_ms_p50\":%d,"
                            + "\"latency_ms_p99\":%d,\"load_average_before\":%.2f,\"load_average_after\":%.2f,"
                            + "\"levels\":[%s]}",
                    h.plan.metas().get(0).getConfigId(), h.config().windowHop(), RATE, h.config().delivery(), slots,
                    h.config().batchSize(), Runtime.getRuntime().availableProcessors(), engineWps, engineChannels, best,
                    bestWps, engineWps > 0 ? best / engineChannels : 0, maxOut, half, halfWps, p50, p99, loadBefore,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), String.join(",", levels));
            System.out.println(json);
        }
        return 0;
    }

    /** One ramp level. */
    private static final class Level {
        int channels;
        double expected;
        double windowsPerSecond;
        long p50;
        long p99;
        long producerBehindMs;
        boolean sustained;

        String json() {
            return String.format(Locale.ROOT, "{\"channels\":%d,\"windows_in_per_s\":%.1f,\"windows_out_per_s\":%.1f,"
                    + "\"latency_ms_p50\":%d,\"latency_ms_p99\":%d,\"producer_behind_ms\":%d,\"sustained\":%b}",
                    channels, expected, windowsPerSecond, p50, p99, producerBehindMs, sustained);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%3d channels: windows in %6.1f/s, out %6.1f/s, latency p50 %5d ms, "
                    + "p99 %5d ms, producer behind %d ms: %s", channels, expected, windowsPerSecond, p50, p99,
                    producerBehindMs, sustained ? "sustained" : "NOT sustained");
        }
    }

    private static Level measure(Harness h, int channels, long measureMs, double windowsPerChannel) throws InterruptedException {
        grow(h, channels);
        Thread.sleep(SETTLE_MS);
        h.monitor.takeLatencies();
        long w0 = h.monitor.windows();
        long t0 = System.nanoTime();
        long behind = 0;
        long end = System.currentTimeMillis() + measureMs;
        while (System.currentTimeMillis() < end) {
            Thread.sleep(250);
            behind = Math.max(behind, h.producer.behindMillis());
        }
        Level l = new Level();
        l.channels = channels;
        l.expected = channels * windowsPerChannel;
        l.windowsPerSecond = (h.monitor.windows() - w0) / ((System.nanoTime() - t0) / 1e9);
        long[] lat = h.monitor.takeLatencies();
        Arrays.sort(lat);
        l.p50 = FeatureMonitor.quantile(lat, 0.5);
        l.p99 = FeatureMonitor.quantile(lat, 0.99);
        l.producerBehindMs = behind;
        l.sustained = l.windowsPerSecond >= 0.95 * l.expected && l.p99 >= 0 && l.p99 < 2000 && behind < 500;
        return l;
    }

    /** Streams created so far: names are never reused (a reused name would restart at seq 0, a dead letter). */
    private static int created;

    private static void grow(Harness h, int channels) {
        for (int c = h.producer.streams(); c < channels; c++, created++) {
            h.producer.addStream("bench-" + created, SignalSource.synthetic(created, RATE, created));
        }
    }

    private static void shrink(Harness h, int channels) {
        h.producer.retainStreams(channels);
    }

    /** Waits (at most 120 s) until windows arrive with a p99 latency under 1 s again; false if they do not. */
    private static boolean drain(Harness h) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        h.monitor.takeLatencies();
        while (System.currentTimeMillis() < deadline) {
            Thread.sleep(2000);
            long[] l = h.monitor.takeLatencies();
            Arrays.sort(l);
            if (l.length > 0 && FeatureMonitor.quantile(l, 0.99) < 1000) return true;
        }
        Progress.say("the backlog did not clear within 120 s");
        return false;
    }

    /**
     * Windows per second of the batched transform alone: {@code instances} threads, each with its own
     * transform (as each task slot builds one), transforming batches of random windows.
     */
    static double engineBaseline(JobConfig c, int instances, int seconds) throws InterruptedException {
        Progress.say("measuring the engine alone (" + instances + " instances, batch " + c.batchSize() + ", "
                + seconds + " s)...");
        AtomicLong done = new AtomicLong();
        Thread[] threads = new Thread[instances];
        long warmupEnd = System.nanoTime() + 2_000_000_000L;
        long end = warmupEnd + seconds * 1_000_000_000L;
        for (int i = 0; i < instances; i++) {
            final int index = i;
            threads[i] = new Thread(() -> {
                try (Scattering1D s = Scattering1D.builder().J(c.scattering1d().J()).shape(c.windowSize())
                        .Q(c.scattering1d().q1(), c.scattering1d().q2()).maxOrder(c.scattering1d().maxOrder())
                        .precision(Precision.parse(c.scattering1d().precision())).threads(1).build()) {
                    int b = c.batchSize();
                    float[] in = new float[b * s.inputSize()];
                    float[] out = new float[b * s.outputSize()];
                    Random rnd = new Random(index);
                    for (int k = 0; k < in.length; k++) in[k] = (float) rnd.nextGaussian();
                    long n = 0;
                    while (System.nanoTime() < warmupEnd) s.transform(in, b, out);
                    while (System.nanoTime() < end) {
                        s.transform(in, b, out);
                        n += b;
                    }
                    done.addAndGet(n);
                }
            }, "engine-bench-" + i);
            threads[i].start();
        }
        for (Thread t : threads) t.join();
        return done.get() / (double) seconds;
    }
}
