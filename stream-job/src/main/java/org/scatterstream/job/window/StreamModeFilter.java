package org.scatterstream.job.window;

import org.apache.flink.api.common.functions.FilterFunction;
import org.scatterstream.job.config.JobConfig;
import org.scatterstream.job.config.WindowMode;
import org.scatterstream.job.source.InputRecord;

import java.util.regex.Pattern;

/**
 * Keeps the records of the streams processed in one mode: continuous when {@code window.mode} is
 * {@code continuous} or the stream id matches {@code window.continuous-streams}; windowed otherwise.
 */
public final class StreamModeFilter implements FilterFunction<InputRecord> {
    private static final long serialVersionUID = 1L;

    private final boolean allContinuous;
    private final String regex;
    private final boolean keepContinuous;
    private transient Pattern pattern;

    /** @param keepContinuous true to keep the continuous streams, false to keep the windowed ones */
    public StreamModeFilter(JobConfig c, boolean keepContinuous) {
        this.allContinuous = c.windowMode() == WindowMode.CONTINUOUS;
        this.regex = c.continuousStreams();
        this.keepContinuous = keepContinuous;
    }

    /** Whether stream {@code id} is processed continuously. */
    public boolean continuous(String id) {
        if (allContinuous) return true;
        if (regex == null) return false;
        if (pattern == null) pattern = Pattern.compile(regex);
        return pattern.matcher(id).matches();
    }

    @Override
    public boolean filter(InputRecord r) {
        return continuous(r.streamId()) == keepContinuous;
    }
}
