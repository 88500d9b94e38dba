package org.scatterstream.engine.bench;

import java.util.Arrays;
import java.util.Random;
import org.scatterstream.engine.Precision;
import org.scatterstream.engine.Scattering1D;

/** Ad-hoc timing harness (not a test): java -cp ... QuickBench J Q N batch precision seconds. */
public final class QuickBench {
    public static void main(String[] a) {
        int J = Integer.parseInt(a[0]), Q = Integer.parseInt(a[1]), N = Integer.parseInt(a[2]), B = Integer.parseInt(a[3]);
        Precision p = Precision.parse(a[4]);
        double secs = Double.parseDouble(a[5]);
        try (Scattering1D s = Scattering1D.builder().J(J).Q(Q).shape(N).precision(p).threads(1).build()) {
            float[] x = new float[B * N];
            Random r = new Random(1);
            for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
            float[] out = new float[B * s.outputSize()];
            long end = System.nanoTime() + (long) (secs * 0.3e9);
            while (System.nanoTime() < end) s.transform(x, B, out);
            double[] t = new double[10000];
            int k = 0;
            end = System.nanoTime() + (long) (secs * 1e9);
            while (System.nanoTime() < end && k < t.length) {
                long t0 = System.nanoTime();
                s.transform(x, B, out);
                t[k++] = (System.nanoTime() - t0) / 1e6;
            }
            double[] tt = Arrays.copyOf(t, k);
            Arrays.sort(tt);
            double med = tt[k / 2];
            System.out.printf("J=%d Q=%d N=%d B=%d %s: median %.2f ms/batch, %.3f ms/signal, %.0f signals/s (%d batches)%n",
                    J, Q, N, B, p, med, med / B, B / med * 1000, k);
        }
    }
}
