package org.scatterstream.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scatterstream.engine.Precision;
import org.scatterstream.engine.Scattering1D;
import org.scatterstream.engine.Scattering2D;
import org.scatterstream.engine.backend.Worker;

/**
 * Device memory on the emulated device: buffers sized lanes x capacity, lane widths rounded to
 * powers of two, nothing allocated per batch once warm, everything freed on close.
 */
class CudaMemoryTest {
    @BeforeAll
    static void emulation() {
        assumeTrue(EmuLibrary.unavailable() == null, () -> "kernel emulation not available: " + EmuLibrary.unavailable());
    }

    @Test
    void buffersHoldEveryLaneAndAreFreedOnClose() {
        EmuGpu gpu = new EmuGpu();
        CudaEngine e = new CudaEngine(EmuBackend.NAME, gpu, true, Precision.FLOAT, 64);
        Worker w = e.worker(8);
        long base = gpu.allocated.get();
        w.buffer(100);
        assertEquals(base + 8 * 100 * 8, gpu.allocated.get(), "8 lanes x 100 complex floats");
        w.buffer(0);
        assertEquals(base + 8 * 100 * 8 + 8 * 8, gpu.allocated.get(), "at least one element per lane");
        e.filter(new double[] {1, 0.5, 0, 0, 0, 0, 0, 0.5}, 1.0 / 8);
        assertEquals(base + 8 * 100 * 8 + 8 * 8 + 3 * 4, gpu.allocated.get(), "a filter: its 3-value support in float");
        e.close();
        assertEquals(0, gpu.allocated.get(), "engine close frees workers, filters and tables");
    }

    @Test
    void lanesAreTheWholeBatchRoundedToAPowerOfTwo() {
        CudaEngine e = new CudaEngine(EmuBackend.NAME, new EmuGpu(), true, Precision.DOUBLE, 512);
        assertEquals(1, e.preferredLanes(1));
        assertEquals(64, e.preferredLanes(64));
        assertEquals(128, e.preferredLanes(100));
        assertEquals(512, e.preferredLanes(100_000), "bounded by the configured maximum");
        assertEquals(128, e.lanes(100, 1), "the cores' cache bound (here 1) does not apply on a GPU");
        e.close();
    }

    @Test
    void steadyStateAllocatesNothing() {
        try (Scattering1D s = Scattering1D.builder().J(5).Q(4).shape(600).backend(EmuBackend.NAME).build()) {
            EmuGpu gpu = EmuBackend.last;
            float[] x = new float[7 * 600];
            for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(i * 0.37);
            float[] out = s.transform(x, 5);
            long mem = gpu.allocated.get(), launches = gpu.launches.get();
            s.transform(x, 5, out);
            assertEquals(mem, gpu.allocated.get(), "warm: no device allocation per batch");
            long perBatch = gpu.launches.get() - launches;
            s.transform(x, 5, out);
            assertEquals(perBatch, gpu.launches.get() - launches - perBatch, "same launches every batch");
            s.transform(x, 7, new float[7 * s.outputSize()]);
            assertEquals(mem, gpu.allocated.get(), "7 samples fit the 8-lane worker of the 5-sample batches");
            Map<String, Double> st = s.backendStats();
            assertEquals(4.0, st.get("gpu_groups"), "one lane group per batch: " + st);
            assertTrue(st.get("gpu_launches") > 0 && st.get("gpu_kernel_ms") >= 0 && st.get("gpu_transfer_ms") >= 0, st.toString());
            s.transform(x, 2, new float[2 * s.outputSize()]);
            assertTrue(gpu.allocated.get() > mem, "a 2-lane worker of its own");
        }
        assertEquals(0, EmuBackend.last.allocated.get(), "closing the transform frees the device");
    }

    @Test
    void gridTransformsTakeTheWholeBatchInOneGroup() {
        try (Scattering2D s = Scattering2D.builder().J(1).L(2).shape(300, 260).maxOrder(1).backend(EmuBackend.NAME).build()) {
            float[] x = new float[3 * 300 * 260];
            s.transform(x, 3);
            assertEquals(1.0, s.backendStats().get("gpu_groups"), "the CPU's cache bound would give 3 groups");
        }
    }
}
