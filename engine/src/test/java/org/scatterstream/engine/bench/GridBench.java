package org.scatterstream.engine.bench;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.scatterstream.engine.HarmonicScattering3D;
import org.scatterstream.engine.Precision;
import org.scatterstream.engine.Scattering2D;
import org.scatterstream.engine.ScatteringTransform;

/**
 * A JMH-free timing harness for the 2D and 3D transforms (a benchmark, never a test): warms up, then
 * times repeated batches of Gaussian noise and prints the median, p10 and p90 per batch and per
 * sample. Until {@code bin/scatter bench 2d|3d} exists, run it from the engine directory with
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes \
 *        org.scatterstream.engine.bench.GridBench 2d J=3 L=8 shape=256,256 batch=24 threads=1 precision=float
 *   ... GridBench 3d J=2 L=2 shape=128,128,128 batch=1 threads=1
 * </pre>
 */
public final class GridBench {
    private GridBench() {}

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: GridBench 2d|3d [J=..] [L=..] [shape=a,b[,c]] [batch=..] [threads=..] "
                    + "[precision=float|double] [reps=..] [warmup=..]");
            System.exit(2);
        }
        String kind = args[0];
        java.util.Map<String, String> p = new java.util.HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            p.put(kv[0], kv[1]);
        }
        int J = Integer.parseInt(p.getOrDefault("J", kind.equals("2d") ? "3" : "2"));
        int L = Integer.parseInt(p.getOrDefault("L", kind.equals("2d") ? "8" : "2"));
        int[] shape = Arrays.stream(p.getOrDefault("shape", kind.equals("2d") ? "256,256" : "128,128,128").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int batch = Integer.parseInt(p.getOrDefault("batch", kind.equals("2d") ? "24" : "1"));
        int threads = Integer.parseInt(p.getOrDefault("threads", "1"));
        int reps = Integer.parseInt(p.getOrDefault("reps", "15"));
        int warmup = Integer.parseInt(p.getOrDefault("warmup", "3"));
        Precision precision = Precision.parse(p.getOrDefault("precision", "float"));
        long t0 = System.nanoTime();
        ScatteringTransform t = kind.equals("2d")
                ? Scattering2D.builder().J(J).L(L).shape(shape[0], shape[1]).precision(precision).threads(threads).build()
                : HarmonicScattering3D.builder().J(J).L(L).shape(shape[0], shape[1], shape[2]).precision(precision)
                        .threads(threads).build();
        double build = (System.nanoTime() - t0) / 1e6;
        try (t) {
            SplittableRandom rnd = new SplittableRandom(1);
            int n = t.inputSize() * batch;
            float[] xf = new float[n];
            double[] xd = new double[n];
            for (int i = 0; i < n; i++) xd[i] = xf[i] = (float) rnd.nextDouble(-1, 1);
            float[] of = new float[t.outputSize() * batch];
            double[] od = new double[t.outputSize() * batch];
            double[] ms = new double[reps], cpu = new double[reps];
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            for (int r = -warmup; r < reps; r++) {
                long s = System.nanoTime(), c = mx.getCurrentThreadCpuTime();
                if (precision == Precision.FLOAT) t.transform(xf, batch, of);
                else t.transform(xd, batch, od);
                if (r >= 0) {
                    ms[r] = (System.nanoTime() - s) / 1e6;
                    cpu[r] = (mx.getCurrentThreadCpuTime() - c) / 1e6;
                }
            }
            Arrays.sort(ms);
            Arrays.sort(cpu);
            double med = ms[reps / 2];
            // with one thread the batch runs on the calling thread: its CPU time is robust to other load
            System.out.printf("%s %s batch=%d threads=%d %s: build %.0f ms; per batch median %.2f ms (p10 %.2f, "
                            + "p90 %.2f); per sample median %.3f ms%s%n", kind, t.configId(), batch, threads,
                    precision.name().toLowerCase(), build, med, ms[reps / 10], ms[reps * 9 / 10], med / batch,
                    threads == 1 ? String.format(" (calling-thread CPU time per sample median %.3f ms)", cpu[reps / 2] / batch) : "");
        }
    }
}
