package org.scatterstream.engine;

/** How a 1D scattering transform averages over time (Kymatio's {@code T} parameter). */
public enum Averaging {
    /** Low-pass with a Gaussian of width T and subsample by the stride ({@code T} a number or default). */
    LOCAL,
    /** {@code T='global'}: each coefficient is the sum over all its samples, padding included; one frame. */
    GLOBAL
}
