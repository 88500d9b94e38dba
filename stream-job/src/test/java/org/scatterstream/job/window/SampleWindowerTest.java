package org.scatterstream.job.window;

import org.junit.jupiter.api.Test;
import org.scatterstream.job.internal.Floats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SampleWindowerTest {
    static final double RATE = 1000; // 1 ms per sample: times are easy to read
    static final long T0 = 1_000_000_000L;

    final List<SignalWindow> out = new ArrayList<>();
    final StreamState state = new StreamState();

    static float[] ramp(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = i + 1;
        return x;
    }

    SampleWindower.Outcome feed(SampleWindower w, long startMicros, float[] x, int from, int to) {
        return w.append(state, "s", startMicros, RATE, Floats.toList(x, from, to), out::add);
    }

    /** Contiguous chunks of random lengths: windows are exactly the slices of the signal. */
    @Test
    void anyChunkingGivesTheSlices() {
        for (int[] nh : new int[][] {{256, 100}, {256, 256}, {256, 300}, {7, 1}}) {
            int n = nh[0];
            int h = nh[1];
            out.clear();
            StreamState s = new StreamState();
            SampleWindower w = new SampleWindower(n, h, 0, -1, false);
            float[] x = ramp(5000);
            Random rnd = new Random(n + h);
            int at = 0;
            while (at < x.length) {
                int len = Math.min(x.length - at, 1 + rnd.nextInt(700));
                assertEquals(SampleWindower.Outcome.APPENDED,
                        w.append(s, "s", T0 + at * 1000L, RATE, Floats.toList(x, at, at + len), out::add));
                at += len;
            }
            assertEquals((x.length - n) / h + 1, out.size(), "windows for N=" + n + " H=" + h);
            for (int k = 0; k < out.size(); k++) {
                SignalWindow win = out.get(k);
                assertEquals(k, win.index);
                assertArrayEquals(Arrays.copyOfRange(x, k * h, k * h + n), win.data);
                assertEquals(T0 + (long) k * h * 1000, win.startMicros);
                assertEquals(T0 + ((long) k * h + n) * 1000, win.endMicros);
                assertEquals(T0 + ((long) k * h + n - 1) * 1000, win.lastSampleMicros);
                assertEquals(0, win.zeroFilled);
                assertEquals(1, win.channels);
                assertEquals(RATE, win.sampleRateHz);
            }
        }
    }

    @Test
    void shortGapIsZeroFilledAndCounted() {
        SampleWindower w = new SampleWindower(100, 50, 30, -1, false);
        float[] x = ramp(400);
        feed(w, T0, x, 0, 120);
        // 20 samples missing: the next chunk starts 20 ms late
        assertEquals(SampleWindower.Outcome.ZERO_FILLED, feed(w, T0 + 140_000, x, 140, 400));
        assertEquals(20, w.lastFilled());
        float[] expected = x.clone();
        Arrays.fill(expected, 120, 140, 0f);
        assertEquals((400 - 100) / 50 + 1, out.size());
        for (SignalWindow win : out) {
            int from = (int) win.index * 50;
            assertArrayEquals(Arrays.copyOfRange(expected, from, from + 100), win.data);
            int overlap = Math.max(0, Math.min(from + 100, 140) - Math.max(from, 120));
            assertEquals(overlap, win.zeroFilled, "window " + win.index);
        }
    }

    @Test
    void longGapStartsANewSegment() {
        SampleWindower w = new SampleWindower(100, 50, 30, -1, false);
        float[] x = ramp(1000);
        feed(w, T0, x, 0, 180); // windows [0,100), [50,150); 30 samples pending
        assertEquals(2, out.size());
        assertEquals(SampleWindower.Outcome.RESET_GAP, feed(w, T0 + 500_000, x, 500, 700));
        assertEquals(30, w.lastDiscarded());
        // new segment from sample 500: windows [500,600), [550,650), [600,700)
        assertEquals(5, out.size());
        assertEquals(2, out.get(2).index);
        assertEquals(T0 + 500_000, out.get(2).startMicros);
        assertArrayEquals(Arrays.copyOfRange(x, 550, 650), out.get(3).data);
    }

    @Test
    void rateChangeStartsANewSegment() {
        SampleWindower w = new SampleWindower(10, 10, 100, -1, false);
        feed(w, T0, ramp(15), 0, 15);
        assertEquals(1, out.size());
        SampleWindower.Outcome o = w.append(state, "s", T0 + 15_000, 2000, Floats.toList(ramp(20)), out::add);
        assertEquals(SampleWindower.Outcome.RESET_RATE, o);
        assertEquals(5, w.lastDiscarded());
        assertEquals(3, out.size());
        assertEquals(2000, out.get(2).sampleRateHz);
        assertEquals(T0 + 15_000 + 5_000, out.get(2).startMicros); // 10 samples at 2 kHz
    }

    @Test
    void overlapIsRejectedAndChangesNothing() {
        SampleWindower w = new SampleWindower(10, 5, 100, -1, false);
        float[] x = ramp(40);
        feed(w, T0, x, 0, 20);
        int before = out.size();
        assertEquals(SampleWindower.Outcome.TIME_BACKWARDS, feed(w, T0 + 15_000, ramp(10), 0, 10));
        assertEquals(before, out.size());
        assertEquals(SampleWindower.Outcome.APPENDED, feed(w, T0 + 20_000, x, 20, 40));
        for (SignalWindow win : out) {
            int from = (int) win.index * 5;
            assertArrayEquals(Arrays.copyOfRange(x, from, from + 10), win.data);
        }
    }

    @Test
    void toleranceAbsorbsJitterOfChunkTimestamps() {
        // a producer clock 0.1% fast: each 1000-sample chunk is stamped 1 sample early
        SampleWindower strict = new SampleWindower(500, 500, 100, -1, false);
        SampleWindower tolerant = new SampleWindower(500, 500, 100, 2_000, false);
        float[] x = ramp(5000);
        StreamState a = new StreamState();
        StreamState b = new StreamState();
        List<SignalWindow> outA = new ArrayList<>();
        List<SignalWindow> outB = new ArrayList<>();
        List<SampleWindower.Outcome> outcomes = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            long t = T0 + k * 999_000L;
            outcomes.add(strict.append(a, "s", t, RATE, Floats.toList(x, k * 1000, (k + 1) * 1000), outA::add));
            assertEquals(SampleWindower.Outcome.APPENDED,
                    tolerant.append(b, "s", t, RATE, Floats.toList(x, k * 1000, (k + 1) * 1000), outB::add));
        }
        // strict: each chunk overlaps the previous one by a sample and is rejected; the next is then a gap
        assertEquals(List.of(SampleWindower.Outcome.TIME_BACKWARDS, SampleWindower.Outcome.RESET_GAP,
                SampleWindower.Outcome.TIME_BACKWARDS, SampleWindower.Outcome.RESET_GAP), outcomes.subList(1, 5));
        assertEquals(10, outB.size());
        assertArrayEquals(Arrays.copyOfRange(x, 4500, 5000), outB.get(9).data);
    }

    @Test
    void readingsTakeTheNearestSlotOfTheNominalGrid() {
        SampleWindower w = new SampleWindower(10, 10, 5, -1, true);
        Random rnd = new Random(1);
        List<Float> values = new ArrayList<>();
        int slot = 0;
        for (int i = 0; i < 40; i++, slot++) {
            if (i == 20) slot += 3; // three readings missing
            long jitter = Math.round((rnd.nextDouble() - 0.5) * 0.8 * 1000); // up to ±0.4 period
            float v = i + 1;
            values.add(v);
            assertEquals(i == 20 ? SampleWindower.Outcome.ZERO_FILLED : SampleWindower.Outcome.APPENDED,
                    w.append(state, "s", T0 + slot * 1000L + (i == 0 ? 0 : jitter), RATE, List.of(v), out::add), "reading " + i);
        }
        // a second reading in an occupied slot
        assertEquals(SampleWindower.Outcome.TIME_BACKWARDS,
                w.append(state, "s", T0 + (slot - 1) * 1000L + 200, RATE, List.of(0f), out::add));
        assertEquals(4, out.size());
        assertEquals(3, out.get(2).zeroFilled); // slots 20..22 are in window [20, 30)
        assertEquals(0f, out.get(2).data[0]);
        assertEquals(21f, out.get(2).data[3]);
        assertEquals(T0 + 20_000, out.get(2).startMicros);
    }
}
