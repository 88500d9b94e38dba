package org.scatterstream.engine.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of one command line, checked against the options a command declares: unknown
 * options, missing values, repeated options, stray positional arguments and missing required
 * options are {@link UsageException}s. Typed getters turn malformed numbers into usage errors that
 * name the option.
 */
final class ParsedArgs {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final String command;

    private ParsedArgs(String command) {
        this.command = command;
    }

    /**
     * Parses {@code args} against {@code options}. {@code command} (e.g. {@code transform 1d})
     * names the command in error messages.
     */
    static ParsedArgs parse(List<String> args, List<Option> options, String command) {
        Map<String, Option> byName = new LinkedHashMap<>();
        for (Option o : options) byName.put(o.name(), o);
        ParsedArgs p = new ParsedArgs(command);
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--") || a.equals("--")) {
                throw new UsageException("unexpected argument '" + a + "' for '" + command + "' (options start with --; see 'scatter "
                        + command + " --help')");
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Option o = byName.get(name);
            if (o == null) {
                throw new UsageException("unknown option '--" + name + "' for '" + command + "'" + suggestion(name, byName.keySet())
                        + " (see 'scatter " + command + " --help')");
            }
            if (o.takesValue()) {
                if (value == null) {
                    // A value may look like a negative number ("-1") but never like another option.
                    if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                        throw new UsageException("option --" + name + " needs a value (" + o.argName() + ")");
                    }
                    value = args.get(++i);
                }
                if (value.isEmpty()) throw new UsageException("option --" + name + " needs a value (" + o.argName() + ")");
            } else if (value != null) {
                throw new UsageException("option --" + name + " takes no value");
            } else {
                value = "true";
            }
            if (p.values.containsKey(name)) throw new UsageException("option --" + name + " given more than once");
            p.values.put(name, value);
        }
        for (Option o : options) {
            if (o.required() && !p.values.containsKey(o.name())) {
                throw new UsageException("missing required option --" + o.name() + " for '" + command + "' (see 'scatter "
                        + command + " --help')");
            }
        }
        return p;
    }

    private static String suggestion(String name, Iterable<String> known) {
        for (String k : known) {
            if (k.equalsIgnoreCase(name) || k.replace("-", "").equalsIgnoreCase(name.replace("-", "").replace("_", ""))) {
                return "; did you mean --" + k + "?";
            }
        }
        return "";
    }

    /** The command this was parsed for, e.g. {@code transform 1d}. */
    String command() {
        return command;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    /** The raw value, or null. */
    String string(String name) {
        return values.get(name);
    }

    String string(String name, String dflt) {
        return values.getOrDefault(name, dflt);
    }

    /** An integer option, or {@code dflt} when absent. */
    int integer(String name, int dflt) {
        String v = values.get(name);
        return v == null ? dflt : parseInt(name, v);
    }

    /** An integer option that must be present (declared required, or checked by the caller). */
    int integer(String name) {
        String v = values.get(name);
        if (v == null) throw new UsageException("missing required option --" + name + " for '" + command + "'");
        return parseInt(name, v);
    }

    /** An integer option that must be >= {@code min}, or {@code dflt} when absent. */
    int integerAtLeast(String name, int min, int dflt) {
        int v = integer(name, dflt);
        if (has(name) && v < min) throw new UsageException("--" + name + " must be >= " + min + ", got " + v);
        return v;
    }

    /** A finite number, or {@code dflt} when absent. */
    double number(String name, double dflt) {
        String v = values.get(name);
        return v == null ? dflt : parseDouble(name, v);
    }

    /** A comma-separated list of integers such as {@code 8,1} or {@code 256,256}. */
    int[] integers(String name) {
        String v = values.get(name);
        if (v == null) return null;
        List<String> parts = split(name, v);
        int[] r = new int[parts.size()];
        for (int i = 0; i < r.length; i++) r[i] = parseInt(name, parts.get(i));
        return r;
    }

    /** A comma-separated list of numbers such as {@code 0.5,1,2}. */
    double[] numbers(String name) {
        String v = values.get(name);
        if (v == null) return null;
        List<String> parts = split(name, v);
        double[] r = new double[parts.size()];
        for (int i = 0; i < r.length; i++) r[i] = parseDouble(name, parts.get(i));
        return r;
    }

    private static List<String> split(String name, String v) {
        List<String> parts = new ArrayList<>();
        for (String s : v.split(",", -1)) {
            String t = s.strip();
            if (t.isEmpty()) throw new UsageException("--" + name + ": empty entry in list '" + v + "'");
            parts.add(t);
        }
        return parts;
    }

    static int parseInt(String name, String v) {
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + ": expected an integer, got '" + v + "'");
        }
    }

    static double parseDouble(String name, String v) {
        double d;
        try {
            d = Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + ": expected a number, got '" + v + "'");
        }
        if (!Double.isFinite(d) || v.strip().endsWith("d") || v.strip().endsWith("f") || v.strip().endsWith("D")
                || v.strip().endsWith("F")) {
            // Double.parseDouble accepts "NaN", "Infinity" and Java suffixes like "2d"; a user meant none of them.
            throw new UsageException("--" + name + ": expected a number, got '" + v + "'");
        }
        return d;
    }
}
