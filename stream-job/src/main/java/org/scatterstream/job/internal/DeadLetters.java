package org.scatterstream.job.internal;

import org.scatterstream.schemas.DeadLetter;
import org.scatterstream.schemas.DeadLetterReason;

import java.nio.ByteBuffer;
import java.time.Instant;

/** Builds {@link DeadLetter} records. */
public final class DeadLetters {
    private DeadLetters() {
    }

    public static DeadLetter of(String topic, int partition, long offset, byte[] raw, DeadLetterReason reason,
                                String message, String streamId) {
        return DeadLetter.newBuilder()
                .setSourceTopic(topic)
                .setSourcePartition(partition)
                .setSourceOffset(offset)
                .setRaw(ByteBuffer.wrap(raw == null ? new byte[0] : raw))
                .setReason(reason)
                .setMessage(message)
                .setTime(Instant.ofEpochMilli(System.currentTimeMillis()))
                .setStreamId(streamId)
                .build();
    }
}
