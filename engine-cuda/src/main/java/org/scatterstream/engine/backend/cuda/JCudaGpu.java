package org.scatterstream.engine.backend.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRelease;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuEventCreate;
import static jcuda.driver.JCudaDriver.cuEventDestroy;
import static jcuda.driver.JCudaDriver.cuEventElapsedTime;
import static jcuda.driver.JCudaDriver.cuEventRecord;
import static jcuda.driver.JCudaDriver.cuFuncSetAttribute;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemAllocHost;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemFreeHost;
import static jcuda.driver.JCudaDriver.cuMemGetInfo;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoHAsync;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoDAsync;
import static jcuda.driver.JCudaDriver.cuMemsetD8Async;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuModuleUnload;
import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamDestroy;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUfunction;
import jcuda.driver.CUfunction_attribute;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;
import org.scatterstream.engine.backend.BackendException;

/**
 * {@link Gpu} on the CUDA driver API through JCuda (only libcuda.so.1 is needed at run time): the
 * device's primary context, made current on whichever thread calls, and the module loaded from the
 * build's fatbin. Every driver call is checked; a failure becomes a one-line
 * {@link BackendException}. Only this class and {@link CudaProbe} touch JCuda, and only after the
 * probe found a usable driver and device.
 */
final class JCudaGpu implements Gpu {
    /** Set by the probe: the driver is loaded and initialised. */
    private final CUdevice device;
    private final CUcontext context;
    private final CUmodule module;
    private final String name;
    private final int sharedOptIn;
    /** The context each thread last made current (the driver keeps one per thread). */
    private final ThreadLocal<CUcontext> current = new ThreadLocal<>();
    private volatile boolean closed;

    private JCudaGpu(CUdevice device, CUcontext context, CUmodule module, String name, int sharedOptIn) {
        this.sharedOptIn = sharedOptIn;
        this.device = device;
        this.context = context;
        this.module = module;
        this.name = name;
    }

    /** Device ordinal from {@code -Dscatterstream.cuda.device} (default 0; CUDA_VISIBLE_DEVICES applies first). */
    static int ordinal() {
        return Integer.getInteger("scatterstream.cuda.device", 0);
    }

    /**
     * Loads and initialises the driver and checks the device; returns null when usable, else the
     * one-line reason. Throws what loading the native library throws (the probe catches it).
     */
    static String check() {
        JCudaDriver.setExceptionsEnabled(false);
        int r = cuInit(0);
        if (r != CUresult.CUDA_SUCCESS) {
            return r == CUresult.CUDA_ERROR_NO_DEVICE ? "no CUDA device (the NVIDIA driver reports none)"
                    : "the NVIDIA driver failed to initialise (" + CUresult.stringFor(r) + ")";
        }
        int[] count = new int[1];
        r = cuDeviceGetCount(count);
        if (r != CUresult.CUDA_SUCCESS) return "cannot count CUDA devices (" + CUresult.stringFor(r) + ")";
        if (count[0] == 0) return "no CUDA device (the NVIDIA driver reports none)";
        int ord = ordinal();
        if (ord < 0 || ord >= count[0]) {
            return "CUDA device " + ord + " does not exist (" + count[0] + " visible; -Dscatterstream.cuda.device)";
        }
        CUdevice dev = new CUdevice();
        r = cuDeviceGet(dev, ord);
        if (r != CUresult.CUDA_SUCCESS) return "cannot open CUDA device " + ord + " (" + CUresult.stringFor(r) + ")";
        int cc = computeCapability(dev);
        if (cc < 75) {
            return deviceName(dev) + " has compute capability " + cc / 10 + "." + cc % 10
                    + "; the kernels need 7.5 (Turing) or newer";
        }
        return null;
    }

    /** Opens the device's primary context and loads the kernels; {@link #check()} passed before. */
    static JCudaGpu open(byte[] fatbin) {
        CUdevice dev = new CUdevice();
        check(cuDeviceGet(dev, ordinal()), "cuDeviceGet");
        CUcontext ctx = new CUcontext();
        check(cuDevicePrimaryCtxRetain(ctx, dev), "cuDevicePrimaryCtxRetain");
        try {
            check(cuCtxSetCurrent(ctx), "cuCtxSetCurrent");
            CUmodule mod = new CUmodule();
            check(cuModuleLoadData(mod, fatbin), "cuModuleLoadData (scatter.fatbin)");
            int cc = computeCapability(dev);
            int[] optIn = new int[1];
            check(cuDeviceGetAttribute(optIn, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN, dev),
                    "cuDeviceGetAttribute");
            JCudaGpu gpu = new JCudaGpu(dev, ctx, mod, deviceName(dev) + " (sm_" + cc + ")", Math.max(48 * 1024, optIn[0]));
            gpu.current.set(ctx);
            return gpu;
        } catch (RuntimeException e) {
            cuDevicePrimaryCtxRelease(dev);
            throw e;
        }
    }

    private static int computeCapability(CUdevice dev) {
        int[] major = new int[1], minor = new int[1];
        check(cuDeviceGetAttribute(major, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev),
                "cuDeviceGetAttribute");
        check(cuDeviceGetAttribute(minor, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev),
                "cuDeviceGetAttribute");
        return major[0] * 10 + minor[0];
    }

    private static String deviceName(CUdevice dev) {
        byte[] b = new byte[256];
        if (cuDeviceGetName(b, b.length, dev) != CUresult.CUDA_SUCCESS) return "CUDA device";
        int n = 0;
        while (n < b.length && b[n] != 0) n++;
        return new String(b, 0, n, StandardCharsets.US_ASCII).trim();
    }

    static void check(int result, String what) {
        if (result != CUresult.CUDA_SUCCESS) {
            String hint = result == CUresult.CUDA_ERROR_OUT_OF_MEMORY
                    ? " (GPU memory is full: use a smaller batch or -Dscatterstream.cuda.maxLanes)" : "";
            throw new BackendException("CUDA error " + CUresult.stringFor(result) + " in " + what + hint);
        }
    }

    /** Makes the context current on the calling thread (once per thread). */
    private void bind() {
        if (closed) throw new BackendException("the CUDA context is closed");
        if (current.get() != context) {
            check(cuCtxSetCurrent(context), "cuCtxSetCurrent");
            current.set(context);
        }
    }

    @Override
    public String deviceName() {
        return name;
    }

    @Override
    public int sharedBytesPerBlock() {
        return 48 * 1024;
    }

    @Override
    public int sharedBytesOptIn() {
        return sharedOptIn;
    }

    @Override
    public void allowShared(Function f, int bytes) {
        if (bytes <= 48 * 1024) return;
        bind();
        check(cuFuncSetAttribute(((FunctionImpl) f).f(), CUfunction_attribute.CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES,
                Math.min(bytes, sharedOptIn)), "cuFuncSetAttribute(" + f.name() + ", max dynamic shared memory)");
    }

    @Override
    public long freeBytes() {
        bind();
        long[] free = new long[1], total = new long[1];
        check(cuMemGetInfo(free, total), "cuMemGetInfo");
        return free[0];
    }

    private static final class Mem implements Memory {
        final CUdeviceptr ptr = new CUdeviceptr();
        final long bytes;
        private final JCudaGpu gpu;
        private boolean freed;

        Mem(JCudaGpu gpu, long bytes) {
            this.gpu = gpu;
            this.bytes = bytes;
        }

        @Override
        public long bytes() {
            return bytes;
        }

        @Override
        public synchronized void free() {
            if (freed || gpu.closed) return;
            freed = true;
            gpu.bind();
            check(cuMemFree(ptr), "cuMemFree");
        }
    }

    private static final class HostMem implements Host {
        final Pointer ptr = new Pointer();
        final long bytes;
        ByteBuffer view;
        private final JCudaGpu gpu;
        private boolean freed;

        HostMem(JCudaGpu gpu, long bytes) {
            this.gpu = gpu;
            this.bytes = bytes;
        }

        @Override
        public ByteBuffer buffer() {
            return view.duplicate().order(ByteOrder.nativeOrder());
        }

        @Override
        public long bytes() {
            return bytes;
        }

        @Override
        public synchronized void free() {
            if (freed || gpu.closed) return;
            freed = true;
            gpu.bind();
            check(cuMemFreeHost(ptr), "cuMemFreeHost");
        }
    }

    private record StreamImpl(JCudaGpu gpu, CUstream s) implements Stream {
        @Override
        public void destroy() {
            if (gpu.closed) return;
            gpu.bind();
            check(cuStreamDestroy(s), "cuStreamDestroy");
        }
    }

    private record EventImpl(JCudaGpu gpu, CUevent e) implements Event {
        @Override
        public void destroy() {
            if (gpu.closed) return;
            gpu.bind();
            check(cuEventDestroy(e), "cuEventDestroy");
        }
    }

    private record FunctionImpl(String name, CUfunction f) implements Function {}

    @Override
    public Memory alloc(long bytes) {
        bind();
        Mem m = new Mem(this, bytes);
        check(cuMemAlloc(m.ptr, Math.max(1, bytes)), "cuMemAlloc of " + bytes + " bytes");
        return m;
    }

    @Override
    public Host allocHost(long bytes) {
        if (bytes > Integer.MAX_VALUE) {
            throw new BackendException("a host staging buffer of " + bytes + " bytes is over 2 GiB; use a smaller batch");
        }
        bind();
        HostMem h = new HostMem(this, bytes);
        check(cuMemAllocHost(h.ptr, Math.max(1, bytes)), "cuMemAllocHost of " + bytes + " bytes");
        h.view = h.ptr.getByteBuffer(0, Math.max(1, bytes)).order(ByteOrder.nativeOrder());
        return h;
    }

    @Override
    public Stream newStream() {
        bind();
        CUstream s = new CUstream();
        check(cuStreamCreate(s, 0), "cuStreamCreate");
        return new StreamImpl(this, s);
    }

    @Override
    public Event newEvent() {
        bind();
        CUevent e = new CUevent();
        check(cuEventCreate(e, 0), "cuEventCreate");
        return new EventImpl(this, e);
    }

    @Override
    public Function function(String fname) {
        bind();
        CUfunction f = new CUfunction();
        check(cuModuleGetFunction(f, module, fname), "cuModuleGetFunction(" + fname + ")");
        return new FunctionImpl(fname, f);
    }

    private static CUstream s(Stream s) {
        return ((StreamImpl) s).s();
    }

    @Override
    public void upload(Memory dst, Host src, long bytes, Stream stream) {
        if (bytes == 0) return;
        bind();
        check(cuMemcpyHtoDAsync(((Mem) dst).ptr, ((HostMem) src).ptr, bytes, s(stream)), "cuMemcpyHtoDAsync");
    }

    @Override
    public void download(Host dst, Memory src, long bytes, Stream stream) {
        if (bytes == 0) return;
        bind();
        check(cuMemcpyDtoHAsync(((HostMem) dst).ptr, ((Mem) src).ptr, bytes, s(stream)), "cuMemcpyDtoHAsync");
    }

    @Override
    public void zero(Memory dst, long offset, long bytes, Stream stream) {
        if (bytes == 0) return;
        bind();
        check(cuMemsetD8Async(((Mem) dst).ptr.withByteOffset(offset), (byte) 0, bytes, s(stream)), "cuMemsetD8Async");
    }

    private static final Pointer NULL_ARG = Pointer.to(new long[] {0L});

    @Override
    public void launch(Function f, int gridX, int gridY, int block, int sharedBytes, Stream stream, KernelArgs args) {
        bind();
        Pointer[] p = new Pointer[args.size()];
        for (int i = 0; i < p.length; i++) {
            switch (args.kind(i)) {
                case POINTER -> {
                    Memory m = args.pointer(i);
                    p[i] = m == null ? NULL_ARG : Pointer.to(((Mem) m).ptr);
                }
                case INT -> p[i] = Pointer.to(new int[] {(int) args.raw(i)});
                case LONG -> p[i] = Pointer.to(new long[] {args.raw(i)});
                case DOUBLE -> p[i] = Pointer.to(new double[] {Double.longBitsToDouble(args.raw(i))});
                default -> throw new IllegalStateException();
            }
        }
        FunctionImpl fi = (FunctionImpl) f;
        check(cuLaunchKernel(fi.f(), gridX, gridY, 1, block, 1, 1, sharedBytes, s(stream), Pointer.to(p), null),
                "cuLaunchKernel(" + fi.name() + ")");
    }

    @Override
    public void record(Event event, Stream stream) {
        bind();
        check(cuEventRecord(((EventImpl) event).e(), s(stream)), "cuEventRecord");
    }

    @Override
    public void synchronize(Stream stream) {
        bind();
        check(cuStreamSynchronize(s(stream)), "cuStreamSynchronize (an earlier kernel or copy failed)");
    }

    @Override
    public float elapsedMs(Event start, Event end) {
        bind();
        float[] ms = new float[1];
        check(cuEventElapsedTime(ms, ((EventImpl) start).e(), ((EventImpl) end).e()), "cuEventElapsedTime");
        return ms[0];
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        bind();
        closed = true;
        cuModuleUnload(module);
        cuDevicePrimaryCtxRelease(device);
    }
}
