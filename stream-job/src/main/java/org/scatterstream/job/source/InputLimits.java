package org.scatterstream.job.source;

import org.scatterstream.job.config.JobConfig;
import org.scatterstream.job.internal.Floats;
import org.scatterstream.schemas.DeadLetterReason;
import org.scatterstream.schemas.Frame;
import org.scatterstream.schemas.SampleChunk;
import org.scatterstream.schemas.SensorReading;

import java.io.Serializable;

/**
 * Checks decoded input records field by field. Each check returns null for a valid record, else a
 * {@link Violation} with the dead-letter reason and a one-line message. Checks that need a stream's history
 * (seq order, time overlap) are done by the windowing stage.
 */
public final class InputLimits implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int maxChunkSamples;
    private final int maxFramePixels;
    private final int frameHeight;
    private final int frameWidth;

    /**
     * @param frameHeight the configured frame height, or 0 to accept any
     * @param frameWidth the configured frame width, or 0 to accept any
     */
    public InputLimits(int maxChunkSamples, int maxFramePixels, int frameHeight, int frameWidth) {
        this.maxChunkSamples = maxChunkSamples;
        this.maxFramePixels = maxFramePixels;
        this.frameHeight = frameHeight;
        this.frameWidth = frameWidth;
    }

    public static InputLimits of(JobConfig c) {
        return new InputLimits(c.maxChunkSamples(), c.maxFramePixels(),
                c.scattering2d() == null ? 0 : c.scattering2d().height(),
                c.scattering2d() == null ? 0 : c.scattering2d().width());
    }

    /** Why a record is rejected. */
    public static final class Violation {
        public final DeadLetterReason reason;
        public final String message;

        Violation(DeadLetterReason reason, String message) {
            this.reason = reason;
            this.message = message;
        }
    }

    public Violation check(SampleChunk c) {
        if (c.getStreamId().isEmpty()) return new Violation(DeadLetterReason.INVALID_FIELD, "empty stream_id");
        if (c.getSeq() < 0) return new Violation(DeadLetterReason.INVALID_FIELD, "negative seq " + c.getSeq());
        double rate = c.getSampleRateHz();
        if (!(rate > 0) || Double.isInfinite(rate)) {
            return new Violation(DeadLetterReason.BAD_SAMPLE_RATE, "sample_rate_hz must be positive and finite, got " + rate);
        }
        int n = c.getSamples().size();
        if (n == 0) return new Violation(DeadLetterReason.EMPTY, "chunk has no samples");
        if (n > maxChunkSamples) {
            return new Violation(DeadLetterReason.OVERSIZED, n + " samples, more than input.max-chunk-samples = " + maxChunkSamples);
        }
        int bad = Floats.firstNonFinite(c.getSamples());
        if (bad >= 0) return new Violation(DeadLetterReason.NON_FINITE, "sample " + bad + " is " + c.getSamples().get(bad));
        return null;
    }

    public Violation check(SensorReading r) {
        if (r.getStreamId().isEmpty()) return new Violation(DeadLetterReason.INVALID_FIELD, "empty stream_id");
        if (!Double.isFinite(r.getValue())) return new Violation(DeadLetterReason.NON_FINITE, "value is " + r.getValue());
        return null;
    }

    public Violation check(Frame f) {
        if (f.getStreamId().isEmpty()) return new Violation(DeadLetterReason.INVALID_FIELD, "empty stream_id");
        int h = f.getHeight();
        int w = f.getWidth();
        int ch = f.getChannels();
        if (h <= 0 || w <= 0 || ch <= 0) {
            return new Violation(DeadLetterReason.INVALID_FIELD, "frame dims must be positive, got " + h + "x" + w + "x" + ch);
        }
        long expected = (long) h * w * ch;
        int n = f.getPixels().size();
        if (n == 0) return new Violation(DeadLetterReason.EMPTY, "frame has no pixels");
        if (expected > maxFramePixels || n > maxFramePixels) {
            return new Violation(DeadLetterReason.OVERSIZED, Math.max(expected, n)
                    + " values, more than input.max-frame-pixels = " + maxFramePixels);
        }
        if (n != expected) {
            return new Violation(DeadLetterReason.DIMENSION_MISMATCH, n + " pixel values for a " + h + "x" + w + "x" + ch
                    + " frame (expected " + expected + ")");
        }
        if ((frameHeight > 0 && h != frameHeight) || (frameWidth > 0 && w != frameWidth)) {
            return new Violation(DeadLetterReason.DIMENSION_MISMATCH, "frame is " + h + "x" + w
                    + " but the 2D transform is configured for " + frameHeight + "x" + frameWidth);
        }
        int bad = Floats.firstNonFinite(f.getPixels());
        if (bad >= 0) return new Violation(DeadLetterReason.NON_FINITE, "pixel value " + bad + " is " + f.getPixels().get(bad));
        return null;
    }
}
