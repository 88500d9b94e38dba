package org.scatterstream.engine.core;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The incremental 1D scattering kernel of one precision ({@code ContinuousCore64}/{@code 32}):
 * work buffers and filters shared by any number of streams, and per-stream {@link State}s holding
 * everything a stream needs to continue (histories of every stage, counters). Not thread-safe: a
 * core runs one push at a time.
 */
public interface ContinuousCore extends AutoCloseable {

    /** Opaque per-stream state. */
    interface State {}

    /** A fresh stream (nothing received yet). */
    State newState();

    /** Feeds samples; frames completed go to {@code out}. */
    void push(State st, float[] x, int offset, int length, FrameCollector out);

    /** Feeds samples; frames completed go to {@code out}. */
    void push(State st, double[] x, int offset, int length, FrameCollector out);

    /**
     * Ends the stream: extends it by reflection after its last sample (as Kymatio pads) and emits
     * the remaining frames up to the last frame whose position lies in the signal.
     */
    void finish(State st, FrameCollector out);

    /** Samples received so far. */
    long received(State st);

    boolean finished(State st);

    /** Writes the state (without any header). */
    void write(State st, DataOutputStream out) throws IOException;

    /** Reads a state written by {@link #write} for the same plan and precision. */
    State read(DataInputStream in) throws IOException;

    @Override
    void close();
}
