package org.scatterstream.job.internal;

import java.time.Instant;

/** Event times: the schemas carry microseconds ({@code timestamp-micros}, {@link Instant} in Java); Flink uses milliseconds. */
public final class Micros {
    private Micros() {
    }

    /** Microseconds since the epoch. */
    public static long of(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }

    /** The instant {@code micros} after the epoch. */
    public static Instant toInstant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    /** Flink timestamp (milliseconds, rounded down) of a time in microseconds. */
    public static long toMillis(long micros) {
        return Math.floorDiv(micros, 1000L);
    }
}
