package org.scatterstream.job.source;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.scatterstream.schemas.DeadLetter;

/** Splits decoded input: sample chunks on the main output, readings, frames and dead letters on side outputs. */
public final class InputRouter extends ProcessFunction<InputRecord, InputRecord> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<InputRecord> READINGS = new OutputTag<>("readings", TypeInformation.of(InputRecord.class));
    public static final OutputTag<InputRecord> FRAMES = new OutputTag<>("frames", TypeInformation.of(InputRecord.class));
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters", new AvroTypeInfo<>(DeadLetter.class));

    @Override
    public void processElement(InputRecord r, Context ctx, Collector<InputRecord> out) {
        if (r.deadLetter != null) {
            ctx.output(DEAD_LETTERS, r.deadLetter);
        } else if (r.chunk != null) {
            out.collect(r);
        } else if (r.reading != null) {
            ctx.output(READINGS, r);
        } else {
            ctx.output(FRAMES, r);
        }
    }
}
