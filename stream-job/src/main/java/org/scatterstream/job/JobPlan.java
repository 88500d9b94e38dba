package org.scatterstream.job;

import org.scatterstream.engine.ScatteringTransform;
import org.scatterstream.job.config.ConfigException;
import org.scatterstream.job.config.JobConfig;
import org.scatterstream.engine.ContinuousScattering1D;
import org.scatterstream.job.operator.ContinuousFactory;
import org.scatterstream.job.operator.FeatureLayout;
import org.scatterstream.job.operator.Scattering1DFactory;
import org.scatterstream.job.operator.Scattering2DFactory;
import org.scatterstream.job.operator.TransformFactory;
import org.scatterstream.schemas.FeatureMeta;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A configuration checked against the engine: each transform is built once on the client, so invalid
 * transform parameters fail at start with the engine's message, and the feature metadata published to the
 * metadata topic comes from the very transform the tasks will build.
 */
public final class JobPlan {
    private final JobConfig config;
    private final TransformFactory transform1d;
    private final TransformFactory transform2d;
    private final ContinuousFactory continuous1d;
    private final List<FeatureMeta> metas;

    private JobPlan(JobConfig config, TransformFactory transform1d, TransformFactory transform2d, ContinuousFactory continuous1d,
                    List<FeatureMeta> metas) {
        this.config = config;
        this.transform1d = transform1d;
        this.transform2d = transform2d;
        this.continuous1d = continuous1d;
        this.metas = metas;
    }

    /** Validates {@code config}'s transforms; {@link ConfigException} with the engine's message if invalid. */
    public static JobPlan of(JobConfig config) {
        List<FeatureMeta> metas = new ArrayList<>();
        TransformFactory f1 = null;
        TransformFactory f2 = null;
        ContinuousFactory fc = null;
        if ((config.samplesTopic() != null || config.readingsTopic() != null) && config.anyWindowed()) {
            f1 = new Scattering1DFactory(config.scattering1d());
            metas.add(describe(f1, config, false, "transform"));
        }
        if ((config.samplesTopic() != null || config.readingsTopic() != null) && config.anyContinuous()) {
            fc = new ContinuousFactory(config.scattering1d(), config.windowHop(), config.post(), config.idleTimeout().toMillis());
            try (ContinuousScattering1D t = fc.create()) {
                metas.add(fc.meta(t));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("invalid transform parameters for continuous streams: " + e.getMessage(), e);
            }
        }
        if (config.framesTopic() != null) {
            f2 = new Scattering2DFactory(config.scattering2d());
            metas.add(describe(f2, config, true, "transform-2d"));
        }
        return new JobPlan(config, f1, f2, fc, Collections.unmodifiableList(metas));
    }

    private static FeatureMeta describe(TransformFactory f, JobConfig c, boolean frames, String section) {
        try (ScatteringTransform t = f.create()) {
            return new FeatureLayout(f, t, c.post()).meta(t, frames);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid " + section + " parameters: " + e.getMessage(), e);
        }
    }

    public JobConfig config() { return config; }
    /** The 1D transform of windowed streams, or null without 1D inputs or without windowed streams. */
    public TransformFactory transform1d() { return transform1d; }
    /** The incremental 1D transform of continuous streams, or null when no stream is continuous. */
    public ContinuousFactory continuous1d() { return continuous1d; }
    /** The 2D transform, or null without a frames topic. */
    public TransformFactory transform2d() { return transform2d; }
    /** One metadata record per configured transform. */
    public List<FeatureMeta> metas() { return metas; }
}
