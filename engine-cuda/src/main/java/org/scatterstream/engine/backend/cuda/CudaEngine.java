package org.scatterstream.engine.backend.cuda;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import org.scatterstream.engine.Precision;
import org.scatterstream.engine.backend.BackendException;
import org.scatterstream.engine.backend.ComputeEngine;
import org.scatterstream.engine.backend.Worker;
import org.scatterstream.engine.filters.SolidHarmonicBank3D;

/**
 * The CUDA engine for one precision: the kernels of the loaded module, and everything uploaded once
 * and shared by its workers (filters over their support, FFT twiddle tables, load maps, the 3D
 * harmonic tables). Thread-safe; closing it closes its workers and frees all device memory it holds.
 */
final class CudaEngine implements ComputeEngine {
    /** Upper bound on the lanes of one worker ({@code -Dscatterstream.cuda.maxLanes}); bounds device memory. */
    static final int MAX_LANES = Math.max(1, Integer.getInteger("scatterstream.cuda.maxLanes", 1024));
    /**
     * Upper bound on the fused kernels' shared memory: 128 KiB, paths up to 8192 points in float (4096
     * in double) in one launch, while two blocks still fit an H100 multiprocessor.
     */
    static final int FUSED_SHARED_LIMIT = 128 * 1024;

    private final String name;
    private final Gpu gpu;
    private final boolean ownsGpu;
    private final Precision precision;
    private final EnumMap<CudaKernels, Gpu.Function> functions = new EnumMap<>(CudaKernels.class);
    private final int maxLanes;
    /** Shared memory of the fused one-block path kernels (opted in beyond 48 KiB where the GPU allows). */
    private final int fusedSharedBytes;

    private final Map<double[], Map<Double, CudaFilters.Filter>> filters = new IdentityHashMap<>();
    private final Map<double[], Map<Double, CudaFilters.GridFilter>> gridFilters = new IdentityHashMap<>();
    private final Map<SolidHarmonicBank3D, Map<Double, CudaFilters.HarmonicFilter>> harmonics = new IdentityHashMap<>();
    private final Map<Integer, Gpu.Memory> twiddles = new HashMap<>();
    private final Map<Object, DeviceLoadMap> loadMaps = new IdentityHashMap<>();
    private final Map<Object, DeviceLoadMap> pairedLoadMaps = new IdentityHashMap<>();
    private final Map<List<Double>, Gpu.Memory> powers = new HashMap<>();
    private final List<Gpu.Memory> owned = new ArrayList<>();
    private final Set<CudaWorker> workers = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean closed;

    final DoubleAdder kernelMs = new DoubleAdder();
    final DoubleAdder transferMs = new DoubleAdder();
    final LongAdder groups = new LongAdder();
    final LongAdder launches = new LongAdder();

    /** A load map with its device table (null for the identity). */
    record DeviceLoadMap(LoadMap map, Gpu.Memory device) {}

    /**
     * @param name the backend name it reports ({@code cuda}; the tests' emulated device reports its own)
     * @param ownsGpu close the device layer with the engine
     */
    CudaEngine(String name, Gpu gpu, boolean ownsGpu, Precision precision, int maxLanes) {
        this.name = name;
        this.gpu = gpu;
        this.ownsGpu = ownsGpu;
        this.precision = precision;
        this.maxLanes = Math.max(1, maxLanes);
        try {
            for (CudaKernels k : CudaKernels.values()) functions.put(k, gpu.function(k.symbol(precision)));
            fusedSharedBytes = Math.max(gpu.sharedBytesPerBlock(), Math.min(gpu.sharedBytesOptIn(), FUSED_SHARED_LIMIT));
            gpu.allowShared(functions.get(CudaKernels.PATH_SMALL), fusedSharedBytes);
            gpu.allowShared(functions.get(CudaKernels.LOWPASS_SMALL), fusedSharedBytes);
            gpu.allowShared(functions.get(CudaKernels.LOWPASS2_SMALL), fusedSharedBytes);
            gpu.allowShared(functions.get(CudaKernels.WAVELET2_SMALL), fusedSharedBytes);
        } catch (RuntimeException e) {
            if (ownsGpu) gpu.close();
            throw e;
        }
    }

    Gpu gpu() {
        return gpu;
    }

    Gpu.Function function(CudaKernels k) {
        return functions.get(k);
    }

    /** Dynamic shared memory the fused one-block kernels may use. */
    int fusedSharedBytes() {
        return fusedSharedBytes;
    }

    /** Bytes of one complex element. */
    int elementBytes() {
        return precision == Precision.FLOAT ? 8 : 16;
    }

    @Override
    public String backendName() {
        return name;
    }

    @Override
    public Precision precision() {
        return precision;
    }

    /** The whole batch (lanes are cheap on a GPU), up to the configured bound; powers of two so that a stream
     * of varying batch sizes builds few worker widths (a worker only computes the lanes a group uses). */
    @Override
    public int preferredLanes(int batch) {
        int b = Math.max(1, batch);
        int pow = b <= 1 ? 1 : Integer.highestOneBit(b - 1) << 1;
        return Math.min(pow, maxLanes);
    }

    /** Ignores the cores' cache-based bound: a GPU wants every sample of the batch in one launch. */
    @Override
    public int lanes(int batch, int kernelMaxLanes) {
        return preferredLanes(batch);
    }

    @Override
    public Map<String, Double> stats() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("gpu_kernel_ms", kernelMs.sum());
        m.put("gpu_transfer_ms", transferMs.sum());
        m.put("gpu_groups", (double) groups.sum());
        m.put("gpu_launches", (double) launches.sum());
        return m;
    }

    /** The device, for the bench and messages. */
    String deviceName() {
        return gpu.deviceName();
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("the CUDA engine is closed");
    }

    private Gpu.Memory upload(double[] values, Precision p) {
        Gpu.Memory m = gpu.uploadNow(CudaFilters.encode(values, p));
        owned.add(m);
        return m;
    }

    @Override
    public synchronized Filter filter(double[] values, double scale) {
        checkOpen();
        return filters.computeIfAbsent(values, k -> new HashMap<>()).computeIfAbsent(scale, s -> {
            CudaFilters.Packed1 p = CudaFilters.Packed1.of(values, s, precision);
            return new CudaFilters.Filter(p, upload(p.values(), precision));
        });
    }

    @Override
    public synchronized GridFilter gridFilter(double[] values, int[] dims, double scale) {
        checkOpen();
        return gridFilters.computeIfAbsent(values, k -> new HashMap<>()).computeIfAbsent(scale, s -> {
            CudaFilters.Packed2 p = CudaFilters.Packed2.of(values, dims, s, precision);
            Gpu.Memory table = gpu.uploadNow(p.rowTable());
            owned.add(table);
            return new CudaFilters.GridFilter(p, upload(p.values(), precision), table);
        });
    }

    @Override
    public synchronized HarmonicFilter harmonicFilter(SolidHarmonicBank3D bank, double scale) {
        checkOpen();
        return harmonics.computeIfAbsent(bank, k -> new HashMap<>()).computeIfAbsent(scale,
                s -> new CudaFilters.HarmonicFilter(bank.key(), s, upload(CudaFilters.harmonicTables(bank), Precision.DOUBLE)));
    }

    /** Forward twiddles W_n^k = exp(-2 pi i k / n), k < n, in the engine's precision (computed in double). */
    synchronized Gpu.Memory twiddles(int n) {
        checkOpen();
        return twiddles.computeIfAbsent(n, len -> {
            double[] v = new double[2 * len];
            for (int k = 0; k < len; k++) {
                double a = 2 * Math.PI * k / len;
                v[2 * k] = Math.cos(a);
                v[2 * k + 1] = -Math.sin(a);
            }
            return upload(v, precision);
        });
    }

    /**
     * The load map of a core's index array (1D {@code int[]} or grid {@code int[][]}), built once;
     * {@code pairRows}: a packed grid's order, rows 2r and 2r+1 of axis 0 interleaved
     * ({@link LoadMap#ofPairedRows}).
     */
    synchronized DeviceLoadMap loadMap(Object index, boolean pairRows) {
        checkOpen();
        return (pairRows ? pairedLoadMaps : loadMaps).computeIfAbsent(index, k -> {
            LoadMap m = pairRows ? LoadMap.ofPairedRows((int[][]) k) : k instanceof int[] a ? LoadMap.of(a) : LoadMap.of((int[][]) k);
            Gpu.Memory dev = null;
            if (!m.identity) {
                ByteBuffer b = ByteBuffer.allocate(m.map.length * 4).order(ByteOrder.nativeOrder());
                b.asIntBuffer().put(m.map);
                dev = gpu.uploadNow(b);
                owned.add(dev);
            }
            return new DeviceLoadMap(m, dev);
        });
    }

    /** The integral powers on the device (double), by value. */
    synchronized Gpu.Memory powers(double[] p) {
        checkOpen();
        List<Double> key = Arrays.stream(p).boxed().toList();
        return powers.computeIfAbsent(key, k -> upload(p, Precision.DOUBLE));
    }

    @Override
    public Worker worker(int lanes) {
        CudaWorker w;
        synchronized (this) {
            checkOpen();
        }
        w = new CudaWorker(this, lanes);
        synchronized (this) {
            if (closed) {
                w.close();
                checkOpen();
            }
            workers.add(w);
        }
        return w;
    }

    synchronized void closed(CudaWorker w) {
        workers.remove(w);
    }

    @Override
    public void close() {
        List<CudaWorker> live;
        synchronized (this) {
            if (closed) return;
            closed = true;
            live = new ArrayList<>(workers);
        }
        RuntimeException first = null;
        for (CudaWorker w : live) {
            try {
                w.close();
            } catch (RuntimeException e) {
                if (first == null) first = e;
            }
        }
        synchronized (this) {
            for (Gpu.Memory m : owned) {
                try {
                    m.free();
                } catch (RuntimeException e) {
                    if (first == null) first = e;
                }
            }
            owned.clear();
            filters.clear();
            gridFilters.clear();
            harmonics.clear();
            twiddles.clear();
            loadMaps.clear();
            pairedLoadMaps.clear();
            powers.clear();
        }
        if (ownsGpu) gpu.close();
        if (first != null) throw first instanceof BackendException ? first : new BackendException(first.getMessage(), first);
    }
}
