package org.scatterstream.engine.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The decimation low-pass of the continuous transform's cascades. */
class ContinuousFilterBank1DTest {

    /** Flat to eps up to pass, zero to eps from stop, at any length; real and even taps. */
    @Test
    void bandIsFlatInItsPassBandAndZeroInItsStopBand() {
        for (double eps : new double[] {1e-9, 1e-15}) {
            ContinuousFilterBank1D.Band band = new ContinuousFilterBank1D.Band(0.0195, 0.1055, eps);
            for (int n : new int[] {1000, 2880, 8192}) {
                double[] h = ContinuousFilterBank1D.bandFourier(band, n);
                for (int k = 0; k < n; k++) {
                    double nu = Math.abs((double) Math.min(k, n - k) / n);
                    if (nu <= band.pass()) assertEquals(1.0, h[k], eps + 1e-14, "pass band, n=" + n + " k=" + k);
                    if (nu >= band.stop()) assertEquals(0.0, h[k], eps + 1e-14, "stop band, n=" + n + " k=" + k);
                }
            }
            for (int m = 1; m < 50; m++) assertEquals(band.tap(m), band.tap(-m), 0.0);
        }
    }

    /** The half support holds all but the tolerance of the taps' L1 mass. */
    @Test
    void bandHalfSupportMeetsTheTolerance() {
        ContinuousFilterBank1D f = ContinuousFilterBank1D.of(new ContinuousFilterBank1D.Key(8, 8, 1, 256, 8, 1 << 13, 1e-7));
        ContinuousFilterBank1D.Band band = new ContinuousFilterBank1D.Band(0.0195, 0.1055, 1e-9);
        int half = f.bandHalf(band);
        double total = 0, tail = 0;
        for (int m = -band.reach(); m <= band.reach(); m++) {
            total += Math.abs(band.tap(m));
            if (Math.abs(m) > half) tail += Math.abs(band.tap(m));
        }
        assertTrue(tail <= 1e-7 * total, "tail " + tail / total);
        double inner = 0;
        for (int m = -half + 1; m < half; m++) inner += Math.abs(band.tap(m));
        assertTrue(total - inner > 1e-7 * total, "the smallest such support: " + half);
    }
}
