package org.scatterstream.job.internal;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;
import org.scatterstream.job.config.AvroEncoding;
import org.scatterstream.schemas.DeadLetterReason;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Encodes and decodes one generated Avro record type in one {@link AvroEncoding}. Not thread-safe and not
 * serializable: create one per task, in {@code open()}. Decoding failures are classified into
 * {@link DeadLetterReason}s.
 */
public final class AvroCodec<T extends SpecificRecordBase> {
    private final Class<T> type;
    private final AvroEncoding encoding;
    private final SpecificData model;
    private final Schema schema;
    private final BinaryMessageEncoder<T> messageEncoder;
    private final BinaryMessageDecoder<T> messageDecoder;
    private final SpecificDatumWriter<T> writer;
    private final SpecificDatumReader<T> reader;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
    private BinaryEncoder encoder;
    private BinaryDecoder decoder;

    public AvroCodec(Class<T> type, AvroEncoding encoding) {
        this.type = type;
        this.encoding = encoding;
        this.model = SpecificData.getForClass(type);
        this.schema = model.getSchema(type);
        this.messageEncoder = new BinaryMessageEncoder<>(model, schema);
        this.messageDecoder = new BinaryMessageDecoder<>(model, schema);
        this.writer = new SpecificDatumWriter<>(schema, model);
        this.reader = new SpecificDatumReader<>(schema, schema, model);
    }

    /**
     * Accepts records written with an older version of the schema (single-object encoding only): they are
     * resolved to the current schema, new fields taking their defaults.
     */
    public void addWriterSchema(Schema writerSchema) {
        messageDecoder.addSchema(writerSchema);
    }

    public Schema schema() {
        return schema;
    }

    /** The record as a Kafka value. */
    public byte[] encode(T record) {
        try {
            if (encoding == AvroEncoding.SINGLE_OBJECT) {
                buffer.reset();
                messageEncoder.encode(record, buffer);
                return buffer.toByteArray();
            }
            buffer.reset();
            encoder = EncoderFactory.get().directBinaryEncoder(buffer, encoder);
            writer.write(record, encoder);
            encoder.flush();
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes a Kafka value; throws {@link DecodeException} with the reason when it is not a valid {@code T}. */
    public T decode(byte[] bytes) throws DecodeException {
        if (bytes == null || bytes.length == 0) {
            throw new DecodeException(DeadLetterReason.UNDECODABLE, "empty record value");
        }
        try {
            if (encoding == AvroEncoding.SINGLE_OBJECT) {
                return messageDecoder.decode(bytes);
            }
            decoder = DecoderFactory.get().binaryDecoder(bytes, decoder);
            T value = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new DecodeException(DeadLetterReason.WRONG_SCHEMA,
                        (bytes.length - decoder.inputStream().available()) + " of " + bytes.length
                                + " bytes form a " + type.getSimpleName() + "; the rest is not part of it");
            }
            return value;
        } catch (MissingSchemaException e) {
            throw new DecodeException(DeadLetterReason.WRONG_SCHEMA, "Avro single-object record of an unknown schema, not "
                    + type.getSimpleName() + " (" + e.getMessage() + ")");
        } catch (BadHeaderException e) {
            throw new DecodeException(DeadLetterReason.UNDECODABLE, "not an Avro single-object record: " + e.getMessage());
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            // A corrupt body: truncated, a negative or absurd length, a bad union index (Avro signals these
            // with several exception types). OutOfMemoryError here is a single failed allocation for an
            // absurd length, not a heap in distress; bad bytes must never fail the job.
            throw new DecodeException(DeadLetterReason.UNDECODABLE, "corrupt " + type.getSimpleName() + " body: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + oneLine(e.getMessage())));
        }
    }

    private static String oneLine(String s) {
        String line = s.replace('\n', ' ');
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    /** A value that is not a valid record, with the dead-letter reason. */
    public static final class DecodeException extends Exception {
        private static final long serialVersionUID = 1L;
        private final DeadLetterReason reason;

        public DecodeException(DeadLetterReason reason, String message) {
            super(message);
            this.reason = reason;
        }

        public DeadLetterReason reason() {
            return reason;
        }
    }
}
