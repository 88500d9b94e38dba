package org.scatterstream.engine.filters;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Process-wide cache of filter banks, keyed by configuration: a second transform instance with the
 * same configuration reuses the bank instead of rebuilding it. Banks are immutable, so sharing them
 * across threads and instances is safe.
 */
public final class FilterCache {
    private static final ConcurrentHashMap<Object, Object> BANKS = new ConcurrentHashMap<>();
    private static final java.util.concurrent.atomic.AtomicLong BUILDS = new java.util.concurrent.atomic.AtomicLong();

    private FilterCache() {}

    /** The 1D Morlet bank for a key, built at most once per process. */
    public static MorletFilterBank1D morlet1D(MorletFilterBank1D.Key key) {
        return get(key, k -> MorletFilterBank1D.build((MorletFilterBank1D.Key) k));
    }

    /**
     * Generic entry for other banks (2D, 3D): returns the cached value for {@code key} or builds it
     * once with {@code builder}. Keys must be value objects (records).
     */
    @SuppressWarnings("unchecked")
    public static <K, V> V get(K key, Function<? super K, ? extends V> builder) {
        return (V) BANKS.computeIfAbsent(key, k -> {
            BUILDS.incrementAndGet();
            return builder.apply((K) k);
        });
    }

    /** Number of banks built so far in this process (for tests and diagnostics). */
    public static long builds() {
        return BUILDS.get();
    }
}
