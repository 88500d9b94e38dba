package org.scatterstream.engine.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-channel description of a transform's output, one row per output channel in output
 * order, written as CSV (header line, empty cells where a column does not apply) or as a list of
 * JSON objects (null where a column does not apply).
 */
final class ChannelTable {
    private final List<String> columns;
    private final List<Object[]> rows = new ArrayList<>();

    ChannelTable(List<String> columns) {
        this.columns = List.copyOf(columns);
    }

    /** A per-order value of a scattering path: field k (1-based) of channel c, for k up to the channel's order. */
    interface PathField {
        Object get(int c, int k);
    }

    /**
     * The table of a transform's channels: index, order, then for each named field one column per
     * order k = 1..{@code orders} ({@code n1, n2, j1, j2, ...}), empty where k exceeds the channel's order.
     */
    static ChannelTable ofPaths(int channels, int orders, java.util.function.IntUnaryOperator order, List<String> names,
                                List<PathField> fields) {
        List<String> cols = new ArrayList<>(List.of("index", "order"));
        for (String name : names) {
            for (int k = 1; k <= orders; k++) cols.add(name + k);
        }
        ChannelTable table = new ChannelTable(cols);
        for (int c = 0; c < channels; c++) {
            Object[] row = new Object[cols.size()];
            row[0] = c;
            row[1] = order.applyAsInt(c);
            for (int f = 0; f < fields.size(); f++) {
                for (int k = 1; k <= orders; k++) row[1 + f * orders + k] = k <= order.applyAsInt(c) ? fields.get(f).get(c, k) : null;
            }
            table.add(row);
        }
        return table;
    }

    /** Adds a row; cells are Integer, Long, Double (NaN = not applicable), String or null. */
    void add(Object... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException(cells.length + " cells for " + columns.size() + " columns");
        }
        rows.add(cells.clone());
    }

    List<String> columns() {
        return Collections.unmodifiableList(columns);
    }

    void writeCsv(PrintStream out) {
        out.println(String.join(",", columns));
        StringBuilder sb = new StringBuilder();
        for (Object[] r : rows) {
            sb.setLength(0);
            for (int i = 0; i < r.length; i++) {
                if (i > 0) sb.append(',');
                sb.append(csvCell(r[i]));
            }
            out.println(sb);
        }
    }

    /** The rows as JSON-ready maps, column name to value. */
    List<Map<String, Object>> toJson() {
        List<Map<String, Object>> list = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < r.length; i++) m.put(columns.get(i), r[i]);
            list.add(m);
        }
        return list;
    }

    private static String csvCell(Object v) {
        if (v == null) return "";
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return Double.isFinite(d) ? Json.number(d) : "";
        }
        String s = v.toString();
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
