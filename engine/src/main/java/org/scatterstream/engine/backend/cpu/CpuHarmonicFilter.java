package org.scatterstream.engine.backend.cpu;

import org.scatterstream.engine.backend.ComputeEngine;
import org.scatterstream.engine.filters.SolidHarmonicBank3D;

/**
 * The CPU handle of a solid harmonic bank: the filters are evaluated line by line when used. It
 * also knows, per scale and degree, the box of frequencies outside of which the filters are
 * negligible, so that workers can skip the rest of the spectrum.
 */
final class CpuHarmonicFilter implements ComputeEngine.HarmonicFilter {
    final SolidHarmonicBank3D bank;
    final double scale;
    /** boxes[j][l]: see {@link #box}. */
    private final int[][][] boxes;

    /** {@code threshold}: filter values below it, relative to the radial peak, may be dropped. */
    CpuHarmonicFilter(SolidHarmonicBank3D bank, double scale, double threshold) {
        this.bank = bank;
        this.scale = scale;
        SolidHarmonicBank3D.Key k = bank.key();
        boxes = new int[k.J() + 1][k.L() + 1][];
        for (int j = 0; j <= k.J(); j++) {
            for (int l = 0; l <= k.L(); l++) boxes[j][l] = computeBox(j, l, threshold);
        }
    }

    /**
     * Half-widths (in bins, per axis) of the frequency box {@code |k_a| <= K_a} outside of which
     * every psi_{j,l,m} is below the threshold, or null when no such box excludes the Nyquist bin of
     * every axis (then nothing is skipped). Wide scales are band-limited: at sigma_j = 4 a box of about
     * 60% per axis holds every significant value, so the inverse FFT can skip most lines.
     */
    int[] box(int j, int l) {
        return boxes[j][l];
    }

    /**
     * {@code |psi_{j,l,m}(w)| <= c (sigma_j r)^l exp(-(sigma_j r)^2 / 2)} times a bound of Y_l^m, and
     * the radial profile decreases beyond its peak at {@code sigma_j r = sqrt(l)}: the box is where
     * the profile is above the threshold times its peak.
     */
    private int[] computeBox(int j, int l, double threshold) {
        if (!bank.evenGrid()) return null;
        double peak = l == 0 ? 1 : Math.pow(l, l / 2.0) * Math.exp(-l / 2.0);
        double s = Math.sqrt(l);
        while (Math.pow(s, l) * Math.exp(-s * s / 2) > threshold * peak) s += 1e-3;
        double w = s / bank.sigma(j);
        int[] dims = dims(), box = new int[3];
        for (int a = 0; a < 3; a++) {
            box[a] = (int) Math.floor(w * dims[a] / (2 * Math.PI));
            if (2 * box[a] + 2 > dims[a]) return null;
        }
        return box;
    }

    @Override
    public int[] dims() {
        SolidHarmonicBank3D.Key k = bank.key();
        return new int[] {k.m(), k.n(), k.o()};
    }
}
