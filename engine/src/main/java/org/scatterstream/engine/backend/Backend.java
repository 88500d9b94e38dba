package org.scatterstream.engine.backend;

import org.scatterstream.engine.Precision;

/**
 * A compute backend (service-provider interface). The transform cores ({@code core} package) are
 * written once against {@link ComputeEngine} and {@link Worker}; a backend supplies those for a
 * precision. Backends are registered in {@link Backends}.
 */
public interface Backend {

    /** Short name used in configuration and on the command line ({@code cpu}, {@code cuda}). */
    String name();

    /** Null when the backend can run here, otherwise a one-line reason (no GPU, no driver, ...). */
    String unavailableReason();

    /** Opens an engine for the given precision; throws {@link BackendException} if unavailable. */
    ComputeEngine open(Precision precision);
}
