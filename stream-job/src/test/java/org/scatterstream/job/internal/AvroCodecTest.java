package org.scatterstream.job.internal;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;
import org.scatterstream.job.config.AvroEncoding;
import org.scatterstream.schemas.DeadLetterReason;
import org.scatterstream.schemas.SampleChunk;
import org.scatterstream.schemas.SensorReading;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AvroCodecTest {
    static SampleChunk chunk() {
        return SampleChunk.newBuilder().setStreamId("mic").setSeq(3).setStartTime(Micros.toInstant(1_700_000_000_123_456L))
                .setSampleRateHz(16000).setSamples(Floats.toList(new float[] {1, -2, 3.5f})).setUnit("Pa").build();
    }

    static DeadLetterReason reason(AvroCodec<?> codec, byte[] bytes) {
        return assertThrows(AvroCodec.DecodeException.class, () -> codec.decode(bytes)).reason();
    }

    @Test
    void roundTripsInBothEncodingsWithMicrosecondTimes() throws Exception {
        for (AvroEncoding e : AvroEncoding.values()) {
            AvroCodec<SampleChunk> c = new AvroCodec<>(SampleChunk.class, e);
            byte[] bytes = c.encode(chunk());
            SampleChunk back = c.decode(bytes);
            assertEquals(chunk(), back);
            assertEquals(1_700_000_000_123_456L, Micros.of(back.getStartTime()));
            assertArrayEquals(bytes, c.encode(back), "re-encoding is byte-identical (dead letters rely on it)");
        }
        byte[] single = new AvroCodec<>(SampleChunk.class, AvroEncoding.SINGLE_OBJECT).encode(chunk());
        assertEquals((byte) 0xC3, single[0]);
        assertEquals((byte) 0x01, single[1]);
    }

    @Test
    void classifiesBadBytes() {
        AvroCodec<SampleChunk> single = new AvroCodec<>(SampleChunk.class, AvroEncoding.SINGLE_OBJECT);
        AvroCodec<SampleChunk> binary = new AvroCodec<>(SampleChunk.class, AvroEncoding.BINARY);
        byte[] ok = single.encode(chunk());
        assertEquals(DeadLetterReason.UNDECODABLE, reason(single, null));
        assertEquals(DeadLetterReason.UNDECODABLE, reason(single, new byte[0]));
        assertEquals(DeadLetterReason.UNDECODABLE, reason(single, "hello".getBytes()));
        assertEquals(DeadLetterReason.UNDECODABLE, reason(single, Arrays.copyOf(ok, ok.length - 5)));
        byte[] other = new AvroCodec<>(SensorReading.class, AvroEncoding.SINGLE_OBJECT).encode(SensorReading.newBuilder()
                .setStreamId("x").setTimestamp(Micros.toInstant(0)).setValue(1).build());
        assertEquals(DeadLetterReason.WRONG_SCHEMA, reason(single, other));

        byte[] plain = binary.encode(chunk());
        byte[] trailing = Arrays.copyOf(plain, plain.length + 3);
        assertEquals(DeadLetterReason.WRONG_SCHEMA, reason(binary, trailing));
        assertEquals(DeadLetterReason.UNDECODABLE, reason(binary, Arrays.copyOf(plain, 6)));
    }

    @Test
    void absurdLengthsAndRandomBytesNeverEscape() {
        AvroCodec<SampleChunk> binary = new AvroCodec<>(SampleChunk.class, AvroEncoding.BINARY);
        // stream_id "a", seq 0, time 0, rate 1.0, then an array block claiming 2^30 floats
        byte[] b = {2, 'a', 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xF0, 0x3F, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 8};
        assertEquals(DeadLetterReason.UNDECODABLE, reason(binary, b));
        Random rnd = new Random(5);
        for (int i = 0; i < 2000; i++) {
            byte[] r = new byte[1 + rnd.nextInt(64)];
            rnd.nextBytes(r);
            try {
                binary.decode(r); // random bytes may happen to be a valid record; they must not throw anything else
            } catch (AvroCodec.DecodeException e) {
                assertEquals(true, e.reason() == DeadLetterReason.UNDECODABLE || e.reason() == DeadLetterReason.WRONG_SCHEMA);
            }
        }
    }

    @Test
    void readsRecordsOfAnOlderSchemaVersion() throws Exception {
        // version 0 of SampleChunk: without the optional unit and channel fields
        Schema v0 = SchemaBuilder.record("SampleChunk").namespace("org.scatterstream.schemas").fields()
                .requiredString("stream_id").requiredLong("seq")
                .name("start_time").type(org.apache.avro.LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
                .requiredDouble("sample_rate_hz")
                .name("samples").type().array().items().floatType().noDefault()
                .endRecord();
        GenericRecord old = new GenericData.Record(v0);
        old.put("stream_id", "old");
        old.put("seq", 1L);
        old.put("start_time", 5L);
        old.put("sample_rate_hz", 8000.0);
        old.put("samples", List.of(1f, 2f));
        ByteArrayOutputStream os = new ByteArrayOutputStream();
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v0).encode(old, os);

        AvroCodec<SampleChunk> c = new AvroCodec<>(SampleChunk.class, AvroEncoding.SINGLE_OBJECT);
        assertEquals(DeadLetterReason.WRONG_SCHEMA, reason(c, os.toByteArray()));
        c.addWriterSchema(v0);
        SampleChunk back = c.decode(os.toByteArray());
        assertEquals("old", back.getStreamId());
        assertEquals(List.of(1f, 2f), back.getSamples());
        assertNull(back.getUnit());
    }
}
