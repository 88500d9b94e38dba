package org.scatterstream.job.demo;

import org.scatterstream.engine.io.WavAudio;
import org.scatterstream.engine.io.WavReader;
import org.scatterstream.job.config.ConfigException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code scatter-stream demo [--seconds 30] [--streams 8] [--wav file.wav] [--bad-per-second 2] [--key value...]}:
 * the whole pipeline on this machine. Starts a Kafka broker in-process, the job on a local Flink
 * cluster and a real-time producer of synthetic streams (tones, chirps, noise bursts) or of a WAV file's
 * channels, with a few malformed records mixed in; prints live progress on stderr and, at the end, one
 * JSON line on stdout.
 */
final class Demo {
    private Demo() {
    }

    static int run(String[] args) throws Exception {
        Options o = new Options(args, Set.of("seconds", "streams", "wav", "bad-per-second"));
        int seconds = o.positiveInt("seconds", 30);
        double badPerSecond = o.nonNegative("bad-per-second", 2);
        String wav = o.string("wav", null);
        WavAudio audio = null;
        if (wav != null) {
            try {
                audio = WavReader.read(Path.of(wav));
            } catch (IOException e) {
                throw new ConfigException("--wav " + wav + ": " + e.getMessage());
            }
        }
        int streams = audio != null ? audio.channels() : o.positiveInt("streams", 8);
        double rate = audio != null ? audio.sampleRate() : 16_000;

        long id = System.currentTimeMillis();
        // against an existing Kafka, topics of this run only: older demo data must not count
        String suffix = o.job().containsKey("kafka.bootstrap-servers") ? "." + id : "";
        Map<String, String> defaults = Harness.defaults("demo", suffix, id);
        defaults.put("job.checkpoint-interval", "1s");

        try (Harness h = new Harness(defaults, o.job(), rate, 1024, badPerSecond)) {
            for (int s = 0; s < streams; s++) {
                h.producer.addStream(audio != null ? "wav-" + s : "demo-" + s,
                        audio != null ? SignalSource.wav(audio, s) : SignalSource.synthetic(s, rate, s));
            }
            Progress.say(String.format(Locale.ROOT, "producing %d %s streams at %.0f Hz for %d s (Ctrl-C stops)",
                    streams, audio != null ? "WAV" : "synthetic", rate, seconds));
            h.producer.start();
            long start = System.currentTimeMillis();
            long lastWindows = 0;
            long lastRecords = 0;
            long[] all = new long[0];
            long[] steady = new long[0]; // the second half of the run: JIT and broker warm-up behind
            for (int t = 1; t <= seconds; t++) {
                Thread.sleep(Math.max(0, start + t * 1000L - System.currentTimeMillis()));
                long[] l = h.monitor.takeLatencies();
                all = concat(all, l);
                if (t > seconds / 2) steady = concat(steady, l);
                Arrays.sort(l);
                long w = h.monitor.windows();
                long r = h.producer.records();
                Progress.say(String.format(Locale.ROOT, "t=%3ds  chunks in %5d/s  windows out %5d/s  latency p50 %5s ms"
                                + "  p99 %5s ms  dead letters %d", t, r - lastRecords, w - lastWindows,
                        ms(FeatureMonitor.quantile(l, 0.5)), ms(FeatureMonitor.quantile(l, 0.99)), h.monitor.deadLetters()));
                lastWindows = w;
                lastRecords = r;
            }
            h.producer.stop();
            long expected = h.expectedWindows();
            Progress.say("producer stopped; waiting for the last windows (" + expected + " expected)...");
            boolean complete = h.awaitWindows(expected, 60_000);
            h.awaitDeadLetters(h.producer.badRecords(), 10_000);
            long[] last = h.monitor.takeLatencies();
            all = concat(all, last);
            steady = concat(steady, last);
            Arrays.sort(all);
            Arrays.sort(steady);
            String json = String.format(Locale.ROOT,
                    "{\"records_in\":%d,\"malformed_in\":%d,\"streams\":%d,\"seconds\":%d,\"windows_expected\":%d,"
                            + "\"windows_out\":%d,\"dead_letters\":%d,\"dead_letters_by_reason\":%s,"
                            + "\"latency_ms_p50\":%d,\"latency_ms_p99\":%d,\"steady_latency_ms_p50\":%d,"
                            + "\"steady_latency_ms_p99\":%d,\"delivery\":\"%s\",\"config_id\":\"%s\","
                            + "\"complete\":%b}",
                    h.producer.records() + h.producer.badRecords(), h.producer.badRecords(), streams, seconds, expected,
                    h.monitor.windows(), h.monitor.deadLetters(), json(h.monitor.deadLettersByReason()),
                    FeatureMonitor.quantile(all, 0.5), FeatureMonitor.quantile(all, 0.99),
                    FeatureMonitor.quantile(steady, 0.5), FeatureMonitor.quantile(steady, 0.99), h.config().delivery(), h.plan.metas().get(0).getConfigId(), complete && h.monitor.windows() == expected);
            System.out.println(json);
            return complete ? 0 : 1;
        }
    }

    static String ms(long v) {
        return v < 0 ? "-" : Long.toString(v);
    }

    static long[] concat(long[] a, long[] b) {
        long[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    static String json(Map<String, Long> m) {
        StringBuilder b = new StringBuilder("{");
        m.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
        return b.append('}').toString();
    }
}
