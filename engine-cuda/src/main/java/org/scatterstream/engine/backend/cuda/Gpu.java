package org.scatterstream.engine.backend.cuda;

import java.nio.ByteBuffer;

/**
 * The few driver operations the CUDA backend uses, so that everything above them (engine, worker,
 * launch planning) runs unchanged on {@link JCudaGpu} (the real driver) and on the tests' CPU
 * emulation of the kernels. Failures are {@link org.scatterstream.engine.backend.BackendException}s
 * with a one-line message. Implementations are thread-safe; a {@link Stream} is used by one thread
 * at a time.
 */
interface Gpu extends AutoCloseable {

    /** Device description for messages and the bench, e.g. {@code NVIDIA H100 80GB HBM3 (sm_90)}. */
    String deviceName();

    /** Dynamic shared memory a block may use without opting in (48 KiB on every supported GPU). */
    int sharedBytesPerBlock();

    /** Dynamic shared memory a block may use once its kernel opted in ({@link #allowShared}). */
    int sharedBytesOptIn();

    /** Lets a kernel's blocks use up to {@code bytes} of dynamic shared memory (at most {@link #sharedBytesOptIn}). */
    void allowShared(Function f, int bytes);

    /** Free device memory in bytes. */
    long freeBytes();

    /** Device memory, contents undefined. */
    Memory alloc(long bytes);

    /** Page-locked host memory (fast, asynchronous copies), native byte order. */
    Host allocHost(long bytes);

    Stream newStream();

    Event newEvent();

    /** The kernel of that name in the loaded module. */
    Function function(String name);

    /** Copies {@code bytes} from {@code src} to the start of {@code dst}, in stream order. */
    void upload(Memory dst, Host src, long bytes, Stream stream);

    /** Copies {@code bytes} from the start of {@code src} to {@code dst}, in stream order. */
    void download(Host dst, Memory src, long bytes, Stream stream);

    /** Zeroes {@code bytes} of {@code dst} from byte {@code offset}, in stream order. */
    void zero(Memory dst, long offset, long bytes, Stream stream);

    /** Launches a kernel on a 2D grid of 1D blocks, in stream order. */
    void launch(Function f, int gridX, int gridY, int block, int sharedBytes, Stream stream, KernelArgs args);

    void record(Event event, Stream stream);

    /** Waits for everything queued on the stream; reports errors of earlier asynchronous work. */
    void synchronize(Stream stream);

    /** Milliseconds between two recorded events (both complete). */
    float elapsedMs(Event start, Event end);

    /** Releases the context's resources held by this object (not the memory handed out). */
    @Override
    void close();

    /** A device allocation. */
    interface Memory {
        long bytes();

        void free();
    }

    /** A page-locked host allocation. */
    interface Host {
        /** A view of the whole allocation, native byte order, position 0. */
        ByteBuffer buffer();

        long bytes();

        void free();
    }

    interface Stream {
        void destroy();
    }

    interface Event {
        void destroy();
    }

    /** A kernel handle; its name is for messages. */
    interface Function {
        String name();
    }

    /**
     * Upload of a heap array outside any worker (filters, tables: once per engine): through a
     * temporary page-locked buffer, synchronously.
     */
    default Memory uploadNow(ByteBuffer data) {
        long bytes = data.remaining();
        Memory m = alloc(Math.max(bytes, 1));
        Host h = null;
        Stream s = null;
        try {
            h = allocHost(Math.max(bytes, 1));
            h.buffer().put(data.duplicate());
            s = newStream();
            upload(m, h, bytes, s);
            synchronize(s);
            return m;
        } catch (RuntimeException e) {
            m.free();
            throw e;
        } finally {
            if (s != null) s.destroy();
            if (h != null) h.free();
        }
    }
}
