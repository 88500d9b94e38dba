package org.scatterstream.job.source;

import org.scatterstream.job.internal.Micros;
import org.scatterstream.schemas.DeadLetter;
import org.scatterstream.schemas.Frame;
import org.scatterstream.schemas.SampleChunk;
import org.scatterstream.schemas.SensorReading;

/**
 * One record read from an input topic: exactly one of {@link #chunk}, {@link #reading}, {@link #frame} (a
 * valid input) or {@link #deadLetter} (an input that failed decoding or validation) is set. The source
 * position travels along so that records rejected further downstream can still name it.
 *
 * <p>A Flink POJO whose fields are Avro records: serialized with Flink's POJO and Avro serializers, no Kryo.
 */
public class InputRecord {
    public SampleChunk chunk;
    public SensorReading reading;
    public Frame frame;
    public DeadLetter deadLetter;
    public String topic;
    public int partition;
    public long offset;

    public InputRecord() {
    }

    static InputRecord at(String topic, int partition, long offset) {
        InputRecord r = new InputRecord();
        r.topic = topic;
        r.partition = partition;
        r.offset = offset;
        return r;
    }

    /** The stream the record belongs to (null only for a dead letter that could not be decoded). */
    public String streamId() {
        if (chunk != null) return chunk.getStreamId();
        if (reading != null) return reading.getStreamId();
        if (frame != null) return frame.getStreamId();
        return deadLetter.getStreamId();
    }

    /** Event time in microseconds; {@link Long#MIN_VALUE} for dead letters, which carry none. */
    public long eventTimeMicros() {
        if (chunk != null) return Micros.of(chunk.getStartTime());
        if (reading != null) return Micros.of(reading.getTimestamp());
        if (frame != null) return Micros.of(frame.getTimestamp());
        return Long.MIN_VALUE;
    }

    /** Event time as a Flink timestamp; {@link Long#MIN_VALUE} for dead letters, so they never advance watermarks. */
    public long eventTimeMillis() {
        long us = eventTimeMicros();
        return us == Long.MIN_VALUE ? Long.MIN_VALUE : Micros.toMillis(us);
    }

    @Override
    public String toString() {
        return "InputRecord{" + topic + "-" + partition + "@" + offset + ", stream=" + streamId() + "}";
    }
}
