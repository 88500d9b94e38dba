package org.scatterstream.job.config;

import java.util.Locale;

/** How Avro records are framed in Kafka record values. */
public enum AvroEncoding {
    /**
     * Avro single-object encoding: marker {@code C3 01}, the 8-byte CRC-64-AVRO fingerprint of the writer
     * schema, then the binary body. Self-describing, so records of a wrong schema are recognised as such,
     * and readers can accept older writer schemas. The default.
     */
    SINGLE_OBJECT,
    /** Plain Avro binary body, no header (Flink's {@code AvroSerializationSchema} format). */
    BINARY;

    /** Parses {@code single-object} or {@code binary}. */
    public static AvroEncoding parse(String s) {
        switch (s.trim().toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "single-object": return SINGLE_OBJECT;
            case "binary": return BINARY;
            default: throw new IllegalArgumentException("expected 'single-object' or 'binary'");
        }
    }
}
