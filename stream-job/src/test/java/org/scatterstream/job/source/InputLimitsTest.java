package org.scatterstream.job.source;

import org.junit.jupiter.api.Test;
import org.scatterstream.job.config.AvroEncoding;
import org.scatterstream.job.internal.AvroCodec;
import org.scatterstream.job.internal.Floats;
import org.scatterstream.job.internal.Micros;
import org.scatterstream.schemas.DeadLetterReason;
import org.scatterstream.schemas.Frame;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class InputLimitsTest {
    static Frame.Builder frame(int h, int w, int c, int values) {
        return Frame.newBuilder().setStreamId("cam").setTimestamp(Micros.toInstant(0)).setHeight(h).setWidth(w)
                .setChannels(c).setPixels(Floats.toList(new float[values]));
    }

    @Test
    void framesAreCheckedAgainstTheirDimsAndTheConfiguredShape() {
        InputLimits limits = new InputLimits(100, 10_000, 8, 8);
        assertNull(limits.check(frame(8, 8, 3, 192).build()));
        assertEquals(DeadLetterReason.DIMENSION_MISMATCH, limits.check(frame(8, 8, 3, 191).build()).reason);
        assertEquals(DeadLetterReason.DIMENSION_MISMATCH, limits.check(frame(8, 4, 1, 32).build()).reason);
        assertEquals(DeadLetterReason.INVALID_FIELD, limits.check(frame(0, 8, 1, 0).build()).reason);
        assertEquals(DeadLetterReason.EMPTY, limits.check(frame(8, 8, 1, 0).build()).reason);
        assertEquals(DeadLetterReason.OVERSIZED, new InputLimits(100, 100, 0, 0).check(frame(8, 8, 2, 128).build()).reason);
        Frame nan = frame(8, 8, 1, 64).build();
        nan.getPixels().set(10, Float.NaN);
        assertEquals(DeadLetterReason.NON_FINITE, limits.check(nan).reason);
    }

    @Test
    void deserializerDecodesChecksAndNeverThrows() {
        Map<String, InputKind> topics = Map.of("f", InputKind.FRAMES);
        InputDeserializer d = new InputDeserializer(topics, AvroEncoding.SINGLE_OBJECT, new InputLimits(100, 10_000, 8, 8));
        AvroCodec<Frame> codec = new AvroCodec<>(Frame.class, AvroEncoding.SINGLE_OBJECT);
        InputRecord ok = d.decode("f", 0, 7, codec.encode(frame(8, 8, 1, 64).setSeq(3L).build()));
        assertNotNull(ok.frame);
        assertNull(ok.deadLetter);
        assertEquals("cam", ok.streamId());
        InputRecord bad = d.decode("f", 1, 9, codec.encode(frame(8, 8, 1, 63).build()));
        assertNull(bad.frame);
        assertEquals(DeadLetterReason.DIMENSION_MISMATCH, bad.deadLetter.getReason());
        assertEquals(9, bad.deadLetter.getSourceOffset());
        assertEquals("cam", bad.deadLetter.getStreamId());
        InputRecord garbage = d.decode("f", 0, 10, new byte[] {1, 2, 3});
        assertEquals(DeadLetterReason.UNDECODABLE, garbage.deadLetter.getReason());
        assertEquals(Long.MIN_VALUE, garbage.eventTimeMillis());
    }
}
