package org.scatterstream.engine.backend.cpu;

import org.scatterstream.engine.backend.ComputeEngine;
import org.scatterstream.engine.filters.SolidHarmonicBank3D;

/** The CPU handle of a solid harmonic bank: the filters are evaluated line by line when used. */
final class CpuHarmonicFilter implements ComputeEngine.HarmonicFilter {
    final SolidHarmonicBank3D bank;
    final double scale;

    CpuHarmonicFilter(SolidHarmonicBank3D bank, double scale) {
        this.bank = bank;
        this.scale = scale;
    }

    @Override
    public int[] dims() {
        SolidHarmonicBank3D.Key k = bank.key();
        return new int[] {k.m(), k.n(), k.o()};
    }
}
