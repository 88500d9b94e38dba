package org.scatterstream.job.operator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.scatterstream.engine.ContinuousScattering1D;
import org.scatterstream.job.config.PostProcessing;
import org.scatterstream.job.config.Scattering1DSpec;
import org.scatterstream.job.internal.Floats;
import org.scatterstream.job.internal.Micros;
import org.scatterstream.job.window.SignalWindow;
import org.scatterstream.schemas.ScatteringFeatures;

/**
 * The end of continuous streams in {@link ContinuousScatteringOperator}: at the end of bounded input (streams
 * in memory and streams only in restored keyed state) and after the idle timeout (event time), each stream's
 * last frames are emitted, equal to the engine's {@link ContinuousScattering1D.Stream#finish()}, and its
 * transform state is dropped.
 */
class ContinuousScatteringOperatorTest {
    static final int H = 128;
    static final double RATE = 16_000;
    static final long IDLE_MS = 1_000;

    static ContinuousFactory factory(long idleMillis) {
        return new ContinuousFactory(new Scattering1DSpec(4, 2, 1, null, false, 2, 1024, "float", null, 1), H,
                PostProcessing.NONE, idleMillis);
    }

    static KeyedOneInputStreamOperatorTestHarness<String, SignalWindow, ScatteringFeatures> harness(long idleMillis) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new ContinuousScatteringOperator(factory(idleMillis)),
                w -> w.streamId, Types.STRING);
    }

    static float[] signal(long seed, int n) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (Math.sin(0.05 * i) + 0.3 * r.nextGaussian());
        return x;
    }

    /** Block b (H samples from sample b * H) of a stream starting at event time 0. */
    static SignalWindow block(String id, float[] x, int b) {
        SignalWindow w = new SignalWindow();
        w.streamId = id;
        w.index = b;
        w.sampleRateHz = RATE;
        w.channels = 1;
        w.segmentStartMicros = 0;
        w.segmentSample = (long) b * H;
        w.startMicros = Math.round(b * H * 1e6 / RATE);
        w.endMicros = Math.round((b + 1) * H * 1e6 / RATE);
        w.lastSampleMicros = Math.round(((b + 1) * H - 1) * 1e6 / RATE);
        w.data = java.util.Arrays.copyOfRange(x, b * H, (b + 1) * H);
        return w;
    }

    /** Blocks 0..blocks-1 of streams "a" and "b", alternating. */
    static void interleave(KeyedOneInputStreamOperatorTestHarness<String, SignalWindow, ScatteringFeatures> h, float[] a, float[] b,
                           int blocks) throws Exception {
        for (int i = 0; i < blocks; i++) {
            h.processElement(block("a", a, i), 0);
            h.processElement(block("b", b, i), 0);
        }
    }

    /** The engine fed the same blocks, then finished: one entry per non-empty push, the last one the finish. */
    static List<ContinuousScattering1D.Frames> expected(float[] x, int blocks) {
        List<ContinuousScattering1D.Frames> out = new ArrayList<>();
        try (ContinuousScattering1D cs = factory(0).create()) {
            ContinuousScattering1D.Stream st = cs.open();
            for (int b = 0; b < blocks; b++) {
                ContinuousScattering1D.Frames f = st.push(x, b * H, H);
                if (!f.isEmpty()) out.add(f);
            }
            ContinuousScattering1D.Frames f = st.finish();
            assertTrue(!f.isEmpty(), "the finish emits frames");
            out.add(f);
        }
        return out;
    }

    static List<ScatteringFeatures> of(List<ScatteringFeatures> all, String id) {
        List<ScatteringFeatures> mine = new ArrayList<>();
        for (ScatteringFeatures f : all) if (f.getStreamId().equals(id)) mine.add(f);
        return mine;
    }

    static void assertRecords(List<ContinuousScattering1D.Frames> want, List<ScatteringFeatures> got, String id) {
        assertEquals(want.size(), got.size(), "records of " + id);
        long stride = 1L << 4;
        for (int i = 0; i < want.size(); i++) {
            ContinuousScattering1D.Frames f = want.get(i);
            ScatteringFeatures r = got.get(i);
            int c = f.channels(), n = f.count();
            float[] v = new float[c * n];
            for (int t = 0; t < n; t++) for (int ch = 0; ch < c; ch++) v[ch * n + t] = (float) f.get(t, ch);
            assertEquals(i, r.getWindowIndex(), "window index of record " + i + " of " + id);
            assertArrayEquals(v, Floats.toArray(r.getCoefficients()), 0f, "frames of record " + i + " of " + id);
            assertEquals(Math.round(f.first() * stride * 1e6 / RATE), Micros.of(r.getWindowStart()), "start of record " + i);
        }
        ContinuousScattering1D.Frames last = want.get(want.size() - 1);
        assertEquals(0, got.get(got.size() - 1).getZeroFilled());
        assertTrue(last.first() + last.count() > 0);
    }

    @Test
    void endOfInputEmitsTheLastFramesOfEveryStream() throws Exception {
        int blocks = 13;
        float[] a = signal(1, blocks * H), b = signal(2, blocks * H);
        try (var h = harness(IDLE_MS)) {
            h.open();
            interleave(h, a, b, blocks);
            int before = h.extractOutputValues().size();
            h.endInput();
            List<ScatteringFeatures> out = h.extractOutputValues();
            assertEquals(before + 2, out.size(), "one record of last frames per stream");
            assertRecords(expected(a, blocks), of(out, "a"), "a");
            assertRecords(expected(b, blocks), of(out, "b"), "b");
            // ceil(n / stride) frames in all, as the batch transform of the whole signal
            int frames = 0;
            for (ScatteringFeatures f : of(out, "a")) frames += f.getShape().get(1);
            assertEquals((blocks * H + 15) / 16, frames);
        }
    }

    @Test
    void endOfInputAlsoEndsStreamsKnownOnlyFromRestoredState() throws Exception {
        int blocks = 9;
        float[] a = signal(3, blocks * H);
        OperatorSubtaskState snapshot;
        List<ScatteringFeatures> first;
        try (var h = harness(0)) {
            h.open();
            for (int i = 0; i < blocks; i++) h.processElement(block("a", a, i), 0);
            snapshot = h.snapshot(1, 1);
            first = new ArrayList<>(h.extractOutputValues());
        }
        try (var h = harness(0)) {
            h.initializeState(snapshot);
            h.open();
            h.endInput();
            List<ScatteringFeatures> all = new ArrayList<>(first);
            all.addAll(h.extractOutputValues());
            assertEquals(first.size() + 1, all.size(), "the restored stream is finished");
            assertRecords(expected(a, blocks), all, "a");
        }
    }

    @Test
    void idleStreamIsEndedAndItsStateDropped() throws Exception {
        int blocks = 11, bBlocks = 200;          // "b" lasts 1.6 s, well past "a"'s timeout
        float[] a = signal(4, blocks * H), b = signal(5, bBlocks * H);
        try (var h = harness(IDLE_MS)) {
            h.open();
            interleave(h, a, b, blocks);
            // "b" goes on, "a" stops
            for (int i = blocks; i < bBlocks; i++) h.processElement(block("b", b, i), 0);
            long aEndMs = Math.round(blocks * H * 1e3 / RATE);
            long sizeBefore = h.snapshot(1, 1).getStateSize();
            h.processWatermark(aEndMs + IDLE_MS - 1);
            int records = h.extractOutputValues().size();
            assertEquals(expected(a, blocks).size() - 1, of(h.extractOutputValues(), "a").size(), "not idle yet");

            // past the timeout (rounded up to a quarter of it): "a" ends, "b" (last sample later) does not
            h.processWatermark(aEndMs + IDLE_MS + IDLE_MS / 4);
            List<ScatteringFeatures> out = h.extractOutputValues();
            assertEquals(records + 1, out.size(), "one record: the last frames of the idle stream");
            assertRecords(expected(a, blocks), of(out, "a"), "a");
            long sizeAfter = h.snapshot(2, 2).getStateSize();
            assertTrue(sizeAfter < sizeBefore * 0.75, "the idle stream's transform state is dropped: " + sizeBefore + " -> " + sizeAfter);

            // "a" comes back: a new transform, the record index counting on
            int n = expected(a, blocks).size();
            for (int i = 0; i < blocks; i++) h.processElement(block("a", a, i), 0);
            List<ScatteringFeatures> again = of(h.extractOutputValues(), "a");
            assertTrue(again.size() > n, "the stream restarts");
            assertEquals(n, again.get(n).getWindowIndex());
            assertArrayEquals(Floats.toArray(of(out, "a").get(0).getCoefficients()), Floats.toArray(again.get(n).getCoefficients()), 0f,
                    "the new transform starts afresh");

            // the watermark's end: every stream ends, no timer is left behind
            h.processWatermark(Long.MAX_VALUE);
            assertEquals(0, h.numEventTimeTimers());
            assertRecords(expected(b, bBlocks), of(h.extractOutputValues(), "b"), "b");
        }
    }

    @Test
    void zeroTimeoutNeverEnds() throws Exception {
        float[] a = signal(6, 4 * H);
        try (var h = harness(0)) {
            h.open();
            for (int i = 0; i < 4; i++) h.processElement(block("a", a, i), 0);
            int n = h.extractOutputValues().size();
            h.processWatermark(Long.MAX_VALUE - 1);
            assertEquals(n, h.extractOutputValues().size());
            assertEquals(0, h.numEventTimeTimers());
        }
    }
}
