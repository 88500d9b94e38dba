package org.scatterstream.job;

import org.scatterstream.job.config.ConfigException;
import org.scatterstream.job.config.Scattering2DSpec;
import org.scatterstream.job.operator.TransformFactory;

/** The 2D transform factory. */
final class Transforms2D {
    private Transforms2D() {
    }

    static TransformFactory factory(Scattering2DSpec spec) {
        throw new ConfigException("topics.frames: this build has no Scattering2D engine yet");
    }
}
