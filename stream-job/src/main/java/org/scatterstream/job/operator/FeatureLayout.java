package org.scatterstream.job.operator;

import org.scatterstream.engine.ScatteringTransform;
import org.scatterstream.job.config.PostProcessing;
import org.scatterstream.schemas.FeatureMeta;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the feature records of one configuration look: the config id, parameters, the coefficient shape
 * after post-processing and the channel metadata. Computed the same way by the client (metadata topic)
 * and by each operator task (feature records), so both agree.
 */
public final class FeatureLayout {
    private final String configId;
    private final Map<String, String> params;
    private final int[] shape;
    private final List<String> axes;
    private final PostProcessor postProcessor;
    private final TransformFactory factory;
    private final PostProcessing post;

    public FeatureLayout(TransformFactory factory, ScatteringTransform t, PostProcessing post) {
        this.factory = factory;
        this.post = post;
        this.postProcessor = new PostProcessor(t.outputShape(), post.normalize() ? factory.normalizationParents(t) : null, post);
        this.configId = post.isNone() ? t.configId() : t.configId() + ";post=" + post.describe();
        Map<String, String> p = new LinkedHashMap<>(factory.params());
        p.put("post", post.describe());
        this.params = Collections.unmodifiableMap(p);
        this.shape = postProcessor.outputShape();
        List<String> a = new ArrayList<>(factory.axes());
        if (post.average()) a = a.subList(0, 1);
        this.axes = Collections.unmodifiableList(a);
    }

    public String configId() { return configId; }
    public Map<String, String> params() { return params; }
    /** Coefficient shape of one transform output after post-processing. */
    public int[] shape() { return shape.clone(); }
    public PostProcessor postProcessor() { return postProcessor; }

    /** The metadata record naming every coefficient of this configuration. */
    public FeatureMeta meta(ScatteringTransform t, boolean frames) {
        List<Integer> s = new ArrayList<>();
        List<String> ax = new ArrayList<>();
        if (frames) {
            ax.add("frame_channel");
            s.add(-1); // any number of frame channels: the record's shape[0]
        }
        for (int d : shape) s.add(d);
        ax.addAll(axes);
        return FeatureMeta.newBuilder()
                .setConfigId(configId)
                .setKind(factory.kind())
                .setParams(new LinkedHashMap<>(params))
                .setShape(s)
                .setAxes(ax)
                .setChannels(factory.channels(t))
                .setPostProcessing(post.describe())
                .build();
    }
}
