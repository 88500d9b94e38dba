package org.scatterstream.engine.filters;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The mixed-radix path of ReferenceFft (lengths whose prime factors are all <= 64) against a direct DFT. */
class ReferenceFftMixedRadixTest {

    @Test
    void mixedRadixLengthsMatchDirectDft() {
        Random rnd = new Random(2);
        for (int n : new int[] {3, 6, 12, 15, 36, 44, 49, 60, 136, 272, 289, 306, 61 * 2, 67 * 3}) {
            for (boolean inverse : new boolean[] {false, true}) {
                double[] re = new double[n], im = new double[n];
                for (int i = 0; i < n; i++) { re[i] = rnd.nextGaussian(); im[i] = rnd.nextGaussian(); }
                double[] er = new double[n], ei = new double[n];
                double sign = inverse ? 1 : -1;
                for (int k = 0; k < n; k++) {
                    for (int t = 0; t < n; t++) {
                        double a = sign * 2 * Math.PI * ((long) k * t % n) / n;
                        er[k] += re[t] * Math.cos(a) - im[t] * Math.sin(a);
                        ei[k] += re[t] * Math.sin(a) + im[t] * Math.cos(a);
                    }
                    if (inverse) { er[k] /= n; ei[k] /= n; }
                }
                ReferenceFft.transform(re, im, inverse);
                double err = 0, peak = 0;
                for (int k = 0; k < n; k++) {
                    err = Math.max(err, Math.hypot(re[k] - er[k], im[k] - ei[k]));
                    peak = Math.max(peak, Math.hypot(er[k], ei[k]));
                }
                assertTrue(err / peak < 1e-13, "n=" + n + " inverse=" + inverse + ": " + err / peak);
            }
        }
    }
}
