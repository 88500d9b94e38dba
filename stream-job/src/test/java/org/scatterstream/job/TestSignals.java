package org.scatterstream.job;

import org.scatterstream.job.internal.Floats;
import org.scatterstream.job.internal.Micros;
import org.scatterstream.schemas.SampleChunk;

import java.util.Random;

/** Deterministic test signals and their chunking. */
final class TestSignals {
    static final long BASE_MICROS = 1_700_000_000_000_000L;

    private TestSignals() {
    }

    /** A tone plus noise, different for every seed. */
    static float[] signal(int seed, int length) {
        Random rnd = new Random(seed);
        double f = 0.01 + 0.2 * rnd.nextDouble();
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = (float) (Math.sin(2 * Math.PI * f * i) + 0.3 * rnd.nextGaussian());
        }
        return x;
    }

    /** Event time of sample {@code index} of a stream starting at {@link #BASE_MICROS}. */
    static long timeOf(long index, double rate) {
        return BASE_MICROS + Math.round(index * 1e6 / rate);
    }

    /** Chunk {@code seq} holding {@code x[from, to)}. */
    static SampleChunk chunk(String stream, long seq, float[] x, int from, int to, double rate) {
        return SampleChunk.newBuilder()
                .setStreamId(stream)
                .setSeq(seq)
                .setStartTime(Micros.toInstant(timeOf(from, rate)))
                .setSampleRateHz(rate)
                .setSamples(Floats.toList(x, from, to))
                .build();
    }

    /** Windows of {@code n} every {@code h} in {@code length} samples. */
    static int windowCount(int length, int n, int h) {
        return length < n ? 0 : (length - n) / h + 1;
    }
}
