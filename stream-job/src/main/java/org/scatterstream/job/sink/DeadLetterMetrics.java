package org.scatterstream.job.sink;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.scatterstream.schemas.DeadLetter;
import org.scatterstream.schemas.DeadLetterReason;

import java.util.EnumMap;
import java.util.Map;

/** Counts dead letters by reason (metric {@code deadLetters} with a {@code reason} variable) on their way to the sink. */
public final class DeadLetterMetrics extends RichMapFunction<DeadLetter, DeadLetter> {
    private static final long serialVersionUID = 1L;

    private transient Map<DeadLetterReason, Counter> counters;

    @Override
    public void open(OpenContext openContext) {
        counters = new EnumMap<>(DeadLetterReason.class);
        for (DeadLetterReason r : DeadLetterReason.values()) {
            counters.put(r, getRuntimeContext().getMetricGroup().addGroup("reason", r.name()).counter("deadLetters"));
        }
    }

    @Override
    public DeadLetter map(DeadLetter d) {
        counters.get(d.getReason()).inc();
        return d;
    }
}
