package org.scatterstream.job.config;

import java.util.Locale;

/** Where the job starts reading input topics when it has no checkpoint to restore from. */
public enum StartingOffsets {
    /** The oldest records still in the topics. */
    EARLIEST,
    /** Only records produced after the job started. */
    LATEST,
    /** The consumer group's committed offsets; partitions without one start at the earliest. The default. */
    COMMITTED;

    /** Parses {@code earliest|latest|committed}. */
    public static StartingOffsets parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected 'earliest', 'latest' or 'committed'");
        }
    }
}
