package org.scatterstream.engine.backend.cuda;

import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.scatterstream.engine.Precision;
import org.scatterstream.engine.backend.BackendException;
import org.scatterstream.engine.backend.Coefficients;
import org.scatterstream.engine.backend.ComputeEngine;
import org.scatterstream.engine.backend.Signals;
import org.scatterstream.engine.backend.Worker;

/**
 * A CUDA worker: all lanes of a group (up to the whole batch) in every launch, on its own stream.
 *
 * <p>Memory: each {@link #buffer} is one device allocation of {@code lanes x capacity} complex
 * elements (lane v at element v * capacity), made when the core builds its state and kept with the
 * pooled worker; the worker's own buffers (a scratch for multi-pass FFTs, the work and packed grids
 * of the 2D/3D steps), a page-locked input staging area and an output area (device and page-locked
 * host) grow to the largest size needed and are then reused: steady state allocates nothing.
 *
 * <p>Per group: the load copies the distinct input values into the staging area and uploads them in
 * one copy; every operation is a kernel launch on the stream, nothing waits; outputs (low-pass crops,
 * DC terms, integrals) are written by kernels into the device output area and recorded; {@link
 * #flush()} downloads them in one copy, waits once, and writes them to the {@link Coefficients}.
 * Kernels process only the lanes the group uses.
 *
 * <p>Errors: arguments are checked before each launch (a kernel never writes outside a buffer); a
 * driver error is a {@link BackendException}.
 */
final class CudaWorker implements Worker {
    private final CudaEngine engine;
    private final Gpu gpu;
    private final int lanes;
    private final boolean single;
    private final int es;               // bytes per complex element
    private final int rs;               // bytes per real value
    private final Gpu.Stream stream;
    private final Gpu.Event[] events = new Gpu.Event[4];
    private final KernelArgs args = new KernelArgs();
    private final List<Buf> buffers = new ArrayList<>();
    private final Map<Long, CudaFftSchedule> schedules = new HashMap<>();
    private final Map<Integer, Gpu.Memory> twiddles = new HashMap<>();

    /** Lanes of the current group (set by the load, used by every launch until the flush). */
    private int active;

    /** The worker's own buffers, grown to the largest use: FFT scratch, grid work, packed grid. */
    private final Buf[] internal = new Buf[3];
    private static final int FFT_SCRATCH = 0, GRID_WORK = 1, GRID_PACKED = 2;
    private long maxCapacity = 1;

    private Gpu.Host stagingHost;
    private Gpu.Memory stagingDev;
    private long stagingBytes;

    private Gpu.Host outHost;
    private Gpu.Memory outDev;
    private long outCapacity;        // doubles
    private long outUsed;
    private long groupNeed;
    private final List<Pending> pending = new ArrayList<>();

    private boolean timing;          // events 0, 1 recorded for this group
    private boolean closed;

    /** Largest path length the fused one-block kernels take: two buffers of it fill a block's shared memory. */
    private final int smallMax;
    /** A filter product not launched yet: the next modulusSpectrum of its output may fuse it (path_small). */
    private Fold pendingFold;

    private record Fold(Buf spectrum, int n, CudaFilters.Filter h, int factor, Buf dst) {}

    /** A device buffer of lanes x capacity complex elements. */
    static final class Buf implements Buffer {
        final Gpu.Memory mem;
        final int capacity;

        Buf(Gpu.Memory mem, int capacity) {
            this.mem = mem;
            this.capacity = capacity;
        }

        @Override
        public int capacity() {
            return capacity;
        }
    }

    /** Outputs written at {@code slot} of the output area, per lane {@code count} positions from {@code position}. */
    private record Pending(Coefficients out, int first, int valid, int channel, int position, int count, long slot) {}

    CudaWorker(CudaEngine engine, int lanes) {
        if (lanes < 1) throw new IllegalArgumentException("lanes must be >= 1, got " + lanes);
        this.engine = engine;
        this.gpu = engine.gpu();
        this.lanes = lanes;
        this.single = engine.precision() == Precision.FLOAT;
        this.es = engine.elementBytes();
        this.rs = es / 2;
        this.smallMax = Integer.highestOneBit(Math.max(1, engine.fusedSharedBytes() / (2 * es)));
        this.stream = gpu.newStream();
        try {
            for (int i = 0; i < events.length; i++) events[i] = gpu.newEvent();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        this.active = lanes;
    }

    @Override
    public int lanes() {
        return lanes;
    }

    @Override
    public Buffer buffer(int complexLength) {
        checkOpen();
        int cap = Math.max(1, complexLength);
        Buf b = new Buf(gpu.alloc((long) lanes * cap * es), cap);
        buffers.add(b);
        maxCapacity = Math.max(maxCapacity, cap);
        return b;
    }

    private static Buf b(Buffer x) {
        return (Buf) x;
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("the CUDA worker is closed");
        if (pendingFold != null) launchFold();
    }

    private void launchFold() {
        Fold f = pendingFold;
        pendingFold = null;
        args().ptr(f.spectrum().mem).i64(f.spectrum().capacity).i32(f.n()).ptr(f.h().values).i32(f.h().packed.start())
                .i32(f.h().packed.values().length).i32(f.factor()).ptr(f.dst().mem).i64(f.dst().capacity).i32(active);
        launch(CudaKernels.MULTIPLY_FOLD, f.n() / f.factor());
    }

    private static void need(Buffer x, long elements, String what) {
        if (x.capacity() < elements) {
            throw new IllegalArgumentException(what + " holds " + x.capacity() + " elements per lane, needs " + elements);
        }
    }

    // ---- launches -----------------------------------------------------------------------------------

    private KernelArgs args() {
        return args.clear();
    }

    private void launch(CudaKernels k, CudaLaunch g, int shared) {
        gpu.launch(engine.function(k), g.gridX(), g.gridY(), g.block(), shared, stream, args);
        engine.launches.increment();
    }

    private void launch(CudaKernels k, long elements) {
        launch(k, CudaLaunch.of(elements, active), 0);
    }

    private Gpu.Memory twiddles(int n) {
        Gpu.Memory t = twiddles.get(n);
        if (t == null) {
            t = engine.twiddles(n);
            twiddles.put(n, t);
        }
        return t;
    }

    private CudaFftSchedule schedule(int n, int inner, long outer) {
        long key = ((long) n * 1_000_003L + inner) * 1_000_033L + outer;
        CudaFftSchedule s = schedules.get(key);
        if (s == null || s.n != n || s.inner != inner || s.outer != outer) {
            s = CudaFftSchedule.of(n, inner, outer, es, gpu.sharedBytesPerBlock());
            schedules.put(key, s);
        }
        return s;
    }

    /** The FFT scratch, at least {@code elements} per lane. */
    private Buf scratch(long elements) {
        return internal(FFT_SCRATCH, elements);
    }

    /**
     * One of the worker's own buffers, at least {@code elements} per lane: grown (to at least the
     * largest buffer the core asked for, so the first use usually sizes it for good) and kept.
     */
    private Buf internal(int slot, long elements) {
        Buf b = internal[slot];
        if (b == null || b.capacity < elements) {
            if (b != null) {
                buffers.remove(b);
                b.mem.free();
                internal[slot] = null;
            }
            long cap = Math.max(elements, maxCapacity);
            if (cap > Integer.MAX_VALUE) throw new IllegalArgumentException("buffer of " + cap + " elements per lane is too large");
            b = (Buf) buffer((int) cap);
            internal[slot] = b;
        }
        return b;
    }

    /**
     * Unscaled FFT (sign -1 forward, +1 inverse) along one axis, in place in {@code data}; {@code
     * spare} (may be null) is used for the passes between when large enough.
     */
    private void fftAxis(Buf data, int n, int inner, long outer, int sign, Buf spare) {
        if (n <= 1) return;
        CudaFftSchedule s = schedule(n, inner, outer);
        List<CudaFftSchedule.Pass> passes = s.passes;
        long elems = s.elements();
        need(data, elems, "FFT buffer");
        Buf other = null;
        if (passes.size() > 1 || passes.get(0).global()) {
            other = spare != null && spare != data && spare.capacity >= elems ? spare : scratch(elems);
        }
        Gpu.Memory tw = twiddles(n);
        Buf src = data;
        for (int i = 0; i < passes.size(); i++) {
            CudaFftSchedule.Pass p = passes.get(i);
            boolean last = i == passes.size() - 1;
            Buf dst = last ? data : (src == data ? other : data);
            if (p.global()) {
                Buf to = dst == src ? other : dst;     // a global stage is never in place
                args().ptr(src.mem).i64(src.capacity).ptr(to.mem).i64(to.capacity).ptr(tw).i32(n).i32((int) outer)
                        .i32(inner).i32(p.s0()).i32(p.P()).i32(sign).i32(active);
                launch(CudaKernels.FFT_STAGE, s.groups(p) * p.P());
                if (to != dst) copy(to, dst, elems);
            } else {
                args().ptr(src.mem).i64(src.capacity).ptr(dst.mem).i64(dst.capacity).ptr(tw).i32(n).i32((int) outer)
                        .i32(inner).i32(p.s0()).i32(p.P()).i32(p.Q()).i32(sign).i32(active);
                long tiles = (s.groups(p) + p.Q() - 1) / p.Q();
                CudaLaunch g = new CudaLaunch((int) Math.min(tiles, Integer.MAX_VALUE), Math.min(active, CudaLaunch.MAX_GRID_Y),
                        p.threads());
                launch(CudaKernels.FFT_PASS, g, p.sharedBytes());
            }
            src = dst;
        }
    }

    private void copy(Buf src, Buf dst, long elems) {
        args().ptr(src.mem).i64(src.capacity).ptr(dst.mem).i64(dst.capacity).i32((int) elems).i32(active);
        launch(CudaKernels.COPY, elems);
    }

    // ---- input --------------------------------------------------------------------------------------

    private void stage(Signals x, int first, int count, int[] sources) {
        long values = (long) count * sources.length;
        long bytes = values * rs;
        if (bytes > stagingBytes) {
            if (stagingHost != null) {
                gpu.synchronize(stream);
                stagingHost.free();
                stagingDev.free();
                stagingHost = null;
                stagingDev = null;
            }
            long size = Math.max(bytes, (long) lanes * sources.length * rs);
            stagingHost = gpu.allocHost(size);
            stagingDev = gpu.alloc(size);
            stagingBytes = size;
        } else {
            gpu.synchronize(stream);          // the previous group's upload has left the staging area
        }
        ByteBuffer bb = stagingHost.buffer();
        int u = sources.length;
        if (single) {
            FloatBuffer f = bb.asFloatBuffer();
            for (int v = 0; v < count; v++) {
                int o = v * u;
                for (int i = 0; i < u; i++) f.put(o + i, (float) x.get(first + v, sources[i]));
            }
        } else {
            DoubleBuffer d = bb.asDoubleBuffer();
            for (int v = 0; v < count; v++) {
                int o = v * u;
                for (int i = 0; i < u; i++) d.put(o + i, x.get(first + v, sources[i]));
            }
        }
        gpu.record(events[0], stream);
        gpu.upload(stagingDev, stagingHost, bytes, stream);
        gpu.record(events[1], stream);
        timing = true;
    }

    private void load(Signals x, int first, int count, Object index, boolean packed, Buffer dst) {
        pendingFold = null;          // left by a group that failed half way: not launched
        checkOpen();
        if (count < 1 || count > lanes) throw new IllegalArgumentException("count must be in 1.." + lanes + ", got " + count);
        // a new group: whatever an earlier group left after failing half way is dropped
        pending.clear();
        outUsed = 0;
        groupNeed = 0;
        timing = false;
        // a packed grid pairs rows of axis 0: its map lists the elements in that order
        boolean pairRows = packed && index instanceof int[][];
        CudaEngine.DeviceLoadMap m = engine.loadMap(index, pairRows);
        int n = m.map().elements();
        need(dst, packed ? Math.max(1, n / 2) : n, "load destination");
        if (packed && n > 1 && (n & 1) == 1) throw new IllegalArgumentException("a packed load needs an even length, got " + n);
        active = count;
        stage(x, first, count, m.map().sources);
        args().ptr(stagingDev).i32(m.map().sources.length).ptr(m.device()).i32(n).i32(packed ? 1 : 0)
                .ptr(b(dst).mem).i64(dst.capacity()).i32(count).i32(active);
        launch(CudaKernels.GATHER, packed ? Math.max(1, n / 2) : n);
    }

    @Override
    public void loadPacked(Signals x, int first, int count, int[] index, Buffer packed) {
        load(x, first, count, index, true, packed);
    }

    // ---- 1D -----------------------------------------------------------------------------------------

    @Override
    public void rfft(Buffer packed, int n, Buffer spectrum, Buffer scratch) {
        checkOpen();
        need(spectrum, n / 2 + 1, "spectrum");
        if (n == 1) {
            need(packed, 1, "packed signal");
            copy(b(packed), b(spectrum), 1);
            return;
        }
        int h = n / 2;
        fftAxis(b(packed), h, 1, 1, -1, spareFor(packed, scratch));
        rfftPost(b(packed), b(spectrum), 1, h);
    }

    /** The caller's scratch as the FFT's second buffer (fftAxis checks its size), else null. */
    private static Buf spareFor(Buffer data, Buffer scratch) {
        return scratch != null && scratch != data ? b(scratch) : null;
    }

    private void rfftPost(Buf z, Buf x, int rows, int h) {
        args().ptr(z.mem).i64(z.capacity).ptr(x.mem).i64(x.capacity).ptr(twiddles(2 * h)).i32(rows).i32(h).i32(active);
        launch(CudaKernels.RFFT_POST, (long) rows * (h + 1));
    }

    @Override
    public void multiplyFold(Buffer spectrum, int n, ComputeEngine.Filter filter, int factor, Buffer dst) {
        checkOpen();
        CudaFilters.Filter h = (CudaFilters.Filter) filter;
        if (h.packed.n() != n) throw new IllegalArgumentException("filter of length " + h.packed.n() + " for n=" + n);
        if (factor < 1 || n % factor != 0) throw new IllegalArgumentException("factor " + factor + " does not divide " + n);
        int m = n / factor;
        need(spectrum, n / 2 + 1, "spectrum");
        need(dst, m, "product");
        if (spectrum == dst) throw new IllegalArgumentException("the product cannot overwrite its spectrum");
        // launched by the next operation, or fused into it (modulusSpectrum of dst)
        pendingFold = new Fold(b(spectrum), n, h, factor, b(dst));
    }

    /**
     * U = |IDFT_n(y)| and its spectrum. When y is the pending filter product and n fits one block,
     * product, inverse FFT, modulus, forward FFT and post-processing are one launch (path_small);
     * y and scratch are then left untouched, as the contract allows.
     */
    @Override
    public void modulusSpectrum(Buffer y, int n, Buffer scratch, Buffer spectrum) {
        Fold f = pendingFold;
        if (closed || f == null || f.dst() != y || n < 4 || n > smallMax || f.n() / f.factor() != n) {
            Worker.super.modulusSpectrum(y, n, scratch, spectrum);
            return;
        }
        pendingFold = null;
        need(spectrum, n / 2 + 1, "spectrum");
        args().ptr(f.spectrum().mem).i64(f.spectrum().capacity).i32(f.n()).ptr(f.h().values).i32(f.h().packed.start())
                .i32(f.h().packed.values().length).i32(f.factor()).ptr(twiddles(n)).ptr(b(spectrum).mem)
                .i64(spectrum.capacity()).i32(active);
        launch(CudaKernels.PATH_SMALL, new CudaLaunch(Math.min(active, CudaLaunch.MAX_GRID_Y), 1, CudaLaunch.BLOCK),
                2 * n * es);
    }

    @Override
    public void ifft(Buffer data, int n, Buffer scratch) {
        checkOpen();
        fftAxis(b(data), n, 1, 1, +1, spareFor(data, scratch));
    }

    @Override
    public void modulusPacked(Buffer data, int n, Buffer packed) {
        checkOpen();
        need(data, n, "modulus input");
        int elems = n > 1 ? n / 2 : 1;
        need(packed, elems, "packed modulus");
        args().ptr(b(data).mem).i64(data.capacity()).i32(n).i32(1).ptr(b(packed).mem).i64(packed.capacity()).i32(active);
        launch(CudaKernels.MODULUS_PACKED, elems);
    }

    @Override
    public void lowPass(Buffer spectrum, int n, ComputeEngine.Filter h, int factor, Buffer work, Buffer scratch,
                        int start, int count, Coefficients out, int first, int valid, int channel) {
        int m = n / factor;
        if (m >= 1 && m <= smallMax && factor >= 1 && n % factor == 0) {
            // product, inverse FFT and crop in one launch (lowpass_small)
            checkOpen();
            CudaFilters.Filter f = (CudaFilters.Filter) h;
            if (f.packed.n() != n) throw new IllegalArgumentException("filter of length " + f.packed.n() + " for n=" + n);
            need(spectrum, n / 2 + 1, "spectrum");
            if (start < 0 || count < 0 || start + count > m) {
                throw new IllegalArgumentException("output positions " + start + ".." + (start + count) + " outside 0.." + m);
            }
            checkValid(valid);
            if (count == 0 || valid == 0) return;
            long slot = reserve(count, valid);
            args().ptr(b(spectrum).mem).i64(spectrum.capacity()).i32(n).ptr(f.values).i32(f.packed.start())
                    .i32(f.packed.values().length).i32(factor).ptr(twiddles(m)).i32(start).i32(count).ptr(outDev).i64(slot)
                    .i32(valid);
            launch(CudaKernels.LOWPASS_SMALL, new CudaLaunch(Math.min(valid, CudaLaunch.MAX_GRID_Y), 1, CudaLaunch.BLOCK),
                    2 * m * es);
            pending.add(new Pending(out, first, valid, channel, 0, count, slot));
            return;
        }
        multiplyFold(spectrum, n, h, factor, work);
        ifft(work, m, scratch);
        if (start < 0 || count < 0 || start + count > m) {
            throw new IllegalArgumentException("output positions " + start + ".." + (start + count) + " outside 0.." + m);
        }
        extract(b(work), m, 0, 1, start, count, out, first, valid, channel, 0);
    }

    @Override
    public void storeDc(Buffer spectrum, Coefficients out, int first, int valid, int channel) {
        checkOpen();
        extract(b(spectrum), 1, 0, 1, 0, 1, out, first, valid, channel, 0);
    }

    private void extract(Buf src, int rowLen, int r0, int rows, int c0, int cols, Coefficients out, int first, int valid,
                         int channel, int position) {
        checkValid(valid);
        int per = rows * cols;
        if (per == 0 || valid == 0) return;
        long slot = reserve(per, valid);
        args().ptr(src.mem).i64(src.capacity).i32(rowLen).i32(r0).i32(rows).i32(c0).i32(cols).ptr(outDev).i64(slot).i32(valid);
        launch(CudaKernels.EXTRACT_REAL, CudaLaunch.of(per, valid), 0);
        pending.add(new Pending(out, first, valid, channel, position, per, slot));
    }

    private void checkValid(int valid) {
        if (valid < 0 || valid > active) throw new IllegalArgumentException("valid lanes " + valid + " > lanes loaded " + active);
    }

    // ---- outputs ------------------------------------------------------------------------------------

    /**
     * Reserves {@code perLane x valid} doubles of the output area; flushes first when they do not fit.
     * The area is sized for full groups ({@code perLane x lanes}), so that after the first group every
     * later one downloads its outputs in one copy, whatever its number of samples.
     */
    private long reserve(int perLane, int valid) {
        long count = (long) perLane * valid;
        groupNeed += (long) perLane * lanes;
        if (outUsed + count > outCapacity) {
            if (outUsed > 0) flushOutputs();
            if (count > outCapacity) growOutputs(Math.max(count, Math.max(groupNeed, 2 * outCapacity)));
        }
        long slot = outUsed;
        outUsed += count;
        return slot;
    }

    private void growOutputs(long doubles) {
        if (outHost != null) {
            outHost.free();
            outDev.free();
            outHost = null;
            outDev = null;
        }
        outHost = gpu.allocHost(doubles * 8);
        outDev = gpu.alloc(doubles * 8);
        outCapacity = doubles;
    }

    /** Downloads the pending outputs, waits, and writes them to their coefficients. */
    private void flushOutputs() {
        if (pending.isEmpty()) return;
        boolean timed = timing;
        if (timed) gpu.record(events[2], stream);
        gpu.download(outHost, outDev, outUsed * 8, stream);
        if (timed) gpu.record(events[3], stream);
        gpu.synchronize(stream);
        if (timed) {
            double k = gpu.elapsedMs(events[1], events[2]);
            double t = gpu.elapsedMs(events[0], events[1]) + gpu.elapsedMs(events[2], events[3]);
            engine.kernelMs.add(k);
            engine.transferMs.add(t);
            timing = false;
        }
        DoubleBuffer d = outHost.buffer().asDoubleBuffer();
        for (Pending p : pending) {
            for (int v = 0; v < p.valid(); v++) {
                long o = p.slot() + (long) v * p.count();
                for (int t = 0; t < p.count(); t++) {
                    p.out().put(p.first() + v, p.channel(), p.position() + t, d.get((int) (o + t)));
                }
            }
        }
        pending.clear();
        outUsed = 0;
    }

    @Override
    public void flush() {
        checkOpen();
        try {
            flushOutputs();
            engine.groups.increment();
            if (groupNeed > outCapacity) growOutputs(groupNeed);   // next group in one download
        } finally {
            pending.clear();
            outUsed = 0;
            groupNeed = 0;
            timing = false;
        }
    }

    // ---- 2D/3D grids --------------------------------------------------------------------------------
    //
    // 2D: a wavelet-modulus step is fold (multiply_fold2) into the grid work buffer, inverse FFT of
    // both axes, modulus packing rows 2r and 2r+1 (modulus_packed) into the packed buffer, then the
    // packed real FFT (row FFTs, unpack_rows, column FFTs) into dst. A low-pass output is fold,
    // inverse FFT and crop (extract_real). 3D: per order m a harmonic product (multiply_harmonic) into
    // the work buffer, its inverse FFT and |.|^2 accumulated into dst (squared_modulus, the last one
    // finishing with the square root); integrals are block reductions (integrals).

    private static long product(int[] dims, int from, int to) {
        long p = 1;
        for (int a = from; a < to; a++) p *= dims[a];
        return p;
    }

    @Override
    public void loadGrid(Signals x, int first, int count, int[][] index, boolean packed, Buffer dst) {
        if (index.length == 0) throw new IllegalArgumentException("a grid needs at least one axis");
        load(x, first, count, index, packed, dst);
    }

    @Override
    public void rfftGrid(Buffer packed, int[] dims, Buffer spectrum) {
        checkOpen();
        if (dims.length != 2) throw new IllegalArgumentException("rfftGrid supports 2D grids, got " + dims.length + "D");
        int m = dims[0], n = dims[1];
        if (m < 2 || (m & 1) == 1 || n < 2 || (n & 1) == 1) {
            throw new IllegalArgumentException("a packed grid needs even axes, got " + m + "x" + n);
        }
        need(packed, (long) m * n / 2, "packed grid");
        need(spectrum, (long) m * n, "spectrum");
        if (packed == spectrum) throw new IllegalArgumentException("the spectrum cannot overwrite its packed grid");
        rfft2(b(packed), m, n, b(spectrum));
    }

    /** Spectrum of a packed real m x n grid: row FFTs of the m/2 packed rows, split, column FFTs. */
    private void rfft2(Buf packed, int m, int n, Buf spectrum) {
        int h = m / 2;
        fftAxis(packed, n, 1, h, -1, null);
        args().ptr(packed.mem).i64(packed.capacity).i32(h).i32(n).ptr(spectrum.mem).i64(spectrum.capacity).i32(active);
        launch(CudaKernels.UNPACK_ROWS, (long) h * n);
        fftAxis(spectrum, m, n, 1, -1, null);
    }

    @Override
    public void fftGrid(Buffer data, int[] dims, boolean inverse) {
        checkOpen();
        need(data, product(dims, 0, dims.length), "grid");
        fftAll(b(data), dims, inverse ? 1 : -1);
    }

    private void fftAll(Buf data, int[] dims, int sign) {
        for (int a = 0; a < dims.length; a++) {
            fftAxis(data, dims[a], (int) product(dims, a + 1, dims.length), product(dims, 0, a), sign, null);
        }
    }

    /**
     * {@code fold_f(X h)} of an m x n spectrum into the grid work buffer, an unscaled inverse FFT
     * there, and the work buffer returned (m/f x n/f).
     */
    private Buf filteredInverse(Buffer spectrum, int m, int n, ComputeEngine.GridFilter filter, int factor) {
        CudaFilters.GridFilter h = checkFold2(spectrum, m, n, filter, factor);
        CudaFilters.Packed2 p = h.packed;
        int mf = m / factor, nf = n / factor;
        Buf work = internal(GRID_WORK, (long) mf * nf);
        args().ptr(b(spectrum).mem).i64(spectrum.capacity()).i32(m).i32(n).ptr(h.values).ptr(h.rowTable).i32(p.row0())
                .i32(p.rows()).i32(factor).ptr(work.mem).i64(work.capacity).i32(active);
        launch(CudaKernels.MULTIPLY_FOLD2, (long) mf * nf);
        fftAll(work, new int[] {mf, nf}, +1);
        return work;
    }

    /** Checks the arguments of a 2D fold; returns the filter. */
    private CudaFilters.GridFilter checkFold2(Buffer spectrum, int m, int n, ComputeEngine.GridFilter filter, int factor) {
        checkOpen();
        CudaFilters.GridFilter h = (CudaFilters.GridFilter) filter;
        CudaFilters.Packed2 p = h.packed;
        if (p.m() != m || p.n() != n) throw new IllegalArgumentException("grid filter " + p.m() + "x" + p.n() + " for " + m + "x" + n);
        if (factor < 1 || m % factor != 0 || n % factor != 0) {
            throw new IllegalArgumentException("factor " + factor + " does not divide " + m + "x" + n);
        }
        need(spectrum, (long) m * n, "spectrum");
        return h;
    }

    /**
     * When the step's grid fits a block's shared memory twice (second-order steps at the coarser
     * scales), the whole step is one launch (wavelet2_small); otherwise fold, FFT passes,
     * modulus_packed, and the packed real FFT.
     */
    @Override
    public void waveletModulus2(Buffer spectrum, int m, int n, ComputeEngine.GridFilter filter, int factor, Buffer dst) {
        CudaFilters.GridFilter h = checkFold2(spectrum, m, n, filter, factor);
        int mf = m / factor, nf = n / factor;
        if ((mf & 1) == 1 || (nf & 1) == 1) throw new IllegalArgumentException("a modulus grid needs even axes, got " + mf + "x" + nf);
        need(dst, (long) mf * nf, "spectrum");
        // (the fused kernel reads its input while writing its output: in place takes the unfused path)
        if (spectrum != dst && 2L * mf * nf * es <= engine.fusedSharedBytes()) {
            args().ptr(b(spectrum).mem).i64(spectrum.capacity()).i32(m).i32(n).ptr(h.values).ptr(h.rowTable)
                    .i32(h.packed.row0()).i32(h.packed.rows()).i32(factor).ptr(twiddles(nf)).ptr(twiddles(mf))
                    .ptr(b(dst).mem).i64(dst.capacity()).i32(active);
            launch(CudaKernels.WAVELET2_SMALL, new CudaLaunch(Math.min(active, CudaLaunch.MAX_GRID_Y), 1, CudaLaunch.BLOCK),
                    2 * mf * nf * es);
            return;
        }
        Buf work = filteredInverse(spectrum, m, n, h, factor);
        Buf packed = internal(GRID_PACKED, (long) mf * nf / 2);
        args().ptr(work.mem).i64(work.capacity).i32(mf * nf).i32(nf).ptr(packed.mem).i64(packed.capacity).i32(active);
        launch(CudaKernels.MODULUS_PACKED, (long) mf * nf / 2);
        rfft2(packed, mf, nf, b(dst));
    }

    /**
     * When the output grid fits a block's shared memory twice (the usual case: low-pass outputs are
     * subsampled by 2^(J-j)), fold, both inverse FFT axes and crop are one launch (lowpass2_small);
     * otherwise fold, FFT passes and extract_real.
     */
    @Override
    public void lowPass2(Buffer spectrum, int m, int n, ComputeEngine.GridFilter filter, int factor, int crop,
                         Coefficients out, int first, int valid, int channel) {
        int mf = factor >= 1 ? m / factor : 0, nf = factor >= 1 ? n / factor : 0;
        if (crop < 0 || 2 * crop > Math.min(mf, nf)) throw new IllegalArgumentException("crop " + crop + " of " + mf + "x" + nf);
        if (2L * mf * nf * es > engine.fusedSharedBytes()) {
            Buf work = filteredInverse(spectrum, m, n, filter, factor);
            extract(work, nf, crop, mf - 2 * crop, crop, nf - 2 * crop, out, first, valid, channel, 0);
            return;
        }
        CudaFilters.GridFilter h = checkFold2(spectrum, m, n, filter, factor);
        checkValid(valid);
        int per = (mf - 2 * crop) * (nf - 2 * crop);
        if (per == 0 || valid == 0) return;
        long slot = reserve(per, valid);
        args().ptr(b(spectrum).mem).i64(spectrum.capacity()).i32(m).i32(n).ptr(h.values).ptr(h.rowTable).i32(h.packed.row0())
                .i32(h.packed.rows()).i32(factor).ptr(twiddles(nf)).ptr(twiddles(mf)).i32(crop).ptr(outDev).i64(slot).i32(valid);
        launch(CudaKernels.LOWPASS2_SMALL, new CudaLaunch(Math.min(valid, CudaLaunch.MAX_GRID_Y), 1, CudaLaunch.BLOCK),
                2 * mf * nf * es);
        pending.add(new Pending(out, first, valid, channel, 0, per, slot));
    }

    @Override
    public void harmonicModulus(Buffer spectrum, ComputeEngine.HarmonicFilter filter, int j, int l, boolean allOrders,
                                Buffer dst) {
        checkOpen();
        CudaFilters.HarmonicFilter h = (CudaFilters.HarmonicFilter) filter;
        var k = h.key;
        if (j < 0 || j > k.J() || l < 0 || l > k.L()) throw new IllegalArgumentException("no filter j=" + j + " l=" + l);
        int[] dims = {k.m(), k.n(), k.o()};
        long size = product(dims, 0, 3);
        need(spectrum, size, "spectrum");
        need(dst, size, "modulus");
        Buf work = internal(GRID_WORK, size);
        int last = allOrders ? l : -l;
        for (int m = -l; m <= last; m++) {
            args().ptr(b(spectrum).mem).i64(spectrum.capacity()).ptr(h.tables).i32(k.m()).i32(k.n()).i32(k.o()).i32(k.J())
                    .i32(k.L()).i32(j).i32(l).i32(m).f64(h.scale).ptr(work.mem).i64(work.capacity).i32(active);
            // one thread per voxel handles every lane, so each filter value is evaluated once: no lanes on the grid
            launch(CudaKernels.MULTIPLY_HARMONIC, CudaLaunch.of(size, 1), 0);
            fftAll(work, dims, +1);
            args().ptr(work.mem).i64(work.capacity).i32((int) size).i32(m > -l ? 1 : 0).i32(m == last ? 1 : 0)
                    .ptr(b(dst).mem).i64(dst.capacity()).i32(active);
            launch(CudaKernels.SQUARED_MODULUS, size);
        }
    }

    @Override
    public void integrals(Buffer u, int n, double[] powers, Coefficients out, int first, int valid, int channel,
                          int position) {
        checkOpen();
        need(u, n, "modulus");
        checkValid(valid);
        int np = powers.length;
        if (valid == 0 || np == 0) return;
        Gpu.Memory pw = engine.powers(powers);
        long slot = reserve(np, valid);
        gpu.zero(outDev, slot * 8, (long) valid * np * 8, stream);
        int chunk = CudaKernels.MAX_POWERS_PER_LAUNCH;
        for (int p0 = 0; p0 < np; p0 += chunk) {
            args().ptr(b(u).mem).i64(u.capacity()).i32(n).ptr(pw).i32(p0).i32(Math.min(chunk, np - p0)).ptr(outDev)
                    .i64(slot).i32(np).i32(valid);
            launch(CudaKernels.INTEGRALS, CudaLaunch.reduction(n, valid), 0);
        }
        pending.add(new Pending(out, first, valid, channel, position, np, slot));
    }

    // ---- diagnostics (tests): whole-buffer copies, synchronous ------------------------------------

    /** The first {@code elements} complex values of every lane, lane after lane, re and im interleaved. */
    double[] read(Buffer x, int elements) {
        Buf b = b(x);
        Gpu.Host h = hostCopy(b);
        try {
            ByteBuffer bb = h.buffer();
            double[] v = new double[lanes * elements * 2];
            for (int l = 0; l < lanes; l++) {
                for (int e = 0; e < 2 * elements; e++) {
                    int at = (l * b.capacity * 2 + e) * rs;
                    v[(l * elements) * 2 + e] = single ? bb.getFloat(at) : bb.getDouble(at);
                }
            }
            return v;
        } finally {
            h.free();
        }
    }

    /** Sets the first {@code elements} complex values of every lane (layout of {@link #read}). */
    void write(Buffer x, double[] values, int elements) {
        Buf b = b(x);
        Gpu.Host h = hostCopy(b);
        try {
            ByteBuffer bb = h.buffer();
            for (int l = 0; l < lanes; l++) {
                for (int e = 0; e < 2 * elements; e++) {
                    int at = (l * b.capacity * 2 + e) * rs;
                    double val = values[(l * elements) * 2 + e];
                    if (single) bb.putFloat(at, (float) val); else bb.putDouble(at, val);
                }
            }
            gpu.upload(b.mem, h, b.mem.bytes(), stream);
            gpu.synchronize(stream);
        } finally {
            h.free();
        }
    }

    /** A pinned host copy of a whole buffer, downloaded synchronously; the caller frees it. */
    private Gpu.Host hostCopy(Buf b) {
        checkOpen();
        Gpu.Host h = gpu.allocHost(b.mem.bytes());
        try {
            gpu.download(h, b.mem, b.mem.bytes(), stream);
            gpu.synchronize(stream);
            return h;
        } catch (RuntimeException e) {
            h.free();
            throw e;
        }
    }

    /** One axis FFT of a grid, unscaled, in place (tests). */
    void fftGridAxis(Buffer data, int n, int inner, int outer, int sign) {
        checkOpen();
        fftAxis(b(data), n, inner, outer, sign, null);
    }

    /** Lanes that launches process (tests set it without a load). */
    void activeLanes(int n) {
        active = Math.max(1, Math.min(n, lanes));
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        RuntimeException first = null;
        try {
            gpu.synchronize(stream);
        } catch (RuntimeException e) {
            first = e;
        }
        List<Runnable> frees = new ArrayList<>();
        for (Buf b : buffers) frees.add(b.mem::free);
        if (stagingHost != null) frees.add(stagingHost::free);
        if (stagingDev != null) frees.add(stagingDev::free);
        if (outHost != null) frees.add(outHost::free);
        if (outDev != null) frees.add(outDev::free);
        for (Gpu.Event e : events) if (e != null) frees.add(e::destroy);
        frees.add(stream::destroy);
        for (Runnable r : frees) {
            try {
                r.run();
            } catch (RuntimeException e) {
                if (first == null) first = e;
            }
        }
        buffers.clear();
        pending.clear();
        engine.closed(this);
        if (first != null) {
            throw first instanceof BackendException ? first : new BackendException(first.getMessage(), first);
        }
    }
}
