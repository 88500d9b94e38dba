package org.scatterstream.engine.backend.cuda;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.scatterstream.engine.backend.BackendException;

/**
 * {@link Gpu} on the CPU emulation of the kernels (see cuda_emu.h): device memory is host memory
 * filled with NaN bytes when allocated, launches run the kernels of scatter.cu synchronously.
 * Checks what the hardware would refuse (grid and block limits, shared memory over the budget) and
 * can inject a failure ({@link #failAfter}) like a real CUDA error, to test the fallback path.
 */
final class EmuGpu implements Gpu {
    static native long nAlloc(long bytes);

    static native void nFree(long addr);

    static native long nAddress(ByteBuffer direct);

    static native void nCopy(long dst, long src, long bytes);

    static native void nMemset(long dst, int value, long bytes);

    static native String nLaunch(String name, int gx, int gy, int gz, int bx, int by, int bz, int smem, long[] args);

    static native String nKernels();

    private final Set<String> kernels = Set.of(nKernels().split(","));
    final AtomicLong allocated = new AtomicLong();
    final AtomicLong launches = new AtomicLong();
    /** Launches after which every launch fails (negative: never). */
    volatile long failAfter = -1;
    /** Count and check launches without running them (launch statistics of large configurations). */
    volatile boolean dryRun;

    record Mem(long address, long bytes, EmuGpu gpu, boolean[] freed) implements Memory {
        @Override
        public void free() {
            synchronized (freed) {
                if (freed[0]) return;
                freed[0] = true;
            }
            gpu.allocated.addAndGet(-bytes);
            nFree(address);
        }
    }

    record HostMem(ByteBuffer buf, long address) implements Host {
        @Override
        public ByteBuffer buffer() {
            return buf.duplicate().order(ByteOrder.nativeOrder());
        }

        @Override
        public long bytes() {
            return buf.capacity();
        }

        @Override
        public void free() {}
    }

    record Fn(String name) implements Function {}

    static final class Ev implements Event {
        long nanos;

        @Override
        public void destroy() {}
    }

    @Override
    public String deviceName() {
        return "CPU emulation of the kernels";
    }

    private final int sharedPerBlock, sharedOptIn;

    /** Shared memory like an H100's: 48 KiB per block, 227 KiB with opt-in. */
    EmuGpu() {
        this(48 * 1024, 227 * 1024);
    }

    /** A device with other shared-memory limits (smaller ones take the unfused, multi-pass paths). */
    EmuGpu(int sharedPerBlock, int sharedOptIn) {
        this.sharedPerBlock = sharedPerBlock;
        this.sharedOptIn = sharedOptIn;
    }

    @Override
    public int sharedBytesPerBlock() {
        return sharedPerBlock;
    }

    private final java.util.Map<String, Integer> allowed = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public int sharedBytesOptIn() {
        return sharedOptIn;
    }

    @Override
    public void allowShared(Function f, int bytes) {
        check(bytes <= sharedBytesOptIn(), "shared memory opt-in of " + bytes);
        allowed.put(f.name(), bytes);
    }

    @Override
    public long freeBytes() {
        return 1L << 34;
    }

    @Override
    public Memory alloc(long bytes) {
        long a = nAlloc(Math.max(1, bytes));
        if (a == 0) throw new BackendException("CUDA error CUDA_ERROR_OUT_OF_MEMORY in cuMemAlloc (emulated)");
        allocated.addAndGet(bytes);
        return new Mem(a, bytes, this, new boolean[1]);
    }

    @Override
    public Host allocHost(long bytes) {
        ByteBuffer b = ByteBuffer.allocateDirect((int) Math.max(1, bytes)).order(ByteOrder.nativeOrder());
        return new HostMem(b, nAddress(b));
    }

    @Override
    public Stream newStream() {
        return () -> {};
    }

    @Override
    public Event newEvent() {
        return new Ev();
    }

    @Override
    public Function function(String name) {
        if (!kernels.contains(name)) throw new BackendException("CUDA error CUDA_ERROR_NOT_FOUND in cuModuleGetFunction(" + name + ")");
        return new Fn(name);
    }

    @Override
    public void upload(Memory dst, Host src, long bytes, Stream stream) {
        check(bytes <= dst.bytes() && bytes <= src.bytes(), "upload of " + bytes + " bytes");
        nCopy(((Mem) dst).address(), ((HostMem) src).address(), bytes);
    }

    @Override
    public void download(Host dst, Memory src, long bytes, Stream stream) {
        check(bytes <= dst.bytes() && bytes <= src.bytes(), "download of " + bytes + " bytes");
        nCopy(((HostMem) dst).address(), ((Mem) src).address(), bytes);
    }

    @Override
    public void zero(Memory dst, long offset, long bytes, Stream stream) {
        check(offset >= 0 && offset + bytes <= dst.bytes(), "memset past the allocation");
        nMemset(((Mem) dst).address() + offset, 0, bytes);
    }

    private static void check(boolean ok, String what) {
        if (!ok) throw new IllegalStateException("emulated GPU: invalid " + what);
    }

    @Override
    public void launch(Function f, int gridX, int gridY, int block, int sharedBytes, Stream stream, KernelArgs args) {
        long n = launches.incrementAndGet();
        if (failAfter >= 0 && n > failAfter) {
            throw new BackendException("CUDA error CUDA_ERROR_LAUNCH_FAILED in cuLaunchKernel(" + f.name() + ") (injected)");
        }
        check(gridX >= 1 && gridY >= 1 && gridY <= 65535, "grid " + gridX + "x" + gridY + " for " + f.name());
        check(block >= 1 && block <= 1024, "block " + block + " for " + f.name());
        int limit = Math.max(sharedBytesPerBlock(), allowed.getOrDefault(f.name(), 0));
        check(sharedBytes >= 0 && sharedBytes <= limit, "shared memory " + sharedBytes + " for " + f.name());
        long[] slots = new long[args.size()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = args.kind(i) == KernelArgs.Kind.POINTER
                    ? (args.pointer(i) == null ? 0 : ((Mem) args.pointer(i)).address()) : args.raw(i);
        }
        if (dryRun) return;
        String err = nLaunch(f.name(), gridX, gridY, 1, block, 1, 1, sharedBytes, slots);
        if (err != null) throw new IllegalStateException("emulated launch of " + f.name() + ": " + err);
    }

    @Override
    public void record(Event event, Stream stream) {
        ((Ev) event).nanos = System.nanoTime();
    }

    @Override
    public void synchronize(Stream stream) {}

    @Override
    public float elapsedMs(Event start, Event end) {
        return (((Ev) end).nanos - ((Ev) start).nanos) / 1e6f;
    }

    @Override
    public void close() {}
}
