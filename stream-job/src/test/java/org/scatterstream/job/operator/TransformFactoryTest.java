package org.scatterstream.job.operator;

import org.junit.jupiter.api.Test;
import org.scatterstream.engine.Scattering1D;
import org.scatterstream.engine.Scattering1DMeta;
import org.scatterstream.engine.Scattering2D;
import org.scatterstream.engine.Scattering2DMeta;
import org.scatterstream.job.config.Scattering1DSpec;
import org.scatterstream.job.config.Scattering2DSpec;
import org.scatterstream.schemas.ChannelMeta;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransformFactoryTest {

    @Test
    void scattering1dParentsAndChannelMeta() {
        Scattering1DFactory f = new Scattering1DFactory(new Scattering1DSpec(4, 4, 1, null, false, 2, 256, "float", null, 1));
        try (Scattering1D t = f.create()) {
            Scattering1DMeta m = t.meta();
            int[] parents = f.normalizationParents(t);
            int second = 0;
            for (int c = 0; c < m.channels(); c++) {
                if (m.order(c) == 2) {
                    second++;
                    assertEquals(1, m.order(parents[c]));
                    assertEquals(m.n(c, 1), m.n(parents[c], 1));
                } else {
                    assertEquals(-1, parents[c]);
                }
            }
            assertTrue(second > 0);
            List<ChannelMeta> meta = f.channels(t);
            assertEquals(m.channels(), meta.size());
            for (int c = 0; c < m.channels(); c++) {
                assertEquals(m.order(c), meta.get(c).getOrder());
                assertEquals(m.order(c), meta.get(c).getN().size());
            }
        }
    }

    @Test
    void scattering2dParents() {
        Scattering2DFactory f = new Scattering2DFactory(new Scattering2DSpec(2, 4, 16, 16, 2, "float", null, 1));
        try (Scattering2D t = f.create()) {
            Scattering2DMeta m = t.meta();
            int[] parents = f.normalizationParents(t);
            for (int c = 0; c < m.channels(); c++) {
                if (m.order(c) == 2) {
                    assertEquals(m.j(c, 1), m.j(parents[c], 1));
                    assertEquals(m.theta(c, 1), m.theta(parents[c], 1));
                } else {
                    assertEquals(-1, parents[c]);
                }
            }
            assertEquals(List.of(m.j(m.channels() - 1, 1), m.j(m.channels() - 1, 2)), f.channels(t).get(m.channels() - 1).getJ());
        }
    }
}
