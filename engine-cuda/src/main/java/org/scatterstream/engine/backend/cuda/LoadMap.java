package org.scatterstream.engine.backend.cuda;

import java.util.Arrays;

/**
 * How a worker loads samples through an index map (padding): the host reads each distinct source
 * value once into the staging area (lane after lane, {@code sources.length} values each), and the
 * {@code gather} kernel expands them on the device through {@code map} (grid element -> staging
 * slot). Reflect padding reads each sample once instead of once per padded position; an identity
 * map needs no device table at all ({@link #identity}).
 */
final class LoadMap {
    /** Source indices to read, ascending and distinct. */
    final int[] sources;
    /** Staging slot of each grid element (row-major). */
    final int[] map;
    final boolean identity;

    private LoadMap(int[] sources, int[] map) {
        this.sources = sources;
        this.map = map;
        boolean id = sources.length == map.length;
        for (int i = 0; id && i < map.length; i++) id = map[i] == i && sources[i] == i;
        this.identity = id;
    }

    /** For a 1D index map (padded position -> source index). */
    static LoadMap of(int[] index) {
        return ofFlat(index.clone());
    }

    /**
     * For a grid: element (i_0, ..., i_{d-1}) reads {@code index[0][i_0] + ... + index[d-1][i_{d-1}]}
     * (per-axis maps with the source strides folded in).
     */
    static LoadMap of(int[][] index) {
        return ofFlat(flatten(index));
    }

    /**
     * For a packed grid load: the grid's elements in the order the {@code gather} kernel packs them
     * in pairs (2e, 2e+1), i.e. rows 2r and 2r+1 of axis 0 interleaved element by element, so that
     * complex element (r, t) of the packed grid holds grid rows 2r and 2r+1 at t. Axis 0 must be even.
     */
    static LoadMap ofPairedRows(int[][] index) {
        int[] flat = flatten(index);
        int rows = index[0].length;
        if ((rows & 1) == 1) throw new IllegalArgumentException("a packed grid needs an even first axis, got " + rows);
        int rest = flat.length / rows;
        int[] paired = new int[flat.length];
        for (int r = 0; r < rows / 2; r++) {
            for (int t = 0; t < rest; t++) {
                int e = r * rest + t;
                paired[2 * e] = flat[2 * r * rest + t];
                paired[2 * e + 1] = flat[(2 * r + 1) * rest + t];
            }
        }
        return ofFlat(paired);
    }

    private static int[] flatten(int[][] index) {
        long total = 1;
        for (int[] a : index) total *= a.length;
        if (total > Integer.MAX_VALUE) throw new IllegalArgumentException("grid of " + total + " elements is too large");
        int[] flat = new int[(int) total];
        int d = index.length;
        int[] idx = new int[d];
        for (int e = 0; e < flat.length; e++) {
            int s = 0;
            for (int a = 0; a < d; a++) s += index[a][idx[a]];
            flat[e] = s;
            for (int a = d - 1; a >= 0; a--) {
                if (++idx[a] < index[a].length) break;
                idx[a] = 0;
            }
        }
        return flat;
    }

    private static LoadMap ofFlat(int[] flat) {
        int[] sources = Arrays.stream(flat).distinct().sorted().toArray();
        if (sources.length > 0 && sources[0] < 0) throw new IllegalArgumentException("negative source index " + sources[0]);
        int[] map = new int[flat.length];
        int max = sources.length == 0 ? -1 : sources[sources.length - 1];
        if (max < 4L * flat.length + 1024) {
            int[] slot = new int[max + 1];
            for (int i = 0; i < sources.length; i++) slot[sources[i]] = i;
            for (int i = 0; i < flat.length; i++) map[i] = slot[flat[i]];
        } else {
            for (int i = 0; i < flat.length; i++) map[i] = Arrays.binarySearch(sources, flat[i]);
        }
        return new LoadMap(sources, map);
    }

    /** Grid elements. */
    int elements() {
        return map.length;
    }
}
