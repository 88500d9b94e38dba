package org.scatterstream.engine.backend.cpu;

import java.util.IdentityHashMap;
import java.util.Map;
import org.scatterstream.engine.Precision;
import org.scatterstream.engine.backend.ComputeEngine;
import org.scatterstream.engine.backend.Worker;

/**
 * The CPU engine for one precision. Filters are stored over their significant support, in the
 * engine's precision, once per (filter array, scale).
 */
final class CpuEngine implements ComputeEngine {
    /**
     * Entries below this fraction of a filter's peak are dropped: far below each precision's
     * rounding (the outputs change by less than ~1e-15 resp. ~1e-8 relative).
     */
    private static final double DOUBLE_THRESHOLD = 1e-17;
    private static final double FLOAT_THRESHOLD = 1e-10;

    private final Precision precision;
    private final int lanesFloat;
    private final int lanesDouble;
    private final Map<double[], Map<Double, Filter>> filters = new IdentityHashMap<>();
    private final Map<double[], Map<Double, GridFilter>> gridFilters = new IdentityHashMap<>();

    CpuEngine(Precision precision, int lanesFloat, int lanesDouble) {
        this.precision = precision;
        this.lanesFloat = lanesFloat;
        this.lanesDouble = lanesDouble;
    }

    @Override
    public String backendName() {
        return CpuBackend.NAME;
    }

    @Override
    public Precision precision() {
        return precision;
    }

    @Override
    public boolean sharesBuffers() {
        return true;
    }

    @Override
    public int preferredLanes(int batch) {
        int simd = precision == Precision.FLOAT ? lanesFloat : lanesDouble;
        // A SIMD lane group costs about as much as 2-3 scalar signals, so from a quarter-full group on
        // the full vector width wins (idle lanes are zeros); below that, powers of two only, so a
        // stream of varying batch sizes builds few worker widths.
        if (VectorSupport.AVAILABLE && 4 * batch >= simd) return simd;
        return Math.min(simd, batch <= 1 ? 1 : Integer.highestOneBit(batch - 1) << 1);
    }

    @Override
    public synchronized Filter filter(double[] values, double scale) {
        return filters.computeIfAbsent(values, k -> new java.util.HashMap<>())
                .computeIfAbsent(scale, s -> precision == Precision.FLOAT
                        ? new CpuFilter32(values, s, FLOAT_THRESHOLD)
                        : new CpuFilter64(values, s, DOUBLE_THRESHOLD));
    }

    @Override
    public synchronized GridFilter gridFilter(double[] values, int[] dims, double scale) {
        return gridFilters.computeIfAbsent(values, k -> new java.util.HashMap<>())
                .computeIfAbsent(scale, s -> precision == Precision.FLOAT
                        ? new CpuGridFilter32(values, dims, s, FLOAT_THRESHOLD)
                        : new CpuGridFilter64(values, dims, s, DOUBLE_THRESHOLD));
    }

    @Override
    public HarmonicFilter harmonicFilter(org.scatterstream.engine.filters.SolidHarmonicBank3D bank, double scale) {
        return new CpuHarmonicFilter(bank, scale, precision == Precision.FLOAT ? FLOAT_THRESHOLD : DOUBLE_THRESHOLD);
    }

    @Override
    public Worker worker(int lanes) {
        return precision == Precision.FLOAT ? new CpuWorker32(lanes) : new CpuWorker64(lanes);
    }

    @Override
    public void close() {
        synchronized (this) {
            filters.clear();
            gridFilters.clear();
        }
    }
}
