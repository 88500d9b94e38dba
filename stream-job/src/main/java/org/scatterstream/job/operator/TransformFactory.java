package org.scatterstream.job.operator;

import org.scatterstream.engine.ScatteringTransform;
import org.scatterstream.schemas.ChannelMeta;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Builds the engine transform a batching operator runs. Shipped to the task managers with the job graph;
 * {@link #create()} is called once per task, in {@code open()}, so filters and buffers are built once.
 */
public interface TransformFactory extends Serializable {

    /** {@code scattering1d} or {@code scattering2d}. */
    String kind();

    /** The configuration's parameters as strings (feature records, metadata topic). */
    Map<String, String> params();

    /** Builds the transform; IllegalArgumentException with a clear message for invalid parameters. */
    ScatteringTransform create();

    /** Describes each output channel (path) of {@code t}, in output order. */
    List<ChannelMeta> channels(ScatteringTransform t);

    /** Names of the axes of {@code t.outputShape()}. */
    List<String> axes();

    /**
     * For each output channel, the channel a second-order channel is normalised by (its first-order
     * parent), or -1; null when normalisation is not defined for this transform.
     */
    int[] normalizationParents(ScatteringTransform t);

    /**
     * For each channel of order 2, the order-1 channel with the same first filter; -1 for the others.
     *
     * @param order the order of channel {@code c}
     * @param firstFilter the index of channel {@code c}'s first-order filter
     */
    static int[] firstOrderParents(int channels, java.util.function.IntUnaryOperator order,
                                   java.util.function.IntUnaryOperator firstFilter) {
        int[] parents = new int[channels];
        java.util.Map<Integer, Integer> firstOrder = new java.util.HashMap<>();
        for (int c = 0; c < channels; c++) {
            if (order.applyAsInt(c) == 1) firstOrder.putIfAbsent(firstFilter.applyAsInt(c), c);
        }
        for (int c = 0; c < channels; c++) {
            parents[c] = order.applyAsInt(c) == 2 ? firstOrder.getOrDefault(firstFilter.applyAsInt(c), -1) : -1;
        }
        return parents;
    }
}
