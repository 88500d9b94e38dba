package org.scatterstream.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.scatterstream.engine.core.Padding1D;
import org.scatterstream.engine.core.Plan2D;

/** Load maps: each source value is staged once, the device map expands it to the padded grid. */
class LoadMapTest {
    @Test
    void reflectPaddingStagesEachSampleOnce() {
        Padding1D pad = Padding1D.of(1000, 64);
        int[] index = new int[pad.nPad()];
        for (int i = 0; i < index.length; i++) index[i] = pad.reflect(i);
        LoadMap m = LoadMap.of(index);
        assertEquals(1000, m.sources.length, "N distinct samples for nPad positions");
        assertFalse(m.identity);
        for (int i = 0; i < index.length; i++) assertEquals(index[i], m.sources[m.map[i]], "position " + i);
    }

    @Test
    void identityNeedsNoDeviceTable() {
        int[][] grid = {{0, 12, 24}, {0, 4, 8}, {0, 1, 2, 3}};     // 3 x 3 x 4 volume, row-major strides
        LoadMap m = LoadMap.of(grid);
        assertTrue(m.identity);
        assertEquals(36, m.elements());
    }

    @Test
    void gridMapsFoldThePerAxisIndices() {
        Plan2D plan = new Plan2D(2, 4, 31, 37, 2, false);
        int[] rows = plan.rowSource(), cols = plan.colSource();
        int[][] index = {rows.clone(), cols};
        for (int i = 0; i < rows.length; i++) index[0][i] *= 37;
        LoadMap m = LoadMap.of(index);
        assertEquals(31 * 37, m.sources.length);
        for (int a = 0; a < rows.length; a++) {
            for (int b = 0; b < cols.length; b++) {
                assertEquals(rows[a] * 37 + cols[b], m.sources[m.map[a * cols.length + b]]);
            }
        }
    }

    @Test
    void packedGridsInterleaveRowPairs() {
        int[][] grid = {{0, 3, 6, 9}, {0, 1, 2}};     // 4 x 3, row-major strides
        LoadMap m = LoadMap.ofPairedRows(grid);
        // complex element (r, t) = rows 2r and 2r+1 at column t: gather packs map[2e], map[2e+1]
        int[] want = {0, 3, 1, 4, 2, 5, 6, 9, 7, 10, 8, 11};
        for (int i = 0; i < want.length; i++) assertEquals(want[i], m.sources[m.map[i]], "slot " + i);
        assertFalse(m.identity);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> LoadMap.ofPairedRows(new int[][] {{0, 3, 6}, {0, 1, 2}}));
    }

    @Test
    void sparseSourcesUseASortedSearch() {
        int[] index = {1_000_000_000, 7, 7, 1_000_000_000, 3};
        LoadMap m = LoadMap.of(index);
        assertArrayEquals(new int[] {3, 7, 1_000_000_000}, m.sources);
        assertArrayEquals(new int[] {2, 1, 1, 2, 0}, m.map);
    }
}
