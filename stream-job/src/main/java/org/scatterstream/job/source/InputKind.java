package org.scatterstream.job.source;

import org.apache.avro.specific.SpecificRecordBase;
import org.scatterstream.schemas.Frame;
import org.scatterstream.schemas.SampleChunk;
import org.scatterstream.schemas.SensorReading;

/** What an input topic carries. */
public enum InputKind {
    SAMPLES(SampleChunk.class),
    READINGS(SensorReading.class),
    FRAMES(Frame.class);

    private final Class<? extends SpecificRecordBase> recordClass;

    InputKind(Class<? extends SpecificRecordBase> recordClass) {
        this.recordClass = recordClass;
    }

    /** The Avro record type of the topic's values. */
    public Class<? extends SpecificRecordBase> recordClass() {
        return recordClass;
    }
}
