package org.scatterstream.job.sink;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.scatterstream.job.config.AvroEncoding;
import org.scatterstream.job.internal.AvroCodec;
import org.scatterstream.job.source.InputKind;
import org.scatterstream.job.source.InputRecord;
import org.scatterstream.schemas.DeadLetter;

import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;

/**
 * Completes dead letters raised after decoding (by the windowing stage): their raw bytes are the record
 * re-encoded in the source encoding, which Avro makes byte-identical to what was read. Carrying the raw
 * bytes through the pipeline instead would double the data every record ships between operators.
 */
public final class DeadLetterCompleter extends RichMapFunction<InputRecord, DeadLetter> {
    private static final long serialVersionUID = 1L;

    private final AvroEncoding encoding;
    private transient Map<InputKind, AvroCodec<SpecificRecordBase>> codecs;

    public DeadLetterCompleter(AvroEncoding encoding) {
        this.encoding = encoding;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void open(OpenContext openContext) {
        codecs = new EnumMap<>(InputKind.class);
        for (InputKind k : InputKind.values()) {
            codecs.put(k, new AvroCodec<>((Class<SpecificRecordBase>) k.recordClass(), encoding));
        }
    }

    @Override
    public DeadLetter map(InputRecord r) {
        SpecificRecordBase value;
        InputKind kind;
        if (r.chunk != null) {
            value = r.chunk;
            kind = InputKind.SAMPLES;
        } else if (r.reading != null) {
            value = r.reading;
            kind = InputKind.READINGS;
        } else {
            value = r.frame;
            kind = InputKind.FRAMES;
        }
        DeadLetter d = r.deadLetter;
        d.setRaw(ByteBuffer.wrap(codecs.get(kind).encode(value)));
        return d;
    }
}
