package org.scatterstream.job.demo;

import org.scatterstream.engine.io.WavAudio;
import org.scatterstream.engine.io.WavReader;
import org.scatterstream.job.config.AvroEncoding;
import org.scatterstream.job.config.ConfigException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/**
 * A stand-alone real-time producer of sample chunks for an existing Kafka (docker-compose's demo
 * producer): {@code --bootstrap host:port [--topic scatter.samples] [--streams 8] [--wav file.wav]
 * [--seconds 0 (forever)] [--rate-hz 16000] [--chunk 1024] [--bad-per-second 0] [--encoding single-object]}.
 * Needs only the cluster jar (no Flink, no broker).
 */
public final class ProducerMain {
    private ProducerMain() {
    }

    public static void main(String[] args) throws Exception {
        try {
            System.exit(run(args));
        } catch (ConfigException e) {
            System.err.println("scatter-stream produce: error: " + e.getMessage());
            System.exit(2);
        }
    }

    static int run(String[] args) throws Exception {
        Options o = new Options(args, Set.of("bootstrap", "topic", "streams", "wav", "seconds", "rate-hz", "chunk",
                "bad-per-second", "encoding"));
        String bootstrap = o.string("bootstrap", null);
        if (bootstrap == null) throw new ConfigException("--bootstrap host:port is required");
        if (!o.job().isEmpty()) throw new ConfigException("unknown options " + o.job().keySet());
        WavAudio audio = null;
        if (o.string("wav", null) != null) {
            try {
                audio = WavReader.read(Path.of(o.string("wav", null)));
            } catch (IOException e) {
                throw new ConfigException("--wav: " + e.getMessage());
            }
        }
        int streams = audio != null ? audio.channels() : o.positiveInt("streams", 8);
        double rate = audio != null ? audio.sampleRate() : o.nonNegative("rate-hz", 16_000);
        int seconds = (int) o.nonNegative("seconds", 0);
        String topic = o.string("topic", "scatter.samples");
        Properties kafka = new Properties();
        kafka.put("bootstrap.servers", bootstrap);
        AvroEncoding encoding;
        try {
            encoding = AvroEncoding.parse(o.string("encoding", "single-object"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--encoding: " + e.getMessage());
        }
        try (ChunkProducer p = new ChunkProducer(kafka, topic, rate, o.positiveInt("chunk", 1024), encoding,
                o.nonNegative("bad-per-second", 0))) {
            for (int s = 0; s < streams; s++) {
                p.addStream((audio != null ? "wav-" : "stream-") + s,
                        audio != null ? SignalSource.wav(audio, s) : SignalSource.synthetic(s, rate, s));
            }
            p.start();
            System.err.printf(Locale.ROOT, "producing %d streams at %.0f Hz to %s on %s%n", streams, rate, topic, bootstrap);
            long start = System.currentTimeMillis();
            while (seconds == 0 || System.currentTimeMillis() - start < seconds * 1000L) {
                Thread.sleep(10_000);
                System.err.printf(Locale.ROOT, "%d chunks, %d malformed sent; %d ms behind real time%n", p.records(),
                        p.badRecords(), p.behindMillis());
            }
            p.stop();
        }
        return 0;
    }
}
