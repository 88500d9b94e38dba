package org.scatterstream.engine.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.scatterstream.engine.backend.Coefficients;
import org.scatterstream.engine.backend.ComputeEngine;
import org.scatterstream.engine.backend.Signals;
import org.scatterstream.engine.backend.Worker;

/**
 * Runs a transform kernel over a batch: the batch is cut into lane groups (as many samples as a
 * worker processes together), groups are spread over up to {@code threads} threads, and per-worker
 * state (buffers) is pooled so repeated calls allocate nothing large.
 *
 * @param <S> the kernel's per-worker state
 */
public final class BatchExecutor<S> implements AutoCloseable {

    /** A transform written against {@link Worker}: builds per-worker state and runs one lane group. */
    public interface Kernel<S> {
        S newState(Worker worker);

        void run(S state, Signals x, int first, int count, Coefficients out);

        /**
         * Upper bound on the samples a worker processes together (2D/3D grids keep lane groups small
         * so that a worker's buffers stay in cache); the engine's preference applies below it.
         */
        default int maxLanes() {
            return Integer.MAX_VALUE;
        }

        /**
         * How many independent parts a lane group splits into after a shared first step: 1 (the
         * default) when the kernel does not split. With fewer lane groups than threads (one large
         * volume, say), the executor runs the parts of a group on several threads.
         */
        default int parts() {
            return 1;
        }

        /**
         * About how many bytes a worker and its state take for {@code lanes} lanes, once built (0:
         * negligible). Each extra thread running {@link #parts} builds one, so the executor uses no
         * more threads than the free heap holds.
         */
        default long stateBytes(int lanes) {
            return 0;
        }

        /** The shared first step of a lane group ({@link #parts}), into {@code state} (and outputs). */
        default void prepare(S state, Signals x, int first, int count, Coefficients out) {
            throw new UnsupportedOperationException("kernel does not split");
        }

        /**
         * Part {@code part} of a lane group whose first step {@link #prepare} left in {@code shared}
         * (read only: other threads read it at the same time), with {@code state}'s own buffers.
         */
        default void runPart(S state, S shared, int part, Signals x, int first, int count, Coefficients out) {
            throw new UnsupportedOperationException("kernel does not split");
        }
    }

    private record Pooled<S>(Worker worker, S state, int lanes) {}

    private final ComputeEngine engine;
    private final Kernel<S> kernel;
    private final int threads;
    /** Idle workers by lane count (batch sizes of a stream vary; each width is kept once built). */
    private final java.util.concurrent.ConcurrentHashMap<Integer, ConcurrentLinkedQueue<Pooled<S>>> pools =
            new java.util.concurrent.ConcurrentHashMap<>();
    private volatile ExecutorService executor;
    private volatile boolean closed;

    public BatchExecutor(ComputeEngine engine, Kernel<S> kernel, int threads) {
        this.engine = engine;
        this.kernel = kernel;
        this.threads = Math.max(1, threads);
    }

    /** Transforms samples {@code 0..batch-1}. */
    public void run(int batch, Signals x, Coefficients out) {
        if (closed) throw new IllegalStateException("transform is closed");
        if (batch <= 0) return;
        int lanes = engine.lanes(batch, kernel.maxLanes());
        int groups = (batch + lanes - 1) / lanes;
        int nThreads = Math.min(threads, groups);
        if (groups < threads && kernel.parts() > 1 && engine.sharesBuffers()) {
            // too few groups to go round: each group's parts on every thread instead
            for (int g = 0; g < groups; g++) {
                int first = g * lanes;
                runParts(first, Math.min(lanes, batch - first), lanes, x, out);
            }
            return;
        }
        if (nThreads <= 1) {
            work(new AtomicInteger(), groups, lanes, batch, x, out);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>(nThreads - 1);
        ExecutorService ex = executor();
        for (int t = 1; t < nThreads; t++) {
            futures.add(ex.submit(() -> work(next, groups, lanes, batch, x, out)));
        }
        work(next, groups, lanes, batch, x, out);       // the caller works too
        join(futures);
    }

    /** One lane group: its shared step on the caller's worker, then its parts on up to all threads. */
    private void runParts(int first, int count, int lanes, Signals x, Coefficients out) {
        Pooled<S> shared = acquire(lanes);
        try {
            kernel.prepare(shared.state(), x, first, count, out);
            int parts = kernel.parts(), nThreads = Math.min(threads, parts);
            long bytes = kernel.stateBytes(lanes);
            ConcurrentLinkedQueue<Pooled<S>> idle = pools.get(lanes);
            if (bytes > 0 && (idle == null ? 0 : idle.size()) < nThreads - 1) {
                // workers to build for the extra threads: no more than half the free heap holds
                Runtime rt = Runtime.getRuntime();
                long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
                nThreads = (int) Math.max(1, Math.min(nThreads, 1 + free / (2 * bytes)));
            }
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> futures = new ArrayList<>(nThreads - 1);
            ExecutorService ex = executor();
            for (int t = 1; t < nThreads; t++) {
                futures.add(ex.submit(() -> {
                    Pooled<S> p = acquire(lanes);
                    try {
                        parts(p, shared.state(), next, parts, x, first, count, out);
                    } finally {
                        release(p);
                    }
                }));
            }
            try {
                parts(shared, shared.state(), next, parts, x, first, count, out);
            } finally {
                // the other threads read the shared state: it goes back to the pool after them
                join(futures);
            }
        } finally {
            release(shared);
        }
    }

    private void parts(Pooled<S> p, S shared, AtomicInteger next, int parts, Signals x, int first, int count,
                       Coefficients out) {
        for (int part; (part = next.getAndIncrement()) < parts; ) {
            kernel.runPart(p.state(), shared, part, x, first, count, out);
        }
        p.worker().flush();
    }

    private static void join(List<Future<?>> futures) {
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof RuntimeException re) throw re;
                if (c instanceof Error err) throw err;
                throw new IllegalStateException(c);
            }
        }
    }

    private void work(AtomicInteger next, int groups, int lanes, int batch, Signals x, Coefficients out) {
        Pooled<S> p = acquire(lanes);
        try {
            for (int g; (g = next.getAndIncrement()) < groups; ) {
                int first = g * lanes;
                kernel.run(p.state(), x, first, Math.min(lanes, batch - first), out);
                p.worker().flush();
            }
        } finally {
            release(p);
        }
    }

    private void release(Pooled<S> p) {
        pools.computeIfAbsent(p.lanes(), k -> new ConcurrentLinkedQueue<>()).offer(p);
    }

    private Pooled<S> acquire(int lanes) {
        ConcurrentLinkedQueue<Pooled<S>> q = pools.get(lanes);
        Pooled<S> p = q == null ? null : q.poll();
        if (p != null) return p;
        Worker w = engine.worker(lanes);
        return new Pooled<>(w, kernel.newState(w), lanes);
    }

    private ExecutorService executor() {
        ExecutorService ex = executor;
        if (ex == null) {
            synchronized (this) {
                if (executor == null) {
                    executor = Executors.newFixedThreadPool(threads - 1, r -> {
                        Thread t = new Thread(r, "scatterstream-worker");
                        t.setDaemon(true);
                        return t;
                    });
                }
                ex = executor;
            }
        }
        return ex;
    }

    @Override
    public void close() {
        closed = true;
        ExecutorService ex = executor;
        if (ex != null) ex.shutdownNow();
        for (ConcurrentLinkedQueue<Pooled<S>> q : pools.values()) {
            for (Pooled<S> p; (p = q.poll()) != null; ) p.worker().close();
        }
    }
}
